import Testing
@testable import RegionCore

@Suite struct ConfigDurationTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("5s", .seconds(5)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3600)),
        ("30d", .seconds(30 * 86_400)),
        ("1m30s", .seconds(90)),
        ("1h30m", .seconds(5400)),
        ("0s", .zero),
    ])
    func parsesDurations(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "5", "5 s", "s", "5sec", "-5s", "1.5s", "5s5", "99999999999999999999d"])
    func refusesNonDurations(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(90), "1m30s"),
        (.milliseconds(250), "250ms"),
        (.seconds(120), "2m"),
        (.seconds(365 * 86_400), "365d"),
        (.zero, "0s"),
        (.seconds(-5), "-5s"),
    ])
    func formatsLargestUnitsFirst(duration: Duration, expected: String) {
        #expect(ConfigDuration.format(duration) == expected)
    }
}
