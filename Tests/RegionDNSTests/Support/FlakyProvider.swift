import Foundation
import RegionCore
import RegionDNS

/// A provider in memory that fails its first `failures` applies, like a DNS API that is
/// down for a while; it keeps what was applied so tests can check idempotence.
actor FlakyProvider: DNSProvider {
    nonisolated let name = "flaky"
    private var remainingFailures: Int
    private(set) var stored: [DNSRecordSet] = []
    private(set) var writes = 0
    private let config: RegionsConfig

    struct Outage: Error {}

    init(failures: Int, config: RegionsConfig = TestDeployment.config()) {
        remainingFailures = failures
        self.config = config
    }

    func currentRecords() async throws -> [DNSRecordSet] { stored }

    nonisolated func render(_ desired: DesiredDNSState) throws -> [DNSRecordSet] {
        desired.geos.map { DNSRecordSet(name: "app.example.com.", type: "A", ttl: 5, values: [$0.served?.rawValue ?? ""], setIdentifier: $0.geo) }
    }

    func apply(_ desired: DesiredDNSState) async throws -> DNSApplyReport {
        if remainingFailures > 0 {
            remainingFailures -= 1
            throw Outage()
        }
        let wanted = try render(desired)
        let changes = DNSRecordChange.between(current: stored, desired: wanted)
        if !changes.isEmpty {
            stored = wanted
            writes += 1
        }
        return DNSApplyReport(provider: name, changes: changes)
    }
}

/// Collects what a publisher hands to the audit log, and the alarms it raises.
actor Collector: DNSChangeRecorder {
    private(set) var changes: [DNSAppliedChange] = []
    private(set) var sleeps: [Duration] = []

    func record(_ change: DNSAppliedChange) async throws { changes.append(change) }
    func slept(_ duration: Duration) { sleeps.append(duration) }
}

/// Alarms are raised synchronously, so they are kept under a lock, in order.
final class AlarmLog: @unchecked Sendable {
    private let lock = NSLock()
    private var raised: [DNSProviderAlarm] = []

    var alarms: [DNSProviderAlarm] { lock.withLock { raised } }

    func raise(_ alarm: DNSProviderAlarm) { lock.withLock { raised.append(alarm) } }

    func waitForAlarm() async throws {
        while alarms.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
    }
}
