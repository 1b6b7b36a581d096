import Foundation
import Logging
import RegionNet
import Testing

@Suite(.serialized, .enabled(if: TestCertificate.canCreate || ProcessInfo.processInfo.environment["REGIOND_REQUIRE_INTEGRATION"] != nil, "needs the openssl command"))
struct HTTPClientTLSTests {
    let logger = Logger(label: "test.tls")

    private func withTLSServer(maximumVersion: String, _ body: (HTTPClient, LocalHTTPServer, TestCertificate) async throws -> Void) async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try LocalHTTPServer(tls: (certificate.certificatePath, certificate.keyPath, maximumVersion))
        defer { server.stop() }
        let client = try HTTPClient(logger: logger)
        do {
            try await body(client, server, certificate)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    @Test func httpsWithATrustedCertificateReportsTheHandshakeTime() async throws {
        try await withTLSServer(maximumVersion: "1.3") { client, server, certificate in
            let response = try await client.execute(HTTPRequest(url: "\(server.baseURL)/secure", minimumTLS: .v1_3, trustedCertificatesPath: certificate.certificatePath))
            #expect(response.status == 200)
            #expect(response.timing.tlsHandshake > .zero)
        }
    }

    @Test func serverBelowTheMinimumVersionIsRefused() async throws {
        try await withTLSServer(maximumVersion: "1.2") { client, server, certificate in
            let accepted = try await client.execute(HTTPRequest(url: "\(server.baseURL)/", minimumTLS: .v1_2, trustedCertificatesPath: certificate.certificatePath))
            #expect(accepted.status == 200)
            await #expect {
                try await client.execute(HTTPRequest(url: "\(server.baseURL)/", minimumTLS: .v1_3, trustedCertificatesPath: certificate.certificatePath))
            } throws: { error in
                if case .tls = error as? HTTPClientError { return true }
                return false
            }
        }
    }

    @Test func untrustedCertificateIsATLSError() async throws {
        try await withTLSServer(maximumVersion: "1.3") { client, server, _ in
            await #expect {
                try await client.execute(HTTPRequest(url: "\(server.baseURL)/"))
            } throws: { error in
                if case .tls = error as? HTTPClientError { return true }
                return false
            }
        }
    }
}
