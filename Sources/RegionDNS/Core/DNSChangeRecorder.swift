import RegionCore

/// Receives every DNS change that was actually applied, so that it reaches the residency
/// (audit) log as a `dns-change` record with its reason. Adapted by the agent to the
/// audit log; tests collect the changes.
public protocol DNSChangeRecorder: Sendable {
    func record(_ change: DNSAppliedChange) async throws
}

/// A change the provider now serves, and why it was made.
public struct DNSAppliedChange: Sendable, Equatable {
    public var provider: String
    public var reason: DNSChangeReason
    public var desired: DesiredDNSState
    public var changes: [DNSRecordChange]

    public init(provider: String, reason: DNSChangeReason, desired: DesiredDNSState, changes: [DNSRecordChange]) {
        self.provider = provider
        self.reason = reason
        self.desired = desired
        self.changes = changes
    }
}

/// Why the desired DNS state changed: what an auditor reads next to the change.
public struct DNSChangeReason: Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// The quorum's view of which regions are down.
    public static func quorumView(down: [RegionName]) -> DNSChangeReason {
        DNSChangeReason(down.isEmpty ? "quorum view: all regions up" : "quorum view: down \(down.map(\.rawValue).joined(separator: ", "))")
    }

    /// An operator drained regions for maintenance.
    public static func drain(_ regions: [RegionName]) -> DNSChangeReason {
        DNSChangeReason("drain: \(regions.map(\.rawValue).joined(separator: ", "))")
    }

    public static func operatorRequest(_ detail: String) -> DNSChangeReason {
        DNSChangeReason("operator: \(detail)")
    }
}

/// Records nothing; for dry runs and tools that publish without an audit log.
public struct DiscardingDNSChangeRecorder: DNSChangeRecorder {
    public init() {}
    public func record(_ change: DNSAppliedChange) async throws {}
}
