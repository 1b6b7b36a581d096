import Foundation
import RegionCore

/// Writes records for people and tools: an aligned table, CSV (RFC 4180) or the log's own
/// JSON lines.
public enum AuditOutputFormat: String, CaseIterable, Sendable {
    case table, csv, jsonl
}

public enum AuditRecordFormatter {
    static let columns = ["seq", "time", "kind", "table", "class", "from", "to", "rows", "keys_digest", "bytes", "detail", "prev", "hash"]

    /// The output as lines (without newlines).
    public static func format(_ records: [AuditRecord], as format: AuditOutputFormat) -> [String] {
        switch format {
        case .jsonl: records.map(\.jsonLine)
        case .csv: [columns.joined(separator: ",")] + records.map { fields(of: $0).map(csvField).joined(separator: ",") }
        case .table: TextTable(header: tableColumns, rows: records.map(tableFields)).lines
        }
    }

    private static let tableColumns = ["seq", "time", "kind", "table", "class", "from", "to", "rows", "bytes", "detail"]

    private static func tableFields(_ record: AuditRecord) -> [String] {
        let all = fields(of: record)
        return [all[0], all[1], all[2], all[3], all[4], all[5], all[6], all[7], all[9], all[10]]
    }

    private static func fields(of record: AuditRecord) -> [String] {
        [
            String(record.seq), AuditTimeFormat.format(record.time), record.kind.rawValue, record.table ?? "",
            record.residencyClass ?? "", record.from?.rawValue ?? "", record.to?.rawValue ?? "", String(record.rows),
            record.keysDigest.hex, String(record.bytes), record.detail ?? "", record.prev.hex, record.hash.hex,
        ]
    }

    private static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Left-aligned columns separated by two spaces, with a header underline.
struct TextTable {
    let header: [String]
    let rows: [[String]]

    var lines: [String] {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
                .joined(separator: "  ").trailingSpacesRemoved
        }
        return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
