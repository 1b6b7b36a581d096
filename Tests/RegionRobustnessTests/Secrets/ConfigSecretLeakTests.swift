import Foundation
import RegionConfigIO
import RegionCore
import Testing

/// regions.yaml is shared and committed; when someone writes a secret into it anyway, the
/// error that refuses the file must not repeat the secret (it would land in CI logs).
struct ConfigSecretLeakTests {
    static let secret = "\(SecretValues.marker)-inline-s3cr3t"

    /// One edit of the real regions.yaml that puts a secret inline, by field.
    static let inlineSecrets: [(field: String, original: String, replacement: String)] = [
        ("database as a URL", "database: {env: REGIOND_SEOUL_DSN}", "database: \"postgresql://app:\(secret)@db.example.net/shop\""),
        ("database as key=value", "database: {env: REGIOND_SEOUL_DSN}", "database: \"host=db user=app password=\(secret)\""),
        ("database as an unknown reference", "database: {env: REGIOND_SEOUL_DSN}", "database: {value: \"\(secret)\"}"),
        ("database with two references", "database: {env: REGIOND_SEOUL_DSN}", "database: {env: X, file: \"\(secret)\"}"),
        ("dns api_key", "api_key: {env: REGIOND_PDNS_API_KEY}", "api_key: \"\(secret)\""),
        ("dns api_key as a list", "api_key: {env: REGIOND_PDNS_API_KEY}", "api_key: [\"\(secret)\"]"),
        ("cluster_key", "cluster_key: {env: REGIOND_CLUSTER_KEY}", "cluster_key: \"\(secret)\""),
        ("credentials in a health check URL", "target: \"http://127.0.0.1:7101/v1/health\"", "target: \"http://admin:\(secret)@127.0.0.1:7101/v1/health\""),
        ("password in the dns api_url", "api_url: http://127.0.0.1:8081", "api_url: \"http://127.0.0.1:8081/?password=\(secret)\""),
        ("token under an unknown key", "apply_timeout: 15s", "apply_timeout: 15s\n  token: \"\(secret)\""),
    ]

    @Test(arguments: inlineSecrets.indices)
    func inlineSecretIsRefusedWithoutBeingRepeated(_ index: Int) throws {
        let edit = Self.inlineSecrets[index]
        let original = try RepositoryFiles.text("regions.yaml")
        try #require(original.contains(edit.original), "regions.yaml changed; update the edit for \(edit.field)")
        let text = original.replacingOccurrences(of: edit.original, with: edit.replacement)
        do {
            _ = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
            Issue.record("\(edit.field): a config with an inline secret was accepted")
        } catch {
            let message = String(describing: error)
            #expect(!message.contains(SecretValues.marker), "\(edit.field): the error repeats the secret:\n\(message)")
            #expect(message.contains("regions.yaml:"), "\(edit.field): the error must say where")
        }
    }

    @Test func missingEnvironmentSecretNamesTheVariableButNoValue() {
        let reference = SecretReference.environment("REGIOND_SEOUL_DSN")
        var environment = SecretValues.environment
        environment["REGIOND_SEOUL_DSN"] = "   "
        do {
            _ = try reference.resolve(purpose: "the seoul database", environment: environment)
            Issue.record("a blank variable resolved")
        } catch {
            #expect(error.description.contains("REGIOND_SEOUL_DSN"))
            #expect(!error.description.contains(SecretValues.marker))
        }
    }

    @Test func unreadableOrEmptySecretFileNamesThePathButNoContent() throws {
        let scratch = try ScratchDirectory("secret-file")
        defer { scratch.remove() }
        let empty = scratch.path + "/empty.dsn"
        try Data("  \n".utf8).write(to: URL(fileURLWithPath: empty))
        let invalidUTF8 = scratch.path + "/binary.dsn"
        try Data([0xFF, 0xFE] + Array(SecretValues.clusterKey.utf8)).write(to: URL(fileURLWithPath: invalidUTF8))
        for path in [empty, invalidUTF8, scratch.path + "/missing.dsn"] {
            do {
                _ = try SecretReference.file(path).resolve(purpose: "the frankfurt database")
                Issue.record("\(path) resolved")
            } catch {
                #expect(error.description.contains(path))
                #expect(!error.description.contains(SecretValues.marker), "\(error.description)")
            }
        }
    }

    @Test func resolvedSecretIsReturnedOnlyToTheCaller() throws {
        let value = try SecretReference.environment("REGIOND_CLUSTER_KEY").resolve(purpose: "the cluster key", environment: SecretValues.environment)
        #expect(value == SecretValues.clusterKey)
        let loaded = try RegionsConfigLoader.parse(yaml: try RepositoryFiles.text("regions.yaml"), file: "regions.yaml")
        #expect(!String(describing: loaded.config).contains(SecretValues.marker), "the config model holds references, never values")
    }
}
