import Testing
@testable import RegionCore

@Suite struct LWWTests {
    typealias F = ResidencyFixture
    let key = RowKey("42")

    func row(_ version: Version, _ name: String?) -> VersionedRow {
        VersionedRow(table: "users", key: key, version: version, values: name.map { F.user("42", country: "SG", name: $0) })
    }

    @Test func aNewerIncomingRowReplacesTheLocalOne() {
        #expect(LWWMerge.decide(local: row(F.version(1), "old"), incoming: row(F.version(2), "new")) == .apply)
        #expect(LWWMerge.decide(local: nil, incoming: row(F.version(1), "new")) == .apply)
    }

    @Test func anOlderIncomingRowIsIgnored() {
        #expect(LWWMerge.decide(local: row(F.version(2), "new"), incoming: row(F.version(1), "old")) == .ignore(.stale))
    }

    @Test func equalHLCsAreBrokenByOriginTheSameWayEverywhere() {
        let fromSeoul = row(F.version(5, F.seoul), "seoul")
        let fromTokyo = row(F.version(5, F.tokyo), "tokyo")
        #expect(LWWMerge.merge(fromSeoul, fromTokyo) == fromTokyo)
        #expect(LWWMerge.merge(fromTokyo, fromSeoul) == fromTokyo)
    }

    @Test func aLateUpdateNeverResurrectsADeletedRow() {
        var replica = ReplicaState()
        replica.apply(row(F.version(1), "created"))
        replica.apply(row(F.version(3), nil))
        let decision = replica.apply(row(F.version(2), "late update"))
        #expect(decision == .ignore(.stale))
        #expect(replica.row(table: "users", key: key)?.isTombstone == true)
        #expect(replica.liveRows.isEmpty)
    }

    @Test func aDeleteOlderThanTheRowIsIgnored() {
        var replica = ReplicaState()
        replica.apply(row(F.version(5), "current"))
        #expect(replica.apply(row(F.version(4), nil)) == .ignore(.stale))
        #expect(replica.row(table: "users", key: key)?.values?.columns["name"] == "current")
    }

    @Test func aTombstoneArrivingBeforeTheRowStillWins() {
        var replica = ReplicaState()
        replica.apply(row(F.version(3), nil))
        replica.apply(row(F.version(1), "created late"))
        #expect(replica.liveRows.isEmpty)
    }

    @Test func aWriteAfterADeleteRecreatesTheRow() {
        var replica = ReplicaState()
        replica.apply(row(F.version(3), nil))
        let rewritten = replica.write(table: "users", key: key, values: F.user("42", country: "SG"), now: HLC(physicalMilliseconds: 1), origin: F.seoul)
        #expect(rewritten.version.hlc == HLC(physicalMilliseconds: 3, logical: 1))
        #expect(replica.liveRows.count == 1)
    }

    @Test func localWritesAreVersionedAfterTheHeldCopy() {
        var replica = ReplicaState()
        replica.apply(row(F.version(10_000, F.tokyo), "from tokyo"))
        let local = replica.write(table: "users", key: key, values: F.user("42", country: "SG"), now: HLC(physicalMilliseconds: 9_000), origin: F.seoul)
        #expect(local.version > F.version(10_000, F.tokyo))
        let deleted = replica.delete(table: "users", key: key, now: HLC(physicalMilliseconds: 9_001), origin: F.seoul)
        #expect(deleted.isTombstone && deleted.version > local.version)
    }

    @Test func redeliveryIsRecognisedAsDuplicateAndChangesNothing() {
        var replica = ReplicaState()
        let batch = [row(F.version(1), "a"), row(F.version(2), "b"), row(F.version(3), nil)]
        let first = replica.apply(batch: batch)
        let afterFirst = replica
        let second = replica.apply(batch: batch)
        #expect(first == ApplySummary(applied: 3))
        #expect(second == ApplySummary(stale: 2, duplicates: 1))
        #expect(replica == afterFirst)
    }

    @Test func aClassChangeTombstoneNeverRemovesTheRowItWasSplitFrom() {
        let data = row(F.version(7), "data")
        let tombstone = row(F.version(7), nil)
        let other = row(F.version(7), "zzz")
        #expect(LWWMerge.merge(data, tombstone) == data)
        #expect(LWWMerge.merge(tombstone, data) == data)
        #expect(LWWMerge.merge(data, other) == LWWMerge.merge(other, data))
    }

    @Test func tombstonesAreKeyAndVersionOnly() {
        let full = row(F.version(7), "data")
        #expect(full.asTombstone.values == nil)
        #expect(full.asTombstone.key == full.key && full.asTombstone.version == full.version)
    }

    @Test func purgingTombstonesKeepsLiveRows() {
        var replica = ReplicaState()
        replica.apply(row(F.version(1), nil))
        replica.apply(VersionedRow(table: "users", key: RowKey("7"), version: F.version(1), values: F.user("7", country: "SG")))
        replica.purgeTombstones { $0.version.hlc < HLC(physicalMilliseconds: 2) }
        #expect(replica.rows.count == 1)
        #expect(replica.liveRows.count == 1)
    }

    @Test func canonicalKeysAreUnambiguousForCompositeKeys() {
        #expect(RowKey(["a:b", "c"]).canonical != RowKey(["a", "b:c"]).canonical)
        #expect(RowKey(["ab", ""]).canonical != RowKey(["a", "b"]).canonical)
    }
}

@Suite struct LWWTombstonePurgeTests {
    typealias F = ResidencyFixture
    let policy = TombstonePurgePolicy(grace: .seconds(60))
    let tombstone = VersionedRow.tombstone(table: "users", key: RowKey("1"), version: F.version(10_000))

    @Test func aTombstoneEveryPeerAcknowledgedGoesAfterTheGracePeriod() {
        #expect(policy.isPurgeable(tombstone, sequence: 5, peerCursors: [5, 9], now: Timestamp(milliseconds: 70_000)))
    }

    @Test func aTombstoneStaysWithinTheGracePeriod() {
        #expect(!policy.isPurgeable(tombstone, sequence: 5, peerCursors: [5, 9], now: Timestamp(milliseconds: 69_999)))
    }

    @Test func aTombstoneStaysWhileAPeerHasNotAcknowledgedIt() {
        #expect(!policy.isPurgeable(tombstone, sequence: 5, peerCursors: [4, 9], now: Timestamp(milliseconds: 1_000_000)))
    }

    @Test func liveRowsAreNeverPurged() {
        let live = VersionedRow(table: "users", key: RowKey("1"), version: F.version(1), values: ["id": "1"])
        #expect(!policy.isPurgeable(live, sequence: 1, peerCursors: [], now: Timestamp(milliseconds: 1_000_000)))
    }
}
