import Foundation
import Yams

/// Every YAML document and JSON file under deploy/, parsed.
struct DeployDocuments {
    /// A parsed YAML document with the file it came from.
    struct Document {
        let file: String
        let object: [String: Any]

        var kind: String? { object["kind"] as? String }
        var name: String? { (object["metadata"] as? [String: Any])?["name"] as? String }
    }

    let yaml: [Document]
    let json: [(file: String, object: Any)]

    static func load() throws -> DeployDocuments {
        var yaml: [Document] = []
        for url in RepositoryFiles.files(under: "deploy", extensions: ["yaml", "yml"]) {
            for case let object as [String: Any] in try Yams.load_all(yaml: String(contentsOf: url, encoding: .utf8)) {
                yaml.append(Document(file: url.lastPathComponent, object: object))
            }
        }
        let json = try RepositoryFiles.files(under: "deploy", extensions: ["json"]).map { url in
            (file: url.lastPathComponent, object: try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        }
        return DeployDocuments(yaml: yaml, json: json)
    }

    func kubernetes(_ kind: String) -> [Document] { yaml.filter { $0.kind == kind } }
}

/// Reads nested values of a parsed manifest by path: `dig(object, "spec", "template")`.
func dig(_ value: Any?, _ path: Any...) -> Any? {
    path.reduce(value) { current, step in
        switch step {
        case let key as String: (current as? [String: Any])?[key]
        case let index as Int: (current as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil }
        default: nil
        }
    }
}

func labels(_ value: Any?) -> [String: String] {
    ((value as? [String: Any]) ?? [:]).compactMapValues { "\($0)" }
}
