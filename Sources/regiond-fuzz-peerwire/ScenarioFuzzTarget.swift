import RegionCore
import RegionSimulation

/// A scenario file as an SRE edits it, over the example deployment: parsed into a scenario
/// or refused with a message.
struct ScenarioFuzzTarget: FuzzTarget {
    let config: RegionsConfig
    let examples: [String]

    func run(_ input: [UInt8]) {
        let config = config
        let parser = ScenarioParser { _ throws(ScenarioLoadError) in config }
        do {
            _ = try parser.parse(String(decoding: input, as: UTF8.self), file: "simulations/fuzz.yaml", directory: "simulations")
        } catch {
            if error.description.isEmpty { preconditionFailure("scenario refused without a message") }
        }
    }

    func seeds() throws -> [[UInt8]] { examples.map { Array($0.utf8) } }
}
