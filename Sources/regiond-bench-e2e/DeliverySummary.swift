import RegionReplication

/// Logs-tier deliveries of all regions together.
struct DeliverySummary {
    var batches = 0
    var rows = 0
    var wireBytes = 0
    var jsonBytes = 0

    var ratio: Double { wireBytes == 0 ? 1 : Double(jsonBytes) / Double(wireBytes) }

    mutating func add(_ statistics: DeliveryStatistics) {
        batches += statistics.batches
        rows += statistics.rows
        wireBytes += statistics.wireBytes
        jsonBytes += statistics.jsonBytes
    }
}
