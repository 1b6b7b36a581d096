import Foundation
import RegionTestSupport
import Testing

/// What SREs paste into tickets and chat: `regiond check`, `plan` and `dns show` output,
/// produced with the real secrets exported. None of it may contain a secret value.
struct CLISecretLeakTests {
    let regiond: RegiondExecutable
    /// regions.yaml with the PowerDNS API on a loopback port where nothing listens, so
    /// `dns show` tries to send the key and fails.
    let config: String
    let scratch: ScratchDirectory

    init() throws {
        regiond = try RegiondExecutable()
        scratch = try ScratchDirectory("cli-secrets")
        let text = try RepositoryFiles.text("regions.yaml")
            .replacingOccurrences(of: "api_url: http://127.0.0.1:8081", with: "api_url: http://127.0.0.1:\(FreePort.allocate())")
        config = scratch.path + "/regions.yaml"
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    static let commands: [[String]] = [
        ["check"], ["plan"], ["plan", "--json"], ["plan", "--down", "seoul"], ["plan", "--down", "seoul", "--json"],
        ["dns", "show"], ["dns", "show", "--down", "seoul"], ["dns", "apply", "--dry-run", "--down", "seoul"],
    ]

    @Test(arguments: commands)
    func outputHoldsNoSecretValue(_ command: [String]) throws {
        defer { scratch.remove() }
        let output = try regiond.run(command + ["--config", config], environment: SecretValues.environment)
        #expect(!output.all.contains(SecretValues.marker), "regiond \(command.joined(separator: " ")) printed a secret:\n\(output.all)")
        #expect(!output.all.isEmpty)
    }

    /// A DSN that libpq cannot use must not be echoed back when the command complains.
    @Test func invalidSecretValuesAreNotEchoed() throws {
        defer { scratch.remove() }
        var environment = SecretValues.environment
        environment["REGIOND_PDNS_API_KEY"] = "\(SecretValues.marker) with\nnewline and spaces"
        environment["REGIOND_SEOUL_DSN"] = "not a dsn \(SecretValues.marker) ==="
        for command in Self.commands {
            let output = try regiond.run(command + ["--config", config], environment: environment)
            #expect(!output.all.contains(SecretValues.marker), "regiond \(command.joined(separator: " ")):\n\(output.all)")
        }
    }
}
