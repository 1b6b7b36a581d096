import Foundation
import RegionAgent
import RegionCore
import RegionNet
import RegionTestSupport
import Testing

/// Every way a peer request can be refused, against a real server on loopback: each must
/// get its status, a JSON explanation, and one count under its reason.
@Suite struct PeerServerAuthenticationTests {
    let body = Array("hello".utf8)

    private func post(
        _ client: HTTPClient, _ baseURL: String, headers: [HTTPHeader], body: [UInt8], path: String = "/v1/echo"
    ) async throws -> HTTPResponse {
        try await client.execute(HTTPRequest(method: .post, url: baseURL + path, headers: headers, body: Data(body)))
    }

    private func refusal(_ response: HTTPResponse) throws -> PeerRefusalBody {
        try JSONDecoder().decode(PeerRefusalBody.self, from: response.body)
    }

    @Test func signedRequestReachesTheRouteWithTheProvenSender() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body), body: body)
        }
        #expect(response.status == 200)
        #expect(response.bodyText == "tokyo:hello")
    }

    @Test func previousKeyIsAcceptedDuringRotation() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(key: harness.previousKey, body: body), body: body)
        }
        #expect(response.status == 200)
    }

    @Test func routeRefusalOfAForgedOriginIsCountedWithThePeerRefusals() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body, path: "/v1/forged"), body: body, path: "/v1/forged")
        }
        #expect(response.status == 400)
        #expect(try refusal(response).reason == "origin_mismatch")
        #expect(harness.refusals("origin_mismatch") == 1)
    }

    @Test func routeServerErrorIsNotCountedAsARefusedPeer() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body, path: "/v1/failing"), body: body, path: "/v1/failing")
        }
        #expect(response.status == 503)
        #expect(harness.refusals("apply_failed") == 0)
    }

    @Test func unsignedRequestIsRefused() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in try await post(client, url, headers: [], body: body) }
        #expect(response.status == 401)
        #expect(try refusal(response).reason == "unsigned")
        #expect(harness.refusals("unsigned") == 1)
    }

    @Test func requestSignedWithAnotherKeyIsRefused() async throws {
        let harness = try PeerServerHarness()
        let stranger = try ClusterKey(bytes: Array(repeating: 0x33, count: 32))
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(key: stranger, body: body), body: body)
        }
        #expect(response.status == 401)
        #expect(try refusal(response).reason == "bad_signature")
        #expect(harness.refusals("bad_signature") == 1)
    }

    @Test func tamperedBodyIsRefused() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body), body: Array("HELLO".utf8))
        }
        #expect(response.status == 401)
        #expect(harness.refusals("bad_signature") == 1)
    }

    @Test func replayedRequestIsRefusedTheSecondTime() async throws {
        let harness = try PeerServerHarness()
        let headers = harness.signedHeaders(body: body)
        let statuses = try await harness.serving { url, client in
            [try await post(client, url, headers: headers, body: body).status,
             try await post(client, url, headers: headers, body: body).status]
        }
        #expect(statuses == [200, 409])
        #expect(harness.refusals("replayed") == 1)
    }

    @Test func requestSignedOutsideTheWindowIsRefused() async throws {
        let harness = try PeerServerHarness()
        let stale = PeerServerHarness.now - PeerServerHarness.window - .seconds(1)
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body, at: stale), body: body)
        }
        #expect(response.status == 401)
        #expect(try refusal(response).reason == "expired")
        #expect(harness.refusals("expired") == 1)
    }

    @Test func oversizedBodyIsRefusedByItsDeclaredLength() async throws {
        let harness = try PeerServerHarness()
        let large = Array(repeating: UInt8(ascii: "x"), count: PeerServerHarness.maxBodyBytes + 1)
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: large), body: large)
        }
        #expect(response.status == 413)
        #expect(harness.refusals("body_too_large") == 1)
    }

    @Test func chunkedBodyWithoutLengthIsCutOffAtTheLimit() async throws {
        let harness = try PeerServerHarness()
        let chunk = Array(repeating: UInt8(ascii: "x"), count: 1_024)
        let chunks = (0..<8).flatMap { _ in Array("400\r\n".utf8) + chunk + Array("\r\n".utf8) } + Array("0\r\n\r\n".utf8)
        let headers = harness.signedHeaders(body: Array(repeating: UInt8(ascii: "x"), count: 8 * 1_024))
            .map { "\($0.name): \($0.value)\r\n" }.joined()
        let request = Array("POST /v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\(headers)\r\n".utf8) + chunks
        let answer = try await harness.serving { url, _ in
            await LoopbackExchange.send(
                request, port: Int(url.split(separator: ":").last ?? "") ?? 0, timeout: 60, until: .head, maximumBytes: 65_536)
        }
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(harness.refusals("body_too_large") == 1)
    }

    @Test func incompatibleVersionIsRefusedNamingBothVersions() async throws {
        let harness = try PeerServerHarness()
        let future = PeerProtocolVersion(major: PeerProtocolVersion.current.major + 1, minor: 0)
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(version: future, body: body), body: body)
        }
        #expect(response.status == 426)
        let message = try refusal(response).error
        #expect(message.contains(future.description) && message.contains(PeerProtocolVersion.current.description))
        #expect(harness.refusals("incompatible_version") == 1)
    }

    @Test func signatureForAnotherPathIsRefused() async throws {
        let harness = try PeerServerHarness()
        let response = try await harness.serving { url, client in
            try await post(client, url, headers: harness.signedHeaders(body: body, path: "/v1/other"), body: body)
        }
        #expect(response.status == 401)
    }

    @Test func openRouteNeedsNoSignatureAndUnknownRouteIsCounted() async throws {
        let harness = try PeerServerHarness()
        let (health, missing) = try await harness.serving { url, client in
            (try await client.execute(HTTPRequest(url: url + "/healthz")),
             try await client.execute(HTTPRequest(url: url + "/nowhere")))
        }
        #expect(health.status == 200 && health.bodyText == "ok")
        #expect(missing.status == 404)
        #expect(harness.refusals("unknown_route") == 1)
    }
}
