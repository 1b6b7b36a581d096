import Foundation
import RegionConfigIO
import RegionCore

/// The libFuzzer entry point; also linked in ordinary builds, where `main` below replays
/// inputs instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPeerBatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzEnvironment.target.run(input)
    return 0
}

/// The deployment the receiver runs: `REGIOND_FUZZ_CONFIG`, or regions.yaml in the
/// current directory.
enum FuzzEnvironment {
    static let target: PeerBatchFuzzTarget = {
        let path = ProcessInfo.processInfo.environment["REGIOND_FUZZ_CONFIG"] ?? "regions.yaml"
        do {
            return PeerBatchFuzzTarget(config: try RegionsConfigLoader.load(path: path).config)
        } catch {
            FileHandle.standardError.write(Data("regiond-fuzz-peerwire: cannot load \(path): \(error); run from the repository root or set REGIOND_FUZZ_CONFIG\n".utf8))
            exit(2)
        }
    }()
}

#if REGIOND_LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// `regiond-fuzz-peerwire`: built with libFuzzer (`scripts/fuzz-libfuzzer`) it fuzzes;
/// built normally it replays the inputs named on the command line (a saved crash or a
/// corpus) or, with `--write-seeds DIR`, writes valid batches to start a corpus from.
@main
struct RegiondFuzzPeerWire {
    static func main() throws {
        #if REGIOND_LIBFUZZER
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzer(&argc, &argv) { data, size in fuzzPeerBatch(data, size) })
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
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(2)
            }
            FuzzEnvironment.target.run(Array(data))
            print("\(path): no finding")
        }
        #endif
    }
}
