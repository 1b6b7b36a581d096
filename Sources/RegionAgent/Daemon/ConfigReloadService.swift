import Foundation
import Logging
import RegionAudit
import RegionConfigIO
import RegionCore
import ServiceLifecycle
import UnixSignals

/// Reloads regions.yaml on SIGHUP. An invalid file is refused with its diagnostics in the
/// log and the running configuration stays in force; a valid, changed file replaces the
/// failover core's configuration and is recorded as `config-change` in the residency log.
///
/// Scope: health, quorum, failover and DNS planning follow the new file at once. The HTTP
/// server's keys and listen address and the replication tiers keep their startup values
/// until the agent restarts; the log says so when they differ.
struct ConfigReloadService: Service {
    let path: String
    let runtime: AgentRuntime
    let log: ResidencyLog?
    let clock: any AgentClock
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Reads the file again and applies it when it is valid and different.
    func reload() async {
        let loaded: LoadedConfig
        do {
            loaded = try RegionsConfigLoader.load(path: path)
        } catch let error as ConfigValidationError {
            for diagnostic in error.errors { logger.error("\(diagnostic)") }
            logger.error("configuration reload refused; the running configuration stays in force", metadata: [
                "path": "\(path)", "errors": "\(error.errors.count)",
            ])
            return
        } catch {
            logger.error("configuration reload refused; the running configuration stays in force", metadata: [
                "path": "\(path)", "reason": "\(error)",
            ])
            return
        }
        let running = await runtime.core.config
        guard loaded.config != running else {
            logger.info("configuration reloaded: unchanged", metadata: ["path": "\(path)"])
            return
        }
        do {
            try await runtime.replaceConfig(loaded.config, jitterSeed: UInt64.random(in: .min ... .max))
        } catch {
            logger.error("configuration reload refused: \(error)", metadata: ["path": "\(path)"])
            return
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        if loaded.config.security != running.security || loaded.config.tiers != running.tiers
            || loaded.config.regions.map(\.agentURL) != running.regions.map(\.agentURL) {
            logger.warning("keys, tiers or agent URLs changed: they take effect when the agent restarts")
        }
        logger.notice("configuration reloaded", metadata: ["path": "\(path)"])
        do {
            try await log?.append(AuditEvent(kind: .configChange, detail: "reloaded \(path) on SIGHUP"), at: clock.now())
        } catch {
            logger.error("configuration change not recorded in the residency log", metadata: ["reason": "\(error)"])
        }
    }
}
