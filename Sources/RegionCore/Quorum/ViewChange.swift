/// Regions that left (`down`) or rejoined (`up`) the agreed view in one evaluation, each in
/// config order.
public struct ViewChange: Sendable, Equatable {
    public var down: [RegionName]
    public var up: [RegionName]

    public init(down: [RegionName] = [], up: [RegionName] = []) {
        self.down = down
        self.up = up
    }

    public var isEmpty: Bool { down.isEmpty && up.isEmpty }
}
