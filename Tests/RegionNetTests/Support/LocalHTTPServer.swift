import Foundation

/// A small HTTP/1.1 keep-alive server (Python's http.server) on a free 127.0.0.1 port,
/// started per test and stopped with it.
///
/// Routes: any path echoes method, path, headers, body and the client's port as JSON;
/// `/slow?ms=N` answers after N milliseconds; `/status/N` answers with status N;
/// `/chunked?bytes=N` answers N bytes in chunks without declaring the length.
final class LocalHTTPServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let directory: URL
    private let lifeline = Pipe()

    let isTLS: Bool
    var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// - Parameter tls: serve HTTPS with this certificate, offering at most `maximumVersion`.
    init(tls: (certificate: String, key: String, maximumVersion: String)? = nil) throws {
        isTLS = tls != nil
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", script.path] + (tls.map { [$0.certificate, $0.key, $0.maximumVersion] } ?? [])
        // The server exits when this pipe closes, so it never outlives the test process.
        process.standardInput = lifeline
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The server prints its port once it listens: no race for a free port.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerError.didNotStart
        }
        self.port = port
    }

    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning {
            // SIGKILL: children inherit the test runner's blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    enum ServerError: Error { case didNotStart }

    private static let script = #"""
    import json, os, ssl, sys, threading, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            status = 200
            if self.path.startswith("/chunked"):
                return self.send_chunked(int(self.path.split("bytes=")[1]))
            if self.path.startswith("/slow"):
                time.sleep(int(self.path.split("ms=")[1]) / 1000)
            if self.path.startswith("/status/"):
                status = int(self.path.split("/")[2])
            reply = json.dumps({"method": self.command, "path": self.path, "body": body,
                                "headers": {k.lower(): v for k, v in self.headers.items()},
                                "client_port": self.client_address[1]}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Echo-Method", self.command)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply)
        def send_chunked(self, total):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while total > 0:
                    size = min(total, 4096)
                    self.wfile.write(b"%x\r\n" % size + b"x" * size + b"\r\n")
                    total -= size
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    def exit_when_parent_goes():
        sys.stdin.read()
        os._exit(0)
    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        context.maximum_version = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[sys.argv[3]]
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#
}

/// The JSON the local server echoes back.
struct Echo: Decodable {
    var method: String
    var path: String
    var body: String
    var headers: [String: String]
    var clientPort: Int

    enum CodingKeys: String, CodingKey {
        case method, path, body, headers
        case clientPort = "client_port"
    }
}
