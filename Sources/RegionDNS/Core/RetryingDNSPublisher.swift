import Logging
import RegionCore

/// Publishes desired DNS states through a provider, riding out provider outages: a
/// failed apply raises an alarm and is retried with backoff until it succeeds or the
/// task is cancelled, so a failover is delayed by an outage but never lost. Every change
/// actually applied is handed to the recorder with its reason.
public struct RetryingDNSPublisher: Sendable {
    public let provider: any DNSProvider
    private let recorder: any DNSChangeRecorder
    private let backoff: RetryBackoff
    private let alarm: @Sendable (DNSProviderAlarm) -> Void
    private let jitterSeed: @Sendable () -> UInt64
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger

    /// - Parameters:
    ///   - alarm: called on every failed attempt and once on recovery.
    ///   - backoff: the same backoff the decision core uses for its retries.
    ///   - jitterSeed: feeds the backoff's jitter; injectable so tests are deterministic.
    ///   - sleep: waits between attempts; injectable so tests need not wait.
    public init(
        provider: any DNSProvider, recorder: any DNSChangeRecorder, backoff: RetryBackoff = RetryBackoff(initial: .milliseconds(500), maximum: .seconds(20)), logger: Logger,
        alarm: @escaping @Sendable (DNSProviderAlarm) -> Void,
        jitterSeed: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.provider = provider
        self.recorder = recorder
        self.backoff = backoff
        self.alarm = alarm
        self.jitterSeed = jitterSeed
        self.sleep = sleep
        self.logger = logger
    }

    /// Applies `desired` and records what changed. Throws only `CancellationError`.
    @discardableResult
    public func publish(_ desired: DesiredDNSState, reason: DNSChangeReason) async throws -> DNSApplyReport {
        let report = try await retrying("apply") { try await provider.apply(desired) }
        guard report.changedAnything else {
            logger.debug("dns already up to date", metadata: ["provider": "\(provider.name)"])
            return report
        }
        logger.info("dns changed", metadata: ["provider": "\(provider.name)", "reason": "\(reason)", "changes": "\(report.changes.count)"])
        let applied = DNSAppliedChange(provider: provider.name, reason: reason, desired: desired, changes: report.changes)
        try await retrying("record") { try await recorder.record(applied) }
        return report
    }

    private func retrying<Result: Sendable>(_ step: String, _ operation: () async throws -> Result) async throws -> Result {
        var failures = 0
        while true {
            try Task.checkCancellation()
            do {
                let result = try await operation()
                if failures > 0 { alarm(.recovered(provider: provider.name, failedAttempts: failures)) }
                return result
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures, seed: jitterSeed())
                logger.warning("dns \(step) failed; retrying", metadata: [
                    "provider": "\(provider.name)", "attempt": "\(failures)", "retry_in": "\(delay)", "error": "\(error)",
                ])
                alarm(.unavailable(provider: provider.name, step: step, failedAttempts: failures, error: "\(error)", retryIn: delay))
                try await sleep(delay)
            }
        }
    }
}

/// Raised while a provider (or the change recorder) keeps failing, and cleared when it works.
public enum DNSProviderAlarm: Sendable, Equatable, CustomStringConvertible {
    case unavailable(provider: String, step: String, failedAttempts: Int, error: String, retryIn: Duration)
    case recovered(provider: String, failedAttempts: Int)

    public var description: String {
        switch self {
        case .unavailable(let provider, let step, let failures, let error, let retryIn):
            "DNS \(step) via \(provider) failed \(failures) time(s), retrying in \(retryIn): \(error)"
        case .recovered(let provider, let failures):
            "DNS via \(provider) works again after \(failures) failed attempt(s)"
        }
    }
}
