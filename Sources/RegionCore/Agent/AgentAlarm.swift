/// A condition an SRE should hear about; the shell logs it, exports it as a metric and
/// records it in the timeline.
public enum AgentAlarm: Sendable, Equatable, CustomStringConvertible {
    /// No region can serve these geos; DNS keeps answering with the last published regions.
    case noAvailableRegion(geos: [String])
    /// The DNS provider refused or timed out; the coordinator retries with backoff.
    case dnsApplyFailing(consecutiveFailures: Int, reason: String)
    /// This agent stopped hearing a majority of the view; it changes nothing until it does.
    case isolated(heard: Int, viewSize: Int)

    public var description: String {
        switch self {
        case .noAvailableRegion(let geos):
            "no region can serve \(geos.joined(separator: ", ")); DNS keeps the last answer. Bring a region back or undrain one."
        case .dnsApplyFailing(let failures, let reason):
            "DNS update failed \(failures) time(s) in a row (\(reason)); retrying with backoff. Check the DNS provider and its credentials."
        case .isolated(let heard, let viewSize):
            "this agent hears only \(heard) of \(viewSize) voters; it makes no decision until it hears a majority. Check its network links."
        }
    }
}
