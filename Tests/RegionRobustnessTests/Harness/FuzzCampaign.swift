import Foundation
import RegionCore

/// Runs a seeded generator over one parser and collects what happened.
///
/// Every case draws from its own `SplitMix64` seeded from the campaign seed and the case
/// index, so a failing case is replayed by its index alone, without rerunning the cases
/// before it (`REGIOND_FUZZ_ONLY=INDEX` runs that case alone). A crash cannot be caught in-process: with `REGIOND_FUZZ_TRACE=1` each case
/// index is written to standard error before it runs, so the last one printed is the culprit.
struct FuzzCampaign {
    let target: String
    let cases: Int
    let seed: UInt64
    /// A case running longer than this is reported as a hang. Generous on purpose: the
    /// slowest real cases take about 0.5 s in a debug build, and twenty times that on a
    /// loaded CI machine; the hangs this catches (alias expansion) take hours.
    var hangLimit: Duration = .seconds(60)

    init(target: String, cases: Int = FuzzBudget.cases, seed: UInt64 = FuzzBudget.seed) {
        self.target = target
        self.cases = cases
        self.seed = seed
    }

    /// The generator of case `index`, for replaying one case.
    func generator(forCase index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next())
    }

    func run(_ body: (inout SplitMix64) -> FuzzVerdict) -> FuzzReport {
        let trace = ProcessInfo.processInfo.environment["REGIOND_FUZZ_TRACE"] == "1"
        let clock = ContinuousClock()
        var report = FuzzReport(target: target, seed: seed)
        let start = clock.now
        let only = ProcessInfo.processInfo.environment["REGIOND_FUZZ_ONLY"].flatMap { Int($0) }
        for index in only.map({ [$0] }) ?? Array(0..<cases) {
            if trace { FileHandle.standardError.write(Data("\(target) case \(index)\n".utf8)) }
            var random = generator(forCase: index)
            let caseStart = clock.now
            let verdict = body(&random)
            let took = clock.now - caseStart
            report.record(verdict, caseIndex: index, took: took, hangLimit: hangLimit)
        }
        report.elapsed = clock.now - start
        print(report.summaryLine)
        return report
    }
}
