import Logging
import RegionNet
import Testing

/// Found by CLISecretLeakTests: a PowerDNS API key with a line break in it (a secret file
/// written with an editor, a pasted value) made `regiond dns show` print
/// "header 'X-API-Key: <the key>' contains a line break". The error now names the header only.
struct HeaderSecretRegressionTests {
    @Test(arguments: ["key\nwith-newline", "key\r\nX-Injected: yes", "\rkey"])
    func invalidHeaderValueIsNotRepeatedInTheError(_ value: String) async throws {
        let secret = "\(SecretValues.marker)-\(value)"
        let client = try HTTPClient(logger: Logger(label: "regiond.robustness.header"))
        do {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/", headers: [HTTPHeader("X-API-Key", secret)]))
            Issue.record("a header with a line break was sent")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("X-API-Key"))
            #expect(!message.contains(SecretValues.marker), "\(message)")
        }
        await client.shutdown()
    }
}
