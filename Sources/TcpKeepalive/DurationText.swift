import Foundation
import Runtime

/// Parses the durations the command line takes: `90s`, `10m`, `24h`, `500ms`, `1h30m`,
/// `2d`, or a bare number of seconds. Whole units only; the total must be > 0.
enum DurationText {
    struct ParseError: Error, CustomStringConvertible {
        let text: String
        var description: String { "bad duration '\(text)' (use e.g. 90s, 10m, 24h, 500ms, 1h30m)" }
    }

    static func parse(_ text: String) throws(ParseError) -> Duration {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { throw ParseError(text: text) }
        if let n = Int64(s), n > 0 { return .seconds(n) }
        var total: Int64 = 0
        var number: Int64? = nil
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let d = c.wholeNumberValue, c.isASCII {
                let (m, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (v, o2) = m.addingReportingOverflow(Int64(d))
                guard !o1, !o2 else { throw ParseError(text: text) }
                number = v
                i += 1
                continue
            }
            guard let n = number else { throw ParseError(text: text) }
            var unit = String(c)
            if c == "m", i + 1 < chars.count, chars[i + 1] == "s" { unit = "ms"; i += 1 }
            let us: Int64
            switch unit {
            case "ms": us = 1_000
            case "s": us = 1_000_000
            case "m": us = 60_000_000
            case "h": us = 3_600_000_000
            case "d": us = 86_400_000_000
            default: throw ParseError(text: text)
            }
            let (p, o) = n.multipliedReportingOverflow(by: us)
            guard !o else { throw ParseError(text: text) }
            total += p
            number = nil
            i += 1
        }
        chars.removeAll()
        guard number == nil, total > 0 else { throw ParseError(text: text) }
        return Duration(microseconds: total)
    }

    /// `1h`, `10m`, `90s`, `1h30m`, `500ms` for printing.
    static func format(_ d: Duration) -> String {
        var us = d.microseconds
        if us == 0 { return "0s" }
        var out = ""
        for (unit, size) in [("d", Int64(86_400_000_000)), ("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000), ("ms", 1_000)] {
            if us >= size { out += "\(us / size)\(unit)"; us %= size }
        }
        return out.isEmpty ? "\(d.microseconds)us" : out
    }
}
