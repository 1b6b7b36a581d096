/// Why an `AgentCore` cannot be created.
public enum AgentCoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The agent was started for a region regions.yaml does not declare.
    case unknownRegion(RegionName, known: [RegionName])

    public var description: String {
        switch self {
        case .unknownRegion(let region, let known):
            "region '\(region)' is not declared in regions.yaml; start the agent with one of: "
                + known.map(\.rawValue).joined(separator: ", ")
        }
    }
}
