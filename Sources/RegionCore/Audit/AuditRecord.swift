import Crypto

/// One entry of a region's residency log: an `AuditEvent` placed in the hash chain.
///
/// `hash` covers the previous record's hash and this record's canonical encoding, so
/// editing, deleting, inserting or reordering records is detectable by recomputing the
/// chain (see `AuditChainVerifier`). Event fields are readable directly on the record
/// (`record.kind`, `record.to`, ...).
@dynamicMemberLookup
public struct AuditRecord: Hashable, Sendable {
    /// Position in the chain, starting at 1 and increasing by exactly 1.
    public let seq: UInt64
    public let time: Timestamp
    public let event: AuditEvent
    /// The previous record's `hash`; `AuditDigest.genesis` for the first record.
    public let prev: AuditDigest
    /// As stored. A record read back from disk may carry a hash that does not match its
    /// content; `computedHash` tells.
    public let hash: AuditDigest

    /// A record as read from storage, with whatever hash it was stored with.
    public init(seq: UInt64, time: Timestamp, event: AuditEvent, prev: AuditDigest, hash: AuditDigest) {
        self.seq = seq
        self.time = time
        self.event = event
        self.prev = prev
        self.hash = hash
    }

    /// A new record whose hash is computed from its content.
    init(seq: UInt64, time: Timestamp, event: AuditEvent, prev: AuditDigest) {
        let encoding = Self.canonicalObject(seq: seq, time: time, event: event, prev: prev).closed
        self.init(seq: seq, time: time, event: event, prev: prev, hash: Self.chainHash(prev: prev, canonical: encoding))
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<AuditEvent, Value>) -> Value { event[keyPath: keyPath] }

    /// The hash this record's content and `prev` call for.
    public var computedHash: AuditDigest { Self.chainHash(prev: prev, canonical: canonicalEncoding) }

    /// The canonical encoding: a JSON object with the keys `seq, time, kind, table, class,
    /// from, to, rows, keys_digest, bytes, detail, prev` in this order, no whitespace,
    /// absent values as `null`, `time` as RFC 3339 UTC with milliseconds (see
    /// `CanonicalJSONObject` for string escaping).
    ///
    /// `hash` is the SHA-256 of the UTF-8 bytes of `prev` (64 hex characters) followed by
    /// this encoding, so an auditor can recompute it with standard tools:
    /// `printf '%s%s' "$prev" "$canonical" | sha256sum`.
    public var canonicalEncoding: String {
        Self.canonicalObject(seq: seq, time: time, event: event, prev: prev).closed
    }

    /// The residency-log line: the canonical encoding with `"hash"` appended as the last
    /// key (no trailing newline).
    public var jsonLine: String {
        var object = Self.canonicalObject(seq: seq, time: time, event: event, prev: prev)
        object.add("hash", hash.hex)
        return object.closed
    }

    private static func canonicalObject(seq: UInt64, time: Timestamp, event: AuditEvent, prev: AuditDigest) -> CanonicalJSONObject {
        var object = CanonicalJSONObject()
        object.add("seq", seq)
        object.add("time", AuditTimeFormat.format(time))
        object.add("kind", event.kind.rawValue)
        object.add("table", event.table)
        object.add("class", event.residencyClass)
        object.add("from", event.from?.rawValue)
        object.add("to", event.to?.rawValue)
        object.add("rows", event.rows)
        object.add("keys_digest", event.keysDigest.hex)
        object.add("bytes", event.bytes)
        object.add("detail", event.detail)
        object.add("prev", prev.hex)
        return object
    }

    private static func chainHash(prev: AuditDigest, canonical: String) -> AuditDigest {
        var hasher = SHA256()
        hasher.update(data: Array(prev.hex.utf8))
        hasher.update(data: Array(canonical.utf8))
        return AuditDigest(finalized: hasher.finalize())
    }
}
