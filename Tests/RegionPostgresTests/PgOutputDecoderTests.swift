import RegionCore
import Testing
@testable import RegionPostgres

/// Hand-built `pgoutput` protocol 1 messages, decoded and assembled without a database.
@Suite("pgoutput decoder")
struct PgOutputDecoderTests {
    static func int(_ value: UInt64, bytes: Int) -> [UInt8] { (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
    static func string(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }
    static func text(_ value: String) -> [UInt8] { [UInt8(ascii: "t")] + int(UInt64(value.utf8.count), bytes: 4) + Array(value.utf8) }

    static let begin = [UInt8(ascii: "B")] + int(0x100, bytes: 8) + int(1_000_000, bytes: 8) + int(731, bytes: 4)
    static let commit = [UInt8(ascii: "C"), 0] + int(0x100, bytes: 8) + int(0x130, bytes: 8) + int(1_000_000, bytes: 8)
    static let relation = [UInt8(ascii: "R")] + int(16384, bytes: 4) + string("public") + string("accounts") + [UInt8(ascii: "d")]
        + int(2, bytes: 2) + [1] + string("id") + int(20, bytes: 4) + int(UInt64(UInt32.max), bytes: 4)
        + [0] + string("payload") + int(3802, bytes: 4) + int(UInt64(UInt32.max), bytes: 4)
    static let insert = [UInt8(ascii: "I")] + int(16384, bytes: 4) + [UInt8(ascii: "N")] + int(2, bytes: 2) + text("7") + text("{\"a\": 1}")
    static let update = [UInt8(ascii: "U")] + int(16384, bytes: 4) + [UInt8(ascii: "O")] + int(2, bytes: 2) + text("7") + [UInt8(ascii: "n")]
        + [UInt8(ascii: "N")] + int(2, bytes: 2) + text("8") + [UInt8(ascii: "u")]
    static let delete = [UInt8(ascii: "D")] + int(16384, bytes: 4) + [UInt8(ascii: "K")] + int(2, bytes: 2) + text("8") + [UInt8(ascii: "n")]
    static let marker = [UInt8(ascii: "M"), 1] + int(0x110, bytes: 8) + string(AppliedTransactionMarker.prefix) + int(0, bytes: 4)

    @Test func decodesEveryMessageKindCaptureUses() throws {
        #expect(try PgOutputDecoder.decode(Self.begin) == .begin(PgOutputBegin(finalLSN: 0x100, commitTime: 1_000_000, xid: 731)))
        #expect(try PgOutputDecoder.decode(Self.commit) == .commit(PgOutputCommit(commitLSN: 0x100, endLSN: 0x130, commitTime: 1_000_000)))
        #expect(try PgOutputDecoder.decode(Self.relation) == .relation(PgOutputRelation(
            id: 16384, namespace: "public", name: "accounts", columns: ["id", "payload"], columnTypes: [20, 3802])))
        #expect(try PgOutputDecoder.decode(Self.insert) == .insert(relation: 16384, new: [.text("7"), .text("{\"a\": 1}")]))
        #expect(try PgOutputDecoder.decode(Self.update) == .update(relation: 16384, old: [.text("7"), .null], new: [.text("8"), .unchangedToast]))
        #expect(try PgOutputDecoder.decode(Self.delete) == .delete(relation: 16384, old: [.text("8"), .null]))
        #expect(try PgOutputDecoder.decode(Self.marker) == .message(transactional: true, lsn: 0x110, prefix: AppliedTransactionMarker.prefix, content: []))
        let truncate = [UInt8(ascii: "T")] + Self.int(1, bytes: 4) + [0] + Self.int(16384, bytes: 4)
        #expect(try PgOutputDecoder.decode(truncate) == .truncate(relations: [16384]))
    }

    @Test func malformedInputIsATypedError() {
        #expect(throws: PgOutputDecodingError.empty) { try PgOutputDecoder.decode([]) }
        #expect(throws: PgOutputDecodingError.unknownMessage(kind: UInt8(ascii: "Z"))) { try PgOutputDecoder.decode([UInt8(ascii: "Z")]) }
        #expect(throws: PgOutputDecodingError.truncated(kind: UInt8(ascii: "B"), needed: 4, offset: 17)) {
            try PgOutputDecoder.decode(Array(Self.begin.dropLast(4)))
        }
        var badColumn = Self.insert
        badColumn[8] = UInt8(ascii: "b")
        #expect(throws: PgOutputDecodingError.unknownColumnKind(UInt8(ascii: "b"), offset: 8)) { try PgOutputDecoder.decode(badColumn) }
        var badMarker = Self.delete
        badMarker[5] = UInt8(ascii: "N")
        #expect(throws: PgOutputDecodingError.unexpectedTupleMarker(UInt8(ascii: "N"), offset: 5)) { try PgOutputDecoder.decode(badMarker) }
        #expect(throws: PgOutputDecodingError.malformedString(offset: 5)) { try PgOutputDecoder.decode(Array(Self.relation.prefix(8))) }
    }

    /// Every prefix and every single-byte corruption of valid messages, and seeded random
    /// bytes: a message or a typed error, never a crash.
    @Test func arbitraryBytesNeverCrash() {
        var generator = SplitMix64(seed: 5)
        var inputs: [[UInt8]] = []
        for message in [Self.begin, Self.commit, Self.relation, Self.insert, Self.update, Self.delete, Self.marker] {
            for length in 0...message.count { inputs.append(Array(message.prefix(length))) }
            for index in message.indices {
                var corrupted = message
                corrupted[index] = UInt8(truncatingIfNeeded: generator.next())
                inputs.append(corrupted)
            }
        }
        for _ in 0..<2_000 {
            let kinds: [UInt8] = Array("BCRIUDTOYM".utf8)
            let length = Int(generator.next() % 64)
            inputs.append([kinds[Int(generator.next() % UInt64(kinds.count))]] + (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        var decoded = 0
        for input in inputs {
            do {
                _ = try PgOutputDecoder.decode(input)
                decoded += 1
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(decoded > 0)
    }

    @Test func assemblesTransactionsAndRecognisesRegiondsOwn() throws {
        var assembler = TransactionAssembler()
        var completed: [DecodedTransaction] = []
        for bytes in [Self.relation, Self.begin, Self.insert, Self.update, Self.delete, Self.commit, Self.begin, Self.marker, Self.insert, Self.commit] {
            if let transaction = try assembler.add(PgOutputDecoder.decode(bytes)) { completed.append(transaction) }
        }
        #expect(completed.count == 2)
        #expect(completed[0].changes.map(\.kind) == [.insert, .update, .delete])
        #expect(completed[0].isRegiondWrite == false)
        #expect(completed[0].endLSN == 0x130)
        #expect(completed[1].isRegiondWrite)
        #expect(completed[0].commitUnixMilliseconds == 946_684_801_000)
        var fresh = TransactionAssembler()
        #expect(throws: TransactionAssemblyError.outsideTransaction("I")) { _ = try fresh.add(PgOutputDecoder.decode(Self.insert)) }
        _ = try fresh.add(PgOutputDecoder.decode(Self.begin))
        #expect(throws: TransactionAssemblyError.unknownRelation(16384)) { _ = try fresh.add(PgOutputDecoder.decode(Self.insert)) }
    }

    @Test func tuplesBecomeJSONThatKeepsUnchangedToastOut() throws {
        guard case .relation(let relation) = try PgOutputDecoder.decode(Self.relation) else { Issue.record("not a relation"); return }
        let full = TupleJSON.object([.text("7"), .text("{\"a\": \"x\\ny\"}")], of: relation)
        #expect(full.json == "{\"id\":\"7\",\"payload\":{\"a\": \"x\\ny\"}}")
        #expect(!full.partial)
        let partial = TupleJSON.object([.text("a\"b\\c\u{1}"), .unchangedToast], of: relation)
        #expect(partial.json == "{\"id\":\"a\\\"b\\\\c\\u0001\"}")
        #expect(partial.partial)
        #expect(ByteaText.decode("\\x4300ff") == [0x43, 0x00, 0xFF])
        #expect(ByteaText.decode("\\x4") == nil)
        #expect(ByteaText.decode("4300") == nil)
        #expect(LSN(text: "16/B374D848")?.value == 0x16_B374_D848)
        #expect(LSN(0x16_B374_D848).description == "16/B374D848")
    }
}
