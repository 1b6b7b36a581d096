import RegionPostgres

/// Maps the outbox's sequence numbers back to changelog positions.
///
/// The core's outbox numbers changes with one increasing `Int64`; the changelog orders a
/// tier's changes by `(txid, seq)`. Each lane numbers the changes it reads and remembers the
/// position of each number until every peer's cursor has passed it.
struct SequenceMap: Sendable {
    private var sequences: [Int64] = []
    private var positions: [ChangePosition] = []
    private var head = 0
    /// The position of the highest sequence forgotten so far (the cursor floor).
    private var floor: ChangePosition

    init(start: ChangePosition) { floor = start }

    mutating func append(_ sequence: Int64, at position: ChangePosition) {
        sequences.append(sequence)
        positions.append(position)
    }

    /// The changelog position of `sequence`, or of the highest number below it.
    func position(of sequence: Int64) -> ChangePosition {
        var low = head
        var high = sequences.count
        while low < high {
            let middle = (low + high) / 2
            if sequences[middle] <= sequence { low = middle + 1 } else { high = middle }
        }
        return low > head ? positions[low - 1] : floor
    }

    /// Forgets numbers at or below `sequence` (every peer has passed them).
    mutating func forget(through sequence: Int64) {
        while head < sequences.count, sequences[head] <= sequence {
            floor = positions[head]
            head += 1
        }
        if head > 4_096, head * 2 > sequences.count {
            sequences.removeFirst(head)
            positions.removeFirst(head)
            head = 0
        }
    }
}
