import RegionCore

/// Every write the application was told was committed, in the region it was made: the
/// truth that "writes lost" and "duplicates visible" are measured against.
///
/// A write whose commit the client never heard about (the database died mid-statement) is
/// in doubt: it may or may not have happened, so it is excluded from both measures.
struct WriteLedger: Sendable {
    struct Account: Sendable, Equatable {
        var origin: RegionName
        var country: String
        var note: String
    }

    /// Live accounts (inserted or updated, not deleted), by id.
    private(set) var accounts: [Int64: Account] = [:]
    private(set) var deleted: Set<Int64> = []
    private(set) var inDoubt: Set<Int64> = []
    /// Each origin's counter as its last acknowledged increment left it.
    private(set) var counters: [RegionName: Int64] = [:]
    /// Increments whose acknowledgement never arrived, per origin.
    private(set) var counterIncrementsInDoubt: [RegionName: Int64] = [:]
    /// Acknowledged writes of every kind.
    private(set) var acknowledged = 0
    /// Writes that failed or whose outcome is unknown.
    private(set) var failed = 0

    mutating func inserted(_ id: Int64, _ account: Account) {
        accounts[id] = account
        acknowledged += 1
    }

    mutating func updated(_ id: Int64, note: String) {
        accounts[id]?.note = note
        acknowledged += 1
    }

    mutating func deletedAccount(_ id: Int64) {
        accounts[id] = nil
        deleted.insert(id)
        acknowledged += 1
    }

    mutating func counted(_ origin: RegionName, value: Int64) {
        counters[origin] = value
        acknowledged += 1
    }

    /// A write to `id` failed without telling whether it committed.
    mutating func doubt(_ id: Int64) {
        accounts[id] = nil
        inDoubt.insert(id)
        failed += 1
    }

    mutating func doubtCounter(_ origin: RegionName) {
        counterIncrementsInDoubt[origin, default: 0] += 1
        failed += 1
    }

    /// A write that certainly did not commit (the connection was refused before it was sent).
    mutating func refused() {
        failed += 1
    }

    /// Whether `region` may hold an account of `country` (kr-personal stays in seoul).
    static func may(_ region: RegionName, hold country: String) -> Bool {
        country != "KR" || region == "seoul"
    }
}
