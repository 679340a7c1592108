import Foundation
import Boards

/// `tcp-keepalive import-modus`: the C example's configuration -> our board file.
///
/// Reads the Connectivity Wi-Fi personality of a `design.modus` (docs/tko-offload.md §2,
/// §5.1: hostWake, hostIRQ, arpOffload, arpResponse, arpInSleep, arpSnoopHostIp, peerAge,
/// configN/filterN_*, tcpkaOffload, tcpkaInterval, tcpkaRetryInterval, tcpkaRetryCount,
/// tcpkaSrcPortN, tcpkaDstPortN, tcpkaDstIpAddrN), the pins it names, the part numbers,
/// or the generated `cycfg_connectivity_wifi.c` (`CFileImport`), plus `app_config.h`'s
/// WIFI_SSID / WIFI_PASSWORD / WIFI_SECURITY_TYPE. Every parameter is carried to a key or
/// named in the output with the reason it was not.
enum ModusImport {
    static let chips = ["CYW4343W", "CYW43438", "CYW43439", "CYW43012", "CYW4373"]

    static func run(path: String, appConfig: String?, base: String?) throws(CommandError) -> String {
        let data = try read(path)
        var board: ImportedBoard
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("<Configuration") || text.hasPrefix("<?xml") {
            board = try fromDesign(ModusDesign.parse(data), file: path, base: base)
        } else if text.contains("cy_tko_ol_cfg_t") || text.contains("cycfg_get_default_ol_list") {
            board = try CFileImport.board(text, file: path, base: base)
        } else {
            throw .badOption("import-modus", "\(path): neither a design.modus (XML) nor a generated cycfg_connectivity_wifi.c")
        }
        if let appConfig {
            board.sources.append((appConfig as NSString).lastPathComponent)
            try AppConfigImport.apply(String(decoding: try read(appConfig), as: UTF8.self), file: appConfig, to: &board)
        }
        let out = try board.render()
        // What we write must be a board file we accept.
        do throws(BoardConfigError) { _ = try BoardConfig.parse(Array(out.utf8)) } catch {
            throw CommandError("import-modus: the imported settings do not make a valid board: "
                               + BoardFile.message(error, file: "(imported board)", text: Array(out.utf8)))
        }
        return out
    }

    static func read(_ path: String) throws(CommandError) -> Data {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw .badOption("import-modus", "\(path): \(FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file")")
        }
        return d
    }

    /// The base kit: `--base`, or the one built-in board with this MCU and Wi-Fi chip.
    static func chooseBase(_ base: String?, mcu: String?, chip: String?) throws(CommandError) -> (String, String) {
        if let base {
            guard Boards.text(of: Array(base.utf8)) != nil else {
                throw .badOption("--base", "unknown board '\(base)' (see tcp-keepalive --list-boards)")
            }
            return (base, "--base")
        }
        var matches: [String] = []
        for n in Boards.names {
            let name = n.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            guard let b = try? Boards.named(Array(name.utf8)) else { continue }
            let bMCU = String(decoding: b.mcu, as: UTF8.self)
            guard let mcu, bMCU == mcu else { continue }
            if let chip, chipName(b.chip) != chip { continue }
            matches.append(name)
        }
        if matches.count == 1 { return (matches[0], "the built-in kit with MCU \(mcu!) and \(chip ?? "its chip")") }
        let what = "MCU \(mcu ?? "?"), chip \(chip ?? "?")"
        if matches.isEmpty {
            throw .badOption("import-modus", "no built-in kit has \(what): name the closest with --base KIT (--list-boards)")
        }
        throw .badOption("import-modus", "several built-in kits have \(what) (\(matches.joined(separator: ", "))): choose one with --base")
    }

    static func chipName(_ c: Chip) -> String {
        switch c {
        case .cyw4343w: "CYW4343W"
        case .cyw43438: "CYW43438"
        case .cyw43439: "CYW43439"
        case .cyw43012: "CYW43012"
        case .cyw4373: "CYW4373"
        }
    }

    // MARK: design.modus

    static func fromDesign(_ d: ModusDesign, file: String, base: String?) throws(CommandError) -> ImportedBoard {
        guard let (wifiDevice, wifi) = d.wifi else {
            throw .badOption("import-modus", "\(file): no Connectivity Wi-Fi personality (connectivity_wifi): open it in the Device Configurator and enable Power > Wi-Fi")
        }
        let chip = chips.first { wifiDevice.mpn.uppercased().contains($0) }
        let (baseName, why) = try chooseBase(base, mcu: d.mcu?.mpn, chip: chip)
        var b = ImportedBoard(baseName: baseName, why: why)
        b.sources = [(file as NSString).lastPathComponent]
        if let mcu = d.mcu?.mpn, !mcu.isEmpty { b.set("mcu", mcu, from: "the MCU device's mpn") }
        if let chip { b.set("chip", chip, from: "the Wi-Fi device's mpn \(wifiDevice.mpn)") }
        else { b.skip("Wi-Fi device mpn = \(wifiDevice.mpn)", "no chip we know in it; chip kept from the base kit") }
        let module = wifiDevice.mpn.split(separator: "/").first.map(String.init) ?? ""
        if wifiDevice.mpn.contains("/"), !module.isEmpty { b.set("module", module, from: "the Wi-Fi device's mpn") }

        // Pins the BSP names (aliases).
        if let wl = d.pin(alias: "CYBSP_WIFI_WL_REG_ON"), let p = ModusDesign.pinName(wl.location) {
            b.set("wl_reg_on.pin", p, from: "alias CYBSP_WIFI_WL_REG_ON")
        }
        let sdio = ["CYBSP_WIFI_SDIO_D0", "CYBSP_WIFI_SDIO_D1", "CYBSP_WIFI_SDIO_D2", "CYBSP_WIFI_SDIO_D3",
                    "CYBSP_WIFI_SDIO_CMD", "CYBSP_WIFI_SDIO_CLK"].compactMap { d.pin(alias: $0).flatMap { ModusDesign.pinName($0.location) } }
        if sdio.count == 6 { b.set("sdio.pins", sdio.joined(separator: " "), from: "aliases CYBSP_WIFI_SDIO_D0..D3, CMD, CLK") }

        var handled = Set<String>()
        func value(_ id: String) -> String? { handled.insert(id); return wifi.param(id) }
        func number(_ id: String, max: Int) throws(CommandError) -> Int? {
            guard let v = value(id) else { return nil }
            guard let n = Int(v), (0...max).contains(n) else {
                throw .badOption("import-modus", "\(file): \(id) = \(v): not a number 0...\(max)")
            }
            return n
        }

        // Host wake
        let hostWake = value("hostWake")
        if let irq = value("hostIRQ") {
            if hostWake == "false" {
                b.skip("hostWake = false, hostIRQ = \(irq)", "host wake is required here (LPA: offloads without it hang); the base kit's pin is kept")
            } else if let pinBlock = d.pin(alias: irq), let p = ModusDesign.pinName(pinBlock.location) {
                b.set("host_wake.pin", p, from: "hostIRQ = \(irq)")
                if let t = pinBlock.param("isrTrigger") {
                    if t.hasSuffix("RISING") { b.set("host_wake.edge", "rising", from: "\(irq) isrTrigger") }
                    else if t.hasSuffix("FALLING") { b.set("host_wake.edge", "falling", from: "\(irq) isrTrigger") }
                    else { b.skip("\(irq) isrTrigger = \(t)", "host wake needs a rising or falling edge; edge kept from the base kit") }
                }
                if let m = pinBlock.param("DriveModes") {
                    let drive = m.contains("ANALOG") ? "analog" : m.contains("PULLUP") ? "pullup" : m.contains("PULLDOWN") ? "pulldown" : nil
                    if let drive { b.set("host_wake.drive", drive, from: "\(irq) DriveModes") }
                    else { b.skip("\(irq) DriveModes = \(m)", "not analog, pull-up or pull-down") }
                }
            } else {
                b.skip("hostIRQ = \(irq)", "no pin with that alias in this design.modus; the base kit's pin is kept")
            }
        } else if let hostWake {
            b.skip("hostWake = \(hostWake)", "no hostIRQ pin given; the base kit's pin is kept")
        }

        // TCP keepalive
        let tko = value("tcpkaOffload")
        if tko == "false" {
            b.skip("tcpkaOffload = false", "this application always offloads (run with --no-offload for the host's own keepalives)")
        }
        for (id, key) in [("tcpkaInterval", "tko.interval"), ("tcpkaRetryInterval", "tko.retry_interval"),
                          ("tcpkaRetryCount", "tko.retry_count")] {
            if let n = try number(id, max: 65_535) { b.set(key, "\(n)", from: "\(id)\(n == 0 ? " (0: WHD's default)" : "")") }
        }
        for slot in 0..<4 {
            let src = try number("tcpkaSrcPort\(slot)", max: 65_535)
            let dst = try number("tcpkaDstPort\(slot)", max: 65_535)
            let ip = value("tcpkaDstIpAddr\(slot)")
            guard src != nil || dst != nil || ip != nil else { continue }
            let s = src ?? 0, p = dst ?? 0, a = ip ?? "0.0.0.0"
            let from = "tcpkaSrcPort\(slot), tcpkaDstIpAddr\(slot), tcpkaDstPort\(slot)"
            b.setSocket(slot, local: s, ip: a, remote: p, from: from)
        }

        // ARP offload (the generated masks: awake = AGENT | arpResponse | SNOOP if arpSnoopHostIp,
        // sleep = arpInSleep; docs/tko-offload.md §5.1)
        if let arp = value("arpOffload") {
            b.set("arp.offload", arp == "true" ? "on" : "off", from: "arpOffload")
            if arp == "true" {
                var awake = ["agent"]
                if let r = value("arpResponse") {
                    if let f = arpFeature(r) { awake.append(f) } else { b.skip("arpResponse = \(r)", "not an ARP offload reply mode we know") }
                }
                if value("arpSnoopHostIp") == "true" { awake.append("snoop") }
                b.set("arp.awake", awake.joined(separator: ","), from: "arpResponse, arpSnoopHostIp")
                if let s = value("arpInSleep") {
                    if let f = arpFeature(s) { b.set("arp.sleep", f, from: "arpInSleep") }
                    else { b.skip("arpInSleep = \(s)", "not an ARP offload reply mode we know") }
                }
                if let age = try number("peerAge", max: Int(UInt32.max)) { b.set("arp.peer_age", "\(age)", from: "peerAge") }
            } else {
                for id in ["arpResponse", "arpInSleep", "arpSnoopHostIp", "peerAge"] where value(id) != nil {
                    b.skip("\(id) = \(wifi.param(id)!)", "ARP offload is off (arpOffload = false)")
                }
            }
        }

        // Packet filters: configN / filterN_* (N = 0...19) -> filter0...filter7.
        var filters: [(n: Int, rule: String, action: String)] = []
        for n in 0..<20 {
            guard let on = value("config\(n)") else { continue }
            let ids = ["type", "action", "prot", "dir", "ether_type", "ip_type", "port", "end_port"].map { "filter\(n)_\($0)" }
            for id in ids { handled.insert(id) }
            if on != "true" { continue }
            func f(_ s: String) -> String { wifi.param("filter\(n)_\(s)") ?? "" }
            let action = f("action").contains("DISCARD") ? "discard" : "keep"
            let type = f("type")
            var match: String? = nil
            if type.contains("PORT") {
                let proto = f("prot").contains("UDP") ? "udp" : "tcp"
                let dir = f("dir").contains("SOURCE") ? "src" : "dst"
                if let port = Int(f("port")) {
                    let end = Int(f("end_port")) ?? 0
                    match = end > port ? "\(proto) \(dir) \(port)-\(end)" : "\(proto) \(dir) \(port)"
                }
            } else if type.contains("ETH") {
                match = "ethertype \(f("ether_type"))"
            } else if type.contains("IP") {
                match = "ipproto \(f("ip_type"))"
            }
            // The generated list marks every filter active asleep and awake (CY_PF_ACTIVE_SLEEP | CY_PF_ACTIVE_WAKE).
            if let match { filters.append((n, "\(match) \(action) always", action)) }
            else { b.skip("config\(n) filter\(n)_type = \(type)", "not a port, ethertype or IP-protocol filter") }
        }
        let firstAction = filters.first?.action
        var slot = 0
        for f in filters {
            if f.action != firstAction {
                b.skip("config\(f.n) (\(f.rule))", "mixes keep and discard: the firmware has one filter mode, \(firstAction!) came first")
            } else if slot >= 8 {
                b.skip("config\(f.n) (\(f.rule))", "more than 8 filters (filter0...filter7)")
            } else {
                b.set("filter\(slot)", f.rule, from: "config\(f.n)/filter\(f.n)_*")
                slot += 1
            }
        }
        let disabled = (0..<20).filter { wifi.param("config\($0)") == "false" }
        if !disabled.isEmpty {
            b.skip("config\(disabled.map(String.init).joined(separator: ",")) = false", "disabled filters (their filterN_* fields are not used)")
        }

        // Everything else in the personality is named.
        let mqtt = ["configTLS", "filterTLSAction", "filterTLSProt", "filterTLSDir", "configNonTLS",
                    "filterNonTLSAction", "filterNonTLSProt", "filterNonTLSDir"]
        for (id, v) in wifi.params where !handled.contains(id) {
            if mqtt.contains(id) {
                b.skip("\(id) = \(v)", "the MQTT TLS/non-TLS filter template: write the port filter itself as filterN")
            } else if id == "minKeepFilt" {
                b.skip("\(id) = \(v)", "LPA's minimal keep filters: write them as filterN if you need them")
            } else {
                b.skip("\(id) = \(v)", "no equivalent here")
            }
        }
        return b
    }

    /// CY_ARP_OL_*_ENABLE -> our feature word.
    static func arpFeature(_ s: String) -> String? {
        if s.contains("PEER_AUTO_REPLY") { return "peer_auto_reply" }
        if s.contains("HOST_AUTO_REPLY") { return "host_auto_reply" }
        if s.contains("SNOOP") { return "snoop" }
        if s.contains("AGENT") { return "agent" }
        return nil
    }
}

extension ImportedBoard {
    /// One keepalive slot. The C example uses a slot only when both ports are non-zero and
    /// the address is not 0.0.0.0 (docs/tko-offload.md §2); otherwise it is unused here too
    /// and, if only part of it was filled in, that is named.
    mutating func setSocket(_ slot: Int, local: Int, ip: String, remote: Int, from: String) {
        let key = "tko.socket\(slot)"
        if local > 0 && remote > 0 && ip != "0.0.0.0" {
            set(key, "\(local) -> \(ip):\(remote)", from: from)
        } else {
            set(key, "none", from: from + " (unused)")
            if !(local == 0 && remote == 0 && ip == "0.0.0.0") {
                skip("socket \(slot) = \(local) -> \(ip):\(remote)", "partly filled in: the C example skips it (\"Skipped TCP socket connection for socket id[\(slot)]\"), so it is unused here")
            }
        }
    }
}
