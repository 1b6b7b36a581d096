import RegionCore
import RegionNet
import Testing

struct PeerWireTests {
    let wire = PeerWire(maxBodyBytes: 1 << 20, compressionThreshold: 4_096)

    func request(rows: Int, compress: Bool) -> ReplicateRequest {
        let changes = (1...Int64(rows)).map { sequence in
            OutboundChange(
                sequence: sequence,
                row: VersionedRow(
                    table: "events", key: RowKey("event-\(sequence)"),
                    version: Version(hlc: HLC(physicalMilliseconds: 5_000 + sequence), origin: "seoul"),
                    values: ["kind": "page_view", "country": "KR"]),
                residencyClass: "kr-personal")
        }
        let batch = OutboundBatch(
            id: BatchID(rawValue: 7), peer: "tokyo", tier: "logs", compress: compress,
            sequences: 1...Int64(rows), changes: changes, bytes: changes.map(\.bytes).reduce(0, +))
        return ReplicateRequest(origin: "seoul", batch: batch)
    }

    func headers(of body: PeerWireBody) -> (String) -> String? {
        let map = Dictionary(uniqueKeysWithValues: body.headerFields.map { ($0.name.lowercased(), $0.value) })
        return { map[$0.lowercased()] }
    }

    @Test func smallBatchTravelsAsPlainJSON() throws {
        let original = request(rows: 2, compress: false)
        let body = try wire.encode(original)
        #expect(body.encoding == .identity)
        #expect(try wire.decode(ReplicateRequest.self, from: body.bytes, header: headers(of: body)) == original)
    }

    @Test func batchAskingForCompressionIsDeflated() throws {
        let original = request(rows: 2, compress: true)
        let body = try wire.encode(original)
        #expect(body.encoding == .deflate)
        #expect(try wire.decode(ReplicateRequest.self, from: body.bytes, header: headers(of: body)) == original)
    }

    @Test func largeMessageIsDeflatedAboveTheThreshold() throws {
        let original = request(rows: 500, compress: false)
        let body = try wire.encode(original)
        #expect(body.encoding == .deflate)
        #expect(body.bytes.count < body.uncompressedLength / 4)
        print("PeerWire: 500-row batch \(body.uncompressedLength) bytes of JSON -> \(body.bytes.count) bytes deflated")
        #expect(try wire.decode(ReplicateRequest.self, from: body) == original)
    }

    @Test func encodingIsDeterministic() throws {
        let status = PeerStatus(region: "tokyo", reportedAt: Timestamp(milliseconds: 99), view: ["seoul", "tokyo"], lagByTier: ["logs": .seconds(3), "critical": .milliseconds(12), "content": .seconds(1)])
        let first = try wire.encode(status)
        #expect(try wire.encode(status) == first)
        let text = String(decoding: first.bytes, as: UTF8.self)
        #expect(text == #"{"lagMillisecondsByTier":{"content":1000,"critical":12,"logs":3000},"protocolVersion":"1.0","region":"tokyo","reportedAtMilliseconds":99,"view":["seoul","tokyo"]}"#)
        #expect(try wire.decode(PeerStatus.self, from: first) == status)
    }

    @Test func observationsAndAcknowledgementsRoundTrip() throws {
        let gossip = ObservationGossip(
            from: "seoul", sentAt: Timestamp(milliseconds: 10),
            observations: [Observation(observer: "seoul", target: "tokyo", status: .down, observedAt: Timestamp(milliseconds: 9))],
            lagByTier: ["critical": .milliseconds(250)], lagMeasuredAt: Timestamp(milliseconds: 8))
        let observations = ObservationsRequest(gossip: gossip)
        #expect(try wire.decode(ObservationsRequest.self, from: wire.encode(observations)) == observations)
        let ack = ReplicateAcknowledgement(batchID: BatchID(rawValue: 7), receiver: "tokyo", applied: 4, stale: 1, rejectedRows: [RowIdentity(table: "users", key: RowKey("kim"))])
        #expect(try wire.decode(ReplicateAcknowledgement.self, from: wire.encode(ack, compress: true)) == ack)
    }

    @Test func bodyOverTheLimitIsRefusedBeforeDecoding() throws {
        let small = PeerWire(maxBodyBytes: 100)
        let body = try wire.encode(request(rows: 3, compress: false))
        #expect(throws: PeerWireError.bodyTooLarge(bytes: body.bytes.count, limit: 100)) {
            try small.decode(ReplicateRequest.self, from: body)
        }
    }

    @Test func declaredSizeOverTheLimitIsRefusedBeforeInflating() throws {
        let body = try wire.encode(request(rows: 500, compress: true))
        let small = PeerWire(maxBodyBytes: body.bytes.count + 10)
        #expect(throws: PeerWireError.bodyTooLarge(bytes: body.uncompressedLength, limit: body.bytes.count + 10)) {
            try small.decode(ReplicateRequest.self, from: body)
        }
    }

    @Test func bodyInflatingBeyondItsDeclaredSizeIsABomb() throws {
        var body = try wire.encode(request(rows: 500, compress: true))
        body.uncompressedLength = 1_000
        #expect(throws: PeerWireError.decompressionBomb(declared: 1_000)) {
            try wire.decode(ReplicateRequest.self, from: body)
        }
    }

    @Test func compressedBodyMustDeclareItsSize() throws {
        let body = try wire.encode(request(rows: 2, compress: true))
        #expect(throws: PeerWireError.missingUncompressedLength) {
            try wire.decode(ReplicateRequest.self, from: body.bytes, header: { $0 == PeerHeader.contentEncoding ? "deflate" : nil })
        }
    }

    @Test func truncatedOrCorruptCompressionIsRefused() throws {
        let body = try wire.encode(request(rows: 50, compress: true))
        var truncated = body
        truncated.bytes.removeLast(8)
        let error = #expect(throws: PeerWireError.self) { try wire.decode(ReplicateRequest.self, from: truncated) }
        #expect(error?.httpStatus == 400)
        #expect(error?.metricLabel == "corrupt_compression")
    }

    @Test func unknownEncodingIsRefused() throws {
        let body = try wire.encode(request(rows: 2, compress: false))
        #expect(throws: PeerWireError.unsupportedEncoding("br")) {
            try wire.decode(ReplicateRequest.self, from: body.bytes, header: { $0 == PeerHeader.contentEncoding ? "br" : nil })
        }
    }

    @Test(arguments: [
        (#"{"origin": "seoul""#, "The given data was not valid JSON"),
        (#"{"origin":"seoul","protocolVersion":"1.0"}"#, "missing field 'batch'"),
        (#"{"origin":"seoul","protocolVersion":"one","batch":{}}"#, "'one' is not a protocol version"),
    ])
    func malformedJSONIsRefusedWithAClearError(_ json: String, _ expectedDetail: String) {
        let error = #expect(throws: PeerWireError.self) {
            try wire.decode(ReplicateRequest.self, from: Array(json.utf8), header: { _ in nil })
        }
        #expect(error?.httpStatus == 400)
        #expect(error?.description.contains("not a valid ReplicateRequest message") == true)
        #expect(error?.description.contains(expectedDetail) == true, "\(error?.description ?? "")")
    }

    @Test func declaredLengthMustMatchPlainBody() throws {
        let body = try wire.encode(request(rows: 2, compress: false))
        #expect(throws: PeerWireError.lengthMismatch(declared: body.bytes.count + 1, actual: body.bytes.count)) {
            try wire.decode(ReplicateRequest.self, from: body.bytes, header: {
                $0 == PeerHeader.uncompressedLength ? String(body.bytes.count + 1) : nil
            })
        }
    }
}
