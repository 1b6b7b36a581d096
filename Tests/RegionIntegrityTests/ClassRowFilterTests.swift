import RegionCore
import Testing

struct ClassRowFilterTests {
    let residency = ResidencyConfig(
        classes: [
            ResidencyClass(name: "kr-personal", allowedRegions: ["seoul"]),
            ResidencyClass(name: "gdpr", allowedRegions: ["frankfurt"]),
            ResidencyClass(name: "global", allowedRegions: ["seoul", "tokyo", "frankfurt"]),
        ],
        tables: [
            "users": .byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global"),
            "logs": .fixed(className: "global"),
            "secrets": .byColumn(column: "country", map: ["KR": "kr-personal"], default: nil),
        ])

    @Test func sharedRowsExcludeEveryMappedValueOfAForbiddenClass() {
        guard case .columnNotIn(let column, let values) = ClassRowFilter.shared(table: "users", residency: residency, between: "seoul", and: "tokyo")
        else { Issue.record("expected a default-accepting filter"); return }
        #expect(column == "country")
        #expect(values.contains("KR") && values.contains("DE") && values.contains("FR"))
    }

    @Test func fixedClassesAndTablesWithoutRulesAreAllOrNothing() {
        #expect(ClassRowFilter.shared(table: "logs", residency: residency, between: "seoul", and: "tokyo") == .everyRow)
        #expect(ClassRowFilter.shared(table: "unknown", residency: residency, between: "seoul", and: "tokyo") == .noRow)
    }

    @Test func withoutADefaultOnlyMappedValuesOfAcceptedClassesMatch() {
        #expect(ClassRowFilter.shared(table: "secrets", residency: residency, between: "seoul", and: "tokyo") == .noRow)
        #expect(ClassRowFilter(table: "secrets", residency: residency, classes: ["kr-personal"]) == .columnIn(column: "country", values: ["KR"]))
    }
}
