/// Checks the textual forms of IP addresses and networks written in regions.yaml.
///
/// Only the notation is checked here: the core performs no I/O, and resolving or
/// reaching an address is the shells' business.
public enum NetworkNotation {
    /// `192.0.2.10` or `2001:db8::10`.
    public static func isIPAddress(_ text: String) -> Bool {
        ipv4Octets(text) != nil || ipv6Groups(text) != nil
    }

    /// Why `text` is not a network in CIDR form (`198.51.100.0/25`, `2001:db8::/32`), or nil
    /// when it is one. Host bits set below the prefix are refused: `198.51.100.5/25` is
    /// almost always a typo for `198.51.100.0/25`.
    public static func cidrProblem(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]) else {
            return "'\(text)' is not a network in CIDR form such as 198.51.100.0/25"
        }
        let address = String(parts[0])
        let bits: [UInt8]
        if let octets = ipv4Octets(address) {
            guard (0...32).contains(prefix) else { return "'\(text)' has a prefix length above 32" }
            bits = octets
        } else if let groups = ipv6Groups(address) {
            guard (0...128).contains(prefix) else { return "'\(text)' has a prefix length above 128" }
            bits = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        } else {
            return "'\(text)' does not start with an IPv4 or IPv6 address"
        }
        let hostBitsSet = bits.enumerated().contains { index, byte in
            let networkBits = max(0, min(8, prefix - index * 8))
            let hostMask: UInt8 = networkBits == 8 ? 0 : 0xFF >> networkBits
            return byte & hostMask != 0
        }
        return hostBitsSet ? "'\(text)' has host bits set below the /\(prefix) prefix" : nil
    }

    static func ipv4Octets(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> UInt8? in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            return UInt8(part)
        }
        return octets.count == 4 ? octets : nil
    }

    static func ipv6Groups(_ text: String) -> [UInt16]? {
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            let values = fields.compactMap { field -> UInt16? in
                guard (1...4).contains(field.count) else { return nil }
                return UInt16(field, radix: 16)
            }
            return values.count == fields.count ? values : nil
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
