import RegionCore
import RegionIntegrity

/// The latest scheduled integrity result per peer and table, for `/v1/integrity/status`.
public actor IntegrityLedger {
    private var latest: [String: IntegrityRunRecord] = [:]
    public private(set) var rounds = 0

    public init() {}

    public func record(_ records: [IntegrityRunRecord]) {
        rounds += 1
        for record in records { latest["\(record.peer)/\(record.table)"] = record }
    }

    /// By peer, then table.
    public var records: [IntegrityRunRecord] {
        latest.values.sorted { ($0.peer.rawValue, $0.table) < ($1.peer.rawValue, $1.table) }
    }
}

/// The body of `GET /v1/integrity/status`.
public struct IntegrityStatus: Sendable, Equatable, Codable {
    public var region: RegionName
    /// Scheduled rounds completed since the agent started.
    public var rounds: Int
    public var latest: [IntegrityRunRecord]

    public init(region: RegionName, rounds: Int, latest: [IntegrityRunRecord]) {
        self.region = region
        self.rounds = rounds
        self.latest = latest
    }

    public static let path = "/v1/integrity/status"
}
