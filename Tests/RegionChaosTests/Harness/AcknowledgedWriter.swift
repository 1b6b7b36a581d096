import RegionCore
import RegionPostgres

/// The application: writes in every region at once (inserts, updates, deletes, counter
/// increments; Korean accounts in seoul only) and records in a `WriteLedger` each write its
/// region acknowledged. Survives its database being killed: a failed connection is
/// reopened on the next write.
actor AcknowledgedWriter {
    private let databases: [RegionName: RegionDatabase]
    private var connections: [RegionName: PostgresConnection] = [:]
    private var steps: [RegionName: Int64] = [:]
    private(set) var ledger = WriteLedger()

    init(databases: [RegionName: RegionDatabase]) {
        self.databases = databases
    }

    /// Writes round-robin over the regions until cancelled, pausing `pause` between rounds.
    func run(pause: Duration = .milliseconds(30)) async {
        for region in ChaosDeployment.regions { await createCounter(of: region) }
        while !Task.isCancelled {
            for region in ChaosDeployment.regions { await step(in: region) }
            try? await Task.sleep(for: pause)
        }
        for connection in connections.values { await connection.close() }
        connections = [:]
    }

    /// Account ids are disjoint per region: a region's writes never conflict with another's.
    private static func id(_ region: RegionName, step: Int64) -> Int64 {
        Int64((ChaosDeployment.regions.firstIndex(of: region) ?? 0) + 1) * 1_000_000_000 + step
    }

    private func step(in region: RegionName) async {
        let step = steps[region, default: 0] + 1
        steps[region] = step
        let id = Self.id(region, step: step)
        let country = region == "seoul" && step % 3 == 0 ? "KR" : ChaosDeployment.countries[region] ?? "US"
        let account = WriteLedger.Account(origin: region, country: country, note: "v1 \(region) \(step)")
        if await write(in: region, doubting: id, "INSERT INTO accounts VALUES ($1, $2, $3, $4)", ["\(id)", country, region.rawValue, account.note]) {
            ledger.inserted(id, account)
        }
        if step % 4 == 0 { await increment(region) }
        let earlier = Self.id(region, step: step - 3)
        if step % 5 == 0, ledger.accounts[earlier] != nil,
           await write(in: region, doubting: earlier, "DELETE FROM accounts WHERE id = $1", ["\(earlier)"]) {
            ledger.deletedAccount(earlier)
        }
        let updated = Self.id(region, step: step - 1)
        if step % 6 == 0, ledger.accounts[updated] != nil {
            let note = "v2 \(region) \(step - 1)"
            if await write(in: region, doubting: updated, "UPDATE accounts SET note = $1 WHERE id = $2", [note, "\(updated)"]) {
                ledger.updated(updated, note: note)
            }
        }
    }

    private func createCounter(of region: RegionName) async {
        guard let connection = await connection(to: region) else { return }
        do {
            _ = try await connection.query("INSERT INTO counters VALUES ($1, 0) ON CONFLICT DO NOTHING", [region.rawValue])
            ledger.counted(region, value: 0)
        } catch {
            await drop(region)
        }
    }

    private func increment(_ region: RegionName) async {
        guard let connection = await connection(to: region) else { return ledger.refused() }
        do {
            let rows = try await connection.query("UPDATE counters SET value = value + 1 WHERE id = $1 RETURNING value", [region.rawValue])
            if let value = rows.first?["value"].flatMap({ Int64($0) }) { ledger.counted(region, value: value) }
        } catch {
            ledger.doubtCounter(region)
            await drop(region)
        }
    }

    /// Runs one statement; false when it was not acknowledged (and then its row is in doubt).
    private func write(in region: RegionName, doubting id: Int64, _ sql: String, _ parameters: [String?]) async -> Bool {
        guard let connection = await connection(to: region) else {
            ledger.refused()
            return false
        }
        do {
            _ = try await connection.query(sql, parameters)
            return true
        } catch {
            ledger.doubt(id)
            await drop(region)
            return false
        }
    }

    private func connection(to region: RegionName) async -> PostgresConnection? {
        if let open = connections[region] { return open }
        guard let opened = try? await databases[region]?.connect() else { return nil }
        connections[region] = opened
        return opened
    }

    private func drop(_ region: RegionName) async {
        await connections.removeValue(forKey: region)?.close()
    }
}
