/// Why the fault-injection harness could not set up or observe a deployment.
enum ChaosHarnessError: Error, CustomStringConvertible {
    case spawnFailed(String, String)
    case commandFailed(String, output: String)
    case timedOut(String, detail: String)
    case socket(String)

    var description: String {
        switch self {
        case .spawnFailed(let program, let reason): "cannot start \(program): \(reason)"
        case .commandFailed(let command, let output): "\(command) failed: \(output)"
        case .timedOut(let what, let detail): "gave up waiting: \(what)\n\(detail)"
        case .socket(let detail): "loopback socket: \(detail)"
        }
    }
}
