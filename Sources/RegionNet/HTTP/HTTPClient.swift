import Foundation
import Logging

/// An HTTP/1.1 and HTTP/2 client on libcurl's multi interface, for the agent's probes,
/// peer calls and DNS provider APIs.
///
/// All transfers of one client run on one dedicated thread that owns the libcurl multi
/// handle, so connections to the same host are reused across requests and many requests
/// proceed concurrently without a thread each. Call `shutdown()` when done; a client that
/// is merely released also stops its thread, without waiting.
public final class HTTPClient: Sendable {
    private let loop: CurlMultiLoop
    private let logger: Logger

    /// - Parameter maximumCachedConnections: idle connections kept open for reuse.
    public init(logger: Logger, maximumCachedConnections: Int = 32) throws(HTTPClientError) {
        self.logger = logger
        loop = try CurlMultiLoop(maximumCachedConnections: maximumCachedConnections, logger: logger)
        loop.start()
    }

    deinit { loop.stop() }

    /// Performs the request. Any HTTP status is a response; only a failure to get one
    /// throws (`HTTPClientError`, or `CancellationError` when the task is cancelled).
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = loop.makeID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(CurlTransfer(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
    }

    /// Fails requests still in flight with `HTTPClientError.shutDown`, then frees libcurl's
    /// resources. Returns once the client's thread has exited.
    public func shutdown() async {
        loop.stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiter = Thread { [loop] in
                loop.waitUntilStopped()
                continuation.resume()
            }
            waiter.start()
        }
    }
}
