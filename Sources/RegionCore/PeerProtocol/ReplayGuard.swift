/// Remembers the nonces of accepted requests for as long as their timestamps stay inside
/// the request window, so a captured request cannot be sent again.
///
/// Memory is bounded by `capacity`. When full, the guard forgets its oldest entry and from
/// then on refuses every request signed at or before that entry's time (`horizon`): a
/// forgotten nonce can therefore never be replayed; the price under overload is that a
/// late, legitimate request must be re-signed. Only requests with a valid signature should
/// be recorded, so strangers cannot fill the memory.
public struct ReplayGuard: Sendable {
    struct Entry: Sendable {
        var key: NonceKey
        var signedAt: Timestamp
    }

    struct NonceKey: Hashable, Sendable {
        var sender: RegionName
        var nonce: String
    }

    public let window: Duration
    public let capacity: Int
    /// Requests signed at or before this time are refused; it only moves forward.
    public private(set) var horizon: Timestamp?
    private var seen: [NonceKey: Timestamp] = [:]
    /// Entries in the order they were recorded; `head` is the first still live.
    private var order: [Entry] = []
    private var head = 0

    public init(window: Duration, capacity: Int = 100_000) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Nonces currently remembered.
    public var count: Int { seen.count }

    /// Records `nonce` from `sender`, signed at `signedAt`, and says whether it is new.
    /// `now` is the receiver's clock; entries whose signing time has left the window expire.
    public mutating func admit(nonce: String, from sender: RegionName, signedAt: Timestamp, now: Timestamp) -> Bool {
        expire(before: now - window)
        if let horizon, signedAt <= horizon { return false }
        let key = NonceKey(sender: sender, nonce: nonce)
        guard seen[key] == nil else { return false }
        if seen.count >= capacity { forgetOldest() }
        seen[key] = signedAt
        order.append(Entry(key: key, signedAt: signedAt))
        return true
    }

    private mutating func expire(before cutoff: Timestamp) {
        while head < order.count, order[head].signedAt < cutoff {
            remove(order[head])
            head += 1
        }
        compact()
    }

    private mutating func forgetOldest() {
        guard head < order.count else { return }
        let oldest = order[head]
        horizon = max(horizon ?? oldest.signedAt, oldest.signedAt)
        remove(oldest)
        head += 1
        compact()
    }

    /// Removes the nonce unless a later entry re-recorded it (which `admit` prevents, but
    /// the check keeps `seen` and `order` consistent by construction).
    private mutating func remove(_ entry: Entry) {
        if seen[entry.key] == entry.signedAt { seen[entry.key] = nil }
    }

    /// Drops consumed entries once they make up half the buffer, keeping memory linear in `count`.
    private mutating func compact() {
        if head > 0, head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
