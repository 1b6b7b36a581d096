/// Rules that need the whole model at once: traffic shares, the failover time budget,
/// health hysteresis, and where failover would separate users from their data.
struct RegionsConfigValidator {
    let config: RegionsConfig
    let sourceMap: ConfigSourceMap
    /// Paths whose values could not be read; rules depending on them are skipped so the
    /// user sees the real error, not a consequence of it.
    let incomplete: Set<String>
    let log: DiagnosticLog

    func validate() {
        checkTrafficShares()
        checkHealthHysteresis()
        checkFailoverBudget()
        warnAboutResidencyGaps()
    }

    private func isComplete(_ paths: String...) -> Bool { incomplete.isDisjoint(with: paths) }

    private func checkTrafficShares() {
        guard !incomplete.contains("regions") else { return }
        for (index, region) in config.regions.enumerated() where region.role == .witness && region.traffic != 0 {
            log.error(
                sourceMap.location("regions.\(index).traffic"),
                "region '\(region.name)' is a witness and serves no traffic; set traffic: 0")
        }
        let serving = config.servingRegions
        guard !serving.isEmpty else {
            if !config.regions.isEmpty {
                log.error(sourceMap.location("regions"), "no region serves traffic; give at least one region a role other than witness")
            }
            return
        }
        let trafficReadable = config.regions.indices.allSatisfy { isComplete("regions.\($0).traffic") }
        let total = serving.reduce(0) { $0 + $1.traffic }
        guard trafficReadable, total != 100 else { return }
        let shares = serving.map { "\($0.name) \($0.traffic)" }.joined(separator: ", ")
        log.error(sourceMap.location("regions"), "traffic shares of serving regions add up to \(total), not 100 (\(shares))")
    }

    private func checkHealthHysteresis() {
        let health = config.health
        if isComplete("health.failure_threshold", "health.recovery_threshold"), health.recoveryThreshold <= health.failureThreshold {
            log.error(
                sourceMap.location("health.recovery_threshold", "health"),
                "recovery_threshold \(health.recoveryThreshold) must be larger than failure_threshold \(health.failureThreshold), so a region comes back more slowly than it leaves (no flapping)")
        }
        if isComplete("health.interval", "health.timeout"), health.timeout >= health.interval {
            log.warning(
                sourceMap.location("health.timeout", "health"),
                "probe timeout \(format(health.timeout)) is not shorter than the interval \(format(health.interval)); probes of one target will overlap")
        }
        if isComplete("health.gossip_interval", "health.observation_ttl"), health.observationTTL <= health.gossipInterval * 2 {
            log.error(
                sourceMap.location("health.observation_ttl", "health"),
                "observation_ttl \(format(health.observationTTL)) must exceed two gossip rounds (\(format(health.gossipInterval * 2))), or one lost message empties the quorum")
        }
    }

    private func checkFailoverBudget() {
        let budget = FailoverBudget(config: config)
        let detectionInputs = ["health.interval", "health.failure_threshold", "health.timeout", "health.gossip_interval", "objectives.detection"]
        guard incomplete.isDisjoint(with: detectionInputs) else { return }
        if !budget.meetsDetectionObjective {
            log.error(
                sourceMap.location("health.failure_threshold", "health.interval", "health"),
                "worst-case detection \(format(budget.detection)) (interval \(format(budget.probeInterval)) × failure_threshold \(budget.failureThreshold) + timeout \(format(budget.probeTimeout)) + gossip_interval \(format(budget.gossipInterval))) exceeds the \(format(config.objectives.detection)) detection objective; probe more often or lower failure_threshold")
        }
        guard isComplete("dns.apply_timeout", "service.ttl", "objectives.reroute"), !budget.meetsRerouteObjective else { return }
        log.error(
            sourceMap.location("service.ttl", "dns.apply_timeout"),
            "worst-case reroute \(format(budget.reroute)) (detection \(format(budget.detection)) + dns.apply_timeout \(format(budget.dnsApply)) + ttl \(format(budget.ttl))) exceeds the \(format(config.objectives.reroute)) reroute objective; lower the ttl or the DNS apply timeout")
    }

    private func warnAboutResidencyGaps() {
        for gap in ResidencyFailoverGap.gaps(in: config) {
            log.warning(sourceMap.location("geo.\(gap.geo).prefer.\(gap.region)", "geo.\(gap.geo).name"), gap.message)
        }
    }

    private func format(_ duration: Duration) -> String { ConfigDuration.format(duration) }
}

extension ResidencyFailoverGap {
    /// One sentence naming who loses sight of which data where, and why.
    public var message: String {
        let tableList = tables.joined(separator: ", ")
        let allowed = allowedRegions.isEmpty ? "no region" : allowedRegions.map(\.rawValue).joined(separator: ", ")
        let why = "residency class '\(residencyClass)' may be stored only in \(allowed)"
        if rank == 0 {
            return "geo '\(geo)' is served by \(region) even with nothing down, and cannot see its \(residencyClass) rows there (\(tableList)): \(why)"
        }
        return "\(geo) users failed over to \(region) cannot see their \(residencyClass) rows (\(tableList)): \(why)"
    }
}
