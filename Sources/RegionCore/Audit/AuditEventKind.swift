/// What a residency-log record is about.
///
/// A string-backed struct rather than an enum so that a verifier from an older release can
/// still read and verify a log containing kinds added later.
public struct AuditEventKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Rows were shipped to another region and acknowledged.
    public static let transfer = AuditEventKind(rawValue: "transfer")
    /// Rows were not shipped because their residency class forbids the destination.
    public static let blocked = AuditEventKind(rawValue: "blocked")
    /// A receiver refused rows its region may not hold (defence in depth).
    public static let rejected = AuditEventKind(rawValue: "rejected")
    /// Rows were deleted because they must no longer be stored here (class change, erasure request).
    public static let erased = AuditEventKind(rawValue: "erased")
    /// Rows were deleted because their retention period ended.
    public static let retentionPurge = AuditEventKind(rawValue: "retention-purge")
    /// Geo-DNS answers were changed (failover, failback).
    public static let dnsChange = AuditEventKind(rawValue: "dns-change")
    /// A region was drained or undrained by an operator.
    public static let drain = AuditEventKind(rawValue: "drain")
    /// The deployment configuration changed.
    public static let configChange = AuditEventKind(rawValue: "config-change")
    /// An integrity check between regions ran, with its outcome in `detail`.
    public static let integrity = AuditEventKind(rawValue: "integrity")

    /// Every kind this release writes, in documentation order.
    public static let known: [AuditEventKind] = [
        .transfer, .blocked, .rejected, .erased, .retentionPurge, .dnsChange, .drain, .configChange, .integrity,
    ]

    public var description: String { rawValue }
}
