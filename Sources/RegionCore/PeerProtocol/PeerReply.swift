import Foundation

/// What a route handler answers; the server turns it into an HTTP response.
public struct PeerReply: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String

    public init(status: Int, body: [UInt8], contentType: String) {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// `message` as JSON with sorted keys, so equal messages give equal bytes.
    public static func json(_ message: some Encodable, status: Int = 200) -> PeerReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(message) else {
            return .text("could not encode the \(type(of: message)) reply; this is a regiond bug", status: 500)
        }
        return PeerReply(status: status, body: Array(data), contentType: "application/json")
    }

    public static func text(_ text: String, status: Int = 200) -> PeerReply {
        PeerReply(status: status, body: Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    /// A refusal the peer can act on: `{"error": message, "reason": label}` with the status.
    ///
    /// `reason` is the same low-cardinality label the refusal metrics use, so an operator
    /// can match a peer's log line to the receiver's counter.
    public static func refusal(status: Int, reason: String, message: String) -> PeerReply {
        .json(PeerRefusalBody(error: message, reason: reason), status: status)
    }

    public static func refusal(_ refusal: PeerRequestRefusal) -> PeerReply {
        .refusal(status: refusal.httpStatus, reason: refusal.metricLabel, message: refusal.description)
    }

    public static func refusal(_ error: BatchValidationError) -> PeerReply {
        .refusal(status: error.httpStatus, reason: error.metricLabel, message: error.description)
    }
}

/// The JSON body of every refusal the agent answers with.
public struct PeerRefusalBody: Sendable, Codable, Equatable {
    /// What went wrong and what to do about it.
    public var error: String
    /// The metric label of the refusal.
    public var reason: String

    public init(error: String, reason: String) {
        self.error = error
        self.reason = reason
    }
}
