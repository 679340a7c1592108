import Foundation
import Runtime
import Simulation

/// Draws a run's timeline as SVG: a time axis, the host band (awake / deep sleep), the
/// Wi-Fi chip band (off, not associated, PM2 idle, active), keepalive ticks, and a
/// marker for every host wake labelled with its reason.
enum TimelineSVG {
    static let width = 1200.0
    static let left = 150.0, right = 125.0
    static let hostY = 70.0, chipY = 130.0, kaY = 190.0, bandH = 40.0

    /// The picture of a run that never started: the reason, no bands.
    static func notStarted(board: String, reason: String) -> String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"80\" viewBox=\"0 0 \(Int(width)) 80\" "
        s += "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"20\" y=\"28\" font-size=\"16\" font-weight=\"bold\">\(esc("tcp-keepalive: \(board): not started"))</text>\n"
        s += "<text x=\"20\" y=\"56\" fill=\"#c0392b\">\(esc(reason))</text>\n"
        s += "</svg>\n"
        return s
    }

    static func render(_ r: RunResult, title: String) -> String {
        let t1 = max(Double(r.endTime.microseconds) / 1e6, 1e-3)
        let plotW = width - left - right
        func x(_ t: Instant) -> Double { left + Double(t.microseconds) / 1e6 / t1 * plotW }
        var s = ""
        let height = 350.0
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(left)\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>\n"

        // Band labels
        s += label(hostY + bandH / 2, "Host MCU")
        s += label(chipY + bandH / 2, "Wi-Fi chip")
        s += label(kaY + 8, "Keepalives")

        // Host band
        s += "<rect x=\"\(f(left))\" y=\"\(f(hostY))\" width=\"\(f(plotW))\" height=\"\(f(bandH))\" fill=\"#dbe9f6\"/>\n"
        for i in r.hostIntervals where i.awake {
            let w = max(x(i.end) - x(i.start), 1.0)
            s += "<rect x=\"\(f(x(i.start)))\" y=\"\(f(hostY))\" width=\"\(f(w))\" height=\"\(f(bandH))\" fill=\"#f28e2b\"/>\n"
        }
        // Chip band
        s += "<rect x=\"\(f(left))\" y=\"\(f(chipY))\" width=\"\(f(plotW))\" height=\"\(f(bandH))\" fill=\"#eeeeee\"/>\n"
        for i in r.chipIntervals {
            let color: String
            switch i.state {
            case .off: color = "#bbbbbb"
            case .unassociated: color = "#e15759"
            case .associatedIdle: color = "#b7e1a1"
            case .active: color = "#2e7d32"
            }
            let w = max(x(i.end) - x(i.start), i.state == .active ? 1.0 : 0.0)
            s += "<rect x=\"\(f(x(i.start)))\" y=\"\(f(chipY))\" width=\"\(f(w))\" height=\"\(f(bandH))\" fill=\"\(color)\"/>\n"
        }
        // Keepalive ticks: acknowledged black, unanswered red.
        for k in r.keepaliveTimes {
            s += "<line x1=\"\(f(x(k.at)))\" y1=\"\(f(kaY))\" x2=\"\(f(x(k.at)))\" y2=\"\(f(kaY + 16))\" stroke=\"\(k.acked ? "#333333" : "#d62728")\" stroke-width=\"1\"/>\n"
        }
        // Wake markers; labels per cluster of nearby wakes ("link_down, other×3"), in two
        // rows, skipped when there is no room (the legend has the counts).
        var clusters: [(x: Double, counts: [Int])] = []
        for (t, reason) in r.wakeTimes {
            let xx = x(t)
            s += "<line x1=\"\(f(xx))\" y1=\"\(f(hostY - 4))\" x2=\"\(f(xx))\" y2=\"\(f(chipY + bandH))\" stroke=\"\(color(reason))\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"/>\n"
            s += "<path d=\"M\(f(xx - 5)),\(f(hostY - 10)) L\(f(xx + 5)),\(f(hostY - 10)) L\(f(xx)),\(f(hostY - 2)) Z\" fill=\"\(color(reason))\"/>\n"
            if let last = clusters.last, xx - last.x < 40 {
                clusters[clusters.count - 1].counts[Int(reason.rawValue)] += 1
            } else {
                var c = [Int](repeating: 0, count: HostWakeReason.allCases.count); c[Int(reason.rawValue)] = 1
                clusters.append((xx, c))
            }
        }
        var lastX = [-1000.0, -1000.0]
        for c in clusters {
            var parts: [(String, String)] = []
            for reason in HostWakeReason.allCases where c.counts[Int(reason.rawValue)] > 0 {
                let n = c.counts[Int(reason.rawValue)]
                parts.append((name(reason) + (n > 1 ? "×\(n)" : ""), color(reason)))
            }
            let text = parts.map(\.0).joined(separator: ", ")
            let w = Double(text.count) * 7.2
            let fits = c.x + 3 + w <= width - 4
            let x0 = fits ? c.x + 3 : c.x - 3 - w
            guard let row = (0..<2).first(where: { x0 >= lastX[$0] + 6 }) else { continue }
            lastX[row] = x0 + w
            s += "<text x=\"\(f(fits ? c.x + 3 : c.x - 3))\" y=\"\(f(hostY - 14 - Double(row) * 14))\" font-size=\"12\" text-anchor=\"\(fits ? "start" : "end")\">"
            for (i, part) in parts.enumerated() {
                s += "<tspan fill=\"\(part.1)\">\(i > 0 ? ", " : "")\(part.0)</tspan>"
            }
            s += "</text>\n"
        }
        // Axis
        let axisY = kaY + 30
        s += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(left + plotW))\" y2=\"\(f(axisY))\" stroke=\"black\"/>\n"
        let step = niceStep(t1 / 10)
        var tick = 0.0
        while tick <= t1 + 1e-9 {
            let xx = left + tick / t1 * plotW
            s += "<line x1=\"\(f(xx))\" y1=\"\(f(axisY))\" x2=\"\(f(xx))\" y2=\"\(f(axisY + 6))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(xx))\" y=\"\(f(axisY + 20))\" text-anchor=\"middle\">\(timeLabel(tick, step: step))</text>\n"
            tick += step
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(axisY + 38))\" text-anchor=\"middle\" fill=\"#555555\">virtual time since power-on</text>\n"
        // Legend (two rows)
        var ly = height - 44
        var lx = left
        for (c, t) in [("#f28e2b", "host awake"), ("#dbe9f6", "host deep sleep"), ("#2e7d32", "chip active (tx/rx)"),
                       ("#b7e1a1", "chip PM2 idle, associated"), ("#e15759", "chip not associated")] {
            s += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 11))\" width=\"14\" height=\"14\" fill=\"\(c)\" stroke=\"#888888\" stroke-width=\"0.5\"/>\n"
            s += "<text x=\"\(f(lx + 19))\" y=\"\(f(ly))\">\(t)</text>\n"
            lx += 19 + Double(t.count) * 7.2 + 22
        }
        ly += 20
        lx = left
        for (c, t) in [("#333333", "keepalive, acknowledged"), ("#d62728", "keepalive, unanswered")] {
            s += "<line x1=\"\(f(lx + 7))\" y1=\"\(f(ly - 12))\" x2=\"\(f(lx + 7))\" y2=\"\(f(ly + 2))\" stroke=\"\(c)\" stroke-width=\"1.5\"/>\n"
            s += "<text x=\"\(f(lx + 19))\" y=\"\(f(ly))\">\(t)</text>\n"
            lx += 19 + Double(t.count) * 7.2 + 22
        }
        s += "<path d=\"M\(f(lx)),\(f(ly - 10)) L\(f(lx + 10)),\(f(ly - 10)) L\(f(lx + 5)),\(f(ly - 2)) Z\" fill=\"#555555\"/>\n"
        let p = r.power
        s += "<text x=\"\(f(lx + 16))\" y=\"\(f(ly))\">host wake, labelled with its reason (\(r.wakeTimes.count): \(byReason(p)))</text>\n"
        s += "</svg>\n"
        return s
    }

    static func name(_ r: HostWakeReason) -> String { r.key.description }

    /// "data 3, link_down 1, keepalive_failure 0, other 0" (the world's reasons always, the
    /// host's own only when there were any).
    static func byReason(_ p: PowerSummary) -> String {
        HostWakeReason.allCases.filter { $0.rawValue <= HostWakeReason.other.rawValue || p.wakeups($0) > 0 }
            .map { "\(name($0)) \(p.wakeups($0))" }.joined(separator: ", ")
    }

    static func color(_ r: HostWakeReason) -> String {
        switch r {
        case .data: "#1f77b4"
        case .linkDown: "#d62728"
        case .keepaliveFailure: "#9467bd"
        case .other: "#7f7f7f"
        case .recovery: "#ff7f0e"
        case .timer: "#2ca02c"
        case .spurious: "#e377c2"
        }
    }

    private static func label(_ y: Double, _ t: String) -> String {
        "<text x=\"\(f(left - 10))\" y=\"\(f(y + 5))\" text-anchor=\"end\" font-weight=\"bold\">\(t)</text>\n"
    }

    /// 1, 2, 5 × 10^k seconds, or minute/hour multiples.
    static func niceStep(_ raw: Double) -> Double {
        let candidates: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
                                    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        return candidates.first { $0 >= raw } ?? 86400 * (raw / 86400).rounded(.up)
    }

    static func timeLabel(_ t: Double, step: Double) -> String {
        if step >= 3600 { return String(format: "%.0fh", t / 3600) }
        if step >= 60 { return t >= 3600 ? String(format: "%dh%02dm", Int(t) / 3600, Int(t) % 3600 / 60) : String(format: "%.0fm", t / 60) }
        if step >= 1 { return t >= 60 ? String(format: "%dm%02ds", Int(t) / 60, Int(t) % 60) : String(format: "%.0fs", t) }
        return String(format: "%.3gs", t)
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
