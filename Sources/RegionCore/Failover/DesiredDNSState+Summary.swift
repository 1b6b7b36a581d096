extension DesiredDNSState {
    /// A short human-readable difference from `previous`, for audit records and logs:
    /// `KR: seoul → tokyo; default: seoul 70, singapore 20, tokyo 10 → singapore 20, tokyo 10`.
    public func changeSummary(from previous: DesiredDNSState?) -> String {
        guard let previous else { return "publish " + geos.map { "\($0.geo): \($0.summary)" }.joined(separator: "; ") }
        let changed = geos.compactMap { answer -> String? in
            let before = previous.answer(forGeo: answer.geo)
            guard before != answer else { return nil }
            return "\(answer.geo): \(before?.summary ?? "none") → \(answer.summary)"
        }
        return changed.isEmpty ? "no change" : changed.joined(separator: "; ")
    }
}

extension GeoAnswer {
    /// `seoul` for a single region, `seoul 70, singapore 20` when weighted.
    var summary: String {
        let weighted = regions.filter { $0.weight > 0 }
        if weighted.count <= 1 { return served?.rawValue ?? "none" }
        return weighted.map { "\($0.region) \($0.weight)" }.joined(separator: ", ")
    }
}
