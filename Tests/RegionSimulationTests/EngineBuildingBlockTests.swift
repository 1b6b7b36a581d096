import Testing
@testable import RegionSimulation

@Suite("Simulation building blocks")
struct EngineBuildingBlockTests {
    @Test("events at the same time come out in the order they were scheduled")
    func queueTieBreak() {
        var queue = EventQueue<String>()
        queue.schedule("late", at: 20)
        queue.schedule("first", at: 10)
        queue.schedule("second", at: 10)
        queue.schedule("third", at: 10)
        var order: [String] = []
        while let (_, event) = queue.popNext() { order.append(event) }
        #expect(order == ["first", "second", "third", "late"])
    }

    @Test("a seed gives the same stream; streams of one seed differ")
    func randomStreams() {
        var a = SimulationRandom(seed: 42, stream: .load)
        var b = SimulationRandom(seed: 42, stream: .load)
        var c = SimulationRandom(seed: 42, stream: .network)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test("Poisson draws average to their mean")
    func poissonMean() {
        var random = SimulationRandom(seed: 7)
        let draws = (0..<20_000).map { _ in random.poisson(mean: 7) }
        let mean = Double(draws.reduce(0, +)) / Double(draws.count)
        #expect(abs(mean - 7) < 0.1)
    }

    @Test("the lag histogram's p99 is the value 99 % of samples do not exceed")
    func histogramQuantile() {
        var histogram = LagHistogram()
        for _ in 0..<990 { histogram.record(milliseconds: 100) }
        for _ in 0..<10 { histogram.record(milliseconds: 9_000) }
        #expect(histogram.quantile(0.99) == 0.11)
        #expect(histogram.quantile(1.0) == 9.01)
    }
}
