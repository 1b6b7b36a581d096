import Testing
import RegionDNS

struct RetryPolicyTests {
    let policy = RetryPolicy(initialDelay: .milliseconds(500), maximumDelay: .seconds(8), multiplier: 2, jitter: 0.2)

    @Test func delaysGrowExponentiallyUpToTheCap() {
        let delays = (1...7).map { policy.delay(afterFailedAttempts: $0, jitterSample: 0.5) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
    }

    @Test func jitterSpreadsTheDelayByTheConfiguredFraction() {
        #expect(policy.delay(afterFailedAttempts: 3, jitterSample: 0) == .milliseconds(1_600))
        #expect(policy.delay(afterFailedAttempts: 3, jitterSample: 0.999_999) == .milliseconds(2_400))
    }
}
