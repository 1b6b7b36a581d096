/// The container around a deflate stream.
///
/// The format decides the zlib `windowBits` value, which is how zlib is told which header
/// and trailer to write or expect.
public enum ZlibFormat: Sendable, Hashable {
    /// RFC 1950: a two-byte header and an Adler-32 trailer. The compact choice for
    /// peer-to-peer batches.
    case zlib
    /// RFC 1952: readable with `gzip -d`/`zcat`, which is why closed residency-log segments
    /// use it — auditors can inspect them without regiond.
    case gzip
    /// RFC 1951: bare deflate, no header and no checksum.
    case raw

    var windowBits: Int32 {
        switch self {
        case .zlib: 15
        case .gzip: 15 + 16
        case .raw: -15
        }
    }
}

/// What a decompressor accepts.
public enum ZlibDecompressionFormat: Sendable, Hashable {
    /// Exactly this format; anything else is reported as corrupt input.
    case exactly(ZlibFormat)
    /// Either zlib or gzip, told apart by the header, for callers that receive both.
    case zlibOrGzip

    var windowBits: Int32 {
        switch self {
        case .exactly(let format): format.windowBits
        case .zlibOrGzip: 15 + 32
        }
    }
}

extension ZlibDecompressionFormat {
    /// Exactly RFC 1950 zlib data.
    public static let zlib = ZlibDecompressionFormat.exactly(.zlib)
    /// Exactly RFC 1952 gzip data.
    public static let gzip = ZlibDecompressionFormat.exactly(.gzip)
    /// Exactly RFC 1951 raw deflate data.
    public static let raw = ZlibDecompressionFormat.exactly(.raw)
}
