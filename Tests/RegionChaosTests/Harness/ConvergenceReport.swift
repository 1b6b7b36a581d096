import RegionCore

/// What every region's rows say about the acknowledged writes, read after the faults.
struct ConvergenceReport: Sendable, CustomStringConvertible {
    struct Snapshot: Sendable {
        /// id -> (country, note)
        var accounts: [Int64: (country: String, note: String)]
        var counters: [String: Int64]
    }

    /// Acknowledged writes missing or older than acknowledged in a region that may hold them.
    var lost: [String] = []
    /// Acknowledged deletes undone, or a counter past every increment made: a change applied twice.
    var duplicates: [String] = []
    /// Rows in a region their residency class forbids.
    var residencyViolations: [String] = []
    /// Rows both regions may hold that differ between them (resurrected rows aside: they
    /// are counted once, as duplicates).
    var divergent: [String] = []
    private var resurrected: Set<Int64> = []

    var isClean: Bool { lost.isEmpty && duplicates.isEmpty && residencyViolations.isEmpty && divergent.isEmpty }

    init(ledger: WriteLedger, snapshots: [RegionName: Snapshot]) {
        for (region, snapshot) in snapshots.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            check(region, snapshot, against: ledger)
        }
        compareGlobalRows(snapshots)
    }

    private mutating func check(_ region: RegionName, _ snapshot: Snapshot, against ledger: WriteLedger) {
        for (id, account) in ledger.accounts where WriteLedger.may(region, hold: account.country) {
            guard let row = snapshot.accounts[id] else {
                lost.append("\(region) lacks account \(id) written in \(account.origin)")
                continue
            }
            if row.note != account.note { lost.append("\(region) holds account \(id) as '\(row.note)', acknowledged '\(account.note)'") }
        }
        for id in ledger.deleted.subtracting(ledger.inDoubt) where snapshot.accounts[id] != nil {
            duplicates.append("\(region) holds account \(id) again after its delete was acknowledged")
            resurrected.insert(id)
        }
        for (id, row) in snapshot.accounts where !WriteLedger.may(region, hold: row.country) {
            residencyViolations.append("\(region) holds account \(id) of country \(row.country)")
        }
        for (origin, acknowledged) in ledger.counters {
            let value = snapshot.counters[origin.rawValue] ?? -1
            let doubt = ledger.counterIncrementsInDoubt[origin] ?? 0
            if value < acknowledged { lost.append("\(region) has \(origin)'s counter at \(value), acknowledged \(acknowledged)") }
            if value > acknowledged + doubt { duplicates.append("\(region) has \(origin)'s counter at \(value), only \(acknowledged + doubt) increments made") }
        }
    }

    /// Rows every region may hold must be identical everywhere, including unacknowledged ones.
    private mutating func compareGlobalRows(_ snapshots: [RegionName: Snapshot]) {
        guard let reference = snapshots["seoul"] else { return }
        let referenceRows = reference.accounts.filter { $0.value.country != "KR" }
        for (region, snapshot) in snapshots where region != "seoul" {
            let rows = snapshot.accounts.filter { $0.value.country != "KR" }
            for id in Set(rows.keys).symmetricDifference(referenceRows.keys) where !resurrected.contains(id) {
                divergent.append("account \(id) is in only one of seoul and \(region)")
            }
            for (id, row) in rows where referenceRows[id].map({ $0.note != row.note }) ?? false {
                divergent.append("account \(id) differs between seoul and \(region)")
            }
            if snapshot.counters != reference.counters { divergent.append("counters differ between seoul and \(region)") }
        }
    }

    var description: String {
        let parts = [("lost", lost), ("duplicates", duplicates), ("residency violations", residencyViolations), ("divergent", divergent)]
        return parts.map { name, items in "\(name): \(items.count)\(items.isEmpty ? "" : " e.g. " + items.prefix(3).joined(separator: "; "))" }
            .joined(separator: "\n")
    }
}

extension ChaosCluster {
    /// Reads every region's rows.
    func snapshots() async throws -> [RegionName: ConvergenceReport.Snapshot] {
        var snapshots: [RegionName: ConvergenceReport.Snapshot] = [:]
        for region in ChaosDeployment.regions {
            guard let database = databases[region] else { continue }
            let connection = try await database.connect()
            do {
                let accounts = try await connection.query("SELECT id, country, coalesce(note, '') AS note FROM accounts")
                let counters = try await connection.query("SELECT id, value FROM counters")
                await connection.close()
                var snapshot = ConvergenceReport.Snapshot(accounts: [:], counters: [:])
                for row in accounts.rows {
                    guard let id = row["id"].flatMap({ Int64($0) }) else { continue }
                    snapshot.accounts[id] = (row["country"] ?? "", row["note"] ?? "")
                }
                for row in counters.rows {
                    if let id = row["id"], let value = row["value"].flatMap({ Int64($0) }) { snapshot.counters[id] = value }
                }
                snapshots[region] = snapshot
            } catch {
                await connection.close()
                throw error
            }
        }
        return snapshots
    }

    /// Re-reads every region until the rows agree with `ledger` and each other, or stop
    /// changing for 3 s (replication has nothing left to deliver), or `timeout` passes.
    func waitForConvergence(with ledger: WriteLedger, timeout: Duration = .seconds(60)) async throws -> ConvergenceReport {
        let deadline = ContinuousClock.now + timeout
        var previous = ""
        var unchangedPolls = 0
        while true {
            let snapshots = try await snapshots()
            let report = ConvergenceReport(ledger: ledger, snapshots: snapshots)
            let fingerprint = report.description + snapshots.map { "\($0.key):\($0.value.accounts.count):\($0.value.counters)" }.sorted().joined()
            unchangedPolls = fingerprint == previous ? unchangedPolls + 1 : 0
            previous = fingerprint
            if report.isClean || unchangedPolls >= 6 || ContinuousClock.now > deadline { return report }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
