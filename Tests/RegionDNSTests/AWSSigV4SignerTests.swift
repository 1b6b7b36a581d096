import Foundation
import Testing
@testable import RegionDNS

/// Vectors from the AWS Signature Version 4 test suite (aws-sig-v4-test-suite), signed
/// with its documented example credentials.
struct AWSSigV4SignerTests {
    let signer = AWSSigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service")
    let date = Date(timeIntervalSince1970: 1_440_938_160) // 20150830T123600Z

    @Test func getVanilla() throws {
        let url = try #require(URL(string: "https://example.amazonaws.com/"))
        let signed = signer.sign(method: "GET", url: url, headers: [("Host", "example.amazonaws.com")], body: Data(), date: date).signature
        #expect(signed.canonicalRequest == """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signed.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """)
        #expect(signed.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(signed.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func getVanillaQueryOrderKeyCase() throws {
        let url = try #require(URL(string: "https://example.amazonaws.com/?Param2=value2&Param1=value1"))
        let signed = signer.sign(method: "GET", url: url, headers: [("Host", "example.amazonaws.com")], body: Data(), date: date).signature
        #expect(signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "Param1=value1&Param2=value2")
        #expect(signed.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func postVanilla() throws {
        let url = try #require(URL(string: "https://example.amazonaws.com/"))
        let signed = signer.sign(method: "POST", url: url, headers: [("Host", "example.amazonaws.com")], body: Data(), date: date).signature
        #expect(signed.signature == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func signingAddsDateAndAuthorizationHeaders() throws {
        let url = try #require(URL(string: "https://route53.amazonaws.com/2013-04-01/change/C1"))
        let headers = signer.sign(method: "GET", url: url, headers: [("Host", "route53.amazonaws.com")], body: Data(), date: date).headers
        #expect(headers.map(\.0) == ["Host", "X-Amz-Date", "Authorization"])
        #expect(headers[1].1 == "20150830T123600Z")
    }
}
