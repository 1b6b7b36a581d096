/// Reads samples out of a `/metrics` page (Prometheus text format).
struct PrometheusText {
    let text: String

    /// The sum of every sample of `name` whose labels include all of `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        text.split(separator: "\n").reduce(0) { sum, line in
            guard !line.hasPrefix("#"), line.hasPrefix(name + "{") || line.hasPrefix(name + " "),
                  let space = line.lastIndex(of: " "), let sample = Double(line[line.index(after: space)...])
            else { return sum }
            let wanted = labels.allSatisfy { line.contains("\($0.key)=\"\($0.value)\"") }
            return wanted ? sum + sample : sum
        }
    }
}
