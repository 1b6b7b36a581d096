import RegionCore

/// Keys, regions and batches shared by the peer-protocol tests.
enum PeerProtocolFixture {
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let singapore: RegionName = "singapore"
    static let now = Timestamp(milliseconds: 1_800_000_000_000)
    static let window = Duration.seconds(300)
    static let nonce = "nonce-0123456789abcdef"

    /// A fixed 32-byte pattern: a valid key whose only relevant property is which byte it repeats.
    static func key(_ byte: UInt8) throws -> ClusterKey {
        try ClusterKey(bytes: Array(repeating: byte, count: ClusterKey.minimumBytes))
    }

    static func verifier(current: UInt8 = 1, previous: UInt8? = nil, maxBodyBytes: Int = 1 << 20) throws -> RequestVerifier {
        RequestVerifier(
            keys: ClusterKeyring(current: try key(current), previous: try previous.map(key)),
            knownSenders: [seoul, singapore], window: window, maxBodyBytes: maxBodyBytes)
    }

    static func signer(key byte: UInt8 = 1, sender: RegionName = seoul, version: PeerProtocolVersion = .current) throws -> RequestSigner {
        RequestSigner(key: try key(byte), sender: sender, protocolVersion: version)
    }

    static func change(_ sequence: Int64, key: String, table: String = "orders") -> OutboundChange {
        let version = Version(hlc: HLC(physicalMilliseconds: 1_000 + sequence), origin: seoul)
        return OutboundChange(
            sequence: sequence,
            row: VersionedRow(table: table, key: RowKey(key), version: version, values: ["status": "paid"]),
            residencyClass: "global")
    }

    static func request(
        changes: [OutboundChange] = [change(3, key: "a"), change(5, key: "b")], sequences: ClosedRange<Int64> = 3...6,
        tier: String = "critical", destination: RegionName = tokyo, origin: RegionName = seoul, compress: Bool = false
    ) -> ReplicateRequest {
        let batch = OutboundBatch(
            id: BatchID(rawValue: 42), peer: destination, tier: tier, compress: compress, sequences: sequences,
            changes: changes, bytes: changes.map(\.bytes).reduce(0, +))
        return ReplicateRequest(origin: origin, batch: batch)
    }
}
