import Foundation
import RegionCore

/// Reads `simulations/*.yaml`. Every problem is reported at once, each at its
/// `FILE:LINE:COLUMN`: unknown keys (with a suggestion), bad durations, unknown regions,
/// tiers or residency classes, shares that do not add up.
public struct ScenarioParser {
    /// Loads the deployment a scenario names; the path is already resolved against the
    /// scenario's directory.
    public typealias ConfigLoader = (_ path: String) throws(ScenarioLoadError) -> RegionsConfig

    private let loadConfig: ConfigLoader

    public init(loadConfig: @escaping ConfigLoader) { self.loadConfig = loadConfig }

    private static let topKeys = ["name", "seed", "duration", "config", "overrides", "network", "dns", "load", "events", "expect"]

    /// Reads and validates the scenario at `path` (as the user wrote it; it is what
    /// diagnostics print).
    public func load(path: String) throws(ScenarioLoadError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .file(.unreadable(path: path, reason: error.localizedDescription))
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, file: path, directory: directory.isEmpty ? "." : directory)
    }

    /// Parses scenario text; `directory` anchors the relative `config:` path.
    public func parse(_ text: String, file: String, directory: String) throws(ScenarioLoadError) -> Scenario {
        let log = DiagnosticLog()
        let root: YAMLValue
        do {
            root = try YAMLDocument.parse(text, file: file, log: log)
        } catch {
            throw .file(error)
        }
        guard let top = root.mapping(allowedKeys: Self.topKeys) else { throw .invalid(log.sortedDiagnostics) }

        let name = top.required("name")?.nonEmptyString()
        let seed = top.required("seed").flatMap(readSeed)
        let duration = top.required("duration")?.duration()
        if let duration, duration <= .zero { top["duration"]?.error("'duration' must be longer than 0s") }

        guard let configValue = top.required("config"), let configPath = configValue.nonEmptyString() else {
            throw .invalid(log.sortedDiagnostics)
        }
        let resolved = configPath.hasPrefix("/") ? configPath : (directory as NSString).appendingPathComponent(configPath)
        var config: RegionsConfig
        do {
            config = try loadConfig(resolved)
        } catch .file(.unreadable(_, let reason)) {
            configValue.error("cannot read the deployment config '\(resolved)' (\(reason)); paths are relative to the scenario file")
            throw .invalid(log.sortedDiagnostics)
        } catch {
            throw error
        }
        if let overrides = top["overrides"] { ScenarioOverrides.apply(overrides, to: &config) }

        let reader = ScenarioSectionReader(config: config, duration: duration)
        let network = top["network"].map(reader.network) ?? NetworkSpec()
        let dns = top["dns"].map(reader.dns) ?? DNSSpec()
        let load = top["load"].map(reader.load) ?? LoadSpec()
        let events = top["events"].map(reader.events) ?? []
        let expectations = top["expect"].map(reader.expectations) ?? []
        guard !log.hasErrors, let name, let seed, let duration else { throw .invalid(log.sortedDiagnostics) }
        return Scenario(
            name: name, seed: seed, duration: duration, config: config, network: network, dns: dns, load: load,
            events: events, expectations: expectations)
    }

    private func readSeed(_ value: YAMLValue) -> UInt64? {
        guard let text = value.scalarText, let seed = UInt64(text.filter { $0 != "_" }) else {
            value.error("'seed' must be a whole number from 0 to \(UInt64.max), found \(value.foundDescription)")
            return nil
        }
        return seed
    }
}
