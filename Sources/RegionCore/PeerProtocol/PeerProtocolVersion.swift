/// The version of the peer protocol an agent speaks, written `major.minor` (`1.2`).
///
/// Compatibility rule: two agents interoperate when they share the major version and their
/// minor versions differ by at most one. A rolling upgrade moves every agent one release
/// forward while old and new run side by side, so each release must talk to the previous
/// and the next one; allowing a wider gap would force every release to keep the wire
/// behaviour of all its ancestors, and a major bump marks a change that cannot be bridged.
public struct PeerProtocolVersion: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The version this build of regiond speaks.
    public static let current = PeerProtocolVersion(major: 1, minor: 0)

    /// Parses `major.minor` (non-negative decimal integers); `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
              let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        self.init(major: major, minor: minor)
    }

    /// Whether an agent speaking `self` and one speaking `other` may exchange requests.
    public func interoperates(with other: PeerProtocolVersion) -> Bool {
        let gap = minor.subtractingReportingOverflow(other.minor)
        return major == other.major && !gap.overflow && (-1...1).contains(gap.partialValue)
    }

    /// Accepts `peerVersion` spoken by `peer`, or refuses with a message naming both versions.
    public func negotiate(with peerVersion: PeerProtocolVersion, peer: RegionName) throws(PeerRequestRefusal) {
        guard interoperates(with: peerVersion) else {
            throw .incompatibleVersion(peer: peer, peerVersion: peerVersion, localVersion: self)
        }
    }

    public static func < (lhs: PeerProtocolVersion, rhs: PeerProtocolVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = PeerProtocolVersion(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a protocol version; expected major.minor such as 1.0")
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
