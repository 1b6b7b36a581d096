/// When each change of one origin's changelog was written (virtual ms), by sequence
/// number, so the receiver can measure replication lag. Entries every peer has passed are
/// dropped in bulk.
struct WriteTimeLog {
    private var times: [Int64] = []
    /// Sequence number of `times[0]`.
    private var base: Int64 = 1

    mutating func append(_ time: Int64) { times.append(time) }

    func time(of sequence: Int64) -> Int64? {
        let offset = Int(sequence - base)
        return offset >= 0 && offset < times.count ? times[offset] : nil
    }

    /// Forgets entries at or below `sequence`.
    mutating func trim(through sequence: Int64) {
        let drop = Int(sequence - base + 1)
        guard drop >= 4096, drop <= times.count else { return }
        times.removeFirst(drop)
        base += Int64(drop)
    }
}

/// The last keys written in one region, for writes that deliberately conflict.
struct RecentKeys {
    static let capacity = 256
    private var keys: [Int] = []
    private var next = 0

    var isEmpty: Bool { keys.isEmpty }

    mutating func record(_ key: Int) {
        if keys.count < Self.capacity {
            keys.append(key)
        } else {
            keys[next] = key
            next = (next + 1) % Self.capacity
        }
    }

    func pick(_ random: inout SimulationRandom) -> Int? {
        keys.isEmpty ? nil : keys[random.below(keys.count)]
    }
}
