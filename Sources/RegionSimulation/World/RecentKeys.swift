/// The last tracked keys written in one region, for writes that deliberately conflict.
///
/// Only a sample of fresh writes is tracked key by key (`SimulationRun.trackedShare`), so
/// the pool keeps as many keys as that sample yields over the last 256 writes: a uniform
/// pick from it is a uniform pick among the region's 256 most recent writes.
struct RecentKeys {
    static let capacity = 16
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
