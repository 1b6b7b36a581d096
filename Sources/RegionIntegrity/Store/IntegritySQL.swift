import RegionCore
import RegionPostgres

/// The SQL building blocks of one table's integrity queries, all computed in the database so
/// that only digests, keys and versions cross the network.
///
/// - key: the primary key as a JSON object, the same text `regiond.row_versions.pk` holds;
/// - key hash: the first 32 bits of the MD5 of the key's text, as a non-negative bigint, so
///   both regions place every row in the same block;
/// - row hash: MD5 over key, version and the row's JSON text, split into two 64-bit halves
///   that blocks XOR together.
struct IntegritySQL: Sendable {
    let table: TableSchema

    init(table: TableSchema) { self.table = table }

    /// `jsonb_build_object('id', t."id", ...)` over the row alias `t`.
    var key: String {
        "jsonb_build_object(" + table.primaryKey.map { "\(SQLText.literal($0)), t.\(SQLIdentifier($0).quoted)" }.joined(separator: ", ") + ")"
    }

    static func keyHash(_ key: String) -> String {
        "('x' || substr(md5((\(key))::text), 1, 8))::bit(32)::bigint"
    }

    static func block(_ key: String, level: Int) -> String {
        "(\(keyHash(key)) >> \(BlockAddress.keyHashBits - level))"
    }

    /// The row's content hash; `t` is the row, `v` its `row_versions` entry (may be NULL).
    static let rowHash = "md5(concat_ws('|', k.pk::text, coalesce(v.hlc::text, '-'), coalesce(v.origin, '-'), to_jsonb(t)::text))"

    /// A boolean expression over `t` for the filter.
    static func predicate(_ filter: ClassRowFilter) -> String {
        func normalised(_ column: String) -> String {
            "upper(btrim(t.\(SQLIdentifier(column).quoted)::text, E' \\t\\r\\n'))"
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
    /// empty when they are the whole level; the membership test is hashed.
    static func blockRestriction(_ blocks: [BlockAddress], key: String) -> String {
        let level = blocks.first?.level ?? 0
        return "(cardinality($2::bigint[]) = 0 OR \(block(key, level: level)) IN (SELECT unnest($2::bigint[])))"
    }

    /// The `$2` parameter: the blocks' prefixes, or empty when they cover their whole level.
    static func blockArray(_ blocks: [BlockAddress]) -> String {
        let level = blocks.first?.level ?? 0
        guard UInt64(blocks.count) < (UInt64(1) << UInt64(level)) else { return "{}" }
        return "{" + blocks.map { String($0.prefix) }.joined(separator: ",") + "}"
    }
}
