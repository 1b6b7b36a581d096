import Logging
import RegionCore

/// Writes the agent's decisions to the structured log: one line per belief change, view
/// change, coordinator change and alarm, with the fields an SRE greps for.
public struct AgentEventLog: AgentObserver {
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func agentReceived(_ event: AgentEvent, at now: Timestamp) {
        if case .drainChanged(let region, let drained) = event {
            logger.notice(drained ? "region drained by operator" : "region undrained by operator", metadata: ["region": "\(region)"])
        }
    }

    public func agentDecided(_ action: AgentAction, at now: Timestamp) {
        switch action {
        case .healthChanged(let transition):
            logger.info("health changed", metadata: [
                "target": "\(transition.target)", "from": "\(transition.from.rawValue)", "to": "\(transition.to.rawValue)",
            ])
        case .viewChanged(let down, let up):
            logger.notice("quorum view changed", metadata: [
                "down": .array(down.map { "\($0)" }), "up": .array(up.map { "\($0)" }),
            ])
        case .coordinatorChanged(let coordinator):
            logger.notice("coordinator changed", metadata: ["coordinator": "\(coordinator.map(\.rawValue) ?? "none")"])
        case .alarm(let alarm):
            logger.warning("\(alarm)")
        case .applyDNS(_, let reason):
            logger.info("publishing DNS", metadata: ["reason": "\(reason)"])
        case .probe, .sendGossip:
            break
        }
    }
}
