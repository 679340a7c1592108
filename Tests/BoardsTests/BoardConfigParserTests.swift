import Testing
import Runtime
@testable import Boards

/// A complete minimal board (PSoC, SDHC) that the error tests mutate one line at a time.
private let base = """
kit = TEST-KIT
chip = CYW43439
bus = sdio
transport = sdhc
host_wake.pin = P4_1
wl_reg_on.pin = P2_6
firmware = 43439a0.bin
clm = 43439A0.clm_blob
nvram = MURATA-1YN
wifi.ssid = WIFI_SSID
wifi.password = WIFI_PASSWORD
wifi.security = wpa2_aes_psk
tko.interval = 5
tko.retry_interval = 3
tko.retry_count = 3
tko.socket0 = 3353 -> 192.168.0.114:3360
"""

private func parse(_ text: String) throws(BoardConfigError) -> BoardConfig {
    try BoardConfig.parse(Array(text.utf8))
}

/// `base` with the line starting `key =` replaced (or removed when `with` is nil).
private func edit(_ key: String, _ with: String?) -> String {
    var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if let i = lines.firstIndex(where: { $0.hasPrefix(key + " =") }) {
        if let with { lines[i] = with } else { lines.remove(at: i) }
    } else if let with {
        lines.append(with)
    }
    return lines.joined(separator: "\n")
}

private func expectError(_ text: String, _ expected: BoardConfigError, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try parse(text)
        Issue.record("parsed but expected \(expected)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

@Test func parsesTheMinimalBoard() throws {
    let b = try parse(base)
    #expect(b.kit == Array("TEST-KIT".utf8))
    #expect(b.chip == .cyw43439)
    #expect(b.bus == .sdio && b.transport == .sdhc)
    #expect(b.hostWake == .init(pin: .psoc(port: 4, pin: 1), edge: .rising, drive: .analog))
    #expect(b.wlRegOn == .psoc(port: 2, pin: 6))
    #expect(b.deviceWake == .none)
    #expect(b.firmware.storage == .flash)
    #expect(b.wifi.security == .wpa2AesPsk)
    #expect(b.keepalive == KeepaliveSettings(interval: 5, retryInterval: 3, retryCount: 3, sockets: [
        KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 114), remotePort: 3360)]))
    #expect(b.arp == .off)
    #expect(b.filters.isEmpty)
}

@Test func commentsBlanksAndCRLFAreIgnored() throws {
    let text = "# a comment\r\n\r\n   # indented comment\n" + base.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    #expect(try parse(text) == (try parse(base)))
}

@Test func socketsFiltersAndArp() throws {
    let text = base + """

    tko.socket1 = none
    tko.socket2 = 4000 -> 10.0.0.2:80
    arp.offload = on
    arp.sleep = agent, snoop,host_auto_reply
    arp.awake = none
    arp.peer_age = 600
    filter0 = ethertype 0x0806 discard sleep
    filter2 = udp dst 68 discard always
    filter3 = tcp src 8000-8015 discard wake
    filter4 = ipproto 17 discard sleep
    """
    let b = try parse(text)
    #expect(b.keepalive.sockets.map(\.slot) == [0, 2])
    #expect(b.keepalive.sockets[1] == KeepaliveSocket(slot: 2, localPort: 4000, remoteIP: IPv4Address(10, 0, 0, 2), remotePort: 80))
    #expect(b.arp == ArpOffloadSettings(enabled: true, awake: [], sleep: [.agent, .snoop, .hostAutoReply], peerAgeSeconds: 600))
    #expect(b.filters == [
        PacketFilterRule(id: 1, match: .etherType(0x0806), action: .discard, whileSleeping: true, whileAwake: false),
        PacketFilterRule(id: 3, match: .port(.udp, .destination, port: 68, range: 0), action: .discard, whileSleeping: true, whileAwake: true),
        PacketFilterRule(id: 4, match: .port(.tcp, .source, port: 8000, range: 15), action: .discard, whileSleeping: false, whileAwake: true),
        PacketFilterRule(id: 5, match: .ipProtocol(17), action: .discard, whileSleeping: true, whileAwake: false),
    ])
}

/// The C example's forms: its generated config writes an unused slot as port 0, address
/// 0.0.0.0, port 0 (docs/tko-offload.md §2), and WHD's `whd_tko_param` sends 20 s / 3 s / 3
/// for a zero interval, retry interval or retry count.
@Test func theCExamplesUnusedSlotAndZeroValues() throws {
    var text = edit("tko.interval", "tko.interval = 0")
    text = text.replacingOccurrences(of: "tko.retry_interval = 3", with: "tko.retry_interval = 0")
    text = text.replacingOccurrences(of: "tko.retry_count = 3", with: "tko.retry_count = 0")
    text += "\ntko.socket1 = 0 -> 0.0.0.0:0\ntko.socket2 =  0  ->  0.0.0.0:0 \ntko.socket3 = none"
    let b = try parse(text)
    #expect(b.keepalive.interval == 20)
    #expect(b.keepalive.retryInterval == 3)
    #expect(b.keepalive.retryCount == 3)
    #expect(b.keepalive.sockets.map(\.slot) == [0])
    let unusedFirst = try parse(edit("tko.socket0", "tko.socket0 = 0 -> 0.0.0.0:0") + "\ntko.socket1 = 4000 -> 10.0.0.2:80")
    #expect(unusedFirst.keepalive.sockets.map(\.slot) == [1])
}

@Test func pinsParse() {
    func pin(_ s: String) -> Pin? { Pin(ascii: Array(s.utf8)[...]) }
    #expect(pin("P0_4") == .psoc(port: 0, pin: 4))
    #expect(pin("P12_5") == .psoc(port: 12, pin: 5))
    #expect(pin("gpiochip0:25") == .gpioLine(chip: 0, line: 25))
    #expect(pin("irq:1") == .irq(1))
    #expect(pin("none") == Pin.none)
    for bad in ["P2_8", "P15_0", "P_1", "P2_", "P2", "p2_1", "gpiochip:1", "gpiochip0:", "irq:32", "irq:01", "P02_1", "x"] {
        #expect(pin(bad) == nil, "\(bad)")
    }
}

@Test func errorsNameTheLineAndKey() {
    // base line numbers: 1 kit, 2 chip, 3 bus, 4 transport, 5 host_wake.pin, ... 16 tko.socket0
    expectError(edit("chip", "chip = CYW9999"), .badChoice(line: 2, key: .chip))
    expectError(edit("host_wake.pin", "host_wake.pin = P4-1"), .badPin(line: 5, key: .hostWakePin))
    expectError(edit("tko.socket0", "tko.socket0 = 3353 -> 192.168.0:3360"), .badIPv4(line: 16, key: .tkoSocket0))
    expectError(edit("tko.socket0", "tko.socket0 = 3353 -> 0.0.0.0:3360"), .badIPv4(line: 16, key: .tkoSocket0))
    expectError(edit("tko.socket0", "tko.socket0 = 0 -> 192.168.0.114:3360"), .badSocket(line: 16, key: .tkoSocket0))
    expectError(edit("tko.socket0", "tko.socket0 = 3353 192.168.0.114:3360"), .badSocket(line: 16, key: .tkoSocket0))
    expectError(edit("tko.interval", "tko.interval = -1"), .badNumber(line: 13, key: .tkoInterval))
    expectError(edit("tko.socket0", "tko.socket0 = 0 -> 0.0.0.0:3360"), .badSocket(line: 16, key: .tkoSocket0))
    expectError(edit("tko.socket0", "tko.socket0 = 3353 -> 0.0.0.0:0"), .badSocket(line: 16, key: .tkoSocket0))
    expectError(edit("tko.socket0", "tko.socket0 = 0 -> 255.255.255.255:0"), .badSocket(line: 16, key: .tkoSocket0))
    expectError(edit("tko.interval", "tko.interval = 65536"), .badNumber(line: 13, key: .tkoInterval))
    expectError(edit("tko.retry_count", "tko.retry_count = three"), .badNumber(line: 15, key: .tkoRetryCount))
    expectError(edit("firmware", nil), .missingField(key: .firmware))
    expectError(edit("kit", "colour = blue"), .unknownKey(line: 1))
    expectError(edit("kit", "just words"), .malformedLine(line: 1))
    expectError(edit("kit", " = x"), .malformedLine(line: 1))
    expectError(base + "\nchip = CYW43012", .duplicateKey(line: 17, key: .chip))
    expectError(edit("wifi.ssid", "wifi.ssid = " + String(repeating: "s", count: 33)), .badText(line: 10, key: .wifiSSID))
    expectError(edit("wifi.ssid", "wifi.ssid ="), .badText(line: 10, key: .wifiSSID))
    expectError(base + "\nfilter0 = ethertype 0x0806 drop sleep", .badFilter(line: 17, key: .filter0))
    expectError(base + "\nfilter1 = tcp dst 8001-8016 discard sleep", .badFilter(line: 17, key: .filter1))
}

@Test func validationCatchesCombinations() {
    expectError(edit("bus", "bus = gspi"), .invalid(line: 4, key: .transport, problem: .transportCannotCarryBus))
    expectError(edit("host_wake.pin", "host_wake.pin = none"), .invalid(line: 5, key: .hostWakePin, problem: .hostWakeRequired))
    expectError(edit("wl_reg_on.pin", "wl_reg_on.pin = gpiochip0:24"), .invalid(line: 6, key: .wlRegOnPin, problem: .pinKindMismatch))
    expectError(edit("wifi.password", "wifi.password = short"), .invalid(line: 11, key: .wifiPassword, problem: .passphraseLength))
    expectError(edit("wifi.password", nil), .missingField(key: .wifiPassword))
    expectError(base + "\ntko.socket3 = 3353 -> 10.0.0.1:1", .invalid(line: 17, key: .tkoSocket3, problem: .duplicateLocalPort))
    expectError(base + "\nfilter0 = ipproto 6 keep sleep\nfilter1 = ipproto 17 discard sleep",
                .invalid(line: 18, key: .filter1, problem: .mixedFilterActions))
    // Open networks need no passphrase.
    #expect((try? parse(edit("wifi.security", "wifi.security = open").replacingOccurrences(of: "wifi.password = WIFI_PASSWORD\n", with: ""))) != nil)
}

@Test func errorLogLineNamesKeyButNeverTheValue() {
    let sink = LineBuffer()
    BoardConfigError.badPin(line: 5, key: .hostWakePin).log(to: Log(sink))
    BoardConfigError.missingField(key: .wifiPassword).log(to: Log(sink))
    BoardConfigError.invalid(line: 11, key: .wifiPassword, problem: .passphraseLength).log(to: Log(sink))
    let lines = sink.lines.map { String(decoding: $0, as: UTF8.self) }
    #expect(lines == ["board.conf line 5: bad pin for key host_wake.pin",
                      "board.conf: missing field wifi.password",
                      "board.conf line 11: passphrase must be 8 to 63 characters at key wifi.password"])
}

/// `netact`: the quick rule by default, the seed's windows on request, a clear error otherwise.
@Test func netActivityRuleIsABoardOption() throws {
    #expect(try parse(base).netActivity == .quick)
    #expect(try parse(edit("netact", "netact = seed")).netActivity == .seedWindows)
    #expect(try parse(edit("netact", "netact = quick")).netActivity == .quick)
    expectError(edit("netact", "netact = lazy"), .badChoice(line: 17, key: .netActivity))
}
