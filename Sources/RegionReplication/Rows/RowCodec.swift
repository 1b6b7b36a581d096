import RegionCore
import RegionPostgres

/// Converts between the changelog's JSON rows and the core's `RowValues`, in both
/// directions, without losing a digit or a nested value.
///
/// A row's key is the changelog's canonical `jsonb` text of its primary key, kept whole as
/// a one-element `RowKey`: every region renders the same key the same way, and the applier
/// takes it back unchanged.
public struct RowCodec: Sendable {
    public var structured: StructuredColumns

    public init(structured: StructuredColumns) {
        self.structured = structured
    }

    /// The key of a captured change.
    public func key(primaryKeyJSON: String) -> RowKey { RowKey(primaryKeyJSON) }

    /// The column values of a captured row in text form; `nil` when `json` is not an object.
    public func values(table: String, json: String) -> RowValues? {
        guard let members = JSONObjectScanner.members(of: json) else { return nil }
        var columns: [String: String?] = [:]
        for member in members {
            columns[member.name] = textForm(member, table: table)
        }
        return RowValues(columns)
    }

    /// The change as the applier takes it; `nil` when the key or a structured value is not
    /// the JSON the applier needs (a faulty or hostile peer), so the batch can be refused
    /// before anything of it is applied.
    public func remoteChange(_ row: VersionedRow) -> RemoteChange? {
        guard row.key.values.count == 1, let key = row.key.values.first,
              JSONObjectScanner.members(of: key)?.isEmpty == false
        else { return nil }
        guard let values = row.values else {
            return RemoteChange(table: row.table, primaryKey: key, version: row.version, row: nil)
        }
        guard let json = json(table: row.table, values: values) else { return nil }
        return RemoteChange(table: row.table, primaryKey: key, version: row.version, row: json)
    }

    private func textForm(_ member: JSONObjectScanner.Member, table: String) -> String? {
        if member.rawValue == "null" { return nil }
        if structured.contains(table: table, column: member.name) { return member.rawValue }
        if member.rawValue.hasPrefix("\"") { return JSONObjectScanner.decodeString(Array(member.rawValue.utf8)) }
        return member.rawValue
    }

    private func json(table: String, values: RowValues) -> String? {
        var members: [String] = []
        members.reserveCapacity(values.columns.count)
        for name in values.columns.keys.sorted() {
            let encodedValue: String
            switch values.columns[name] ?? nil {
            case nil:
                encodedValue = "null"
            case let value? where structured.contains(table: table, column: name):
                guard JSONObjectScanner.isJSONValue(value) else { return nil }
                encodedValue = value
            case let value?:
                encodedValue = JSONStringLiteral.quoted(value)
            }
            members.append(JSONStringLiteral.quoted(name) + ":" + encodedValue)
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
