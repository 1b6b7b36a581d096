import Logging
import RegionAgent
import RegionCore
import RegionIntegrity
import RegionNet

/// Tokyo's integrity endpoints served by a real `PeerServer` on a loopback port, and a
/// client signing as seoul: the benchmark's check crosses HTTP as the agents' does.
struct BenchmarkTransport {
    let server: PeerServer
    let http: HTTPClient
    let client: PeerClient
    private let serving: Task<Void, Error>

    static func start(serving store: PostgresIntegrityStore, logger: Logger) async throws -> BenchmarkTransport {
        let keys = ClusterKeyring(current: try ClusterKey(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max) }))
        let server = PeerServer(
            configuration: PeerServerConfiguration(
                host: "127.0.0.1", port: 0,
                verifier: RequestVerifier(keys: keys, config: BenchmarkDeployment.config(), local: BenchmarkDeployment.tokyo)),
            routes: IntegrityRoutes.routes(store: store, logger: logger), logger: logger)
        let serving = Task { try await server.run() }
        let port = await server.listeningPort()
        let http = try HTTPClient(logger: logger)
        let client = PeerClient(
            config: BenchmarkDeployment.config(tokyoPort: port), signer: RequestSigner(key: keys.current, sender: BenchmarkDeployment.seoul),
            http: http, timeout: AgentIntegrity.peerTimeout, logger: logger)
        return BenchmarkTransport(server: server, http: http, client: client, serving: serving)
    }

    func tokyo(meter: ExchangeMeter) -> HTTPIntegrityPeer {
        HTTPIntegrityPeer(region: BenchmarkDeployment.tokyo, client: client, meter: meter)
    }

    func stop() async {
        await http.shutdown()
        serving.cancel()
        _ = await serving.result
    }
}
