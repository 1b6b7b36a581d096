import RegionCompression
import RegionCore
import Testing

@Suite struct ZlibTests {
    /// Deterministic, moderately compressible bytes (SplitMix64-derived text-like data).
    static func sample(count: Int, seed: UInt64 = 42) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 8) }
    }

    @Test(arguments: [ZlibFormat.zlib, .gzip, .raw], [0, 1, 200_000])
    func roundTrips(format: ZlibFormat, count: Int) throws {
        let input = Self.sample(count: count)
        let compressed = try Zlib.compress(input, format: format)
        #expect(try Zlib.decompress(compressed, format: .exactly(format), maxOutput: count) == input)
        if count > 1000 { #expect(compressed.count < input.count / 2) }
    }

    @Test func gzipHasItsMagicNumberAndIsAutodetected() throws {
        let compressed = try Zlib.compress(Self.sample(count: 1000), level: .smallest, format: .gzip)
        #expect(Array(compressed.prefix(2)) == [0x1F, 0x8B])
        #expect(try Zlib.decompress(compressed, format: .zlibOrGzip, maxOutput: 1000) == Self.sample(count: 1000))
    }

    @Test func streamingInPiecesMatchesOneShot() throws {
        let input = Self.sample(count: 300_000)
        let deflater = try DeflateStream(level: .fastest, format: .gzip)
        var compressed: [UInt8] = []
        for start in stride(from: 0, to: input.count, by: 7_777) {
            compressed += try deflater.compress(Array(input[start..<min(start + 7_777, input.count)]))
        }
        compressed += try deflater.finish()
        let inflater = try InflateStream(format: .gzip, maxOutput: input.count)
        var output: [UInt8] = []
        for start in stride(from: 0, to: compressed.count, by: 1_000) {
            output += try inflater.decompress(Array(compressed[start..<min(start + 1_000, compressed.count)]))
        }
        try inflater.finish()
        #expect(output == input)
        #expect(throws: ZlibError.streamFinished) { try deflater.compress([1]) }
    }

    @Test func outputLimitStopsADecompressionBomb() throws {
        let bomb = try Zlib.compress([UInt8](repeating: 0, count: 10 << 20), level: .smallest)
        #expect(bomb.count < 20_000)
        #expect(throws: ZlibError.outputLimitExceeded(limit: 1 << 20)) {
            try Zlib.decompress(bomb, maxOutput: 1 << 20)
        }
        #expect(try Zlib.decompress(bomb, maxOutput: 10 << 20).count == 10 << 20)
        #expect(throws: ZlibError.outputLimitExceeded(limit: (10 << 20) - 1)) {
            try Zlib.decompress(bomb, maxOutput: (10 << 20) - 1)
        }
    }

    @Test func damagedInputIsReportedByKind() throws {
        let compressed = try Zlib.compress(Self.sample(count: 5_000))
        #expect(throws: ZlibError.truncatedInput) {
            try Zlib.decompress(Array(compressed.dropLast(10)), maxOutput: 10_000)
        }
        #expect(throws: ZlibError.trailingData(byteCount: 3)) {
            try Zlib.decompress(compressed + [1, 2, 3], maxOutput: 10_000)
        }
        var corrupt = compressed
        corrupt[corrupt.count - 2] ^= 0xFF
        #expect {
            try Zlib.decompress(corrupt, maxOutput: 10_000)
        } throws: { error in
            guard case ZlibError.corruptInput = error else { return false }
            return true
        }
        #expect(throws: ZlibError.self) { try Zlib.decompress(compressed, format: .gzip, maxOutput: 10_000) }
    }

    @Test func levelsOutsideZeroToNineAreRejected() {
        #expect(CompressionLevel(10) == nil)
        #expect(CompressionLevel(-1) == nil)
        #expect(CompressionLevel(0)?.value == 0)
    }
}
