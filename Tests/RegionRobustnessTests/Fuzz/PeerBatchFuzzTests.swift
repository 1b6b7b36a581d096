import RegionCompression
import RegionCore
import RegionNet
import Testing

/// A peer's batch is decoded and validated before anything is applied. Whatever the bytes
/// and headers, the receiver must refuse with a typed error (4xx) or accept a batch that
/// really is well-formed, addressed here and from the signer; compressed bodies must never
/// inflate past the limit.
struct PeerBatchFuzzTests {
    static let receiver: RegionName = "seoul"
    static let sender: RegionName = "singapore"
    /// A receiver configured with `max_body_bytes: 1MiB`, so bombs are cheap to build.
    static let wire = PeerWire(maxBodyBytes: 1 << 20)

    struct Fixture {
        let config: RegionsConfig
        let generator: ReplicateRequestGenerator
        let validator: BatchValidator
        /// 8 MiB of JSON whitespace around a valid batch: inflates far past the limit.
        let bomb: [UInt8]
        let bombLength: Int
    }

    static func fixture() throws -> Fixture {
        let config = try RegionsConfigLoader.parse(yaml: try RepositoryFiles.text("regions.yaml"), file: "regions.yaml").config
        let generator = ReplicateRequestGenerator(config: config, sender: sender, receiver: receiver)
        var random = SplitMix64(seed: 1)
        let json = try wire.encode(generator.valid(using: &random), compress: false).bytes
        let padded = Array(repeating: UInt8(ascii: " "), count: 8 << 20) + json
        return Fixture(
            config: config, generator: generator, validator: BatchValidator(config: config, local: receiver),
            bomb: try Zlib.compress(padded, level: .default, format: .zlib), bombLength: padded.count)
    }

    @Test func mutatedBatchesAreRefusedOrValid() throws {
        let fixture = try Self.fixture()
        let report = FuzzCampaign(target: "peer-batch").run { random in
            let (bytes, headers) = Self.mutatedBody(fixture, using: &random)
            return Self.verdict(bytes: bytes, headers: headers, fixture: fixture)
        }
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.coversBothOutcomes, "the generator must produce both valid and invalid batches")
    }

    /// One body and its headers: a semantically wrong batch, damaged JSON, damaged
    /// compressed bytes, lying headers, or a decompression bomb.
    static func mutatedBody(_ fixture: Fixture, using random: inout SplitMix64) -> ([UInt8], [String: String]) {
        let compress = Bool.random(using: &random)
        let request = fixture.generator.semanticallyMutated(using: &random)
        guard var body = try? wire.encode(request, compress: compress) else { return ([], [:]) }
        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            break
        case 1:
            let json = JSONMutator.mutate((try? wire.encode(request, compress: false).bytes) ?? [], using: &random)
            body = compress ? compressed(json) : PeerWireBody(bytes: json, encoding: .identity, uncompressedLength: json.count)
        case 2:
            let json = ByteMutator.mutate((try? wire.encode(request, compress: false).bytes) ?? [], using: &random)
            body = compress ? compressed(json) : PeerWireBody(bytes: json, encoding: .identity, uncompressedLength: json.count)
        case 3:
            body.bytes = ByteMutator.mutate(body.bytes, using: &random)
        case 4:
            return (body.bytes, lyingHeaders(for: body, using: &random))
        default:
            body = PeerWireBody(bytes: fixture.bomb, encoding: .deflate, uncompressedLength: fixture.bombLength)
            return (body.bytes, Bool.random(using: &random) ? headers(of: body) : lyingHeaders(for: body, using: &random))
        }
        return (body.bytes, headers(of: body))
    }

    static func verdict(bytes: [UInt8], headers: [String: String], fixture: Fixture) -> FuzzVerdict {
        let request: ReplicateRequest
        do {
            request = try wire.decode(ReplicateRequest.self, from: bytes) { name in headers[name] }
        } catch {
            return refusal(status: error.httpStatus, message: error.description)
        }
        do {
            try fixture.validator.validate(request, sender: sender)
        } catch {
            return refusal(status: error.httpStatus, message: error.description)
        }
        let violations = AcceptedBatchInvariants.violations(of: request, receiver: receiver, sender: sender, config: fixture.config)
        return violations.isEmpty ? .accepted : .violation(violations.joined(separator: "; "))
    }

    private static func refusal(status: Int, message: String) -> FuzzVerdict {
        guard (400..<500).contains(status) else { return .violation("refused with status \(status): \(message)") }
        return message.isEmpty ? .violation("refused without a message") : .refused
    }

    private static func compressed(_ json: [UInt8]) -> PeerWireBody {
        let bytes = (try? Zlib.compress(json, level: .default, format: .zlib)) ?? json
        return PeerWireBody(bytes: bytes, encoding: .deflate, uncompressedLength: json.count)
    }

    private static func headers(of body: PeerWireBody) -> [String: String] {
        Dictionary(body.headerFields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    private static func lyingHeaders(for body: PeerWireBody, using random: inout SplitMix64) -> [String: String] {
        var fields = headers(of: body)
        let lengths = ["", "-1", "0", "abc", "1e3", String(Int.max), "99999999999999999999", String(body.uncompressedLength + 1),
                       String(max(0, body.uncompressedLength - 1)), String(body.uncompressedLength * 1000), " 12"]
        switch Int.random(in: 0..<4, using: &random) {
        case 0: fields[PeerHeader.uncompressedLength] = lengths.randomElement(using: &random)!
        case 1: fields[PeerHeader.uncompressedLength] = nil
        case 2: fields[PeerHeader.contentEncoding] = ["gzip", "DEFLATE", "br", "", "identity, deflate", "Identity"].randomElement(using: &random)!
        default: fields[PeerHeader.contentEncoding] = body.encoding == .deflate ? "identity" : "deflate"
        }
        return fields
    }
}
