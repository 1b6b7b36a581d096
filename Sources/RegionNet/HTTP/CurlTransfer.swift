import CCurl
import Foundation

/// One request in flight: its libcurl easy handle, the C resources the handle points
/// into, and the buffers the callbacks fill. Touched only by the loop thread once
/// submitted; it frees its C resources exactly once, in `release()`.
final class CurlTransfer: @unchecked Sendable {
    let id: UInt64
    let request: HTTPRequest
    let continuation: CheckedContinuation<HTTPResponse, any Error>
    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var responseHeaders: [HTTPHeader] = []
    private var responseBody = Data()
    private var responseOverLimit = false

    init(id: UInt64, request: HTTPRequest, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.id = id
        self.request = request
        self.continuation = continuation
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        release()
        errorBuffer.deallocate()
    }

    /// Creates and configures the easy handle; throws when libcurl rejects an option.
    func prepare() throws(HTTPClientError) {
        guard let handle = curl_easy_init() else {
            throw .transport(url: request.url, code: -1, reason: "curl_easy_init failed (out of memory?)")
        }
        easy = handle
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout.inMilliseconds.rounded(.up))))
        try set(CURLOPT_SSLVERSION, request.minimumTLS.curlValue)
        // Refuses a declared Content-Length over the limit before any of the body arrives;
        // `appendBody` catches bodies that do not declare their length.
        try check(regiond_curl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes)))
        if let trusted = request.trustedCertificatesPath { try set(CURLOPT_CAINFO, trusted) }
        try check(regiond_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(regiond_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlTransferReceiveBody))
        try check(regiond_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(regiond_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlTransferReceiveHeader))
        try check(regiond_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        try configureMethodAndBody()
        try configureHeaders()
    }

    private func configureMethodAndBody() throws(HTTPClientError) {
        switch request.method {
        case .get where request.body == nil: try set(CURLOPT_HTTPGET, 1)
        case .head: try set(CURLOPT_NOBODY, 1)
        default: try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        guard let body = request.body else { return }
        try check(regiond_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        // COPYPOSTFIELDS makes libcurl own a copy, so `body` need not outlive this call.
        let code = body.withUnsafeBytes { bytes in
            regiond_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer)))
        }
        try check(code)
    }

    private func configureHeaders() throws(HTTPClientError) {
        // An empty `Expect:` stops libcurl waiting a second for `100 Continue` on large bodies.
        for (name, line) in request.headers.map({ ($0.name, $0.description) }) + [("Expect", "Expect:")] {
            guard !line.contains("\r"), !line.contains("\n") else {
                // Only the name: header values are often credentials (API keys, signatures).
                throw .invalidRequest(
                    url: request.url,
                    reason: "header '\(name)' contains a line break; check the setting or secret its value comes from")
            }
            guard let extended = curl_slist_append(headerList, line) else {
                throw .transport(url: request.url, code: -1, reason: "curl_slist_append failed (out of memory?)")
            }
            headerList = extended
        }
        try check(regiond_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(regiond_curl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(regiond_curl_easy_setopt_string(easy, option, value))
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw .invalidRequest(url: request.url, reason: String(cString: curl_easy_strerror(code)))
        }
    }

    /// The outcome once libcurl reports the transfer done.
    func outcome(of code: CURLcode) -> Result<HTTPResponse, HTTPClientError> {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var status = 0
        _ = regiond_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody, timing: timing()))
    }

    private func timing() -> HTTPTiming {
        func mark(_ info: CURLINFO) -> Int64 {
            var value: curl_off_t = 0
            _ = regiond_curl_easy_getinfo_off_t(easy, info, &value)
            return Int64(value)
        }
        return HTTPTiming(cumulativeMicroseconds: (
            nameLookup: mark(CURLINFO_NAMELOOKUP_TIME_T), connect: mark(CURLINFO_CONNECT_TIME_T),
            appConnect: mark(CURLINFO_APPCONNECT_TIME_T), preTransfer: mark(CURLINFO_PRETRANSFER_TIME_T),
            startTransfer: mark(CURLINFO_STARTTRANSFER_TIME_T), total: mark(CURLINFO_TOTAL_TIME_T)
        ))
    }

    private func error(for code: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if code == CURLE_FILESIZE_EXCEEDED || (code == CURLE_WRITE_ERROR && responseOverLimit) {
            return .responseTooLarge(url: request.url, limit: request.maxResponseBytes)
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return .couldNotResolveHost(url: request.url)
        case CURLE_COULDNT_CONNECT: return .connectionRefused(url: request.url)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: request.url, after: request.timeout)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidRequest(url: request.url, reason: reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return .tls(url: request.url, reason: reason)
        default: return .transport(url: request.url, code: Int(code.rawValue), reason: reason)
        }
    }

    /// Frees the easy handle and header list; the caller has removed the handle from the multi.
    func release() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
    }

    /// Keeps the bytes unless they would take the body over the limit; `false` makes the
    /// callback tell libcurl to abort the transfer.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= request.maxResponseBytes else {
            responseOverLimit = true
            responseBody = Data()
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    fileprivate func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after 100 Continue): only the final response's headers count.
            responseHeaders.removeAll()
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            responseHeaders.append(HTTPHeader(name, value))
        }
    }
}

private func curlTransferReceiveBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}

private func curlTransferReceiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    transfer.receiveHeaderLine(String(decoding: bytes, as: UTF8.self))
    return size * count
}

extension TLSVersion {
    var curlValue: Int {
        switch self {
        case .v1_2: Int(CURL_SSLVERSION_TLSv1_2)
        case .v1_3: Int(CURL_SSLVERSION_TLSv1_3)
        }
    }
}
