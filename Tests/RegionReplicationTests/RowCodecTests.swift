import RegionCore
import RegionPostgres
@testable import RegionReplication
import Testing

/// Rows go from the changelog's `jsonb` text to `RowValues` (what residency classifies) and
/// back to the JSON the applier populates records from, without losing anything.
struct RowCodecTests {
    let codec = RowCodec(structured: StructuredColumns(["users": ["tags", "profile"]]))

    @Test func scannerKeepsValuesVerbatim() throws {
        let members = try #require(JSONObjectScanner.members(of: #"{"a": 1.50, "b": "x\"y", "c": null, "d": {"e": [1, "}"]}, "f": true}"#))
        #expect(members.map(\.name) == ["a", "b", "c", "d", "f"])
        #expect(members.map(\.rawValue) == ["1.50", #""x\"y""#, "null", #"{"e": [1, "}"]}"#, "true"])
    }

    @Test(arguments: ["", "[]", "{", #"{"a" 1}"#, #"{"a": 1,}"#, #"{"a": 1} x"#, #"{"a": "unterminated}"#])
    func scannerRefusesWhatIsNotOneObject(_ text: String) {
        #expect(JSONObjectScanner.members(of: text) == nil)
    }

    @Test func textColumnsAreDecodedAndStructuredOnesKeptAsJSON() throws {
        let values = try #require(codec.values(
            table: "users", json: #"{"id": 7, "name": "Ann \"A\"\n", "country": "KR", "tags": ["a", "b"], "profile": {"n": 1.50}, "note": null}"#))
        #expect(values.lookup("id") == .value("7"))
        #expect(values.lookup("name") == .value("Ann \"A\"\n"))
        #expect(values.lookup("country") == .value("KR"))
        #expect(values.lookup("tags") == .value(#"["a", "b"]"#))
        #expect(values.lookup("profile") == .value(#"{"n": 1.50}"#))
        #expect(values.lookup("note") == .null)
    }

    @Test func remoteChangeRebuildsTheRowForTheApplier() throws {
        let values = try #require(codec.values(table: "users", json: #"{"id": 7, "name": "tab\there", "tags": ["a"], "note": null}"#))
        let version = Version(hlc: HLC(physicalMilliseconds: 1_000), origin: "seoul")
        let row = VersionedRow(table: "users", key: codec.key(primaryKeyJSON: #"{"id": 7}"#), version: version, values: values)
        let change = try #require(codec.remoteChange(row))
        #expect(change.primaryKey == #"{"id": 7}"#)
        #expect(change.row == #"{"id":"7","name":"tab\there","note":null,"tags":["a"]}"#)
        #expect(codec.remoteChange(row.asTombstone)?.row == nil)
    }

    @Test func remoteChangeRefusesKeysAndStructuredValuesThatAreNotJSON() throws {
        let version = Version(hlc: HLC(physicalMilliseconds: 1_000), origin: "seoul")
        let badKey = VersionedRow(table: "users", key: RowKey("7"), version: version, values: ["id": "7"])
        #expect(codec.remoteChange(badKey) == nil)
        let badProfile = VersionedRow(table: "users", key: RowKey(#"{"id": 7}"#), version: version, values: ["profile": "{oops"])
        #expect(codec.remoteChange(badProfile) == nil)
    }

    @Test func priorImageClassifiesToTheRecordedClass() {
        let config = ThreeRegionConfig.make(ports: [1, 2, 3])
        let prior = PriorClassImage(config: config)
        let policy = ResidencyPolicy(config: config)
        for className in ["kr-personal", "gdpr", "global"] {
            #expect(policy.classify(table: "users", row: prior.image(table: "users", className: className)).className == className)
        }
        #expect(policy.classify(table: "users", row: prior.image(table: "users", className: nil)).className == nil)
        #expect(policy.classify(table: "app_logs", row: prior.image(table: "app_logs", className: "global")).className == "global")
    }

    @Test func sequenceMapFindsPositionsAndForgetsPassedOnes() {
        var map = SequenceMap(start: ChangePosition(txid: 5, seq: 1))
        map.append(1, at: ChangePosition(txid: 10, seq: 1))
        map.append(2, at: ChangePosition(txid: 10, seq: 2))
        map.append(3, at: ChangePosition(txid: 12, seq: 3))
        #expect(map.position(of: 0) == ChangePosition(txid: 5, seq: 1))
        #expect(map.position(of: 2) == ChangePosition(txid: 10, seq: 2))
        map.forget(through: 2)
        #expect(map.position(of: 2) == ChangePosition(txid: 10, seq: 2))
        #expect(map.position(of: 3) == ChangePosition(txid: 12, seq: 3))
    }

    @Test func auditTrailGroupsDecisionsAndMarksTombstones() {
        let decisions = (1...3).map { id in
            ResidencyDecisionEvent(
                kind: .transfer, payload: id == 3 ? .tombstone : .row, table: "users", key: RowKey("\(id)"),
                className: "global", from: "seoul", to: "tokyo")
        }
        let events = ResidencyAuditTrail.events(for: decisions, bytes: 300)
        #expect(events.map(\.rows) == [2, 1])
        #expect(events.map(\.detail) == [nil, "tombstone"])
        #expect(events.map(\.bytes) == [200, 100])
        #expect(events.first?.keysDigest == .ofRowKeys(["1:1", "1:2"]))
    }
}
