import RegionCore
import Testing

/// Which copy wins, per kind of difference.
struct RowReconcilerTests {
    let seoul: RegionName = "seoul"
    let tokyo: RegionName = "tokyo"
    let horizon = HLC(physicalMilliseconds: 1_000_000)

    func version(_ milliseconds: Int64, _ origin: RegionName) -> Version {
        Version(hlc: HLC(physicalMilliseconds: milliseconds), origin: origin)
    }

    func resolve(_ local: RowCopy?, _ remote: RowCopy?) -> RowDivergence.Resolution? {
        let reconciler = RowReconciler(local: seoul, remote: tokyo, horizon: horizon)
        let result = reconciler.reconcile(
            local: local.map { [RowEntry(key: "k", copy: $0)] } ?? [], remote: remote.map { [RowEntry(key: "k", copy: $0)] } ?? [])
        return result.divergences.first?.resolution
    }

    @Test func equalCopiesAreNotDivergence() {
        let copy = RowCopy.live(version: version(10, seoul), digest: "a")
        #expect(resolve(copy, copy) == nil)
    }

    @Test func theNewerVersionIsShipped() {
        #expect(resolve(.live(version: version(20, seoul), digest: "b"), .live(version: version(10, seoul), digest: "a"))
            == .repair(.ship(from: .local, tombstone: false)))
        #expect(resolve(.live(version: version(10, seoul), digest: "a"), .tombstone(version(20, tokyo)))
            == .repair(.ship(from: .remote, tombstone: true)))
    }

    @Test func equalHLCIsBrokenByOriginName() {
        #expect(resolve(.live(version: version(10, seoul), digest: "a"), .live(version: version(10, tokyo), digest: "b"))
            == .repair(.ship(from: .remote, tombstone: false)))
    }

    @Test func aTombstoneOrAWithheldRowAloneIsNoDivergence() {
        #expect(resolve(.tombstone(version(10, seoul)), nil) == nil)
        #expect(resolve(nil, .withheld(version(10, tokyo))) == nil)
    }

    @Test func aNewerWithheldRowTravelsAsATombstone() {
        #expect(resolve(.withheld(version(20, seoul)), .live(version: version(10, seoul), digest: "a"))
            == .repair(.ship(from: .local, tombstone: true)))
    }

    @Test func sameVersionDifferentContentIsSettledByTheOrigin() {
        let tampered = RowCopy.live(version: version(10, tokyo), digest: "x")
        let original = RowCopy.live(version: version(10, tokyo), digest: "y")
        #expect(resolve(tampered, original) == .repair(.restore(from: .remote, version: version(10, tokyo))))
        let third = Version(hlc: HLC(physicalMilliseconds: 10), origin: "singapore")
        #expect(resolve(.live(version: third, digest: "x"), .live(version: third, digest: "y"))
            == .unrepairable(.sameVersionNoOrigin(third)))
    }

    @Test func aRowDeletedBehindRegiondsBackIsRestored() {
        #expect(resolve(.missing(version(10, seoul)), .live(version: version(10, seoul), digest: "a"))
            == .repair(.restore(from: .remote, version: version(10, seoul))))
    }

    @Test func theNewestCopyLostIsUnrepairable() {
        #expect(resolve(.missing(version(20, seoul)), .live(version: version(10, seoul), digest: "a"))
            == .unrepairable(.newestCopyLost(version(20, seoul), holder: .local)))
    }

    @Test func unversionedRowsAreAdoptedWhenAlone() {
        #expect(resolve(nil, .live(version: nil, digest: "a")) == .repair(.adopt(from: .remote)))
        #expect(resolve(.live(version: nil, digest: "b"), .live(version: nil, digest: "a")) == .unrepairable(.unversionedConflict))
    }

    @Test func rowsNewerThanTheHorizonAreInFlight() {
        let reconciler = RowReconciler(local: seoul, remote: tokyo, horizon: horizon)
        let result = reconciler.reconcile(
            local: [RowEntry(key: "k", copy: .live(version: version(2_000_000, seoul), digest: "b"))],
            remote: [RowEntry(key: "k", copy: .live(version: version(10, seoul), digest: "a"))])
        #expect(result.inFlight == 1 && result.divergences.isEmpty && result.compared == 1)
    }
}
