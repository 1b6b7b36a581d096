/// Changes queued for one peer and tier but not yet cut into a batch, in arrival order,
/// with at most one entry per row.
///
/// A newer change to a row already queued replaces the queued one in place (LWW makes the
/// older one moot), keeping the earlier entry's position, sequence number and capture time
/// so neither the cursor nor the lag can overtake a change that has not been sent.
struct PendingQueue: Sendable {
    struct Entry: Sendable {
        var change: OutboundChange
        /// The smallest sequence number folded into this entry.
        var firstSequence: Int64
        /// The earliest capture time folded into this entry.
        var capturedAt: Timestamp
    }

    private var entries: [Entry] = []
    /// Entries before `head` have been taken; compacted away in bulk.
    private var head = 0
    /// Absolute position in `entries` of the queued entry for each row.
    private var positions: [RowIdentity: Int] = [:]
    private(set) var bytes = 0

    var count: Int { entries.count - head }
    var isEmpty: Bool { count == 0 }
    var first: Entry? { isEmpty ? nil : entries[head] }
    /// The oldest entry's capture time, without copying the entry (read on every deadline).
    var firstCapturedAt: Timestamp? { isEmpty ? nil : entries[head].capturedAt }
    var firstSequence: Int64? { isEmpty ? nil : entries[head].firstSequence }

    mutating func append(_ change: OutboundChange, capturedAt: Timestamp) {
        let identity = change.row.identity
        guard let position = positions[identity] else {
            positions[identity] = entries.count
            entries.append(Entry(change: change, firstSequence: change.sequence, capturedAt: capturedAt))
            bytes += change.bytes
            return
        }
        var entry = entries[position]
        entry.firstSequence = min(entry.firstSequence, change.sequence)
        entry.capturedAt = min(entry.capturedAt, capturedAt)
        if LWWMerge.decide(local: entry.change.row, incoming: change.row) == .apply {
            bytes += change.bytes - entry.change.bytes
            let coveredSequence = max(entry.change.sequence, change.sequence)
            entry.change = change
            entry.change.sequence = coveredSequence
        } else {
            entry.change.sequence = max(entry.change.sequence, change.sequence)
        }
        entries[position] = entry
    }

    /// Removes and returns entries from the front: as many as fit in `maxRows` and
    /// `maxBytes`, and always at least one (a single oversized change travels alone).
    mutating func takeBatch(maxRows: Int, maxBytes: Int) -> [Entry] {
        var taken: [Entry] = []
        var takenBytes = 0
        while head < entries.count, taken.count < maxRows {
            let entry = entries[head]
            if !taken.isEmpty, takenBytes + entry.change.bytes > maxBytes { break }
            taken.append(entry)
            takenBytes += entry.change.bytes
            positions[entry.change.row.identity] = nil
            head += 1
        }
        bytes -= takenBytes
        compactIfWorthwhile()
        return taken
    }

    private mutating func compactIfWorthwhile() {
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
            return
        }
        guard head >= 1024, head * 2 >= entries.count else { return }
        entries.removeFirst(head)
        positions = positions.mapValues { $0 - head }
        head = 0
    }
}
