import Foundation

/// The only state shared between callers and the loop thread: requests waiting to be
/// started, cancellations, and the stop flag. Everything else belongs to the loop thread.
final class CurlInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [CurlTransfer] = []
    private var cancellations: [UInt64] = []
    /// Submitted and not yet finished; a cancellation for any other id is either early
    /// (remembered in `cancelledEarly`) or late (ignored).
    private var inFlight: Set<UInt64> = []
    private var cancelledEarly: Set<UInt64> = []
    private var nextID: UInt64 = 0
    private(set) var isStopping = false

    struct Batch {
        var started: [CurlTransfer]
        var cancelled: [UInt64]
        var stop: Bool
    }

    func makeID() -> UInt64 {
        lock.withLock {
            nextID += 1
            return nextID
        }
    }

    /// Queues a transfer for the loop, or returns why it cannot run.
    func submit(_ transfer: CurlTransfer) -> (any Error)? {
        lock.withLock {
            if isStopping { return HTTPClientError.shutDown }
            if cancelledEarly.remove(transfer.id) != nil { return CancellationError() }
            inFlight.insert(transfer.id)
            waiting.append(transfer)
            return nil
        }
    }

    func cancel(_ id: UInt64) {
        lock.withLock {
            if inFlight.contains(id) {
                cancellations.append(id)
            } else {
                cancelledEarly.insert(id)
            }
        }
    }

    func finished(_ id: UInt64) {
        lock.withLock { _ = inFlight.remove(id) }
    }

    func stop() {
        lock.withLock { isStopping = true }
    }

    func take() -> Batch {
        lock.withLock {
            defer {
                waiting.removeAll()
                cancellations.removeAll()
            }
            return Batch(started: waiting, cancelled: cancellations, stop: isStopping)
        }
    }
}
