import Testing
@testable import RegionCore

@Suite struct ConfigYAMLReaderTests {
    private func read(_ text: String) throws -> (YAMLValue, DiagnosticLog) {
        let log = DiagnosticLog()
        return (try YAMLDocument.parse(text, file: "t.yaml", log: log), log)
    }

    @Test func typedReadsReturnValues() throws {
        let (root, log) = try read("""
            name: seoul
            port: 8_080
            ratio: 0.5
            enabled: true
            every: 1m30s
            size: 16MiB
            countries: [KR, "NO"]
            """)
        let map = try #require(root.mapping(allowedKeys: ["name", "port", "ratio", "enabled", "every", "size", "countries"]))
        #expect(map.string("name") == "seoul")
        #expect(map.int("port") == 8080)
        #expect(map["ratio"]?.double() == 0.5)
        #expect(map.bool("enabled") == true)
        #expect(map.duration("every") == .seconds(90))
        #expect(map["size"]?.byteCount() == 16 << 20)
        #expect(map.stringList("countries") == ["KR", "NO"])
        #expect(map.keys == ["name", "port", "ratio", "enabled", "every", "size", "countries"])
        #expect(log.diagnostics.isEmpty)
    }

    @Test func wrongTypesAreReportedAtTheValue() throws {
        let (root, log) = try read("""
            port: eighty
            every: 5
            enabled: yes
            """)
        let map = try #require(root.mapping())
        #expect(map.int("port") == nil)
        #expect(map.duration("every") == nil)
        #expect(map.bool("enabled") == nil)
        let messages = log.diagnostics.map(\.description)
        #expect(messages.count == 3)
        #expect(messages[0].hasPrefix("t.yaml:1:7: 'port' must be a whole number"))
        #expect(messages[1].hasPrefix("t.yaml:2:8: 'every' must be a duration"))
        #expect(messages[1].contains("write a unit, e.g. 5s"))
        #expect(messages[2].hasPrefix("t.yaml:3:10: 'enabled' must be true or false"))
    }

    @Test func unknownKeysArePointedAtWithASuggestion() throws {
        let (root, log) = try read("""
            health:
              intervall: 5s
              colour: red
            """)
        let top = try #require(root.mapping(allowedKeys: ["health"]))
        _ = top["health"]?.mapping(allowedKeys: ["interval", "timeout"])
        let messages = log.diagnostics.map(\.description)
        #expect(messages == [
            "t.yaml:2:3: unknown key 'intervall' in 'health'; did you mean 'interval'?",
            "t.yaml:3:3: unknown key 'colour' in 'health'; expected one of: interval, timeout",
        ])
    }

    @Test func missingRequiredKeyIsReportedAtTheMapping() throws {
        let (root, log) = try read("regions:\n  - role: primary\n")
        let item = try #require(root.mapping()?["regions"]?.list()?.first?.mapping())
        #expect(item.required("name") == nil)
        #expect(log.diagnostics.map(\.description) == ["t.yaml:2:5: item 1 of 'regions' is missing the required key 'name'"])
    }

    @Test func secretsMustBeReferencesAndAreNeverEchoed() throws {
        let (root, log) = try read("""
            a: {env: SEOUL_DSN}
            b: {file: /run/secrets/dsn}
            c: postgres://app:hunter2@db/app
            """)
        let map = try #require(root.mapping())
        #expect(map["a"]?.secretReference() == .environment("SEOUL_DSN"))
        #expect(map["b"]?.secretReference() == .file("/run/secrets/dsn"))
        #expect(map["c"]?.secretReference() == nil)
        let message = try #require(log.diagnostics.first?.description)
        #expect(message.hasPrefix("t.yaml:3:4: 'c' must reference a secret"))
        #expect(!message.contains("hunter2"))
    }

    @Test func choiceListsTheAcceptedValues() throws {
        let (root, log) = try read("role: leader")
        #expect(root.mapping()?["role"]?.choice(RegionRole.self) == nil)
        #expect(log.diagnostics.first?.description == "t.yaml:1:7: 'role' must be one of primary, secondary, dr, witness, found 'leader'")
    }

    @Test func malformedYAMLIsAFileError() {
        #expect(throws: ConfigFileError.self) { try read("a: [unclosed") }
        #expect(throws: ConfigFileError.self) { try read("") }
        #expect(throws: ConfigFileError.self) { try read("a: 1\na: 2\n") }
    }
}
