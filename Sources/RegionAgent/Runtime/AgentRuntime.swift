import Logging
import RegionCore

/// The shell around `AgentCore`: one actor that reads the clock, feeds every event to the
/// core in arrival order and performs the actions it returns.
///
/// Inputs arrive through `deliver(_:)` (from the peer server, the operator, and the
/// runtime's own probe, DNS and timer tasks); the core's answer is applied at once for
/// bookkeeping actions and queued for the I/O ones, which `run()` performs concurrently so a
/// slow probe never delays gossip or a DNS write. Nothing here decides anything: the
/// simulator runs the same core with simulated I/O.
public actor AgentRuntime {
    public private(set) var core: AgentCore
    /// Whether this agent has heard a majority of the view at least once (readiness).
    public private(set) var hasFormedView = false
    private let clock: any AgentClock
    private let effects: AgentEffects
    private let logger: Logger
    private let work: AsyncStream<AgentAction>
    private let workInput: AsyncStream<AgentAction>.Continuation
    /// Upper bound of one sleep of the timer loop, so a reloaded config takes effect promptly.
    private let maximumSleep: Duration

    public init(core: AgentCore, clock: any AgentClock, effects: AgentEffects, logger: Logger, maximumSleep: Duration = .seconds(1)) {
        self.core = core
        self.clock = clock
        self.effects = effects
        self.logger = logger
        self.maximumSleep = maximumSleep
        (work, workInput) = AsyncStream.makeStream(of: AgentAction.self)
    }

    /// Feeds `event` to the core at the current time and dispatches the resulting actions.
    public func deliver(_ event: AgentEvent) {
        let now = clock.now()
        for observer in effects.observers { observer.agentReceived(event, at: now) }
        for action in core.handle(event, now: now) {
            for observer in effects.observers { observer.agentDecided(action, at: now) }
            switch action {
            case .probe, .sendGossip, .applyDNS: workInput.yield(action)
            case .healthChanged, .viewChanged, .coordinatorChanged, .alarm: break
            }
        }
        if core.isOnMajoritySide { hasFormedView = true }
        for observer in effects.observers { observer.agentSettled(core, at: now) }
    }

    /// Replaces the core after a configuration reload. Health and quorum start afresh from
    /// the new file (the core holds both); operator drains are carried over so a reload
    /// never silently returns a drained region to DNS.
    public func replaceConfig(_ config: RegionsConfig, jitterSeed: UInt64) throws(AgentCoreError) {
        let drained = core.drained
        let now = clock.now()
        var replacement = try AgentCore(config: config, region: core.region, now: now, jitterSeed: jitterSeed)
        for region in drained { _ = replacement.drainChanged(region: region, drained: true, now: now) }
        core = replacement
    }

    /// Runs the timer, lag reporting and the queued I/O until the task is cancelled.
    public nonisolated func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.runTimer() }
            if let lagSource = effects.lag {
                group.addTask { await self.reportLag(from: lagSource) }
            }
            for await action in work {
                group.addTask { await self.perform(action) }
            }
        }
    }

    /// Ends `run()`: queued I/O not yet started is dropped, running I/O is cancelled.
    public nonisolated func stop() {
        workInput.finish()
    }

    private func runTimer() async {
        while !Task.isCancelled {
            deliver(.tick)
            let now = clock.now()
            let wakeUp = min(core.nextWakeUp, now + maximumSleep)
            do {
                try await clock.sleep(until: max(wakeUp, now + .milliseconds(10)))
            } catch {
                return
            }
        }
        workInput.finish()
    }

    private func reportLag(from source: any ReplicationLagSource) async {
        while !Task.isCancelled {
            for (region, lagByTier) in await source.catchUpLag() where !lagByTier.isEmpty {
                deliver(.replicationLag(region: region, lagByTier: lagByTier))
            }
            let interval = core.config.health.gossipInterval
            do {
                try await clock.sleep(until: clock.now() + interval)
            } catch {
                return
            }
        }
    }

    private nonisolated func perform(_ action: AgentAction) async {
        switch action {
        case .probe(let target, let sequence):
            let outcome = await effects.prober.probe(target)
            await deliver(.probeCompleted(ProbeResult(target: target, sequence: sequence, outcome: outcome)))
        case .sendGossip(let message, let peers):
            await withDiscardingTaskGroup { group in
                for peer in peers {
                    group.addTask { await self.sendGossip(message, to: peer) }
                }
            }
        case .applyDNS(let state, let reason):
            do {
                try await effects.dns.publish(state, reason: reason)
                await deliver(.dnsApplySucceeded(state))
            } catch {
                logger.warning("DNS publication failed", metadata: ["reason": "\(error)"])
                await deliver(.dnsApplyFailed(reason: "\(error)"))
            }
        case .healthChanged, .viewChanged, .coordinatorChanged, .alarm:
            break
        }
    }

    private nonisolated func sendGossip(_ message: ObservationGossip, to peer: RegionName) async {
        do {
            try await effects.gossip.send(message, to: peer)
        } catch {
            logger.debug("gossip not delivered", metadata: ["peer": "\(peer)", "reason": "\(error)"])
        }
    }
}
