import Testing
@testable import RegionCore

/// One broken copy of the real regions.yaml per rule; each must be refused at the exact
/// line and column of the node an SRE has to change.
@Suite struct ConfigValidationTests {
    @Test func unknownKey() throws {
        let text = try RegionsYAML.replacing("  slow_threshold: 500ms", with: "  slow_treshold: 500ms")
        try expectError(in: text, at: "slow_treshold", "unknown key 'slow_treshold' in 'health'; did you mean 'slow_threshold'?")
    }

    @Test func unknownRegionInGeoPreference() throws {
        let text = try RegionsYAML.replacing("prefer: [tokyo, seoul, singapore]", with: "prefer: [tokyo, osaka, singapore]")
        try expectError(in: text, at: "osaka", "geo 'JP' prefers unknown region 'osaka'")
    }

    @Test func unknownRegionInGeoWeights() throws {
        let text = try RegionsYAML.replacing(
            "    prefer: [singapore, seoul, tokyo]\n",
            with: "    prefer: [singapore, seoul, tokyo]\n    weights: {singapore: 80, jakarta: 20}\n")
        try expectError(in: text, at: "jakarta", "geo 'SEA' weights unknown region 'jakarta'")
    }

    @Test func unknownRegionInRetention() throws {
        let text = try RegionsYAML.replacing("{region: tokyo, tier: logs, keep: 90d}", with: "{region: osaka, tier: logs, keep: 90d}")
        try expectError(in: text, at: "osaka", "retention names unknown region 'osaka'")
    }

    @Test func residencyClassNamingAnUnknownRegion() throws {
        let text = try RegionsYAML.replacing("kr-personal: {jurisdictions: [KR]}", with: "kr-personal: {regions: [seoul, busan]}")
        try expectError(in: text, at: "busan", "residency class 'kr-personal' names unknown region 'busan'")
    }

    @Test func geoListWithoutDefault() throws {
        let text = try RegionsYAML.replacing("    default: true\n", with: "")
        try expectError(in: text, at: "geo:", "no geo has 'default: true'")
    }

    @Test func geoListWithTwoDefaults() throws {
        let text = try RegionsYAML.replacing("    nets: [203.0.113.0/25]\n", with: "    nets: [203.0.113.0/25]\n    default: true\n")
        try expectError(
            in: text, at: "true", after: "- name: rest-of-world", "geo 'rest-of-world' is a second default (the first is 'JP')")
    }

    @Test func geoPreferringAWitness() throws {
        let text = try RegionsYAML.replacing("prefer: [seoul, tokyo, singapore]", with: "prefer: [seoul, frankfurt, tokyo]")
        try expectError(in: text, at: "frankfurt", after: "- name: KR", "geo 'KR' prefers 'frankfurt', a witness that serves no traffic")
    }

    @Test func tierMaxLagExceedingItsObjective() throws {
        let text = try RegionsYAML.replacing("    max_lag: 5s\n", with: "    max_lag: 9s\n")
        try expectError(in: text, at: "9s", after: "max_lag: 9s", "tier 'critical' max_lag 9s exceeds the 5s objective")
    }

    @Test func batchWindowNoShorterThanMaxLag() throws {
        let text = try RegionsYAML.replacing("batch_window: 4m ", with: "batch_window: 6m ")
        try expectError(in: text, at: "6m", "tier 'logs' batch_window 6m leaves no time to ship within max_lag 5m")
    }

    @Test func tableInTwoTiers() throws {
        let text = try RegionsYAML.replacing("tables: [orders, user_content]", with: "tables: [orders, user_content, sessions]")
        try expectError(in: text, at: "sessions]", "table 'sessions' is already in tier 'critical'")
    }

    @Test func replicatedTableWithoutResidencyRule() throws {
        let text = try RegionsYAML.replacing("tables: [orders, user_content]", with: "tables: [orders, user_content, carts]")
        try expectError(in: text, at: "carts", "table 'carts' in tier 'content' has no residency rule")
    }

    @Test func residencyRuleForAnUnknownClass() throws {
        let text = try RegionsYAML.replacing("app_logs: {class: global}", with: "app_logs: {class: public}")
        try expectError(in: text, at: "public", "unknown residency class 'public'")
    }

    @Test func recoveryThresholdNotLargerThanFailureThreshold() throws {
        let text = try RegionsYAML.replacing("recovery_threshold: 6", with: "recovery_threshold: 3")
        try expectError(in: text, at: "3 ", after: "  recovery_threshold: 3", "recovery_threshold 3 must be larger than failure_threshold 3")
    }

    @Test func detectionBudgetExceedingTheObjective() throws {
        let text = try RegionsYAML.replacing("  interval: 5s\n", with: "  interval: 10s\n")
        try expectError(
            in: text, at: "3 ", after: "  failure_threshold: 3",
            "worst-case detection 34s (interval 10s × failure_threshold 3 + timeout 2s + gossip_interval 2s) exceeds the 30s detection objective")
    }

    @Test func rerouteBudgetExceedingTheObjective() throws {
        let text = try RegionsYAML.replacing("  ttl: 30s ", with: "  ttl: 90s ")
        try expectError(
            in: text, at: "90s",
            "worst-case reroute 2m4s (detection 19s + dns.apply_timeout 15s + ttl 1m30s) exceeds the 2m reroute objective")
    }

    @Test func databaseWrittenInline() throws {
        let text = try RegionsYAML.replacing(
            "database: {env: REGIOND_TOKYO_DSN}", with: "database: \"host=db user=app password=hunter2\"")
        try expectError(in: text, at: "\"host=db", "'database' must reference a secret as {env: NAME} or {file: PATH}")
        #expect(!RegionsYAML.errors(of: text).joined().contains("hunter2"))
    }

    @Test func passwordInAnyString() throws {
        let text = try RegionsYAML.replacing(
            "\"http://127.0.0.1:7102/v1/health\"", with: "\"http://127.0.0.1:7102/v1/health?password=hunter2\"")
        try expectError(in: text, at: "\"http://127.0.0.1:7102/v1/health?", "contains a password or token written inline")
    }

    @Test func credentialsInAURL() throws {
        let text = try RegionsYAML.replacing("api_url: http://127.0.0.1:8081", with: "api_url: http://admin:hunter2@127.0.0.1:8081")
        try expectError(in: text, at: "http://admin", "contains credentials (user:password@) written inline")
    }

    @Test func apiKeyWrittenAsAString() throws {
        let text = try RegionsYAML.replacing("api_key: {env: REGIOND_PDNS_API_KEY}", with: "api_key: changeme")
        try expectError(in: text, at: "changeme", "'api_key' must reference a secret")
        #expect(!RegionsYAML.errors(of: text).joined().contains("changeme"))
    }

    @Test func badDuration() throws {
        let text = try RegionsYAML.replacing("  timeout: 2s\n", with: "  timeout: 2\n")
        try expectError(in: text, at: "2", after: "  timeout:", "'timeout' must be a duration such as 250ms, 5s, 2m, 1h or 30d, found '2' (write a unit")
    }

    @Test func badCIDR() throws {
        let prefix = try RegionsYAML.replacing("nets: [203.0.113.0/25]", with: "nets: [203.0.113.0/33]")
        try expectError(in: prefix, at: "203.0.113.0/33", "'203.0.113.0/33' has a prefix length above 32")
        let hostBits = try RegionsYAML.replacing("nets: [203.0.113.0/25]", with: "nets: [203.0.113.5/25]")
        try expectError(in: hostBits, at: "203.0.113.5/25", "has host bits set below the /25 prefix")
    }

    @Test func trafficSharesNotSummingTo100() throws {
        let text = try RegionsYAML.replacing("traffic: 10\n", with: "traffic: 15\n")
        try expectError(in: text, at: "regions:", "traffic shares of serving regions add up to 105, not 100 (seoul 70, singapore 20, tokyo 15)")
    }

    @Test func witnessWithTraffic() throws {
        let text = try RegionsYAML.replacing("traffic: 0\n", with: "traffic: 5\n")
        try expectError(in: text, at: "5", after: "- name: frankfurt", "region 'frankfurt' is a witness and serves no traffic; set traffic: 0")
    }

    @Test func duplicateRegionNames() throws {
        let text = try RegionsYAML.replacing("  - name: tokyo\n", with: "  - name: singapore\n")
        try expectError(in: text, at: "singapore", after: "REGIOND_SINGAPORE_DSN", "region 'singapore' is declared twice")
    }

    @Test func minimumTLSVersion() throws {
        let text = try RegionsYAML.replacing(
            ":7104/v1/health\"}\n    min_tls: \"1.3\"", with: ":7104/v1/health\"}\n    min_tls: \"1.1\"")
        try expectError(in: text, at: "\"1.1\"", "min_tls must be \"1.2\" or \"1.3\", found '1.1'")
    }

    @Test func everyProblemIsReportedInOneRun() throws {
        var text = try RegionsYAML.replacing("  slow_threshold: 500ms", with: "  slow_treshold: 500ms")
        text = text.replacingOccurrences(of: "prefer: [tokyo, seoul, singapore]", with: "prefer: [tokyo, osaka, singapore]")
        text = text.replacingOccurrences(of: "    max_lag: 5s\n", with: "    max_lag: 9s\n")
        text = text.replacingOccurrences(of: "app_logs: {class: global}", with: "app_logs: {class: public}")
        let errors = RegionsYAML.errors(of: text)
        #expect(errors.count == 4, "\(errors)")
        let lines: [Int] = errors.compactMap { error in Int(error.split(separator: ":")[1]) }
        #expect(lines == lines.sorted(), "errors are listed in file order")
    }

    @Test func textThatIsNotYAMLIsAFileError() {
        #expect(throws: ConfigFileError.self) { try RegionsConfigLoader.parse(yaml: "regions: [seoul", file: "regions.yaml") }
    }

    @Test func unreadableFileIsAFileError() {
        #expect(throws: ConfigFileError.unreadable(path: "/nonexistent/regions.yaml", reason: "no such file")) {
            try RegionsConfigLoader.load(path: "/nonexistent/regions.yaml")
        }
    }
}
