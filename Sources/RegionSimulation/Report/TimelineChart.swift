import Foundation

/// The SVG picture of a run: one lane per region (outages, partitions, drains, time out of
/// DNS, detections, reroutes, failbacks), DNS changes as vertical rules, and a log-scale
/// chart of replication lag per tier with each tier's objective.
struct TimelineChart {
    let result: SimulationResult

    private let width = 1200.0
    private let left = 120.0
    private let right = 24.0
    private let top = 40.0
    private let laneHeight = 30.0
    private let laneGap = 12.0
    private let lagHeight = 200.0
    private static let tierColors = ["#d64545", "#3b82c4", "#8a5cc2", "#1f9d55", "#c27c0e"]

    private var plotWidth: Double { width - left - right }
    private var end: Int64 { max(result.durationMilliseconds, result.timeline.last?.atMilliseconds ?? 0, 1) }
    private var lanesBottom: Double { top + Double(result.regions.count) * (laneHeight + laneGap) }
    private var lagTop: Double { lanesBottom + 50 }
    private var height: Double { lagTop + lagHeight + 70 }

    private func x(_ milliseconds: Int64) -> Double { left + plotWidth * Double(milliseconds) / Double(end) }
    private func laneY(_ region: String) -> Double {
        top + Double(result.regions.firstIndex(of: region) ?? 0) * (laneHeight + laneGap)
    }

    var svg: String {
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\">")
        parts.append(defs)
        parts += timeAxis()
        parts += lanes()
        parts += dnsRules()
        parts += markers()
        parts += lagChart()
        parts += legend()
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private var defs: String {
        """
        <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#f4c27a"/><line x1="0" y1="0" x2="0" y2="6" stroke="#e09a2f" stroke-width="3"/></pattern>\
        <pattern id="drain" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#dfe3e8"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b8c0ca" stroke-width="3"/></pattern></defs>
        """
    }

    private func timeAxis() -> [String] {
        let step = Self.tickStep(end)
        var parts: [String] = []
        var tick: Int64 = 0
        while tick <= end {
            let px = x(tick)
            parts.append("<line x1=\"\(n(px))\" y1=\"\(n(top - 8))\" x2=\"\(n(px))\" y2=\"\(n(lagTop + lagHeight))\" stroke=\"#eef1f4\"/>")
            parts.append("<text x=\"\(n(px))\" y=\"\(n(top - 14))\" text-anchor=\"middle\" fill=\"#5a6472\">\(Self.tickLabel(tick))</text>")
            tick += step
        }
        return parts
    }

    private func lanes() -> [String] {
        var parts: [String] = []
        for region in result.regions {
            let y = laneY(region)
            parts.append("<text x=\"\(n(left - 10))\" y=\"\(n(y + laneHeight / 2 + 4))\" text-anchor=\"end\" font-weight=\"600\">\(HTMLReport.escape(region))</text>")
            parts.append("<rect x=\"\(n(left))\" y=\"\(n(y))\" width=\"\(n(plotWidth))\" height=\"\(n(laneHeight))\" rx=\"4\" fill=\"#e7f5ec\"/>")
        }
        for span in result.spans {
            let y = laneY(span.region)
            let x0 = x(span.startMilliseconds)
            let w = max(1.5, x(span.endMilliseconds) - x0)
            let title = "<title>\(span.region) \(span.kind.rawValue) \(Format.clock(span.startMilliseconds)) – \(Format.clock(span.endMilliseconds))</title>"
            switch span.kind {
            case .outOfDNS:
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y + laneHeight - 7))\" width=\"\(n(w))\" height=\"7\" fill=\"#7a4cc2\" opacity=\"0.85\">\(title)</rect>")
            case .down:
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(laneHeight - 8))\" fill=\"#d64545\" opacity=\"0.85\">\(title)</rect>")
            case .partitioned:
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(laneHeight - 8))\" fill=\"url(#hatch)\">\(title)</rect>")
            case .drained:
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(laneHeight - 8))\" fill=\"url(#drain)\">\(title)</rect>")
            }
        }
        return parts
    }

    private func dnsRules() -> [String] {
        result.timeline.filter { $0.kind == .dns && $0.text.hasPrefix("DNS serves") }.map { entry in
            let px = x(entry.atMilliseconds)
            return "<line x1=\"\(n(px))\" y1=\"\(n(top - 4))\" x2=\"\(n(px))\" y2=\"\(n(lanesBottom - laneGap + 4))\" stroke=\"#7a4cc2\" stroke-dasharray=\"3 3\"><title>\(Format.clock(entry.atMilliseconds)) \(HTMLReport.escape(entry.text))</title></line>"
        }
    }

    private func markers() -> [String] {
        result.timeline.compactMap { entry -> String? in
            guard let region = entry.region, result.regions.contains(region) else { return nil }
            let px = x(entry.atMilliseconds)
            let cy = laneY(region) + (laneHeight - 8) / 2
            let title = "<title>\(Format.clock(entry.atMilliseconds)) \(HTMLReport.escape(entry.text))</title>"
            switch entry.kind {
            case .view where entry.text.contains("declares"):
                return "<path d=\"M\(n(px)) \(n(cy - 8)) l6 8 l-6 8 l-6 -8 z\" fill=\"#1d2430\" stroke=\"#fff\">\(title)</path>"
            case .reroute:
                return "<circle cx=\"\(n(px))\" cy=\"\(n(cy))\" r=\"6\" fill=\"#1f9d55\" stroke=\"#fff\" stroke-width=\"1.5\">\(title)</circle>"
            case .failback:
                return "<path d=\"M\(n(px - 6)) \(n(cy + 6)) l6 -12 l6 12 z\" fill=\"#3b82c4\" stroke=\"#fff\">\(title)</path>"
            default:
                return nil
            }
        }
    }

    private func lagChart() -> [String] {
        var parts: [String] = []
        let maxSeconds = max(10, result.lagSeries.values.flatMap { $0.map(\.seconds) }.max() ?? 1)
        let minLog = -2.0
        let maxLog = (log10(maxSeconds) + 0.2).rounded(.up)
        func y(_ seconds: Double) -> Double {
            let clamped = min(max(log10(max(seconds, 0.01)), minLog), maxLog)
            return lagTop + lagHeight * (1 - (clamped - minLog) / (maxLog - minLog))
        }
        parts.append("<text x=\"\(n(left))\" y=\"\(n(lagTop - 12))\" font-weight=\"600\">Replication lag per tier (average of the rows delivered in each interval, log scale; dashed: objective)</text>")
        parts.append("<rect x=\"\(n(left))\" y=\"\(n(lagTop))\" width=\"\(n(plotWidth))\" height=\"\(n(lagHeight))\" fill=\"none\" stroke=\"#e3e7ec\"/>")
        var exponent = Int(minLog)
        while Double(exponent) <= maxLog {
            let seconds = pow10(exponent)
            let py = y(seconds)
            parts.append("<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py))\" stroke=\"#eef1f4\"/>")
            parts.append("<text x=\"\(n(left - 8))\" y=\"\(n(py + 4))\" text-anchor=\"end\" fill=\"#5a6472\">\(Self.secondsLabel(seconds))</text>")
            exponent += 1
        }
        for (index, tier) in result.tiers.enumerated() {
            let color = Self.tierColors[index % Self.tierColors.count]
            let samples = result.lagSeries[tier] ?? []
            if !samples.isEmpty {
                let points = samples.map { "\(n(x($0.atMilliseconds))),\(n(y($0.seconds)))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"><title>\(tier)</title></polyline>")
            }
            if let objective = result.tierObjectives[tier] {
                let py = y(objective)
                parts.append("<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py))\" stroke=\"\(color)\" stroke-dasharray=\"6 4\" opacity=\"0.6\"><title>\(tier) objective \(Self.secondsLabel(objective))</title></line>")
            }
        }
        return parts
    }

    private func legend() -> [String] {
        let y = lagTop + lagHeight + 34
        var items: [(String, String)] = [
            ("<rect width=\"14\" height=\"10\" fill=\"#d64545\"/>", "region down"),
            ("<rect width=\"14\" height=\"10\" fill=\"url(#hatch)\"/>", "cut off by partition"),
            ("<rect width=\"14\" height=\"10\" fill=\"url(#drain)\"/>", "drained"),
            ("<rect y=\"3\" width=\"14\" height=\"5\" fill=\"#7a4cc2\"/>", "out of DNS"),
            ("<path d=\"M7 0 l6 6 l-6 6 l-6 -6 z\" fill=\"#1d2430\"/>", "declared down"),
            ("<circle cx=\"7\" cy=\"6\" r=\"5\" fill=\"#1f9d55\"/>", "users rerouted"),
            ("<path d=\"M1 11 l6 -11 l6 11 z\" fill=\"#3b82c4\"/>", "failback"),
            ("<line x1=\"7\" y1=\"0\" x2=\"7\" y2=\"12\" stroke=\"#7a4cc2\" stroke-dasharray=\"3 3\"/>", "DNS change"),
        ]
        items += result.tiers.enumerated().map { index, tier in
            ("<line x1=\"0\" y1=\"6\" x2=\"14\" y2=\"6\" stroke=\"\(Self.tierColors[index % Self.tierColors.count])\" stroke-width=\"2\"/>", "\(tier) lag")
        }
        var parts: [String] = []
        var cursor = 20.0
        for (icon, label) in items {
            parts.append("<g transform=\"translate(\(n(cursor)),\(n(y - 10)))\">\(icon)</g><text x=\"\(n(cursor + 19))\" y=\"\(n(y))\">\(label)</text>")
            cursor += 28 + Double(label.count) * 6.2
        }
        return parts
    }

    private static func tickStep(_ end: Int64) -> Int64 {
        let candidates: [Int64] = [10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000]
        return candidates.first { end / $0 <= 12 } ?? 21_600_000
    }

    private static func tickLabel(_ milliseconds: Int64) -> String {
        let minutes = milliseconds / 60_000
        if milliseconds % 60_000 != 0 { return "\(milliseconds / 1000)s" }
        return minutes >= 60 && minutes % 60 == 0 ? "\(minutes / 60)h" : minutes >= 60 ? "\(minutes / 60)h\(minutes % 60)m" : "\(minutes)m"
    }

    private static func secondsLabel(_ seconds: Double) -> String {
        seconds >= 1 ? "\(Int(seconds.rounded()))s" : "\(Int((seconds * 1000).rounded()))ms"
    }

    private func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        if exponent >= 0 { for _ in 0..<exponent { value *= 10 } } else { for _ in 0..<(-exponent) { value /= 10 } }
        return value
    }

    /// Coordinates with one decimal: compact and identical across platforms.
    private func n(_ value: Double) -> String { Format.decimal(value) }
}
