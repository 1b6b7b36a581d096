import Foundation
import RegionConfigIO
import RegionCore

/// The libFuzzer entry point; also linked in ordinary builds, where `main` below replays
/// inputs instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzEnvironment.target.run(input)
    return 0
}

/// The target `REGIOND_FUZZ_TARGET` names (`peerwire`, `config`, `scenario`, `residency-log`;
/// default `peerwire`) over the deployment in `REGIOND_FUZZ_CONFIG`, or regions.yaml and
/// simulations/ in the current directory.
enum FuzzEnvironment {
    static let names = ["peerwire", "config", "scenario", "residency-log"]

    static let target: any FuzzTarget = {
        let environment = ProcessInfo.processInfo.environment
        let name = environment["REGIOND_FUZZ_TARGET"] ?? "peerwire"
        let path = environment["REGIOND_FUZZ_CONFIG"] ?? "regions.yaml"
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let config = try RegionsConfigLoader.load(path: path).config
            switch name {
            case "peerwire": return PeerBatchFuzzTarget(config: config)
            case "config": return ConfigFuzzTarget(example: text)
            case "scenario": return ScenarioFuzzTarget(config: config, examples: try scenarioExamples(besides: path))
            case "residency-log": return try ResidencyLogFuzzTarget()
            default: fail("unknown REGIOND_FUZZ_TARGET '\(name)'; use one of \(names.joined(separator: ", "))")
            }
        } catch {
            fail("cannot load \(path): \(error); run from the repository root or set REGIOND_FUZZ_CONFIG")
        }
    }()

    /// The scenario files in `simulations/` next to the config.
    private static func scenarioExamples(besides configPath: String) throws -> [String] {
        let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent("simulations")
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .map { try String(contentsOf: $0, encoding: .utf8) }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("regiond-fuzz-peerwire: \(message)\n".utf8))
        exit(2)
    }
}

#if REGIOND_LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// `regiond-fuzz-peerwire`: built with libFuzzer (`scripts/fuzz-libfuzzer`) it fuzzes the
/// target `REGIOND_FUZZ_TARGET` names; built normally it replays the inputs named on the
/// command line (a saved crash or a corpus) or, with `--write-seeds DIR`, writes valid
/// inputs to start a corpus from.
///
/// How it links under libFuzzer: SwiftPM defines `main` as this module's entry point, and
/// libFuzzer's runtime brings a `main` of its own; the script links with
/// `--allow-multiple-definition`, and either `main` ends in `LLVMFuzzerRunDriver` with
/// `LLVMFuzzerTestOneInput`.
@main
struct RegiondFuzzPeerWire {
    static func main() throws {
        #if REGIOND_LIBFUZZER
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzer(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            try FileManager.default.createDirectory(atPath: arguments[1], withIntermediateDirectories: true)
            for (index, seed) in try FuzzEnvironment.target.seeds().enumerated() {
                try Data(seed).write(to: URL(fileURLWithPath: "\(arguments[1])/seed-\(index)"))
            }
            return
        }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                FuzzEnvironment.fail("cannot read \(path)")
            }
            FuzzEnvironment.target.run(Array(data))
            print("\(path): no finding")
        }
        #endif
    }
}
