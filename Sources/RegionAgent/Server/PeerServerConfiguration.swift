import Metrics
import RegionCore
import RegionNet

/// Where the agent's HTTP server listens and whom it trusts.
public struct PeerServerConfiguration: Sendable {
    /// Address to bind; `127.0.0.1` in tests and the loopback demo.
    public var host: String
    /// Port to bind; 0 picks a free one (read it back with `PeerServer.listeningPort()`).
    public var port: Int
    /// Signature, window, version, sender and body-size checks of `.peer` routes.
    public var verifier: RequestVerifier
    /// Nonces remembered for replay detection (`ReplayGuard.capacity`).
    public var replayCapacity: Int
    /// The receiver's clock for the request window; injectable so tests can sign in the past.
    public var clock: @Sendable () -> Timestamp
    /// Where refusals are counted; the process-wide `MetricsSystem` unless a test injects one.
    public var metrics: any MetricsFactory

    public init(
        host: String, port: Int, verifier: RequestVerifier, replayCapacity: Int = 100_000,
        clock: @escaping @Sendable () -> Timestamp = WallClock.now, metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.metrics = metrics
        self.host = host
        self.port = port
        self.verifier = verifier
        self.replayCapacity = replayCapacity
        self.clock = clock
    }

    /// The server of region `local`, trusting the other regions of `config` under `keys`
    /// with `config.security`'s request window and body limit.
    public init(config: RegionsConfig, local: RegionName, keys: ClusterKeyring, host: String, port: Int) {
        self.init(host: host, port: port, verifier: RequestVerifier(keys: keys, config: config, local: local))
    }

    /// The largest body any route accepts, signed or open.
    public var maxBodyBytes: Int { verifier.maxBodyBytes }
}
