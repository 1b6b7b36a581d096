import Foundation
import RegionTestSupport
import RegionNet

/// moto's AWS-compatible server (PyPI `moto[server]`) on a free 127.0.0.1 port, standing
/// in for Route 53.
final class MotoServer: @unchecked Sendable {
    static var isInstalled: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/moto_server")
        }
    }

    let port = FreePort.allocate()
    private let process = Process()

    var endpoint: String { "http://127.0.0.1:\(port)" }

    init(client: HTTPClient) async throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<600 {
            if (try? await client.execute(HTTPRequest(url: "\(endpoint)/moto-api/", timeout: .seconds(1))))?.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw MotoError.didNotStart
    }

    /// Creates a hosted zone and returns its id (without the `/hostedzone/` prefix).
    func createHostedZone(_ zone: String, client: HTTPClient) async throws -> String {
        let body = #"<?xml version="1.0" encoding="UTF-8"?><CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">"#
            + "<Name>\(zone)</Name><CallerReference>\(UUID().uuidString)</CallerReference></CreateHostedZoneRequest>"
        let response = try await client.execute(HTTPRequest(
            method: .post, url: "\(endpoint)/2013-04-01/hostedzone",
            headers: [
                HTTPHeader("Content-Type", "application/xml"),
                HTTPHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0"),
            ],
            body: Data(body.utf8)
        ))
        let text = response.bodyText
        guard let start = text.range(of: "<Id>/hostedzone/"), let end = text.range(of: "</Id>", range: start.upperBound..<text.endIndex) else {
            throw MotoError.unexpected(text)
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: children inherit the test runner's blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    enum MotoError: Error {
        case didNotStart
        case unexpected(String)
    }
}
