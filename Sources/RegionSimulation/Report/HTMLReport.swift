/// `--report FILE.html`: one self-contained page (inline CSS and SVG, no scripts, no
/// network) with the run as a picture: regions as lanes, outages, detections, DNS changes,
/// reroutes and failbacks, and replication lag per tier as lines.
public enum HTMLReport {
    public static func render(_ result: SimulationResult) -> String {
        let verdict = result.passed ? "PASS" : "FAIL"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>regiond simulate: \(escape(result.scenario))</title>
            <style>\(style)</style></head><body>
            <header><h1>\(escape(result.scenario))</h1>
            <span class="badge \(verdict.lowercased())">\(verdict)</span>
            <p>seed \(result.seed) · \(Format.clock(result.durationMilliseconds)) simulated · \(result.totalWrites) writes · \(result.regions.count) regions</p></header>
            \(TimelineChart(result: result).svg)
            <section class="tables"><div>\(expectationsTable(result))</div><div>\(metricsTable(result))</div></section>
            \(timelineTable(result))
            </body></html>

            """
    }

    private static let style = """
        body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1d2430;margin:24px auto;max-width:1240px;padding:0 16px;background:#fafbfc}
        header{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}h1{font-size:24px;margin:0}header p{color:#5a6472;margin:0;flex-basis:100%}
        .badge{font-weight:700;padding:2px 10px;border-radius:12px;color:#fff}.pass{background:#1f9d55}.fail{background:#d64545}
        svg{background:#fff;border:1px solid #e3e7ec;border-radius:8px;margin:16px 0;width:100%;height:auto}
        .tables{display:grid;grid-template-columns:1fr 1fr;gap:24px}table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #edf0f3;font-variant-numeric:tabular-nums}th{color:#5a6472;font-weight:600}
        td.ok{color:#1f9d55;font-weight:700}td.no{color:#d64545;font-weight:700}h2{font-size:16px;margin:24px 0 8px}
        .kind{display:inline-block;min-width:70px;color:#5a6472}.timeline td:first-child{white-space:nowrap;color:#5a6472}
        """

    private static func expectationsTable(_ result: SimulationResult) -> String {
        let rows = result.expectations.map { outcome in
            "<tr><td class=\"\(outcome.ok ? "ok" : "no")\">\(outcome.ok ? "PASS" : "FAIL")</td><td>\(escape(outcome.name))</td><td>\(escape(outcome.value))</td><td>\(escape(outcome.limit))</td></tr>"
        }.joined()
        return "<h2>Expectations</h2><table><tr><th></th><th>expectation</th><th>measured</th><th>required</th></tr>\(rows)</table>"
    }

    private static func metricsTable(_ result: SimulationResult) -> String {
        let metrics = result.metrics
        var rows: [(String, String)] = [
            ("detection", metrics.detectionSeconds.map { Format.decimal($0) + " s" } ?? "no outage detected"),
            ("reroute", metrics.rerouteSeconds.map { Format.decimal($0) + " s" } ?? "no reroute"),
            ("failed over", metrics.failedOver.isEmpty ? "none" : metrics.failedOver.joined(separator: ", ")),
            ("DNS changes", "\(metrics.dnsChanges)"),
            ("residency violations", "\(metrics.residencyViolations)"),
            ("lost writes", "\(metrics.lostWrites)"),
            ("converged", metrics.converged ? "yes" : "no"),
            ("failback lag", metrics.failbackLagSeconds.map { Format.decimal($0) + " s" } ?? "no failback"),
            ("conflicts resolved (LWW)", "\(metrics.conflicts)"),
            ("writes at risk (max)", "\(metrics.writesAtRiskMax)"),
        ]
        rows += result.tiers.map { ("lag p99 \($0)", Format.decimal(metrics.lagP99Seconds[$0] ?? 0, digits: 2) + " s") }
        return "<h2>Metrics</h2><table>" + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined() + "</table>"
    }

    private static func timelineTable(_ result: SimulationResult) -> String {
        let rows = result.timeline.map { entry in
            "<tr><td>\(Format.clock(entry.atMilliseconds))</td><td><span class=\"kind\">\(entry.kind.rawValue)</span>\(escape(entry.text))</td></tr>"
        }.joined()
        return "<h2>Timeline</h2><table class=\"timeline\">\(rows)</table>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
