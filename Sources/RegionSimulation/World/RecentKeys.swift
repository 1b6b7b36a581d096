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
