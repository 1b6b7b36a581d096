/// How a peer message body is encoded on the wire, sent as `Content-Encoding`.
public enum PeerWireEncoding: String, Sendable, CaseIterable {
    /// Plain JSON.
    case identity
    /// JSON compressed as a zlib stream (RFC 1950), which HTTP calls `deflate`.
    case deflate

    /// Parses the header value; an absent header means `identity`, as in HTTP.
    init(headerValue: String?) throws(PeerWireError) {
        guard let headerValue else {
            self = .identity
            return
        }
        guard let encoding = PeerWireEncoding(rawValue: headerValue.lowercased()) else {
            throw .unsupportedEncoding(headerValue)
        }
        self = encoding
    }
}
