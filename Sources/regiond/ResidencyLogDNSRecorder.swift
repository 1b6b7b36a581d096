import Foundation
import RegionAudit
import RegionCore
import RegionDNS

/// Writes each applied DNS change to a residency log as a `dns-change` record, so auditors
/// see when and why users were moved between jurisdictions beside the data transfers.
struct ResidencyLogDNSRecorder: DNSChangeRecorder {
    let log: ResidencyLog

    func record(_ change: DNSAppliedChange) async throws {
        let summary = change.desired.changeSummary(from: nil)
        let event = AuditEvent(
            kind: .dnsChange, rows: change.changes.count,
            detail: "\(change.provider): \(change.reason); \(summary)")
        let now = Timestamp.wallClock()
        _ = try await log.append(event, at: now)
    }
}
