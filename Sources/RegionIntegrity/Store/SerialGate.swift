/// Runs async operations one after another, in call order.
///
/// A PostgreSQL connection runs one transaction at a time, but a region's agent may receive
/// repairs from several peers at once (and erasures beside them); each operation passes the
/// gate alone, so their BEGIN ... COMMIT never interleave on the shared connection. An actor
/// alone would not do: it lets another call in at every `await`.
public actor SerialGate {
    private var tail: Task<Void, Never>?

    public init() {}

    public func run<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let previous = tail
        let task = Task {
            await previous?.value
            return try await operation()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
