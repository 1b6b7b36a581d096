/// One record set that an apply created, replaced or deleted.
public struct DNSRecordChange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var before: DNSRecordSet?
    public var after: DNSRecordSet?

    public init(before: DNSRecordSet?, after: DNSRecordSet?) {
        self.before = before
        self.after = after
    }

    public var key: DNSRecordSet.Key? { (after ?? before)?.key }

    public var description: String {
        switch (before, after) {
        case (nil, let after?): "create \(after)"
        case (let before?, nil): "delete \(before)"
        case (let before?, let after?): "replace \(before.key): \(before.values.joined(separator: ", ")) -> \(after.values.joined(separator: ", "))"
            + (before.ttl == after.ttl ? "" : " (ttl \(before.ttl) -> \(after.ttl))")
        case (nil, nil): "no change"
        }
    }

    /// The changes that turn `current` into `desired`, in key order. Sets only in
    /// `current` are deleted: a provider passes only the sets it manages.
    public static func between(current: [DNSRecordSet], desired: [DNSRecordSet]) -> [DNSRecordChange] {
        let currentByKey = Dictionary(current.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let desiredByKey = Dictionary(desired.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return Set(currentByKey.keys).union(desiredByKey.keys).sorted().compactMap { key in
            let before = currentByKey[key]
            let after = desiredByKey[key]
            return before == after ? nil : DNSRecordChange(before: before, after: after)
        }
    }
}

/// What one apply did. An empty `changes` means the provider already served the desired
/// state and nothing was written.
public struct DNSApplyReport: Sendable, Equatable {
    public var provider: String
    public var changes: [DNSRecordChange]

    public init(provider: String, changes: [DNSRecordChange]) {
        self.provider = provider
        self.changes = changes
    }

    public var changedAnything: Bool { !changes.isEmpty }
}
