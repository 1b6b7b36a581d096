import Foundation
import RegionAudit
import RegionCore

/// `POST /v1/drain`: an operator (through `regiond drain`, signed with the cluster key)
/// drains or undrains a region. The CLI posts to every agent, so whichever agent
/// coordinates plans with the drain; each agent records it in its residency log.
enum DrainRoute {
    static func make(runtime: AgentRuntime, config: RegionsConfig, log: ResidencyLog?, clock: any AgentClock) -> PeerRoute {
        PeerRoute(method: "POST", path: DrainRequest.path, access: .peer) { request in
            let drain: DrainRequest
            do {
                drain = try JSONDecoder().decode(DrainRequest.self, from: Data(request.body))
            } catch {
                return .refusal(status: 400, reason: "malformed_drain", message: "drain request is not valid JSON: \(error)")
            }
            guard config.region(drain.region) != nil else {
                let known = config.voterNames.map(\.rawValue).joined(separator: ", ")
                return .refusal(status: 400, reason: "unknown_region", message: "region '\(drain.region)' is not in regions.yaml; known: \(known)")
            }
            await runtime.deliver(.drainChanged(region: drain.region, drained: drain.drained))
            let verb = drain.drained ? "drained" : "undrained"
            let event = AuditEvent(
                kind: .drain, to: drain.region,
                detail: "\(drain.region) \(verb) by \(drain.requestedBy) (signed as \(request.peer.map(\.rawValue) ?? "unknown"))")
            do {
                try await log?.append(event, at: clock.now())
            } catch {
                return .refusal(status: 500, reason: "audit_unavailable", message: "drain applied but not recorded in the residency log: \(error)")
            }
            let core = await runtime.core
            return .json(DrainReply(agent: core.region, drained: core.config.voterNames.filter { core.drained.contains($0) }))
        }
    }
}
