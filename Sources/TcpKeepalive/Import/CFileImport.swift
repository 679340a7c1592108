import Foundation

/// The generated `GeneratedSource/cycfg_connectivity_wifi.c` (what the C example's offload
/// manager reads at start-up, docs/tko-offload.md §2, §5.1): `cy_tko_ol_cfg_t` {interval,
/// retry_interval, retry_count, ports[0..3] = {local_port, remote_port, "ip"}}, the ARP
/// `arp_ol_cfg_t` masks and peer age, the `cy_pf_ol_cfg_t` filter list, and `ol_list_0`'s
/// offload names. The host-wake pin is in the generated header and the pins file, not
/// here: it stays the base kit's (and the output says so).
enum CFileImport {
    static func board(_ text: String, file: String, base: String?) throws(CommandError) -> ImportedBoard {
        let baseName: String, why: String
        if let base { (baseName, why) = try ModusImport.chooseBase(base, mcu: nil, chip: nil) }
        else { (baseName, why) = (Boards_default, "the C example's default TARGET; choose yours with --base") }
        var b = ImportedBoard(baseName: baseName, why: why)
        b.sources = [(file as NSString).lastPathComponent]
        let src = stripComments(text)

        if let cfg = block(after: "cy_tko_ol_cfg_t", in: src) {
            for (field, key) in [("interval", "tko.interval"), ("retry_interval", "tko.retry_interval"), ("retry_count", "tko.retry_count")] {
                guard let v = designated(field, in: cfg) else { continue }
                guard let n = Int(v.trimmingCharacters(in: CharacterSet(charactersIn: "uU"))), (0...65_535).contains(n) else {
                    throw .badOption("import-modus", "\(file): .\(field) = \(v): not a number 0...65535")
                }
                b.set(key, "\(n)", from: ".\(field)\(n == 0 ? " (0: WHD's default)" : "")")
            }
            for slot in 0..<4 {
                guard let port = block(after: ".ports[\(slot)]", in: cfg) else { continue }
                let local = designated("local_port", in: port).flatMap { Int($0) } ?? 0
                let remote = designated("remote_port", in: port).flatMap { Int($0) } ?? 0
                let ip = designated("remote_ip", in: port).map(unquote) ?? firstString(in: port) ?? "0.0.0.0"
                b.setSocket(slot, local: local, ip: ip, remote: remote, from: ".ports[\(slot)]")
            }
        }

        if let arp = block(after: "arp_ol_cfg_t", in: src) {
            b.set("arp.offload", "on", from: "an arp_ol_cfg_t in the offload list")
            for (field, key) in [("awake_enable_mask", "arp.awake"), ("sleep_enable_mask", "arp.sleep")] {
                guard let v = designated(field, in: arp) else { continue }
                let words = features(v)
                if words.isEmpty {
                    b.skip(".\(field) = \(v)", "a macro of cycfg_connectivity_wifi.h (import the design.modus instead, or write \(key) yourself)")
                } else {
                    b.set(key, words.joined(separator: ","), from: ".\(field)")
                }
            }
            if let v = designated("peerage", in: arp) {
                if let n = Int(v.trimmingCharacters(in: CharacterSet(charactersIn: "uUlL()"))) { b.set("arp.peer_age", "\(n)", from: ".peerage") }
                else { b.skip(".peerage = \(v)", "a macro of cycfg_connectivity_wifi.h") }
            }
        }

        if let list = block(after: "cy_pf_ol_cfg_t", in: src) {
            var slot = 0
            var first: String? = nil
            for entry in entries(list) {
                guard let feature = designated("feature", in: entry) else { continue }
                if feature.hasSuffix("LAST") { break }
                let bits = designated("bits", in: entry) ?? ""
                let action = bits.contains("DISCARD") ? "discard" : "keep"
                let sleep = bits.contains("ACTIVE_SLEEP"), wake = bits.contains("ACTIVE_WAKE")
                let when = sleep && wake ? "always" : sleep ? "sleep" : "wake"
                var match: String? = nil
                if feature.hasSuffix("ETHTYPE"), let t = designated("eth_type", in: entry) {
                    match = "ethertype \(t.trimmingCharacters(in: CharacterSet(charactersIn: "uU")))"
                } else if feature.hasSuffix("IPTYPE"), let t = designated("ip_type", in: entry) {
                    match = "ipproto \(t.trimmingCharacters(in: CharacterSet(charactersIn: "uU")))"
                } else if feature.hasSuffix("PORTNUM"), let p = designated("portnum", in: entry).flatMap({ Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "uU"))) }) {
                    let range = designated("range", in: entry).flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "uU"))) } ?? 0
                    let dir = (designated("direction", in: entry) ?? "").contains("SOURCE") ? "src" : "dst"
                    let proto = (designated("proto", in: entry) ?? "").contains("UDP") ? "udp" : "tcp"
                    match = range > 0 ? "\(proto) \(dir) \(p)-\(p + range)" : "\(proto) \(dir) \(p)"
                }
                let shown = entry.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "  ", with: " ")
                guard let match else { b.skip("filter {\(shown.prefix(60))...}", "not a port, ethertype or IP-protocol filter"); continue }
                if first == nil { first = action }
                if action != first { b.skip("filter \(match) \(action)", "mixes keep and discard: the firmware has one filter mode"); continue }
                if slot >= 8 { b.skip("filter \(match) \(action)", "more than 8 filters (filter0...filter7)"); continue }
                b.set("filter\(slot)", "\(match) \(action) \(when)", from: "cy_pf_ol_cfg_t entry \(slot)")
                slot += 1
            }
        }

        // The offload list: TKO, ARP and Pkt_Filter are read above; any other is named.
        if let list = block(after: "ol_desc_t ol_list_0", in: src) ?? block(after: "ol_list_0[]", in: src) {
            for name in strings(in: list) where !["TKO", "ARP", "Pkt_Filter"].contains(name) {
                b.skip("offload \"\(name)\" in ol_list_0", "no equivalent here")
            }
        }
        b.skip("host-wake pin", "not in cycfg_connectivity_wifi.c (it is in cycfg_connectivity_wifi.h / cycfg_pins.h): the base kit's is kept")
        return b
    }

    static let Boards_default = "CY8CPROTO-062-4343W"

    static func stripComments(_ s: String) -> String {
        var out = s.replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: " ", options: .regularExpression)
        out = out.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
        return out
    }

    /// The text between the `{` after `marker` and its matching `}`.
    static func block(after marker: String, in s: String) -> String? {
        guard let m = s.range(of: marker), let open = s[m.upperBound...].firstIndex(of: "{") else { return nil }
        var depth = 0
        var i = open
        while i < s.endIndex {
            if s[i] == "{" { depth += 1 }
            if s[i] == "}" { depth -= 1; if depth == 0 { return String(s[s.index(after: open)..<i]) } }
            i = s.index(after: i)
        }
        return nil
    }

    /// The top-level `{...}` entries of a list.
    static func entries(_ s: String) -> [String] {
        var out: [String] = []
        var depth = 0
        var start: String.Index? = nil
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "{" { if depth == 0 { start = s.index(after: i) }; depth += 1 }
            if s[i] == "}" { depth -= 1; if depth == 0, let st = start { out.append(String(s[st..<i])) } }
            i = s.index(after: i)
        }
        return out
    }

    /// The value of `.field = value` (up to `,` or `}` at the same depth, parentheses kept);
    /// a `.field = { ... }` aggregate is passed over for a scalar of the same name inside
    /// (`.portnum = {.portnum = 68u, ...}`).
    static func designated(_ field: String, in s: String) -> String? {
        var from = s.startIndex
        while let r = s.range(of: #"\.\#(field)\s*="#, options: .regularExpression, range: from..<s.endIndex) {
            from = r.upperBound
            var depth = 0
            var v = ""
            for c in s[r.upperBound...] {
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1 }
                if depth == 0 && (c == "," || c == "}" || c == ";") { break }
                v.append(c)
            }
            let t = v.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.hasPrefix("{") || t.isEmpty { continue }
            return t
        }
        return nil
    }

    static func unquote(_ s: String) -> String { s.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }

    static func strings(in s: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #""([^"]*)""#)
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { Range($0.range(at: 1), in: s).map { String(s[$0]) } }
    }

    static func firstString(in s: String) -> String? { strings(in: s).first }

    /// CY_ARP_OL_*_ENABLE words in a mask expression.
    static func features(_ v: String) -> [String] {
        var out: [String] = []
        for (token, word) in [("AGENT", "agent"), ("SNOOP", "snoop"), ("HOST_AUTO_REPLY", "host_auto_reply"), ("PEER_AUTO_REPLY", "peer_auto_reply")]
            where v.contains("CY_ARP_OL_\(token)_ENABLE") { out.append(word) }
        return out
    }
}
