/// Wakes the replicator early: a NOTIFY from the database, an acknowledgement that may let
/// the next batch go, or a stop request. Rings while nobody waits are remembered (once).
actor Doorbell {
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Returns when rung, after `timeout`, or when the task is cancelled.
    func wait(upTo timeout: Duration) async {
        if rung {
            rung = false
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.ring()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.ring() }
        }
        timer.cancel()
        rung = false
    }
}
