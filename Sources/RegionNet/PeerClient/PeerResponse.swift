import Foundation
import RegionCore

/// A peer's answer: any HTTP status is an answer, the caller decides what it means.
public struct PeerResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public var headers: [HTTPHeader]

    public init(status: Int, body: [UInt8], headers: [HTTPHeader] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The refusal the peer explained, when it answered with a `PeerRefusalBody`.
    public var refusal: PeerRefusalBody? {
        guard !isSuccess else { return nil }
        return try? JSONDecoder().decode(PeerRefusalBody.self, from: Data(body))
    }

    /// The peer's explanation for a failure status, or the raw body when it gave none.
    public var failureDescription: String {
        refusal.map { "\(status) \($0.reason): \($0.error)" } ?? "\(status): \(String(decoding: body.prefix(512), as: UTF8.self))"
    }
}
