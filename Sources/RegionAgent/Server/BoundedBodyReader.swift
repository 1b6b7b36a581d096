import Hummingbird
import RegionCore

/// Reads a request body while counting, and stops at the first chunk that takes it past
/// the limit, so a client that lies about (or omits) `Content-Length` still cannot make
/// the agent buffer more than `limit` bytes.
struct BoundedBodyReader {
    var limit: Int

    /// Refuses by the declared `Content-Length` before any byte is read.
    func admit(declaredLength: String?) throws(PeerRequestRefusal) {
        guard let declaredLength else { return }
        guard let bytes = Int(declaredLength), bytes >= 0 else {
            throw .bodyTooLarge(bytes: Int.max, limit: limit)
        }
        guard bytes <= limit else { throw .bodyTooLarge(bytes: bytes, limit: limit) }
    }

    func read(_ body: RequestBody) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            guard bytes.count + chunk.readableBytes <= limit else {
                throw PeerRequestRefusal.bodyTooLarge(bytes: bytes.count + chunk.readableBytes, limit: limit)
            }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }
}
