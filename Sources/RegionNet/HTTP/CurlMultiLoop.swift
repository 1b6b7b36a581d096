import CCurl
import Foundation
import Logging

/// Drives one libcurl multi handle from one dedicated thread: libcurl's multi interface
/// is not thread-safe, so every easy/multi call except `curl_multi_wakeup` happens here.
/// Connections stay in the multi handle's cache between requests and are reused.
final class CurlMultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let inbox = CurlInbox()
    private let logger: Logger
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private let stopped = NSCondition()
    private var hasStopped = false

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    init(maximumCachedConnections: Int, logger: Logger) throws(HTTPClientError) {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw .transport(url: "", code: -1, reason: "libcurl could not be initialised")
        }
        self.multi = multi
        self.logger = logger
        _ = regiond_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maximumCachedConnections)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "regiond-curl"
        thread.start()
    }

    func makeID() -> UInt64 { inbox.makeID() }

    func submit(_ transfer: CurlTransfer) {
        if let refusal = inbox.submit(transfer) {
            transfer.continuation.resume(throwing: refusal)
            return
        }
        curl_multi_wakeup(multi)
    }

    func cancel(_ id: UInt64) {
        inbox.cancel(id)
        curl_multi_wakeup(multi)
    }

    /// Asks the loop to fail what is in flight with `.shutDown` and free the multi handle.
    func stop() {
        inbox.stop()
        curl_multi_wakeup(multi)
    }

    /// Blocks the calling thread until the loop has exited and freed everything.
    func waitUntilStopped() {
        stopped.lock()
        while !hasStopped { stopped.wait() }
        stopped.unlock()
    }

    private func run() {
        while true {
            let batch = inbox.take()
            batch.started.forEach(add)
            batch.cancelled.forEach { id in
                if let transfer = active.values.first(where: { $0.id == id }) { finish(transfer, .failure(CancellationError())) }
            }
            if batch.stop { break }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectCompleted()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for transfer in Array(active.values) { finish(transfer, .failure(HTTPClientError.shutDown)) }
        curl_multi_cleanup(multi)
        stopped.lock()
        hasStopped = true
        stopped.broadcast()
        stopped.unlock()
    }

    private func add(_ transfer: CurlTransfer) {
        do {
            try transfer.prepare()
        } catch {
            transfer.release()
            inbox.finished(transfer.id)
            transfer.continuation.resume(throwing: error)
            return
        }
        guard let easy = transfer.easy else { return }
        let code = curl_multi_add_handle(multi, easy)
        guard code == CURLM_OK else {
            transfer.release()
            inbox.finished(transfer.id)
            let reason = String(cString: curl_multi_strerror(code))
            transfer.continuation.resume(throwing: HTTPClientError.transport(url: transfer.request.url, code: Int(code.rawValue), reason: reason))
            return
        }
        active[easy] = transfer
    }

    private func collectCompleted() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active[easy] else { continue }
            let code = message.pointee.data.result
            finish(transfer, transfer.outcome(of: code).mapError { $0 })
        }
    }

    private func finish(_ transfer: CurlTransfer, _ outcome: Result<HTTPResponse, any Error>) {
        if let easy = transfer.easy {
            curl_multi_remove_handle(multi, easy)
            active[easy] = nil
        }
        transfer.release()
        inbox.finished(transfer.id)
        switch outcome {
        case .success(let response):
            logger.debug("http \(transfer.request.method) \(transfer.request.url) -> \(response.status)", metadata: ["timing": "\(response.timing)"])
        case .failure(let error):
            logger.debug("http \(transfer.request.method) \(transfer.request.url) failed: \(error)")
        }
        transfer.continuation.resume(with: outcome)
    }
}
