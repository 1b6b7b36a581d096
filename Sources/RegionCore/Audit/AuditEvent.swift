/// Something that happened and must be recorded in the residency log: a record without
/// its place in the chain (sequence number, time, hashes).
///
/// Never put personal data here: rows are identified only through `keysDigest`, and
/// `detail` is for operational context (a geo name, a reason code), not row contents.
public struct AuditEvent: Hashable, Sendable {
    public var kind: AuditEventKind
    public var table: String?
    public var residencyClass: String?
    public var from: RegionName?
    public var to: RegionName?
    public var rows: Int
    public var keysDigest: AuditDigest
    public var bytes: Int
    public var detail: String?

    public init(
        kind: AuditEventKind, table: String? = nil, residencyClass: String? = nil,
        from: RegionName? = nil, to: RegionName? = nil, rows: Int = 0,
        keysDigest: AuditDigest = .ofRowKeys([String]()), bytes: Int = 0, detail: String? = nil
    ) {
        self.kind = kind
        self.table = table
        self.residencyClass = residencyClass
        self.from = from
        self.to = to
        self.rows = rows
        self.keysDigest = keysDigest
        self.bytes = bytes
        self.detail = detail
    }

    /// An event about concrete rows; the row count and key digest come from `rowKeys`.
    public init(
        kind: AuditEventKind, table: String, residencyClass: String?, from: RegionName?, to: RegionName?,
        rowKeys: [String], bytes: Int, detail: String? = nil
    ) {
        self.init(
            kind: kind, table: table, residencyClass: residencyClass, from: from, to: to,
            rows: rowKeys.count, keysDigest: .ofRowKeys(rowKeys), bytes: bytes, detail: detail)
    }
}
