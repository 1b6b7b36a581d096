import Logging
import RegionCore
import RegionPostgres

/// Answers integrity requests from one region's database.
///
/// Reads are single statements on `reader`; repairs run in transactions on `writer`, with
/// `regiond.applying = on` so the capture does not ship them again (the check repairs both
/// sides itself). Newer rows go through `ChangeApplier` (last-write-wins, tombstones
/// included); same-version restores are written only while the row still has that version.
/// Every row received for repair is re-classified and refused if this region may not hold it.
public struct PostgresIntegrityStore: IntegrityPeer {
    public let region: RegionName
    private let reader: PostgresConnection
    private let writer: PostgresConnection
    private let tables: [String: TableSchema]
    private let residency: ResidencyConfig
    private let policy: ResidencyPolicy
    private let applier: ChangeApplier
    /// Repairs from several peers (and local checks) share `writer`, one transaction at a time.
    private let writes = SerialGate()
    private let leafCache = LeafDigestCache()
    private let logger: Logger

    /// Memory the reader connection may use per sort or hash (PostgreSQL `work_mem`).
    public static let summaryWorkMemory = "256MB"

    /// Loads the schemas of the config's replicated tables. `reader` and `writer` must be
    /// distinct connections to the region's database.
    public static func open(
        config: RegionsConfig, region: RegionName, reader: PostgresConnection, writer: PostgresConnection, logger: Logger
    ) async throws -> PostgresIntegrityStore {
        var tables: [TableSchema] = []
        for name in config.replicatedTables { tables.append(try await TableSchema.load(name, from: reader)) }
        // A summary hash-joins every row with its version entry; the default 4 MB spills a
        // million-row join to disk in many batches.
        try await reader.execute("SET work_mem = '\(summaryWorkMemory)'")
        return PostgresIntegrityStore(region: region, config: config, tables: tables, reader: reader, writer: writer, logger: logger)
    }

    private init(region: RegionName, config: RegionsConfig, tables: [TableSchema], reader: PostgresConnection, writer: PostgresConnection, logger: Logger) {
        self.region = region
        self.reader = reader
        self.writer = writer
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        residency = config.residency
        policy = ResidencyPolicy(config.residency)
        applier = ChangeApplier(connection: writer, tables: tables, logger: logger)
        self.logger = logger
    }

    private func schema(_ table: String) throws -> TableSchema {
        guard let schema = tables[table] else { throw IntegrityStoreError.unknownTable(table) }
        return schema
    }

    private func sharedPredicate(_ table: String, with requester: RegionName) -> String {
        IntegritySQL.predicate(.shared(table: table, residency: residency, between: region, and: requester))
    }

    private static func floorParameter(_ floor: HLC?) -> String? {
        floor.map { String(Int64(bitPattern: $0.rawValue)) }
    }

    // MARK: Summaries

    /// A whole-table summary computes the digests of every leaf block (`leafLevel`) in one
    /// scan and keeps them for the descent's next rounds; deeper blocks are summarised from
    /// the rows.
    public func summarize(_ request: IntegritySummaryRequest) async throws -> IntegritySummaryResponse {
        guard let level = request.blocks.first?.level else { return IntegritySummaryResponse(summaries: []) }
        if level == 0 {
            let leaves = try await leafDigests(table: request.table, requester: request.requester, floor: request.floor)
            await leafCache.store(leaves, table: request.table, floor: request.floor, for: request.requester)
            return IntegritySummaryResponse(summaries: leaves.summaries(of: request.blocks))
        }
        if let leaves = await leafCache.leaves(table: request.table, floor: request.floor, for: request.requester), leaves.covers(level: level) {
            return IntegritySummaryResponse(summaries: leaves.summaries(of: request.blocks))
        }
        let summaries = try await blockDigests(table: request.table, requester: request.requester, floor: request.floor, blocks: request.blocks)
        return IntegritySummaryResponse(summaries: summaries.sorted { $0.block < $1.block })
    }

    /// Deep enough that a million-row table's leaves hold about 15 rows, below the descent's
    /// listing limit, so summaries never scan twice.
    public static let leafLevel = 16

    private func leafDigests(table: String, requester: RegionName, floor: HLC?) async throws -> LeafDigests {
        let leaves = BlockAddress.wholeTable.children(at: Self.leafLevel)
        let summaries = try await blockDigests(table: table, requester: requester, floor: floor, blocks: leaves)
        return LeafDigests(level: Self.leafLevel, digests: Dictionary(summaries.map { ($0.block.prefix, $0.digest) }, uniquingKeysWith: { first, _ in first }))
    }

    /// One scan of the rows both regions may hold, restricted to `blocks` (all of one level).
    private func blockDigests(table name: String, requester: RegionName, floor: HLC?, blocks: [BlockAddress]) async throws -> [BlockSummary] {
        let table = try schema(name)
        let level = blocks.first?.level ?? 0
        let sql = IntegritySQL(table: table)
        let rows = try await reader.query("""
            SELECT \(IntegritySQL.block("k.pk", level: level)) AS block, count(*) AS rows,
                bit_xor(\(IntegritySQL.rowHash(content: "k.content", seed: 1))) AS high,
                bit_xor(\(IntegritySQL.rowHash(content: "k.content", seed: 2))) AS low
            FROM (
                SELECT \(sql.key) AS pk, to_jsonb(t)::text AS content FROM \(table.qualified) t
                WHERE \(sharedPredicate(name, with: requester)) AND \(IntegritySQL.blockRestriction(blocks, key: sql.key))
            ) k
            LEFT JOIN regiond.row_versions v ON v.tbl = $1 AND v.pk = k.pk::text
            WHERE $3::bigint IS NULL OR v.hlc IS NULL OR v.hlc >= $3::bigint
            GROUP BY 1
            """, [name, IntegritySQL.blockArray(blocks), Self.floorParameter(floor)])
        return try rows.rows.map { row -> BlockSummary in
            guard let block = row["block"].flatMap(UInt32.init), let count = row["rows"].flatMap(Int.init),
                  let high = row["high"].flatMap(Int64.init), let low = row["low"].flatMap(Int64.init)
            else { throw IntegrityStoreError.malformedAnswer("block digest \(row.values)") }
            return BlockSummary(block: BlockAddress(level: level, prefix: block), digest: BlockDigest(rows: count, high: high, low: low))
        }
    }

    // MARK: Row listings

    public func listRows(_ request: IntegrityRowsRequest) async throws -> IntegrityRowsResponse {
        let table = try schema(request.table)
        await leafCache.drop(table: request.table, for: request.requester)
        guard !request.blocks.isEmpty else { return IntegrityRowsResponse(rows: []) }
        let sql = IntegritySQL(table: table)
        let rows = try await reader.query("""
            WITH live AS (
                SELECT \(sql.key)::text AS pk, \(sharedPredicate(request.table, with: request.requester)) AS shared, md5(to_jsonb(t)::text) AS content
                FROM \(table.qualified) t WHERE \(IntegritySQL.blockRestriction(request.blocks, key: sql.key))
            ), versions AS (
                SELECT pk, hlc, origin, deleted FROM regiond.row_versions
                WHERE tbl = $1 AND \(IntegritySQL.blockRestriction(request.blocks, key: "pk"))
            )
            SELECT coalesce(l.pk, v.pk) AS key, v.hlc, v.origin, v.deleted, l.shared, l.content
            FROM live l FULL JOIN versions v ON v.pk = l.pk
            WHERE $3::bigint IS NULL OR v.hlc IS NULL OR v.hlc >= $3::bigint
            """, [request.table, IntegritySQL.blockArray(request.blocks), Self.floorParameter(request.floor)])
        return IntegrityRowsResponse(rows: try rows.rows.map(Self.entry))
    }

    private static func entry(_ row: PostgresRow) throws -> RowEntry {
        guard let key = row["key"] else { throw IntegrityStoreError.malformedAnswer("row without key") }
        let version = try row["hlc"].map { hlc -> Version in
            guard let raw = Int64(hlc), let origin = row["origin"] else { throw IntegrityStoreError.malformedAnswer("version \(hlc)") }
            return Version(hlc: HLC(rawValue: UInt64(bitPattern: raw)), origin: RegionName(origin))
        }
        let copy: RowCopy
        if let content = row["content"] {
            copy = row["shared"] == "t" ? .live(version: version, digest: content) : .withheld(version)
        } else if let version {
            copy = row["deleted"] == "t" ? .tombstone(version) : .missing(version)
        } else {
            throw IntegrityStoreError.malformedAnswer("key \(key) has neither row nor version")
        }
        return RowEntry(key: key, copy: copy)
    }

    // MARK: Fetch

    /// A row regiond never versioned is given the lowest version of this region, so the
    /// receiver records it and any real write wins over it (adoption).
    public func fetchRows(_ request: IntegrityFetchRequest) async throws -> IntegrityFetchResponse {
        let table = try schema(request.table)
        guard !request.keys.isEmpty else { return IntegrityFetchResponse(rows: []) }
        let sql = IntegritySQL(table: table)
        let match = table.primaryKey.map { "t.\(SQLIdentifier($0).quoted) = w.\(SQLIdentifier($0).quoted)" }.joined(separator: " AND ")
        let rows = try await reader.query("""
            SELECT \(sql.key)::text AS key, v.hlc, v.origin, to_jsonb(t)::text AS row
            FROM jsonb_array_elements($2::jsonb) AS wanted(key)
            CROSS JOIN LATERAL jsonb_populate_record(NULL::\(table.qualified), wanted.key) w
            JOIN \(table.qualified) t ON \(match)
            LEFT JOIN regiond.row_versions v ON v.tbl = $1 AND v.pk = \(sql.key)::text
            WHERE \(sharedPredicate(request.table, with: request.requester))
            """, [request.table, "[" + request.keys.joined(separator: ",") + "]"])
        let fetched = try rows.rows.map { row -> RepairRow in
            guard let key = row["key"], let json = row["row"] else { throw IntegrityStoreError.malformedAnswer("fetched row") }
            let version = row["hlc"].flatMap(Int64.init).map { hlc in
                Version(hlc: HLC(rawValue: UInt64(bitPattern: hlc)), origin: RegionName(row["origin"] ?? region.rawValue))
            } ?? Version(hlc: HLC(rawValue: 0), origin: region)
            return RepairRow(key: key, version: version, row: json)
        }
        return IntegrityFetchResponse(rows: fetched)
    }

    // MARK: Repair

    public func repair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse {
        try await writes.run { try await applyRepair(request) }
    }

    private func applyRepair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse {
        let table = try schema(request.table)
        let newer = admissible(request.newer, table: request.table, from: request.requester)
        let restores = admissible(request.restores, table: request.table, from: request.requester)
        let refused = request.newer.count + request.restores.count - newer.count - restores.count
        var applied = 0
        if !newer.isEmpty {
            applied += try await applier.apply(newer.map {
                RemoteChange(table: request.table, primaryKey: $0.key, version: $0.version, row: $0.row)
            }).applied
        }
        if !restores.isEmpty {
            applied += try await restore(restores, table: table)
        }
        return IntegrityRepairResponse(applied: applied, refused: refused, stale: request.newer.count + request.restores.count - refused - applied)
    }

    /// Tombstones always pass: they carry no row values and only remove data.
    private func admissible(_ rows: [RepairRow], table: String, from sender: RegionName) -> [RepairRow] {
        rows.filter { row in
            guard let json = row.row else { return true }
            let allowed = RowJSON.values(json).map { policy.allows(policy.classify(table: table, row: $0), region: region) } ?? false
            if !allowed {
                logger.warning("integrity repair refused a row this region may not hold", metadata: ["table": "\(table)", "from": "\(sender)"])
            }
            return allowed
        }
    }

    private func restore(_ rows: [RepairRow], table: TableSchema) async throws -> Int {
        let columns = table.columns.map { SQLIdentifier($0).quoted }
        let key = table.primaryKey.map { SQLIdentifier($0).quoted }.joined(separator: ", ")
        let update = table.valueColumns.isEmpty
            ? "DO NOTHING"
            : "DO UPDATE SET " + table.valueColumns.map { "\(SQLIdentifier($0).quoted) = EXCLUDED.\(SQLIdentifier($0).quoted)" }.joined(separator: ", ")
        let upsert = """
            INSERT INTO \(table.qualified) (\(columns.joined(separator: ", ")))
            SELECT \(columns.map { "r.\($0)" }.joined(separator: ", "))
            FROM regiond.row_versions v, jsonb_populate_record(NULL::\(table.qualified), $5::jsonb) r
            WHERE v.tbl = $1 AND v.pk = $2::jsonb::text AND v.hlc = $3::bigint AND v.origin = $4 AND NOT v.deleted
            ON CONFLICT (\(key)) \(update)
            """
        return try await writer.withTransaction { connection in
            try await connection.execute(AppliedTransactionMarker.sql)
            var written = 0
            for row in rows {
                try await connection.query("SELECT 1 FROM regiond.row_versions WHERE tbl = $1 AND pk = $2::jsonb::text FOR UPDATE", [table.name, row.key])
                written += try await connection.query(upsert, [
                    table.name, row.key, String(Int64(bitPattern: row.version.hlc.rawValue)), row.version.origin.rawValue, row.row,
                ]).affectedRows
            }
            return written
        }
    }
}
