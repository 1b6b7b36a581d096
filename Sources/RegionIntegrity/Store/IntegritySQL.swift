import RegionCore
import RegionPostgres

/// The SQL building blocks of one table's integrity queries, all computed in the database so
/// that only digests, keys and versions cross the network.
///
/// - key: the primary key as a JSON object, whose text `regiond.row_versions.pk` holds;
/// - key hash: 32 bits of PostgreSQL's `hashtextextended` of the key's text, as a
///   non-negative bigint, so both regions place every row in the same block;
/// - row hash: two seeded `hashtextextended` values over the row's JSON text and its version,
///   which blocks XOR together.
///
/// `hashtextextended` (the hash behind hash partitioning, kept stable across PostgreSQL
/// releases for `pg_upgrade`) costs a fraction of MD5 plus hex decoding; over a million rows
/// that is most of a summary's time. Regions must run on machines of the same byte order.
struct IntegritySQL: Sendable {
    let table: TableSchema

    init(table: TableSchema) { self.table = table }

    /// `jsonb_build_object('id', t."id", ...)` over the row alias `t`.
    var key: String {
        "jsonb_build_object(" + table.primaryKey.map { "\(SQLText.literal($0)), t.\(SQLIdentifier($0).quoted)" }.joined(separator: ", ") + ")"
    }

    static func keyHash(_ key: String) -> String {
        "(hashtextextended((\(key))::text, 0) & 4294967295)"
    }

    static func block(_ key: String, level: Int) -> String {
        "(\(keyHash(key)) >> \(BlockAddress.keyHashBits - level))"
    }

    /// One 64-bit half of the row's hash (`seed` 1 or 2): `content` is the row's JSON text
    /// (its key columns included), `v` its `row_versions` entry (may be NULL).
    static func rowHash(content: String, seed: Int) -> String {
        "hashtextextended(concat_ws('|', \(content), coalesce(v.hlc::text, '-'), coalesce(v.origin, '-')), \(seed))"
    }

    /// A boolean expression over `t` for the filter.
    static func predicate(_ filter: ClassRowFilter) -> String {
        func normalised(_ column: String) -> String {
            ResidencyClassSQL.trimmedUppercased("t.\(SQLIdentifier(column).quoted)::text")
        }
        switch filter {
        case .everyRow:
            return "true"
        case .noRow:
            return "false"
        case .columnIn(let column, let values):
            return "coalesce(\(normalised(column)) IN (\(values.map(SQLText.literal).joined(separator: ", "))), false)"
        case .columnNotIn(let column, let values):
            let outside = values.isEmpty ? "" : " AND \(normalised(column)) NOT IN (\(values.map(SQLText.literal).joined(separator: ", ")))"
            return "coalesce(\(normalised(column)) <> ''\(outside), false)"
        }
    }

    /// Restricts to `blocks` (all of one level) through the `$2` bigint array, which is
    /// empty when they are the whole level (then no row computes a block for the test); the
    /// membership test is hashed.
    static func blockRestriction(_ blocks: [BlockAddress], key: String) -> String {
        let level = blocks.first?.level ?? 0
        guard UInt64(blocks.count) < (UInt64(1) << UInt64(level)) else { return "cardinality($2::bigint[]) = 0" }
        return "\(block(key, level: level)) IN (SELECT unnest($2::bigint[]))"
    }

    /// The `$2` parameter: the blocks' prefixes, or empty when they cover their whole level.
    static func blockArray(_ blocks: [BlockAddress]) -> String {
        let level = blocks.first?.level ?? 0
        guard UInt64(blocks.count) < (UInt64(1) << UInt64(level)) else { return "{}" }
        return "{" + blocks.map { String($0.prefix) }.joined(separator: ",") + "}"
    }
}
