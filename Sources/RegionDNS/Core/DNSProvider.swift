import RegionCore

/// A DNS service that serves the failover plan to users' resolvers.
///
/// Every agent computes the same `DesiredDNSState`, so `apply` must be idempotent: when
/// the provider already serves what is desired it writes nothing and reports no change,
/// which keeps provider APIs quiet and audit logs free of noise.
public protocol DNSProvider: Sendable {
    /// Names the provider and its endpoint in logs, alarms and audit records.
    var name: String { get }

    /// The record sets of the steered hostnames as the provider serves them now.
    func currentRecords() async throws -> [DNSRecordSet]

    /// The record sets this provider would store for `desired`, without writing them.
    func render(_ desired: DesiredDNSState) throws -> [DNSRecordSet]

    /// Makes the provider serve `desired`; writes only when something differs.
    func apply(_ desired: DesiredDNSState) async throws -> DNSApplyReport
}

extension DNSProvider {
    /// What `apply` would change, without writing (`regiond dns apply --dry-run`).
    public func plannedChanges(for desired: DesiredDNSState) async throws -> [DNSRecordChange] {
        DNSRecordChange.between(current: try await currentRecords(), desired: try render(desired))
    }
}
