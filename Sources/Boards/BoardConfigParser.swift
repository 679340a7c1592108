import Runtime

extension BoardConfig {
    /// Parses and validates a board file (Boards/README.md), e.g. a `Boards.catalog` entry.
    public static func parse(_ text: StaticString) throws(BoardConfigError) -> BoardConfig {
        let bytes = text.withUTF8Buffer { Array($0) }
        return try parse(bytes)
    }

    /// Parses and validates a board file given as ASCII bytes.
    public static func parse(_ text: [UInt8]) throws(BoardConfigError) -> BoardConfig {
        var entries = BoardConfigEntries()
        try entries.read(text)
        let config = try entries.decode()
        try config.validate(lines: entries)
        return config
    }
}

/// First pass: `key = value` lines, with unknown and duplicate keys rejected.
struct BoardConfigEntries {
    private var values: [ArraySlice<UInt8>?] = .init(repeating: nil, count: BoardKey.allCases.count)
    private var lines: [Int] = .init(repeating: 0, count: BoardKey.allCases.count)

    mutating func read(_ text: [UInt8]) throws(BoardConfigError) {
        var lineNumber = 0
        var start = 0
        while start <= text.count {
            var end = start
            while end < text.count && text[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = ConfText.trimmed(text[start..<end])
            start = end + 1
            if line.isEmpty || line.first == 0x23 { continue }  // blank or "# comment"
            guard let eq = line.firstIndex(of: 0x3D) else { throw .malformedLine(line: lineNumber) }
            let keyText = ConfText.trimmed(line[line.startIndex..<eq])
            guard !keyText.isEmpty else { throw .malformedLine(line: lineNumber) }
            guard let key = BoardKey.lookup(keyText) else { throw .unknownKey(line: lineNumber) }
            guard values[Int(key.rawValue)] == nil else { throw .duplicateKey(line: lineNumber, key: key) }
            values[Int(key.rawValue)] = ConfText.trimmed(line[(eq + 1)...])
            lines[Int(key.rawValue)] = lineNumber
        }
    }

    func value(_ key: BoardKey) -> ArraySlice<UInt8>? { values[Int(key.rawValue)] }
    func line(_ key: BoardKey) -> Int { lines[Int(key.rawValue)] }

    /// Second pass: typed values.
    func decode() throws(BoardConfigError) -> BoardConfig {
        for key in BoardKey.required where value(key) == nil { throw .missingField(key: key) }
        let chip: Chip = try choice(.chip, [("CYW4343W", .cyw4343w), ("CYW43438", .cyw43438),
                                            ("CYW43439", .cyw43439), ("CYW43012", .cyw43012),
                                            ("CYW4373E", .cyw4373), ("CYW4373", .cyw4373)])
        let bus: Bus = try choice(.bus, [("sdio", .sdio), ("gspi", .gspi)])
        let transport: Transport = try choice(.transport, [("sdhc", .sdhc), ("udb", .udb),
                                                           ("spidev", .spidev), ("chipmodel", .chipModel)])
        var sdioPins: [Pin] = []
        if let v = value(.sdioPins) {
            for word in ConfText.words(v) {
                guard let p = Pin(ascii: word) else { throw .badPin(line: line(.sdioPins), key: .sdioPins) }
                sdioPins.append(p)
            }
            guard sdioPins.count == 6 else { throw .badPin(line: line(.sdioPins), key: .sdioPins) }
        }
        var udbPort: UInt8? = nil
        if value(.udbPort) != nil { udbPort = UInt8(try number(.udbPort, max: 14)) }
        let hostWake = BoardConfig.HostWake(
            pin: try pin(.hostWakePin),
            edge: try choice(.hostWakeEdge, [("rising", .rising), ("falling", .falling)], default: .rising),
            drive: try choice(.hostWakeDrive, [("analog", .analog), ("pullup", .pullUp), ("pulldown", .pullDown)],
                              default: .analog))
        let storage: FirmwareStorage = try choice(.firmwareStorage, [("flash", .flash), ("qspi_xip", .qspiXIP),
                                                                     ("file", .file), ("none", .none)], default: .flash)
        let firmware = BoardConfig.FirmwareFiles(
            storage: storage, directory: try text(.firmwareDir, max: 127, optional: true),
            firmware: try text(.firmware, max: 63), clm: try text(.clm, max: 63), nvram: try text(.nvram, max: 63))
        let security: WifiSecurity = try securityChoice()
        let wifi = BoardConfig.WifiSettings(ssid: try text(.wifiSSID, max: 32),
                                            passphrase: try text(.wifiPassword, max: 63, optional: true),
                                            security: security)
        var sockets: [KeepaliveSocket] = []
        for (slot, key) in BoardKey.sockets.enumerated() {
            if let s = try socket(key, slot: UInt8(slot)) { sockets.append(s) }
        }
        // 0 = WHD's default, as `whd_tko_param` substitutes it (docs/tko-offload.md §2).
        func orDefault(_ key: BoardKey, _ fallback: UInt16) throws(BoardConfigError) -> UInt16 {
            let n = UInt16(try number(key, max: 65_535))
            return n == 0 ? fallback : n
        }
        let keepalive = KeepaliveSettings(interval: try orDefault(.tkoInterval, KeepaliveSettings.whdDefaultInterval),
                                          retryInterval: try orDefault(.tkoRetryInterval, KeepaliveSettings.whdDefaultRetryInterval),
                                          retryCount: try orDefault(.tkoRetryCount, KeepaliveSettings.whdDefaultRetryCount),
                                          sockets: sockets)
        var arp = ArpOffloadSettings.off
        arp.enabled = try choice(.arpOffload, [("on", true), ("off", false)], default: false)
        if value(.arpAwake) != nil { arp.awake = try features(.arpAwake) }
        if value(.arpSleep) != nil { arp.sleep = try features(.arpSleep) }
        if value(.arpPeerAge) != nil { arp.peerAgeSeconds = try number(.arpPeerAge, max: 0xFFFF_FFFF) }
        var filters: [PacketFilterRule] = []
        for (i, key) in BoardKey.filters.enumerated() {
            if let f = try filter(key, id: UInt8(i + 1)) { filters.append(f) }
        }
        var deviceWake = Pin.none
        if value(.deviceWakePin) != nil { deviceWake = try pin(.deviceWakePin) }
        let netActivity: NetActivityRule = try choice(.netActivity, [("quick", .quick), ("seed", .seedWindows)], default: .quick)
        return BoardConfig(kit: try text(.kit, max: 63), chip: chip,
                           module: try text(.module, max: 63, optional: true),
                           mcu: try text(.mcu, max: 63, optional: true),
                           bus: bus, transport: transport, sdioPins: sdioPins, udbPort: udbPort,
                           spiDevice: try text(.spiDevice, max: 127, optional: true),
                           hostWake: hostWake, wlRegOn: try pin(.wlRegOnPin),
                           deviceWake: deviceWake,
                           firmware: firmware, wifi: wifi, keepalive: keepalive, arp: arp, filters: filters,
                           netActivity: netActivity)
    }

    // MARK: Field decoders

    private func choice<T>(_ key: BoardKey, _ table: [(StaticString, T)], default fallback: T? = nil)
        throws(BoardConfigError) -> T {
        guard let v = value(key) else {
            if let fallback { return fallback }
            throw .missingField(key: key)
        }
        for (word, result) in table where ConfText.equals(v, word) { return result }
        throw .badChoice(line: line(key), key: key)
    }

    private func securityChoice() throws(BoardConfigError) -> WifiSecurity {
        guard let v = value(.wifiSecurity) else { throw .missingField(key: .wifiSecurity) }
        for s in WifiSecurity.allCases where ConfText.equals(v, s.name) { return s }
        throw .badChoice(line: line(.wifiSecurity), key: .wifiSecurity)
    }

    private func text(_ key: BoardKey, max: Int, optional: Bool = false) throws(BoardConfigError) -> [UInt8] {
        guard let v = value(key) else {
            if optional { return [] }
            throw .missingField(key: key)
        }
        guard !v.isEmpty, v.count <= max, ConfText.isPrintable(v) else { throw .badText(line: line(key), key: key) }
        return Array(v)
    }

    private func number(_ key: BoardKey, min: UInt32 = 0, max: UInt32) throws(BoardConfigError) -> UInt32 {
        guard let v = value(key) else { throw .missingField(key: key) }
        guard let n = ConfText.number(v, max: max), n >= min else { throw .badNumber(line: line(key), key: key) }
        return n
    }

    private func pin(_ key: BoardKey) throws(BoardConfigError) -> Pin {
        guard let v = value(key) else { throw .missingField(key: key) }
        guard let p = Pin(ascii: v) else { throw .badPin(line: line(key), key: key) }
        return p
    }

    /// `<local port> -> <ipv4>:<remote port>`, or `none` for an unused slot; the C example's
    /// unused slot `0 -> 0.0.0.0:0` (ports 0, address 0.0.0.0) is accepted as `none`, and
    /// the app skips it with the CE's "Skipped TCP socket connection" line
    /// (docs/tko-offload.md §2). Only some of the three zero is an error: the CE would skip
    /// that slot too, but it is far likelier a value left out than a slot meant unused.
    private func socket(_ key: BoardKey, slot: UInt8) throws(BoardConfigError) -> KeepaliveSocket? {
        guard let v = value(key), !ConfText.equals(v, "none") else { return nil }
        let words = ConfText.words(v)
        guard words.count == 3, ConfText.equals(words[1], "->"),
              let local = ConfText.number(words[0], max: 65_535),
              let colon = words[2].lastIndex(of: 0x3A),
              let remote = ConfText.number(words[2][(colon + 1)...], max: 65_535)
        else { throw .badSocket(line: line(key), key: key) }
        guard let ip = ConfText.ipv4(words[2][words[2].startIndex..<colon]) else { throw .badIPv4(line: line(key), key: key) }
        if local == 0 && remote == 0 && ip.isUnspecified { return nil }
        guard local > 0, remote > 0 else { throw .badSocket(line: line(key), key: key) }
        guard !ip.isUnspecified, !ip.isBroadcast, !ip.isMulticast else { throw .badIPv4(line: line(key), key: key) }
        return KeepaliveSocket(slot: slot, localPort: UInt16(local), remoteIP: ip, remotePort: UInt16(remote))
    }

    /// Comma-separated `agent`, `snoop`, `host_auto_reply`, `peer_auto_reply`, or `none`.
    private func features(_ key: BoardKey) throws(BoardConfigError) -> ArpOffloadSettings.Features {
        guard let v = value(key) else { return [] }
        if ConfText.equals(v, "none") { return [] }
        var result: ArpOffloadSettings.Features = []
        var start = v.startIndex
        while start <= v.endIndex {
            var end = start
            while end < v.endIndex && v[end] != 0x2C { end += 1 }
            let word = ConfText.trimmed(v[start..<end])
            if ConfText.equals(word, "agent") { result.insert(.agent) }
            else if ConfText.equals(word, "snoop") { result.insert(.snoop) }
            else if ConfText.equals(word, "host_auto_reply") { result.insert(.hostAutoReply) }
            else if ConfText.equals(word, "peer_auto_reply") { result.insert(.peerAutoReply) }
            else { throw .badChoice(line: line(key), key: key) }
            start = end + 1
        }
        return result
    }

    /// PacketFilterRule's syntax: `<match...> <keep|discard> <sleep|wake|always>`.
    private func filter(_ key: BoardKey, id: UInt8) throws(BoardConfigError) -> PacketFilterRule? {
        guard let v = value(key), !ConfText.equals(v, "none") else { return nil }
        let bad = BoardConfigError.badFilter(line: line(key), key: key)
        let w = ConfText.words(v)
        guard w.count >= 4 else { throw bad }
        let match: PacketFilterRule.Match
        if ConfText.equals(w[0], "ethertype") && w.count == 4 {
            guard let t = ConfText.number(w[1], max: 0xFFFF), t >= 0x0600 else { throw bad }
            match = .etherType(UInt16(t))
        } else if ConfText.equals(w[0], "ipproto") && w.count == 4 {
            guard let p = ConfText.number(w[1], max: 255) else { throw bad }
            match = .ipProtocol(UInt8(p))
        } else if (ConfText.equals(w[0], "udp") || ConfText.equals(w[0], "tcp")) && w.count == 5 {
            let proto: PacketFilterRule.PortProtocol = ConfText.equals(w[0], "udp") ? .udp : .tcp
            let dir: PacketFilterRule.PortDirection
            if ConfText.equals(w[1], "dst") { dir = .destination }
            else if ConfText.equals(w[1], "src") { dir = .source }
            else { throw bad }
            var first: UInt32, last: UInt32
            if let dash = w[2].firstIndex(of: 0x2D) {
                guard let a = ConfText.number(w[2][w[2].startIndex..<dash], max: 65_535),
                      let b = ConfText.number(w[2][(dash + 1)...], max: 65_535) else { throw bad }
                (first, last) = (a, b)
            } else {
                guard let a = ConfText.number(w[2], max: 65_535) else { throw bad }
                (first, last) = (a, a)
            }
            let range = last &- first
            // range must be 2^y - 1 and `first` aligned to it (LPA's port filter).
            guard last >= first, range & (range &+ 1) == 0, first & range == 0 else { throw bad }
            match = .port(proto, dir, port: UInt16(first), range: UInt16(range))
        } else {
            throw bad
        }
        let n = w.count
        let action: PacketFilterRule.Action
        if ConfText.equals(w[n - 2], "keep") { action = .keep }
        else if ConfText.equals(w[n - 2], "discard") { action = .discard }
        else { throw bad }
        let sleeping: Bool, awake: Bool
        if ConfText.equals(w[n - 1], "sleep") { (sleeping, awake) = (true, false) }
        else if ConfText.equals(w[n - 1], "wake") { (sleeping, awake) = (false, true) }
        else if ConfText.equals(w[n - 1], "always") { (sleeping, awake) = (true, true) }
        else { throw bad }
        return PacketFilterRule(id: id, match: match, action: action, whileSleeping: sleeping, whileAwake: awake)
    }
}
