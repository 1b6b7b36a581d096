/// Which peers a region checks on its integrity schedule.
///
/// Every pair of serving regions is checked once per interval, by the pair's member that
/// comes first in regions.yaml, so two agents never repair the same pair at the same time.
/// Witnesses hold no data and take no part.
public enum IntegrityPairing {
    public static func peersToCheck(config: RegionsConfig, from region: RegionName) -> [RegionName] {
        let serving = config.servingRegions.map(\.name)
        guard let position = serving.firstIndex(of: region) else { return [] }
        return Array(serving[serving.index(after: position)...])
    }
}
