/// The newest version the integrity check still expects both regions to agree on.
///
/// A change younger than its tier's lag objective (plus the allowed clock skew) may still be
/// on its way, so a difference involving it is in flight, not divergence. A table no tier
/// names is not replicated and gets no allowance beyond the skew.
public enum ReplicationHorizon {
    public static func horizon(config: RegionsConfig, table: String, now: Timestamp) -> HLC {
        let allowance = (config.tier(ofTable: table)?.maxLag ?? .zero) + config.replication.maxClockSkew
        return HLC(physicalMilliseconds: (now - allowance).milliseconds, logical: UInt16.max)
    }
}
