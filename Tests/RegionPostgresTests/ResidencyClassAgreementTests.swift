import RegionCore
import RegionPostgres
import Testing

/// The capture trigger's SQL classification and the core `ResidencyPolicy` must name the
/// same class for every value, or a row could be routed by one and refused by the other.
@Suite("residency class: SQL agrees with the core")
struct ResidencyClassAgreementTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    /// Padding, case, blanks, Unicode white space and case mapping, group names, near misses.
    static let trickyCountries: [String?] = [
        "KR", "kr", " kr ", "Kr", "\tKR\n", "\u{00A0}KR\u{3000}", "\u{2003}de\u{2029}", "DE", "de", "fr ",
        "", " ", "\t\n", "\u{00A0}", nil, "EU", "eu", "K R", "KOR", "XX", "ſe", "ß", "Ｋｒ",
    ]

    @Test func sqlAndCoreClassifyTrickyValuesAlike() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            for (index, country) in Self.trickyCountries.enumerated() {
                try await seoul.connection.query(
                    "INSERT INTO accounts (id, country, name) VALUES ($1, $2, 'n')", [String(index), country])
            }
            let captured = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(captured.count == Self.trickyCountries.count)
            let policy = ResidencyPolicy(config: config)
            for (index, country) in Self.trickyCountries.enumerated() {
                let change = try #require(captured.first { $0.primaryKey == "{\"id\": \(index)}" })
                let core = policy.classify(table: "accounts", row: RowValues(["country": country])).className
                #expect(change.classAfter == core, "country \(country.map { "'\($0)'" } ?? "NULL")")
            }
        }
    }

    @Test func blankValuesFailClosed() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, '', 'a'), (2, E' \\t', 'b')")
            let captured = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(captured.map(\.classAfter) == [nil, nil])
        }
    }
}
