import RegionCore

/// regions.yaml as an operator edits it: parsed, read and validated. Any input must end in a
/// config or in located errors; an error without a message is a finding.
struct ConfigFuzzTarget: FuzzTarget {
    let example: String

    func run(_ input: [UInt8]) {
        do {
            _ = try RegionsConfigLoader.parse(yaml: String(decoding: input, as: UTF8.self), file: "regions.yaml")
        } catch {
            if String(describing: error).isEmpty { preconditionFailure("regions.yaml refused without a message") }
        }
    }

    func seeds() throws -> [[UInt8]] { [Array(example.utf8)] }
}
