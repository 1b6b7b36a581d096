import Testing
@testable import RegionCore

@Suite struct ResidencyClassificationTests {
    typealias F = ResidencyFixture
    let policy = F.policy

    @Test(arguments: [
        ("KR", "kr-personal"), ("kr", "kr-personal"), (" KR ", "kr-personal"),
        ("DE", "gdpr"), ("FR", "gdpr"), ("GR", "gdpr"), ("SE", "gdpr"),
        ("SG", "global"), ("JP", "global"), ("US", "global"), ("CH", "global"),
    ])
    func countryColumnSelectsTheClass(country: String, expected: String) {
        #expect(policy.classify(table: "users", row: F.user("1", country: country)) == .classified(expected))
    }

    @Test func nullCountryHasNoClass() {
        #expect(policy.classify(table: "users", row: F.user("1", country: nil))
            == .undetermined(.nullValue(table: "users", column: "country")))
    }

    @Test func blankCountryIsTreatedAsNull() {
        #expect(policy.classify(table: "users", row: F.user("1", country: "  "))
            == .undetermined(.nullValue(table: "users", column: "country")))
    }

    @Test func missingColumnHasNoClass() {
        #expect(policy.classify(table: "users", row: ["id": "1"])
            == .undetermined(.columnAbsent(table: "users", column: "country")))
    }

    @Test func tableWithoutRuleHasNoClass() {
        #expect(policy.classify(table: "payments", row: ["id": "1"]) == .undetermined(.noRule(table: "payments")))
    }

    @Test func fixedClassNeedsNoRowImage() {
        #expect(policy.classify(table: "orders", row: nil) == .classified("global"))
    }

    @Test func unmappedValueWithoutDefaultHasNoClass() {
        let strict = ResidencyPolicy(ResidencyConfig(
            classes: F.residency.classes,
            tables: ["users": .byColumn(column: "country", map: ["KR": "kr-personal"], default: nil)]))
        #expect(strict.classify(table: "users", row: F.user("1", country: "SG"))
            == .undetermined(.unmappedValue(table: "users", column: "country")))
    }

    @Test func ruleNamingAnUndeclaredClassFailsClosed() {
        let broken = ResidencyPolicy(ResidencyConfig(classes: F.residency.classes, tables: ["orders": .fixed(className: "typo")]))
        #expect(broken.classify(table: "orders", row: nil) == .undetermined(.unknownClass(table: "orders", className: "typo")))
    }

    @Test func anExplicitCountryKeyWinsOverTheEUGroup() {
        let special = ResidencyPolicy(ResidencyConfig(
            classes: F.residency.classes,
            tables: ["users": .byColumn(column: "country", map: ["EU": "gdpr", "DE": "global"], default: nil)]))
        #expect(special.classify(table: "users", row: F.user("1", country: "DE")) == .classified("global"))
        #expect(special.classify(table: "users", row: F.user("1", country: "FR")) == .classified("gdpr"))
    }

    @Test func theEUGroupHasTheTwentySevenMemberStates() {
        #expect(CountryGroup.europeanUnion.count == 27)
        #expect(CountryGroup.members(of: "eu") == CountryGroup.europeanUnion)
        #expect(!CountryGroup.europeanUnion.contains("GB"))
        #expect(CountryGroup.members(of: "KR") == nil)
    }

    @Test func allowsFollowsTheClassRegions() {
        #expect(policy.allows(className: "kr-personal", region: F.seoul))
        #expect(!policy.allows(className: "kr-personal", region: F.singapore))
        #expect(policy.allows(className: "gdpr", region: F.frankfurt))
        #expect(!policy.allows(className: "gdpr", region: F.seoul))
        #expect(F.allRegions.allSatisfy { policy.allows(className: "global", region: $0) })
        #expect(!policy.allows(className: "unknown", region: F.seoul))
        #expect(!policy.allows(.undetermined(.noRule(table: "x")), region: F.seoul))
    }
}

@Suite struct ResidencyRoutingTests {
    typealias F = ResidencyFixture
    let policy = F.policy
    let peers = F.allRegions
    let key = RowKey("42")

    func actions(_ plan: RoutingPlan) -> [RegionName: RouteAction] {
        Dictionary(uniqueKeysWithValues: plan.decisions.map { ($0.destination, $0.action) })
    }

    @Test func aKoreanUserInsertedInSeoulStaysInSeoul() {
        let change = RowChange.insert(table: "users", key: key, version: F.version(1), values: F.user("42", country: "KR"))
        let plan = policy.route(change: change, origin: F.seoul, peers: peers)
        #expect(plan.decisions.map(\.destination) == [F.singapore, F.tokyo, F.frankfurt])
        #expect(plan.decisions.allSatisfy { $0.action == .block(.classForbids(className: "kr-personal")) })
        #expect(plan.events.allSatisfy { $0.kind == .blocked && $0.className == "kr-personal" && $0.from == F.seoul })
        #expect(!plan.originViolation)
    }

    @Test func aGlobalRowShipsWholeEverywhere() {
        let change = RowChange.insert(table: "users", key: key, version: F.version(1), values: F.user("42", country: "SG"))
        let plan = policy.route(change: change, origin: F.singapore, peers: peers)
        #expect(plan.decisions.allSatisfy { $0.action == .ship(change.newRow) })
        #expect(plan.events.allSatisfy { $0.kind == .transfer && $0.payload == .row && $0.className == "global" })
        #expect(plan.events.map(\.to) == [F.seoul, F.tokyo, F.frankfurt])
    }

    @Test func aGDPRRowGoesToFrankfurtOnly() {
        let change = RowChange.insert(table: "users", key: key, version: F.version(1), values: F.user("42", country: "FR"))
        let routed = actions(policy.route(change: change, origin: F.seoul, peers: peers))
        #expect(routed[F.frankfurt] == .ship(change.newRow))
        #expect(routed[F.singapore] == .block(.classForbids(className: "gdpr")))
        #expect(routed[F.tokyo] == .block(.classForbids(className: "gdpr")))
    }

    @Test func nullCountryFailsClosedAndStaysInTheOrigin() {
        let change = RowChange.insert(table: "users", key: key, version: F.version(1), values: F.user("42", country: nil))
        let plan = policy.route(change: change, origin: F.singapore, peers: peers)
        let reason = BlockReason.unclassified(.nullValue(table: "users", column: "country"))
        #expect(plan.decisions.allSatisfy { $0.action == .block(reason) })
        #expect(plan.events.allSatisfy { $0.kind == .blocked && $0.className == nil && $0.reason == reason.description })
        #expect(!plan.originViolation)
    }

    @Test func classChangeFromKoreanToGlobalShipsTheWholeRowToNewlyAllowedRegions() {
        let change = RowChange.update(
            table: "users", key: key, version: F.version(2),
            old: F.user("42", country: "KR"), new: F.user("42", country: "SG", name: "moved"))
        let plan = policy.route(change: change, origin: F.seoul, peers: peers)
        #expect(plan.classification == .classified("global"))
        for peer in [F.singapore, F.tokyo, F.frankfurt] {
            let decision = plan.decision(for: peer)
            #expect(decision?.action == .ship(change.newRow))
            #expect(decision?.event.kind == .transfer)
            #expect(decision?.event.payload == .row)
        }
        if case .ship(let row)? = plan.decision(for: F.singapore)?.action {
            #expect(row.values == F.user("42", country: "SG", name: "moved"))
        }
    }

    @Test func classChangeFromGlobalToKoreanDeletesTheRowEverywhereOutsideKorea() {
        let change = RowChange.update(
            table: "users", key: key, version: F.version(3),
            old: F.user("42", country: "SG"), new: F.user("42", country: "KR"))
        let plan = policy.route(change: change, origin: F.singapore, peers: peers)
        let routed = actions(plan)
        #expect(routed[F.seoul] == .ship(change.newRow))
        #expect(routed[F.tokyo] == .tombstone(change.tombstone))
        #expect(routed[F.frankfurt] == .tombstone(change.tombstone))
        if case .tombstone(let row)? = routed[F.tokyo] {
            #expect(row.values == nil && row.version == F.version(3))
        }
        #expect(plan.decision(for: F.tokyo)?.event.payload == .tombstone)
        #expect(plan.decision(for: F.tokyo)?.event.kind == .transfer)
        #expect(plan.originViolation, "singapore holds a kr-personal row the app wrote there")
    }

    @Test func classChangeToNullCountryRemovesTheRowFromPeers() {
        let change = RowChange.update(
            table: "users", key: key, version: F.version(3),
            old: F.user("42", country: "SG"), new: F.user("42", country: nil))
        let routed = actions(policy.route(change: change, origin: F.singapore, peers: peers))
        #expect([F.seoul, F.tokyo, F.frankfurt].allSatisfy { routed[$0] == .tombstone(change.tombstone) })
    }

    @Test func anUpdateThatStaysForbiddenIsBlocked() {
        let change = RowChange.update(
            table: "users", key: key, version: F.version(3),
            old: F.user("42", country: "KR"), new: F.user("42", country: "KR", name: "renamed"))
        let routed = actions(policy.route(change: change, origin: F.seoul, peers: peers))
        #expect(routed[F.tokyo] == .block(.classForbids(className: "kr-personal")))
    }

    @Test func deletesSendTombstonesOnlyWhereTheRowCouldBe() {
        let change = RowChange.delete(table: "users", key: key, version: F.version(4), old: F.user("42", country: "FR"))
        let plan = policy.route(change: change, origin: F.seoul, peers: peers)
        let routed = actions(plan)
        #expect(routed[F.frankfurt] == .tombstone(change.tombstone))
        #expect(routed[F.tokyo] == .block(.classForbids(className: "gdpr")))
        #expect(plan.classification == .classified("gdpr"))
    }

    @Test func deletesOfFixedClassTablesNeedNoOldImage() {
        let change = RowChange.delete(table: "orders", key: key, version: F.version(4), old: nil)
        let routed = actions(policy.route(change: change, origin: F.seoul, peers: peers))
        #expect([F.singapore, F.tokyo, F.frankfurt].allSatisfy { routed[$0] == .tombstone(change.tombstone) })
    }

    @Test func theOriginIsNeverItsOwnPeer() {
        let change = RowChange.insert(table: "orders", key: key, version: F.version(1), values: ["id": "42"])
        let plan = policy.route(change: change, origin: F.tokyo, peers: peers)
        #expect(!plan.decisions.map(\.destination).contains(F.tokyo))
    }
}

@Suite struct ResidencyAdmissionTests {
    typealias F = ResidencyFixture
    let policy = F.policy

    func row(country: String?) -> VersionedRow {
        VersionedRow(table: "users", key: RowKey("42"), version: F.version(1), values: F.user("42", country: country))
    }

    @Test func aRowOfAnAllowedClassIsAdmitted() {
        #expect(policy.admits(row: row(country: "SG"), class: "global", at: F.tokyo, from: F.singapore) == .admitted)
        #expect(policy.admits(row: row(country: "KR"), class: "kr-personal", at: F.seoul, from: F.singapore) == .admitted)
    }

    @Test func aKoreanRowArrivingInTokyoIsRejectedAndLogged() throws {
        let verdict = policy.admits(row: row(country: "KR"), class: "kr-personal", at: F.tokyo, from: F.seoul)
        guard case .rejected(let reason, let event) = verdict else {
            Issue.record("expected a rejection, got \(verdict)")
            return
        }
        #expect(reason == .classForbids(className: "kr-personal"))
        #expect(event.kind == .rejected && event.from == F.seoul && event.to == F.tokyo && event.className == "kr-personal")
    }

    @Test func aRowDeclaredWithAnotherClassIsRejected() {
        let verdict = policy.admits(row: row(country: "KR"), class: "global", at: F.seoul, from: F.singapore)
        #expect(!verdict.isAdmitted)
        if case .rejected(let reason, _) = verdict {
            #expect(reason == .classMismatch(declared: "global", computed: "kr-personal"))
        }
    }

    @Test func aRowWithoutClassIsRejected() {
        #expect(!policy.admits(row: row(country: nil), class: nil, at: F.seoul, from: F.singapore).isAdmitted)
    }

    @Test func tombstonesAreAlwaysAdmitted() {
        #expect(policy.admits(row: row(country: "KR").asTombstone, class: "kr-personal", at: F.tokyo, from: F.seoul) == .admitted)
    }
}
