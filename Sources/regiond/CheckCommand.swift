import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate regions.yaml (being built).")
    func run() throws { throw ValidationError("check is being built") }
}
