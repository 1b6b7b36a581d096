import Foundation

/// A program started with `posix_spawn`, its output appended to a log file, so a test can
/// `kill -9` it the way a crash or the OOM killer would and start it again.
///
/// The child gets an empty signal mask and default dispositions: the test runner blocks
/// some signals, and an agent that inherited that mask would not stop on SIGTERM.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `exitStatus` is guarded by `lock`.
    let pid: pid_t
    let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    private init(pid: pid_t, logPath: String) {
        self.pid = pid
        self.logPath = logPath
    }

    static func spawn(_ arguments: [String], environment: [String: String] = [:], logPath: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChaosHarnessError.spawnFailed(arguments[0], String(cString: strerror(result))) }
        return ChildProcess(pid: pid, logPath: logPath)
    }

    /// Whether the process has not exited yet (reaps it if it has).
    var isRunning: Bool { reap(blocking: false) == nil }

    /// Sends `signal` and waits until the process is gone.
    func stop(with signal: Int32 = SIGKILL) {
        guard isRunning else { return }
        kill(pid, signal)
        _ = reap(blocking: true)
    }

    /// SIGTERM, then SIGKILL if the process is still there after `grace`.
    func terminate(grace: Duration = .seconds(10)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        stop(with: SIGKILL)
    }

    /// Waits for the process to exit by itself and returns its wait status.
    func waitForExit() async -> Int32 {
        while true {
            if let status = reap(blocking: false) { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The exit status once reaped; nil while running.
    private func reap(blocking: Bool) -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            } while result == -1 && errno == EINTR
            if result == pid || result == -1 { exitStatus = status }
            return exitStatus
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}
