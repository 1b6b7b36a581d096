/// What one simulated region's database holds: for each key of the catalog, the version of
/// its copy (or `absent`). Every row of a template carries the same values, so the version
/// is all that tells two copies apart; merging is the LWW rule on versions.
struct RegionStore {
    private(set) var versions: [CompactVersion]

    init(keyCount: Int) {
        versions = [CompactVersion](repeating: .absent, count: keyCount)
    }

    subscript(key: Int) -> CompactVersion { versions[key] }

    mutating func write(_ key: Int, _ version: CompactVersion) { versions[key] = version }

    /// Last-write-wins merge of an incoming copy; true when it replaced the held one.
    mutating func apply(_ key: Int, _ incoming: CompactVersion) -> Bool {
        guard incoming > versions[key] else { return false }
        versions[key] = incoming
        return true
    }
}
