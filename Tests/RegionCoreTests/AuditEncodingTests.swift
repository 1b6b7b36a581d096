import RegionCore
import Testing

@Suite struct AuditEncodingTests {
    static let fixedEvent = AuditEvent(
        kind: .transfer, table: "users", residencyClass: "global", from: "seoul", to: "singapore",
        rowKeys: ["7", "42"], bytes: 512)
    static let fixedTime = Timestamp(milliseconds: 1_795_374_433_042)

    // Golden values computed independently with Python's hashlib from the documented format.
    @Test func canonicalEncodingAndHashAreStable() {
        var chain = AuditChain()
        let record = chain.append(Self.fixedEvent, at: Self.fixedTime)
        let zeros = String(repeating: "0", count: 64)
        #expect(record.canonicalEncoding == """
            {"seq":1,"time":"2026-11-22T19:07:13.042Z","kind":"transfer","table":"users","class":"global",\
            "from":"seoul","to":"singapore","rows":2,\
            "keys_digest":"473259794ca61baf44ef228819dd74d22d1308975cc25b2a51b4c63f1b283e10",\
            "bytes":512,"detail":null,"prev":"\(zeros)"}
            """)
        #expect(record.hash.hex == "f553f09ec3d420cc81fdf9d4886021b882124d10457fbcae7f20c5fe9719ccf3")
        #expect(record.jsonLine == String(record.canonicalEncoding.dropLast()) + ",\"hash\":\"\(record.hash.hex)\"}")
    }

    @Test func rowKeysDigestIgnoresOrderAndDuplicatesButNotFraming() {
        #expect(AuditDigest.ofRowKeys(["42", "7"]) == AuditDigest.ofRowKeys(["7", "42", "7"]))
        #expect(AuditDigest.ofRowKeys(["ab", "c"]) != AuditDigest.ofRowKeys(["a", "bc"]))
        #expect(AuditDigest.ofRowKeys([String]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func stringsAreEscapedCanonically() {
        var chain = AuditChain()
        let record = chain.append(AuditEvent(kind: .drain, detail: "quote \" backslash \\ tab \t nl \n bell \u{07} 서울"), at: .zero)
        #expect(record.canonicalEncoding.contains(#""detail":"quote \" backslash \\ tab \t nl \n bell \u0007 서울""#))
    }

    @Test func digestAcceptsOnlyLowercaseHexOfLength64() {
        #expect(AuditDigest(hex: String(repeating: "a", count: 64)) != nil)
        #expect(AuditDigest(hex: String(repeating: "A", count: 64)) == nil)
        #expect(AuditDigest(hex: String(repeating: "a", count: 63)) == nil)
        #expect(AuditDigest(hex: String(repeating: "g", count: 64)) == nil)
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", Int64(0)),
        ("1969-12-31T23:59:59.999Z", Int64(-1)),
        ("2000-02-29T12:00:00.000Z", Int64(951_825_600_000)),
        ("2024-12-31T23:59:59.500Z", Int64(1_735_689_599_500)),
        ("2026-11-22T19:07:13.042Z", Int64(1_795_374_433_042)),
    ])
    func timeFormatRoundTrips(text: String, milliseconds: Int64) {
        #expect(AuditTimeFormat.format(Timestamp(milliseconds: milliseconds)) == text)
        #expect(AuditTimeFormat.parse(text) == Timestamp(milliseconds: milliseconds))
    }

    @Test func timeParsingAcceptsOffsetsAndFractionsAndRejectsNonsense() {
        #expect(AuditTimeFormat.parse("2026-11-22T09:00:00+09:00") == Timestamp(milliseconds: 1_795_305_600_000))
        #expect(AuditTimeFormat.parse("2026-11-22T00:00:00Z") == Timestamp(milliseconds: 1_795_305_600_000))
        #expect(AuditTimeFormat.parse("1970-01-01T00:00:00.1234567Z") == Timestamp(milliseconds: 123))
        #expect(AuditTimeFormat.parse("2026-02-29T00:00:00Z") == nil)
        #expect(AuditTimeFormat.parse("2026-11-22T24:00:00Z") == nil)
        #expect(AuditTimeFormat.parse("2026-11-22") == nil)
        #expect(AuditTimeFormat.parse("2026-11-22T00:00:00Zjunk") == nil)
    }
}
