/// Why an `ObservationsRequest` is refused as a whole (HTTP 400).
public enum ObservationsValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    case senderMismatch(claimed: RegionName, sender: RegionName)
    case relayedObservation(observer: RegionName, sender: RegionName)

    public var httpStatus: Int { 400 }

    public var description: String {
        switch self {
        case .senderMismatch(let claimed, let sender):
            "gossip claims to come from \(claimed) but was signed by \(sender); an agent may only send its own gossip"
        case .relayedObservation(let observer, let sender):
            "gossip from \(sender) carries an observation made by \(observer); agents never relay observations, so the sender is faulty"
        }
    }
}
