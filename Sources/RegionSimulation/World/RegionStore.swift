/// What one simulated region's database holds: for each key of the catalog, the version of
/// its copy (or `absent`). Every row of a template carries the same values, so the version
/// is all that tells two copies apart; merging is the LWW rule on versions.
///
/// Versions live in pages allocated at the first write to one of their keys: a region
/// holds only the key ranges of the classes and homes that write to it, and a run that
/// zeroed (and page-faulted) every store's whole key space up front spent more time on
/// that than on many of its writes.
struct RegionStore {
    private static let pageShift = 12
    private static let pageMask = (1 << pageShift) - 1

    /// Empty until a key of the page is written.
    private var pages: [[CompactVersion]]

    init(keyCount: Int) {
        pages = Array(repeating: [], count: (keyCount + Self.pageMask) >> Self.pageShift)
    }

    subscript(key: Int) -> CompactVersion {
        let page = key >> Self.pageShift
        return pages[page].isEmpty ? .absent : pages[page][key & Self.pageMask]
    }

    mutating func write(_ key: Int, _ version: CompactVersion) {
        let page = key >> Self.pageShift
        if pages[page].isEmpty { pages[page] = Array(repeating: .absent, count: Self.pageMask + 1) }
        pages[page][key & Self.pageMask] = version
    }

    /// Last-write-wins merge of an incoming copy; true when it replaced the held one.
    mutating func apply(_ key: Int, _ incoming: CompactVersion) -> Bool {
        guard incoming > self[key] else { return false }
        write(key, incoming)
        return true
    }

    /// Every key held (not absent), in key order, with its version.
    func forEachHeld(_ body: (_ key: Int, _ version: CompactVersion) -> Void) {
        for (page, versions) in pages.enumerated() where !versions.isEmpty {
            for (offset, version) in versions.enumerated() where !version.isAbsent { body(page << Self.pageShift | offset, version) }
        }
    }
}
