import Yams

extension Node {
    /// The number of values in this tree with every alias expanded, counted only until it
    /// passes `limit`, so measuring a hostile document costs at most `limit` steps.
    func expandedSize(limit: Int) -> Int {
        var count = 0
        var pending: [Node] = [self]
        while let node = pending.popLast() {
            count += 1
            guard count <= limit else { return count }
            switch node {
            case .scalar, .alias:
                break
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
        return count
    }
}
