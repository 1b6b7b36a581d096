/// The state machine one agent runs: health tracking of every voter, observation gossip, the
/// quorum view, failover planning and (on the coordinator) DNS publication.
///
/// It performs no I/O and reads no clock: the shell (the real agent or the simulator) feeds
/// it events with the current time and performs the `AgentAction`s it returns, in order.
/// Call `tick(now:)` at `nextWakeUp` (or more often); call the other methods when the event
/// happens. Like postgres-nio's `ConnectionStateMachine`, every input is a `mutating` method
/// returning the actions it caused, which is what lets the simulator run the exact decision
/// code of the production agent.
///
/// It writes DNS only when all of these hold: it is the coordinator (`CoordinatorElection`),
/// it hears a majority of the view, it has heard every member (or waited one observation
/// TTL) since it gained that majority, and the desired state differs from what it published
/// or a retry is due.
///
/// Drains are not gossiped: the shell delivers `drainChanged` to every agent (the CLI posts to
/// all of them), so whichever agent coordinates knows them.
public struct AgentCore: Sendable, Equatable {
    public let config: RegionsConfig
    /// The region this agent runs in (the observer of its probes).
    public let region: RegionName
    public private(set) var health: HealthTracker
    public private(set) var quorum: QuorumView
    public private(set) var planner: FailoverPlanner
    public private(set) var drained: Set<RegionName> = []
    /// The last plan computed, with the regions awaiting catch-up and unserved geos.
    public private(set) var plan: FailoverPlan
    /// Whether this agent heard a majority of the view at the last event.
    public private(set) var isOnMajoritySide = false
    public private(set) var coordinator: RegionName?
    /// When this agent last started hearing a majority; see `hasWarmedUp`.
    private var majoritySince: Timestamp?
    private var probes: ProbeSchedule
    private var nextGossipAt: Timestamp
    private var publication: DNSPublication
    private var ownLagByTier: [String: Duration] = [:]
    private var ownLagMeasuredAt: Timestamp?
    /// `hasWarmedUp` at the last event, for `nextWakeUp` (which has no time to evaluate it at).
    private var wasWarmedUp = false

    /// - Parameter jitterSeed: spreads DNS retry delays; pass a random value in the agent and
    ///   a value derived from the scenario seed in the simulator.
    public init(
        config: RegionsConfig, region: RegionName, now: Timestamp, jitterSeed: UInt64 = 0,
        dnsRetry: RetryBackoff = RetryBackoff()
    ) throws(AgentCoreError) {
        guard config.region(region) != nil else { throw .unknownRegion(region, known: config.voterNames) }
        self.config = config
        self.region = region
        health = HealthTracker(observer: region, targets: config.voterNames, settings: config.health)
        quorum = QuorumView(config: config)
        planner = FailoverPlanner(config: config)
        plan = planner.plan(view: config.voterNames, drained: [], now: now)
        coordinator = CoordinatorElection.coordinator(config: config, view: config.voterNames)
        probes = ProbeSchedule(targets: config.voterNames, firstRoundAt: now)
        nextGossipAt = now + config.health.gossipInterval
        publication = DNSPublication(backoff: dnsRetry, applyTimeout: config.dns.applyTimeout, jitterSeed: jitterSeed)
    }

    /// The agreed view (voters not declared down), in config order.
    public var agreedView: [RegionName] { quorum.members }
    /// What DNS should answer according to this agent.
    public var desiredDNS: DesiredDNSState { plan.state }
    public var isCoordinator: Bool { coordinator == region }
    /// The DNS state this agent last published successfully, if it coordinated.
    public var publishedDNS: DesiredDNSState? { publication.published }

    /// When the shell should call `tick` next at the latest. After `tick(now:)` it always
    /// lies after `now`, so a shell can sleep until it without polling.
    public var nextWakeUp: Timestamp {
        let earliest = min(probes.nextDeadline(timeout: config.health.timeout), nextGossipAt)
        return publicationDeadline.map { min(earliest, $0) } ?? earliest
    }

    /// When DNS publication next needs time to pass: an unanswered write's timeout always;
    /// a retry only while this agent may write (coordinator on the majority side), and not
    /// before its warm-up ends, since a retry it may not perform is no reason to wake.
    private var publicationDeadline: Timestamp? {
        if let expiry = publication.inFlightExpiry { return expiry }
        guard let retryAt = publication.retryAt, isCoordinator, isOnMajoritySide, let majoritySince else { return nil }
        return wasWarmedUp ? retryAt : max(retryAt, majoritySince + config.health.observationTTL)
    }

    /// Time passes: counts unanswered probes as failed, sends due probes and gossip, expires
    /// old observations, re-evaluates the view and re-plans.
    public mutating func tick(now: Timestamp) -> [AgentAction] {
        var actions: [AgentAction] = []
        var healthChanged = false
        for target in probes.timedOut(now: now, timeout: config.health.timeout) {
            let outcome = ProbeOutcome.failure(reason: "no answer within \(config.health.timeout)")
            healthChanged = recordProbe(outcome, for: target, now: now, into: &actions) || healthChanged
        }
        actions += probes.dueProbes(now: now, interval: config.health.interval)
        if healthChanged || now >= nextGossipAt { actions.append(gossip(now: now)) }
        quorum.expireObservations(now: now)
        if let alarm = publication.expireInFlight(now: now) { actions.append(.alarm(alarm)) }
        actions += settle(now: now, cause: .timePassed)
        return actions
    }

    /// A probe this agent asked for completed. Late answers (after the core counted the probe
    /// as timed out) are ignored.
    public mutating func probeCompleted(_ result: ProbeResult, now: Timestamp) -> [AgentAction] {
        guard probes.complete(result) else { return [] }
        var actions: [AgentAction] = []
        if recordProbe(result.outcome, for: result.target, now: now, into: &actions) {
            actions.append(gossip(now: now))
        }
        return actions + settle(now: now, cause: .probe(result.target))
    }

    /// A peer's observations arrived. Messages from regions not in regions.yaml, or claiming
    /// to come from this agent, are ignored. Until this agent has warmed up on the majority
    /// side it adopts the peer's regions awaiting catch-up: it may have missed their outage.
    public mutating func gossipReceived(_ message: ObservationGossip, now: Timestamp) -> [AgentAction] {
        guard message.from != region, quorum.voters.contains(message.from) else { return [] }
        if !(isOnMajoritySide && hasWarmedUp(now: now)) {
            for awaiting in message.awaitingCatchUp { planner.awaitCatchUp(of: awaiting, since: now) }
        }
        quorum.record(message, now: now)
        if let measuredAt = message.lagMeasuredAt {
            planner.recordLag(region: message.from, lagByTier: message.lagByTier, measuredAt: measuredAt)
        }
        return settle(now: now, cause: .gossip(from: message.from))
    }

    /// The replication catch-up lag of `region` per tier name was measured now. For this
    /// agent's own region it is also gossiped, so every agent gates failback on the same
    /// numbers. Report every tier, periodically: failback only trusts measurements taken
    /// after the region left the view.
    public mutating func replicationLagReported(
        region lagging: RegionName, lagByTier: [String: Duration], now: Timestamp
    ) -> [AgentAction] {
        if lagging == region {
            ownLagByTier = lagByTier
            ownLagMeasuredAt = now
        }
        planner.recordLag(region: lagging, lagByTier: lagByTier, measuredAt: now)
        return settle(now: now, cause: .replicationLag(lagging))
    }

    /// An operator drained (planned maintenance) or undrained a region.
    public mutating func drainChanged(region drainedRegion: RegionName, drained isDrained: Bool, now: Timestamp) -> [AgentAction] {
        guard config.region(drainedRegion) != nil else { return [] }
        if isDrained { drained.insert(drainedRegion) } else { drained.remove(drainedRegion) }
        return settle(now: now, cause: .drain(drainedRegion, drained: isDrained))
    }

    /// The DNS provider accepted `state`.
    public mutating func dnsApplySucceeded(_ state: DesiredDNSState, now: Timestamp) -> [AgentAction] {
        publication.succeeded(state)
        return settle(now: now, cause: .publishCompleted)
    }

    /// The DNS provider refused or failed; the write is retried with backoff.
    public mutating func dnsApplyFailed(reason: String, now: Timestamp) -> [AgentAction] {
        let alarm = publication.failed(reason: reason, now: now)
        return [.alarm(alarm)] + settle(now: now, cause: .publishFailed)
    }

    /// Records a probe outcome and this agent's resulting observation; true when its belief
    /// about the target changed.
    private mutating func recordProbe(
        _ outcome: ProbeOutcome, for target: RegionName, now: Timestamp, into actions: inout [AgentAction]
    ) -> Bool {
        let transition = health.record(outcome, for: target, at: now)
        if let observation = health.observation(of: target) { quorum.record(observation) }
        guard let transition else { return false }
        actions.append(.healthChanged(transition))
        return transition.from.isAlive != transition.to.isAlive
    }

    private mutating func gossip(now: Timestamp) -> AgentAction {
        nextGossipAt = now + config.health.gossipInterval
        let message = ObservationGossip(
            from: region, sentAt: now,
            observations: quorum.voters.compactMap { health.observation(of: $0) },
            lagByTier: ownLagByTier, lagMeasuredAt: ownLagMeasuredAt, awaitingCatchUp: plan.awaitingCatchUp
        )
        return .sendGossip(message, to: quorum.voters.filter { $0 != region })
    }

    /// After any event: re-evaluate the view, re-plan, raise alarms on new conditions, and
    /// publish DNS when this agent is the coordinator on the majority side.
    private mutating func settle(now: Timestamp, cause: ReplanCause) -> [AgentAction] {
        var actions: [AgentAction] = []
        var cause = cause
        let change = quorum.evaluate(now: now)
        if !change.isEmpty {
            actions.append(.viewChanged(down: change.down, up: change.up))
            cause = .viewChanged(change)
        }
        replan(now: now, cause: &cause, into: &actions)
        updateMajoritySide(now: now, into: &actions)
        electCoordinator(cause: &cause, into: &actions)
        wasWarmedUp = isCoordinator && isOnMajoritySide && hasWarmedUp(now: now)
        if isCoordinator, isOnMajoritySide, wasWarmedUp,
           let write = publication.nextWrite(desired: plan.state, cause: cause, now: now) {
            actions.append(write)
        }
        return actions
    }

    /// Whether this agent knows enough to write DNS: since it (re)gained the majority it has
    /// heard every member of its view, or one observation TTL has passed. A restarted or
    /// healed agent holds an outdated view; hearing only part of the majority that removed it,
    /// it would otherwise believe itself coordinator and publish that stale view, which the
    /// real coordinator (whose desired state did not change) would never correct.
    private func hasWarmedUp(now: Timestamp) -> Bool {
        guard let majoritySince else { return false }
        return now - majoritySince >= config.health.observationTTL
            || quorum.heardMemberCount(by: region, now: now) == quorum.members.count
    }

    private mutating func replan(now: Timestamp, cause: inout ReplanCause, into actions: inout [AgentAction]) {
        let previous = plan
        plan = planner.plan(view: quorum.members, drained: drained, now: now)
        let unserved = plan.geosWithoutAvailableRegion
        if !unserved.isEmpty, unserved != previous.geosWithoutAvailableRegion {
            actions.append(.alarm(.noAvailableRegion(geos: unserved)))
        }
        let caughtUp = previous.awaitingCatchUp.filter { !plan.awaitingCatchUp.contains($0) && quorum.contains($0) }
        if !caughtUp.isEmpty {
            cause = .failback(caughtUp)
        }
    }

    private mutating func updateMajoritySide(now: Timestamp, into actions: inout [AgentAction]) {
        let wasOnMajoritySide = isOnMajoritySide
        isOnMajoritySide = quorum.isOnMajoritySide(region, now: now)
        if !wasOnMajoritySide, isOnMajoritySide { majoritySince = now }
        if wasOnMajoritySide, !isOnMajoritySide {
            majoritySince = nil
            let heard = quorum.heardMemberCount(by: region, now: now)
            actions.append(.alarm(.isolated(heard: heard, viewSize: quorum.members.count)))
        }
    }

    private mutating func electCoordinator(cause: inout ReplanCause, into actions: inout [AgentAction]) {
        let elected = CoordinatorElection.coordinator(config: config, view: quorum.members)
        guard elected != coordinator else { return }
        coordinator = elected
        actions.append(.coordinatorChanged(elected))
        if isCoordinator {
            publication.forgetPublished()
            cause = .tookOverAsCoordinator(after: cause)
        }
    }
}
