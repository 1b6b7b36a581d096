import Foundation
import RegionCore

/// Writes the desired state to a JSON file instead of a DNS service: for `--dry-run`,
/// the simulator, and deployments where another tool publishes DNS from the file.
///
/// The file is replaced atomically (temporary file in the same directory, then rename),
/// so a reader never sees half a document, and it is not touched when nothing changed.
public struct FileDNSProvider: DNSProvider {
    public let path: String
    private let config: RegionsConfig

    public init(config: RegionsConfig, path: String) {
        self.config = config
        self.path = path
    }

    public var name: String { "file \(path)" }

    public func currentRecords() async throws -> [DNSRecordSet] {
        try storedDocument()?.records ?? []
    }

    public func render(_ desired: DesiredDNSState) throws -> [DNSRecordSet] {
        try DNSZoneDocument(config: config, desired: desired).records
    }

    public func apply(_ desired: DesiredDNSState) async throws -> DNSApplyReport {
        let document = try DNSZoneDocument(config: config, desired: desired)
        let bytes = try Self.encoder.encode(document)
        let url = URL(fileURLWithPath: path)
        let existing = try? Data(contentsOf: url)
        guard existing != bytes else { return DNSApplyReport(provider: name, changes: []) }
        let before = existing.flatMap { try? JSONDecoder().decode(DNSZoneDocument.self, from: $0) }?.records ?? []
        try writeAtomically(bytes, to: url)
        return DNSApplyReport(provider: name, changes: DNSRecordChange.between(current: before, desired: document.records))
    }

    /// The document as last written, or nil when there is none yet.
    public func storedDocument() throws -> DNSZoneDocument? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return nil }
        do {
            return try JSONDecoder().decode(DNSZoneDocument.self, from: data)
        } catch {
            throw DNSProviderError.unexpectedResponse(provider: name, detail: "the file is not a regiond DNS document: \(error)")
        }
    }

    private func writeAtomically(_ bytes: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try bytes.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw DNSProviderError.fileSystem(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as DNSProviderError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DNSProviderError.fileSystem(path: path, reason: "\(error.localizedDescription)")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}
