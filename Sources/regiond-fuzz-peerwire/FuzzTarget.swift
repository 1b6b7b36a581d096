/// One parser a user or a peer feeds, as libFuzzer drives it: `run` must return for every
/// input (a refusal is the expected outcome) and traps on a finding so libFuzzer saves the
/// input; `seeds` are valid inputs to start a corpus from.
protocol FuzzTarget: Sendable {
    func run(_ input: [UInt8])
    func seeds() throws -> [[UInt8]]
}
