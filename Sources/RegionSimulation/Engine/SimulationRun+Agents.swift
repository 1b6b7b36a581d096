import RegionCore

/// Driving the agents: wake-ups, probes against the simulated network, gossip, drains.
extension SimulationRun {
    /// Makes sure the agent is woken at its `nextWakeUp` (in its own, possibly skewed, clock).
    /// The core promises that deadline lies after the time of its last `tick`; should it
    /// not, the wake moves one millisecond on rather than looping at one instant.
    mutating func scheduleWake(_ region: Int, justTicked: Bool = false) {
        guard let wakeUp = agentWakeUp[region] else { return }
        let deadline = wakeUp.milliseconds - Self.epochMilliseconds - clockSkew[region]
        let due = deadline > now ? deadline : (justTicked ? now + 1 : now)
        if let scheduled = wakeScheduled[region], scheduled <= due, scheduled >= now { return }
        wakeScheduled[region] = due
        queue.schedule(.agentWake(region: region), at: due)
    }

    mutating func agentWake(_ region: Int) {
        guard wakeScheduled[region] == now else { return }
        wakeScheduled[region] = nil
        drive(region, ticking: true) { agent, time in agent.tick(now: time) }
    }

    /// Feeds one input to an agent, performs the actions it returns, and re-arms its wake-up.
    mutating func drive(_ region: Int, ticking: Bool = false, _ input: (inout AgentCore, Timestamp) -> [AgentAction]) {
        // Optional chaining mutates the agent inside the array: no copy of its state.
        let time = localTime(region)
        guard let (actions, wakeUp) = agents[region]?.receive(input, at: time) else { return }
        agentWakeUp[region] = wakeUp
        for action in actions { perform(action, by: region) }
        scheduleWake(region, justTicked: ticking)
    }

    private mutating func perform(_ action: AgentAction, by region: Int) {
        switch action {
        case .probe(let target, let sequence):
            probe(from: region, target: target, sequence: sequence)
        case .sendGossip(let gossip, let peers):
            for peer in peers {
                guard let index = indexOf[peer], let delay = network.delivery(from: region, to: index) else { continue }
                queue.schedule(.gossipArrives(to: index, gossip), at: now + delay)
            }
        case .applyDNS(let state, let reason):
            applyDNS(state, reason: reason, by: region)
        case .healthChanged(let transition):
            recorder.healthChanged(now, observer: regions[region], transition: transition)
        case .viewChanged(let down, let up):
            recorder.viewChanged(now, by: regions[region], down: down, up: up)
        case .coordinatorChanged(let coordinator):
            recorder.coordinatorChanged(now, by: regions[region], to: coordinator)
        case .alarm(let alarm):
            recorder.alarm(now, region: regions[region], alarm)
        }
    }

    /// A probe succeeds when the target runs and both directions of the link deliver; its
    /// latency is the sampled round trip. A probe that gets no answer is never reported:
    /// the core counts it as failed at its own timeout, as in production.
    private mutating func probe(from region: Int, target: RegionName, sequence: UInt64) {
        guard let targetIndex = indexOf[target], let there = network.delivery(from: region, to: targetIndex),
            let back = network.delivery(from: targetIndex, to: region)
        else { return }
        let roundTrip = there + back
        let result = ProbeResult(target: target, sequence: sequence, outcome: .success(latency: .milliseconds(roundTrip)))
        queue.schedule(.probeAnswered(observer: region, result), at: now + roundTrip)
    }

    mutating func deliverProbe(_ observer: Int, _ result: ProbeResult) {
        guard network.isUp(observer) else { return }
        drive(observer) { agent, time in agent.probeCompleted(result, now: time) }
    }

    mutating func deliverGossip(_ region: Int, _ gossip: ObservationGossip) {
        guard network.isUp(region) else { return }
        drive(region) { agent, time in agent.gossipReceived(gossip, now: time) }
    }

    /// Every running agent learns its own region's catch-up lag once a second, as the
    /// agent's replicator would report it.
    mutating func reportLag() {
        for region in regions.indices where agentRunning[region] {
            let lag = catchUpLag(of: region)
            drive(region) { agent, time in
                agent.replicationLagReported(region: agent.region, lagByTier: lag, now: time)
            }
        }
        if !finished { queue.schedule(.lagReport, at: now + 1_000) }
    }

    /// Starts a fresh agent in a region that comes back: the process restarted, its
    /// memory is gone, its database survived.
    mutating func restartAgent(_ region: Int) {
        agentRestarts[region] += 1
        startAgent(region, jitterSeed: scenario.seed &+ UInt64(region) &+ UInt64(agentRestarts[region]) << 32)
    }

    /// The agent process starts now (at a phase of its own, so probe rounds of different
    /// agents and different seeds fall differently against an outage). Drains are
    /// re-posted by the operator tooling.
    mutating func startAgent(_ region: Int, jitterSeed: UInt64) {
        let agent = try? AgentCore(config: config, region: regions[region], now: localTime(region), jitterSeed: jitterSeed)
        agentRunning[region] = agent != nil
        agentWakeUp[region] = agent?.nextWakeUp
        agents[region] = agent
        wakeScheduled[region] = nil
        for drainedRegion in config.voterNames where drained.contains(drainedRegion) {
            drive(region) { agent, time in agent.drainChanged(region: drainedRegion, drained: true, now: time) }
        }
        scheduleWake(region)
    }

    mutating func setDrain(_ target: RegionName, drained isDrained: Bool) {
        if isDrained { drained.insert(target) } else { drained.remove(target) }
        for region in regions.indices where agentRunning[region] {
            drive(region) { agent, time in agent.drainChanged(region: target, drained: isDrained, now: time) }
        }
    }
}

extension AgentCore {
    /// Feeds one input to the agent where it is stored, returning its actions and next
    /// wake-up, so the shell never reads (and so copies) the agent out of its array.
    fileprivate mutating func receive(
        _ input: (inout AgentCore, Timestamp) -> [AgentAction], at time: Timestamp
    ) -> (actions: [AgentAction], nextWakeUp: Timestamp) {
        let actions = input(&self, time)
        return (actions, nextWakeUp)
    }
}
