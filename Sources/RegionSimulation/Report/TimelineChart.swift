import Foundation

/// The SVG picture of a run: one lane per region (outages, partitions, drains, time out of
/// DNS, detections, reroutes, failbacks), one lane per geo (which regions its users resolve
/// to, and how long resolvers kept the previous answer), DNS changes as vertical rules, and
/// a log-scale chart of replication lag per tier with each tier's objective.
struct TimelineChart {
    let result: SimulationResult

    private let width = 1200.0
    private let left = 120.0
    private let right = 24.0
    private let top = 40.0
    private let laneHeight = 30.0
    private let laneGap = 12.0
    private let lagHeight = 200.0
    private let geoLaneHeight = 20.0
    private let geoLaneGap = 6.0
    private let legendRowHeight = 22.0
    private static let tierColors = ["#d64545", "#3b82c4", "#8a5cc2", "#1f9d55", "#c27c0e"]
    private static let regionColors = ["#2f6db5", "#1f9d55", "#c27c0e", "#8a5cc2", "#0f8b8d", "#b5477a", "#6b7a1f"]

    private var plotWidth: Double { width - left - right }
    private var end: Int64 { max(result.durationMilliseconds, result.timeline.last?.atMilliseconds ?? 0, 1) }
    private var regionLanesBottom: Double { top + Double(result.regions.count) * (laneHeight + laneGap) }
    private var geos: [String] {
        result.geoResolution.reduce(into: [String]()) { names, span in if !names.contains(span.geo) { names.append(span.geo) } }
    }
    private var geoLanesTop: Double { regionLanesBottom + 26 }
    private var lanesBottom: Double { geoLanesTop + Double(geos.count) * (geoLaneHeight + geoLaneGap) + laneGap }
    private var lagTop: Double { lanesBottom + 50 }
    private var legendTop: Double { lagTop + lagHeight + 40 }
    private var height: Double { legendTop + Double(legendRows.count) * legendRowHeight + 10 }

    private func x(_ milliseconds: Int64) -> Double { left + plotWidth * Double(milliseconds) / Double(end) }
    private func laneY(_ region: String) -> Double {
        top + Double(result.regions.firstIndex(of: region) ?? 0) * (laneHeight + laneGap)
    }
    private func geoLaneY(_ geo: String) -> Double {
        geoLanesTop + Double(geos.firstIndex(of: geo) ?? 0) * (geoLaneHeight + geoLaneGap)
    }
    private func regionColor(_ region: String?) -> String {
        guard let region, let index = result.regions.firstIndex(of: region) else { return "#c9ced6" }
        return Self.regionColors[index % Self.regionColors.count]
    }

    var svg: String {
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\">")
        parts.append(defs)
        parts += timeAxis()
        parts += lanes()
        parts += geoLanes()
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

    /// One lane per geo: a bar per served answer in the colour of the region that gets the
    /// users (split when traffic is shared), paled until every resolver has picked it up.
    private func geoLanes() -> [String] {
        guard !geos.isEmpty else { return [] }
        var parts = ["<text x=\"\(n(left))\" y=\"\(n(geoLanesTop - 8))\" font-weight=\"600\">Where each geo's users resolve to (pale: resolvers still caching the previous answer)</text>"]
        for geo in geos {
            parts.append("<text x=\"\(n(left - 10))\" y=\"\(n(geoLaneY(geo) + geoLaneHeight / 2 + 4))\" text-anchor=\"end\">DNS \(HTMLReport.escape(geo))</text>")
        }
        for span in result.geoResolution {
            let y = geoLaneY(span.geo)
            let x0 = x(span.startMilliseconds)
            let w = max(1.5, x(span.endMilliseconds) - x0)
            let answer = span.regions.isEmpty ? "no region" : span.regions.joined(separator: " + ")
            let title = "<title>\(HTMLReport.escape(span.geo)) → \(HTMLReport.escape(answer)) \(Format.clock(span.startMilliseconds)) – \(Format.clock(span.endMilliseconds))</title>"
            let shares = span.regions.isEmpty ? [nil] : span.regions.map { Optional($0) }
            let bandHeight = geoLaneHeight / Double(shares.count)
            for (index, region) in shares.enumerated() {
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y + Double(index) * bandHeight))\" width=\"\(n(w))\" height=\"\(n(bandHeight))\" fill=\"\(regionColor(region))\">\(title)</rect>")
            }
            let settled = span.settledMilliseconds.map { min($0, span.endMilliseconds) } ?? span.endMilliseconds
            if settled > span.startMilliseconds {
                parts.append("<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(max(1.5, x(settled) - x0)))\" height=\"\(n(geoLaneHeight))\" fill=\"#fff\" opacity=\"0.55\">\(title)</rect>")
            }
            if w > Double(answer.count) * 6.5 + 8 {
                parts.append("<text x=\"\(n(x0 + 4))\" y=\"\(n(y + geoLaneHeight / 2 + 4))\" fill=\"#fff\" font-size=\"11\">\(HTMLReport.escape(answer))</text>")
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

    private var legendItems: [(icon: String, label: String)] {
        var items: [(icon: String, label: String)] = [
            ("<rect width=\"14\" height=\"10\" fill=\"#d64545\"/>", "region down"),
            ("<rect width=\"14\" height=\"10\" fill=\"url(#hatch)\"/>", "cut off by partition"),
            ("<rect width=\"14\" height=\"10\" fill=\"url(#drain)\"/>", "drained"),
            ("<rect y=\"3\" width=\"14\" height=\"5\" fill=\"#7a4cc2\"/>", "out of DNS"),
            ("<path d=\"M7 0 l6 6 l-6 6 l-6 -6 z\" fill=\"#1d2430\"/>", "declared down"),
            ("<circle cx=\"7\" cy=\"6\" r=\"5\" fill=\"#1f9d55\"/>", "users rerouted"),
            ("<path d=\"M1 11 l6 -11 l6 11 z\" fill=\"#3b82c4\"/>", "failback"),
            ("<line x1=\"7\" y1=\"0\" x2=\"7\" y2=\"12\" stroke=\"#7a4cc2\" stroke-dasharray=\"3 3\"/>", "DNS change"),
        ]
        items += result.regions.map { region in
            ("<rect width=\"14\" height=\"10\" fill=\"\(regionColor(region))\"/>", "users sent to \(HTMLReport.escape(region))")
        }
        items += result.tiers.enumerated().map { index, tier in
            ("<line x1=\"0\" y1=\"6\" x2=\"14\" y2=\"6\" stroke=\"\(Self.tierColors[index % Self.tierColors.count])\" stroke-width=\"2\"/>", "\(HTMLReport.escape(tier)) lag")
        }
        return items
    }

    /// Legend items laid out left to right, wrapping onto new rows below the lag chart so
    /// none runs past the picture or over a lane.
    private var legendRows: [[(x: Double, icon: String, label: String)]] {
        var rows: [[(x: Double, icon: String, label: String)]] = [[]]
        var cursor = 20.0
        for item in legendItems {
            let itemWidth = 28 + Double(item.label.count) * 6.6
            if cursor + itemWidth > width - right, !(rows[rows.count - 1].isEmpty) {
                rows.append([])
                cursor = 20
            }
            rows[rows.count - 1].append((cursor, item.icon, item.label))
            cursor += itemWidth
        }
        return rows
    }

    private func legend() -> [String] {
        var parts: [String] = []
        for (row, items) in legendRows.enumerated() {
            let y = legendTop + Double(row) * legendRowHeight
            for item in items {
                parts.append("<g transform=\"translate(\(n(item.x)),\(n(y - 10)))\">\(item.icon)</g><text x=\"\(n(item.x + 19))\" y=\"\(n(y))\">\(item.label)</text>")
            }
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
