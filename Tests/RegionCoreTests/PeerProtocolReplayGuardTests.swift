import RegionCore
import Testing

struct PeerProtocolReplayGuardTests {
    let t0 = Timestamp(milliseconds: 1_000_000)
    let window = Duration.seconds(60)

    /// Admits a request signed `secondsAfterStart` after `t0`, received at the same moment
    /// unless `receivedAfter` says otherwise.
    func admit(_ replayGuard: inout ReplayGuard, _ nonce: String, from sender: RegionName = "seoul", signedAfter seconds: Int64, receivedAfter received: Int64? = nil) -> Bool {
        replayGuard.admit(nonce: nonce, from: sender, signedAt: t0 + .seconds(seconds), now: t0 + .seconds(received ?? seconds))
    }

    @Test func secondUseOfANonceIsRefused() {
        var replayGuard = ReplayGuard(window: window)
        let first = admit(&replayGuard, "n1", signedAfter: 0)
        let replay = admit(&replayGuard, "n1", signedAfter: 0, receivedAfter: 30)
        let otherSender = admit(&replayGuard, "n1", from: "tokyo", signedAfter: 0)
        #expect(first)
        #expect(!replay)
        #expect(otherSender, "nonces are per sender")
    }

    @Test func noncesExpireOnceTheirTimestampLeavesTheWindow() {
        var replayGuard = ReplayGuard(window: window)
        _ = admit(&replayGuard, "n1", signedAfter: 0)
        _ = admit(&replayGuard, "n2", signedAfter: 30)
        _ = admit(&replayGuard, "n3", signedAfter: 60)
        #expect(replayGuard.count == 3, "an entry exactly at the window edge is still live")
        _ = admit(&replayGuard, "n4", signedAfter: 61)
        #expect(replayGuard.count == 3, "n1 left the window and was forgotten")
    }

    @Test func fullGuardForgetsOldestAndRefusesEverythingSignedBeforeIt() {
        var replayGuard = ReplayGuard(window: window, capacity: 2)
        let admitted = [admit(&replayGuard, "a", signedAfter: 0), admit(&replayGuard, "b", signedAfter: 1), admit(&replayGuard, "c", signedAfter: 2)]
        #expect(admitted == [true, true, true])
        #expect(replayGuard.count == 2)
        #expect(replayGuard.horizon == t0)
        let forgottenReplay = admit(&replayGuard, "a", signedAfter: 0, receivedAfter: 3)
        let freshButOld = admit(&replayGuard, "fresh", signedAfter: 0, receivedAfter: 3)
        let freshAndNew = admit(&replayGuard, "d", signedAfter: 3)
        #expect(!forgottenReplay, "a forgotten nonce is still refused")
        #expect(!freshButOld)
        #expect(freshAndNew)
    }

    @Test func memoryStaysBoundedUnderSustainedLoad() {
        var replayGuard = ReplayGuard(window: window, capacity: 500)
        var refused = 0
        for step in 0..<10_000 {
            let at = t0 + .milliseconds(Int64(step) * 100)
            if !replayGuard.admit(nonce: "n\(step)", from: "seoul", signedAt: at, now: at) { refused += 1 }
            #expect(replayGuard.count <= 500)
        }
        #expect(refused == 0, "requests arriving in time order are never refused for overflow")
    }
}
