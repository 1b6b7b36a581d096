import RegionCore
import RegionNet

/// What one tier delivered (acknowledged batches only), for reports and benchmarks.
public struct DeliveryStatistics: Sendable, Equatable {
    public var batches = 0
    public var rows = 0
    /// Bytes on the wire.
    public var wireBytes = 0
    /// The same batches as JSON before compression.
    public var jsonBytes = 0

    public init() {}

    /// JSON bytes per wire byte: 1 for uncompressed tiers.
    public var compressionRatio: Double { wireBytes == 0 ? 1 : Double(jsonBytes) / Double(wireBytes) }

    mutating func record(_ batch: OutboundBatch, body: PeerWireBody) {
        batches += 1
        rows += batch.changes.count
        wireBytes += body.bytes.count
        jsonBytes += body.uncompressedLength
    }
}
