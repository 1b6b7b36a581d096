import RegionCore
import RegionNet

/// `POST /v1/observations`: a peer's gossip, checked to be entirely the signer's own
/// observations, then fed to this agent's core.
enum ObservationsRoute {
    static func make(runtime: AgentRuntime, wire: PeerWire) -> PeerRoute {
        PeerRoute(.observations) { request in
            guard let sender = request.peer else {
                return .refusal(status: 401, reason: "unsigned", message: "observations must be signed by a cluster member")
            }
            let message: ObservationsRequest
            do {
                message = try wire.decode(ObservationsRequest.self, from: request.body, header: request.header)
                try message.validate(sender: sender)
            } catch {
                return .refusal(status: 400, reason: "malformed_observations", message: "\(error)")
            }
            await runtime.deliver(.gossipReceived(message.gossip))
            return .json(["accepted": message.gossip.observations.count])
        }
    }
}
