import Foundation
import RegionCore

/// Reads a row's JSON object (as `to_jsonb` writes it) into column values in text form, so
/// the residency policy can classify a row received in a repair.
enum RowJSON {
    /// nil when `json` is not a JSON object; a nested value keeps its JSON text.
    static func values(_ json: String) -> RowValues? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        var columns: [String: String?] = [:]
        for (name, value) in object {
            switch value {
            case is NSNull: columns[name] = .some(nil)
            case let text as String: columns[name] = text
            case let number as NSNumber: columns[name] = number.stringValue
            default:
                let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
                columns[name] = data.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return RowValues(columns)
    }
}
