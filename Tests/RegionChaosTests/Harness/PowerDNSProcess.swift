import Foundation
import RegionNet
import RegionTestSupport

/// A real PowerDNS Authoritative server (gsqlite3 backend, HTTP API, LUA records, EDNS
/// client subnet) on free loopback ports, and `dig` to ask it as users in each geo would.
final class PowerDNSProcess: @unchecked Sendable {
    static let executable = "/usr/sbin/pdns_server"
    static let schema = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"
    /// Client subnets of each geo's users, from the deployment's `nets`.
    static let userSubnets = ["KR": "198.51.100.7/32", "SEA": "198.51.100.200/32", "JP": "203.0.113.9/32"]

    let dnsPort: Int
    let apiPort: Int
    let directory: URL
    private let process: ChildProcess

    private init(directory: URL, process: ChildProcess, dnsPort: Int, apiPort: Int) {
        self.directory = directory
        self.process = process
        self.dnsPort = dnsPort
        self.apiPort = apiPort
    }

    static func start(apiKey: String, client: HTTPClient) async throws -> PowerDNSProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-chaos-pdns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("pdns.sqlite3").path
        let setup = try ChildProcess.spawn(["/usr/bin/sqlite3", database, ".read \(schema)"], logPath: directory.appendingPathComponent("sqlite.log").path)
        guard await setup.waitForExit() == 0 else { throw ChaosHarnessError.commandFailed("sqlite3 schema", output: setup.log) }
        let dnsPort = FreePort.allocate(), apiPort = FreePort.allocate()
        let process = try ChildProcess.spawn([
            executable, "--local-address=127.0.0.1", "--local-port=\(dnsPort)",
            "--webserver=yes", "--webserver-address=127.0.0.1", "--webserver-port=\(apiPort)",
            "--webserver-allow-from=127.0.0.0/8", "--api=yes", "--api-key=\(apiKey)",
            "--enable-lua-records=yes", "--edns-subnet-processing=yes",
            "--config-dir=\(directory.path)", "--socket-dir=\(directory.path)",
            "--guardian=no", "--daemon=no", "--disable-syslog=yes", "--loglevel=3",
            "--launch=gsqlite3", "--gsqlite3-database=\(database)",
        ], logPath: directory.appendingPathComponent("pdns.log").path)
        let server = PowerDNSProcess(directory: directory, process: process, dnsPort: dnsPort, apiPort: apiPort)
        for _ in 0..<100 {
            let request = HTTPRequest(url: "http://127.0.0.1:\(apiPort)/api/v1/servers/localhost", headers: [HTTPHeader("X-API-Key", apiKey)], timeout: .seconds(1))
            if (try? await client.execute(request))?.status == 200 { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.remove()
        throw ChaosHarnessError.timedOut("pdns_server API", detail: process.log)
    }

    /// The region `geo`'s users are sent to, nil when PowerDNS gives no known address.
    func served(_ geo: String) async -> String? {
        guard let subnet = Self.userSubnets[geo] else { return nil }
        let log = directory.appendingPathComponent("dig-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard let dig = try? ChildProcess.spawn(
            ["/usr/bin/dig", "@127.0.0.1", "-p", "\(dnsPort)", "+short", "+tries=1", "+time=1", "+subnet=\(subnet)", "app.example.com.", "A"],
            logPath: log)
        else { return nil }
        _ = await dig.waitForExit()
        let address = dig.log.split(separator: "\n").last.map(String.init)
        return ChaosDeployment.addresses.first { $0.value == address }?.key.rawValue
    }

    func remove() {
        process.stop(with: SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }
}
