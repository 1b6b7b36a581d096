import Crypto

/// The secret shared by a cluster's agents to sign peer requests.
///
/// Loading it (from a file or an environment variable) is the shell's job; the core only
/// holds the bytes. The description never shows them.
public struct ClusterKey: Sendable, CustomStringConvertible {
    /// Shorter keys make HMAC-SHA256 brute-forceable.
    public static let minimumBytes = 32

    /// Kept as bytes because swift-crypto's `SymmetricKey` is not `Sendable` on every platform.
    private let secret: [UInt8]

    var symmetricKey: SymmetricKey { SymmetricKey(data: secret) }

    public init(bytes: some Collection<UInt8>) throws(ClusterKeyError) {
        guard bytes.count >= Self.minimumBytes else {
            throw .tooShort(bytes: bytes.count, minimum: Self.minimumBytes)
        }
        secret = Array(bytes)
    }

    public var description: String { "ClusterKey(redacted)" }
}

/// Why bytes cannot serve as a cluster key.
public enum ClusterKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooShort(bytes: Int, minimum: Int)

    public var description: String {
        switch self {
        case .tooShort(let bytes, let minimum):
            "cluster key has \(bytes) bytes, at least \(minimum) are required; generate one with `openssl rand -base64 48`"
        }
    }
}

/// The keys a receiver accepts: the current one, and during a rotation the previous one.
///
/// Rotation: give every agent the new key as current and the old one as previous, then
/// once all agents run with it, drop the previous key.
public struct ClusterKeyring: Sendable {
    public var current: ClusterKey
    public var previous: ClusterKey?

    public init(current: ClusterKey, previous: ClusterKey? = nil) {
        self.current = current
        self.previous = previous
    }
}
