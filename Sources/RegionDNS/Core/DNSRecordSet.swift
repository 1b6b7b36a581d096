/// One provider-neutral DNS record set, as a provider stores it; comparing rendered sets
/// with stored ones is how every provider decides whether anything must be written.
public struct DNSRecordSet: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Fully qualified, with the trailing dot; may start with `*.`.
    public var name: String
    /// `A`, `AAAA`, or a provider-specific type such as PowerDNS's `LUA`.
    public var type: String
    public var ttl: Int
    public var values: [String]
    /// Distinguishes several sets of the same name and type (Route 53 geolocation records,
    /// the file provider's per-geo answers); nil for a plain record set.
    public var setIdentifier: String?
    public var geoLocation: DNSGeoLocation?

    public init(name: String, type: String, ttl: Int, values: [String], setIdentifier: String? = nil, geoLocation: DNSGeoLocation? = nil) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.values = values
        self.setIdentifier = setIdentifier
        self.geoLocation = geoLocation
    }

    /// What identifies the set in its zone; two sets with the same key replace each other.
    public var key: Key { Key(name: name, type: type, setIdentifier: setIdentifier) }

    public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var name: String
        public var type: String
        public var setIdentifier: String?

        public static func < (lhs: Key, rhs: Key) -> Bool { lhs.description < rhs.description }

        public var description: String {
            "\(name) \(type)" + (setIdentifier.map { " [\($0)]" } ?? "")
        }
    }

    public var description: String {
        "\(key) ttl \(ttl)" + (geoLocation.map { " \($0)" } ?? "") + ": " + values.joined(separator: ", ")
    }
}

/// Where a geolocation record applies, in Route 53's vocabulary.
public enum DNSGeoLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// ISO 3166 alpha-2 code.
    case country(String)
    /// Two-letter continent code (`AS`, `EU`, ...).
    case continent(String)
    /// Everyone not matched by another location (Route 53's `*`).
    case anywhere

    public var description: String {
        switch self {
        case .country(let code): "country=\(code)"
        case .continent(let code): "continent=\(code)"
        case .anywhere: "default"
        }
    }
}
