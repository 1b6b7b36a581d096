/// Which agent writes DNS.
///
/// Every agent computes the same desired state, so any of them could write it; electing one
/// avoids concurrent writes racing at the provider. The coordinator is the first member of
/// the agreed view in config order, witnesses included: a witness runs the same core with the
/// same DNS credentials, and the operator expresses preference by ordering regions.yaml. When
/// the coordinator leaves the view (declared down by the quorum) the next member in config
/// order takes over, with no extra protocol: it follows from the view every agent already
/// agrees on. An agent also writes only while it is on the majority side, so a coordinator
/// cut off from the others stops writing while the majority elects its successor.
public enum CoordinatorElection {
    public static func coordinator(config: RegionsConfig, view: [RegionName]) -> RegionName? {
        config.regions.first { view.contains($0.name) }?.name
    }
}
