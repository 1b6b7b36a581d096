import RegionPostgres

/// Hands out appliers one caller at a time each: a `ChangeApplier` runs its transaction on
/// one connection, and two batches interleaving their statements on it would corrupt both.
/// More appliers (connections) let batches from different peers apply in parallel.
public actor ApplierPool {
    private var idle: [ChangeApplier]
    private var waiters: [CheckedContinuation<ChangeApplier, Never>] = []

    /// - Precondition: `appliers` is not empty, each on its own connection.
    public init(_ appliers: [ChangeApplier]) {
        idle = appliers
    }

    public func withApplier<T: Sendable>(_ body: @Sendable (ChangeApplier) async throws -> T) async throws -> T {
        let applier = await acquire()
        do {
            let result = try await body(applier)
            release(applier)
            return result
        } catch {
            release(applier)
            throw error
        }
    }

    private func acquire() async -> ChangeApplier {
        if let applier = idle.popLast() { return applier }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func release(_ applier: ChangeApplier) {
        if waiters.isEmpty {
            idle.append(applier)
        } else {
            waiters.removeFirst().resume(returning: applier)
        }
    }
}
