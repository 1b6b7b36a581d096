import RegionCore

/// Where a residency log is damaged and how: the answer `regiond audit verify` gives
/// when the log is not intact.
public struct ResidencyLogDamage: Error, Sendable, Hashable, CustomStringConvertible {
    /// The segment file (name only), and the 1-based line within its uncompressed text when
    /// the damage is a particular record.
    public let segment: String
    public let line: Int?
    /// The sequence number of the first broken record, when one can be named.
    public let seq: UInt64?
    public let problem: String
    /// Set when the damage is a break of the hash chain.
    public let chainBreak: AuditChainBreak?

    public init(segment: String, line: Int? = nil, seq: UInt64? = nil, problem: String, chainBreak: AuditChainBreak? = nil) {
        self.segment = segment
        self.line = line
        self.seq = seq
        self.problem = problem
        self.chainBreak = chainBreak
    }

    public var description: String {
        let place = line.map { "\(segment) line \($0)" } ?? segment
        return "\(place): \(problem)"
    }
}
