import Foundation

/// Runs PostgreSQL's server tools as an unprivileged account when this process is root.
///
/// initdb and postgres refuse to run as root; CI containers run as root. Then every tool
/// runs through `runuser -u <account> --` (util-linux), falling back to `su`, and the
/// cluster directory is handed to that account.
struct CommandRunner: Sendable {
    /// The account the server runs as, nil when this process is not root.
    let account: ServerAccount?

    static func forCurrentUser() throws -> CommandRunner {
        guard geteuid() == 0 else { return CommandRunner(account: nil) }
        for name in ["postgres", "nobody"] {
            if let entry = getpwnam(name) {
                return CommandRunner(account: ServerAccount(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid))
            }
        }
        throw LocalClusterError(step: "finding an unprivileged account", output: "running as root and neither 'postgres' nor 'nobody' exists; create the 'postgres' user")
    }

    /// Hands `path` to the server account (no-op when not root).
    func giveOwnership(of path: String) throws {
        guard let account else { return }
        guard chown(path, account.uid, account.gid) == 0 else {
            throw LocalClusterError(step: "chown \(path)", output: String(cString: strerror(errno)))
        }
    }

    /// Runs `tool` with `arguments`, returning its combined output; throws on a non-zero exit.
    ///
    /// Spawned with posix_spawn and reaped with waitpid rather than Foundation's `Process`,
    /// whose exit detection waits for descriptors that `pg_ctl start` hands on to the server
    /// it leaves running; output goes to a file for the same reason.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], step: String) throws -> String {
        let command: [String]
        if let account {
            if FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
                command = ["/usr/sbin/runuser", "-u", account.name, "--", tool] + arguments
            } else {
                command = ["/bin/su", "-s", "/bin/sh", account.name, "-c", ([tool] + arguments).map(shellQuoted).joined(separator: " ")]
            }
        } else {
            command = [tool] + arguments
        }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-cmd-\(UUID().uuidString).log").path
        defer { unlink(capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw LocalClusterError(step: step, output: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        guard exitedCleanly else { throw LocalClusterError(step: step, output: output) }
        return output
    }

    private func shellQuoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct ServerAccount: Sendable {
    let name: String
    let uid: uid_t
    let gid: gid_t
}
