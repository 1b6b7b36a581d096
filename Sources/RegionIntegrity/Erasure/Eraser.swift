import Logging
import RegionAudit
import RegionCore
import RegionPostgres

/// Carries out a GDPR / PIPA erasure request for one row.
///
/// The row is deleted through the ordinary capture, so the delete becomes a tombstone (key and
/// version only, none of the erased data) that replication routes to every region the row's
/// class allowed, and last-write-wins keeps any older copy still in flight from resurrecting
/// it. The request is recorded in the residency log with a digest of the key.
public struct Eraser: Sendable {
    private let config: RegionsConfig
    private let region: RegionName
    private let connection: PostgresConnection
    private let log: ResidencyLog?
    private let logger: Logger

    public init(config: RegionsConfig, region: RegionName, connection: PostgresConnection, log: ResidencyLog?, logger: Logger) {
        self.config = config
        self.region = region
        self.connection = connection
        self.log = log
        self.logger = logger
    }

    public func erase(table name: String, key: RowKey, at time: Timestamp) async throws -> ErasureResult {
        guard config.replicatedTables.contains(name) else { throw ErasureError.unknownTable(name) }
        let table = try await TableSchema.load(name, from: connection)
        guard key.values.count == table.primaryKey.count else {
            throw ErasureError.keyShape(table: name, expected: table.primaryKey, given: key.values.count)
        }
        let match = table.primaryKey.enumerated().map { "t.\(SQLIdentifier($0.element).quoted) = $\($0.offset + 1)" }.joined(separator: " AND ")
        let keyObject = IntegritySQL(table: table).key
        let deleted = try await connection.withTransaction { connection in
            let rows = try await connection.query(
                "DELETE FROM \(table.qualified) t WHERE \(match) RETURNING to_jsonb(t)::text AS row, \(keyObject)::text AS pk", key.values)
            guard let pk = rows.first?["pk"] else { return (row: String?.none, version: Version?.none) }
            let version = try await connection.query("SELECT hlc, origin FROM regiond.row_versions WHERE tbl = $1 AND pk = $2::jsonb::text", [name, pk]).first
            return (row: rows.first?["row"], version: version.flatMap { row in
                row["hlc"].flatMap(Int64.init).map { Version(hlc: HLC(rawValue: UInt64(bitPattern: $0)), origin: RegionName(row["origin"] ?? "")) }
            })
        }
        let policy = ResidencyPolicy(config.residency)
        let className = deleted.row.flatMap(RowJSON.values).flatMap { policy.classify(table: name, row: $0).className }
        let peers = config.servingRegions.map(\.name).filter { peer in
            peer != region && className.map { policy.allows(className: $0, region: peer) } == true
        }
        let result = ErasureResult(
            table: name, rows: deleted.row == nil ? 0 : 1, className: className, tombstone: deleted.version, replicatedTo: peers)
        try await log?.append(AuditEvent(
            kind: .erased, table: name, residencyClass: className, from: region, to: nil,
            rowKeys: result.rows == 0 ? [] : [key.canonical], bytes: 0,
            detail: result.rows == 0
                ? "erasure request: no such row here"
                : "erasure request; tombstone replicates to \(peers.map(\.rawValue).joined(separator: ", "))"), at: time)
        logger.info("erasure request carried out", metadata: ["table": "\(name)", "rows": "\(result.rows)", "region": "\(region)"])
        return result
    }
}
