import Foundation
import CLibPQ

/// A libpq connection string (`key=value ...` or `postgresql://` URI).
///
/// Keeps the secret inside: `description` and `redacted` never contain the password, so the
/// value can be logged safely.
public struct ConnectionString: Sendable, CustomStringConvertible {
    /// The full string handed to libpq; do not log it.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Options whose values are secrets. libpq marks them with display character `*` (its
    /// own list grows with new releases, e.g. `sslpassword`); these names are hidden even if
    /// a libpq build does not mark them.
    static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// `key=value` pairs libpq understood, without any secret: the password and the client
    /// key's passphrase, whether given as `key=value`, in a URI's user info or in its query.
    public var redacted: String {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(rawValue, &error) else {
            if let error { PQfreemem(error) }
            return "<unparseable connection string>"
        }
        defer { PQconninfoFree(options) }
        var parts: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let key = String(cString: keyword)
            let isSecret = Self.secretKeywords.contains(key) || option.pointee.dispchar.map { String(cString: $0).contains("*") } == true
            if !isSecret, let value = option.pointee.val {
                parts.append("\(key)=\(String(cString: value))")
            }
            option += 1
        }
        return parts.joined(separator: " ")
    }

    public var description: String { redacted }
}
