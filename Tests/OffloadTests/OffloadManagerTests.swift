import Testing
import Runtime
import Net
import Boards
import CYW43
@testable import Offload

private func config(sockets: [KeepaliveSocket], arp: ArpOffloadSettings = .off, filters: [PacketFilterRule] = []) throws -> OffloadConfig {
    try OffloadConfig(keepalive: KeepaliveSettings(interval: 5, retryInterval: 3, retryCount: 3, sockets: sockets),
                      arp: arp, filters: filters, hostWake: .init(pin: .psoc(port: 0, pin: 4)))
}
/// Socket 0 of the CE (3353 -> 192.168.0.10:3360, as in the §1.6 example) plus a second slot.
private let slot0 = KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 10), remotePort: 3360)
private let slot1 = KeepaliveSocket(slot: 1, localPort: 4000, remoteIP: IPv4Address(192, 168, 0, 10), remotePort: 3361)

private func lines(_ sink: LineBuffer) -> [String] { sink.lines.map { String(decoding: $0, as: UTF8.self) } }

@Test func sleepOffloadsLiveConnectionsAndWakeDisables() throws {
    let fake = FakeOffloadTarget()
    let sink = LineBuffer()
    let m = OffloadManager(target: fake, config: try config(sockets: [slot0, slot1]), log: Log(sink))
    m.start()
    #expect(fake.trace == [.capabilities, .tkoParam(TkoParameters(interval: 5, retryInterval: 3, retryCount: 3))])
    fake.trace = []

    // Only slot 0's connection is live; slot 1 is skipped (LPA: WHD_BADARG, no iovar).
    let report = m.beforeSleep(connections: [exampleState], hostIP: IPv4Address(192, 168, 0, 15))
    #expect(report.offloadedSlots == [0] && report.skippedSlots == [1] && report.tkoEnabled)
    #expect(report.keepalive == .firmware)
    #expect(fake.trace == [.pm2Get, .pm2Set(10), .tkoConnect(TkoConnect(slot: 0, state: exampleState)), .tkoEnable(true)])
    #expect(m.tkoEnabled && m.offloadedSlots == [0])

    fake.trace = []
    m.afterWake()
    #expect(fake.trace == [.pm2Set(200), .tkoEnable(false)])
    #expect(!m.tkoEnabled && m.offloadedSlots.isEmpty)
    #expect(lines(sink) == ["whd_tko_toggle: Successfully enabled", "whd_tko_toggle: Successfully disabled"])
}

@Test func nextSleepRebuildsFromFreshState() throws {
    let fake = FakeOffloadTarget()
    let m = OffloadManager(target: fake, config: try config(sockets: [slot0]))
    m.start()
    _ = m.beforeSleep(connections: [exampleState], hostIP: nil)
    m.afterWake()
    var later = exampleState
    later.sndNxt &+= 17  // the app sent 17 bytes while awake
    later.rcvNxt &+= 17
    fake.trace = []
    _ = m.beforeSleep(connections: [later], hostIP: nil)
    #expect(fake.trace.contains(.tkoConnect(TkoConnect(slot: 0, state: later))))
}

@Test func noLiveConnectionEnablesNothing() throws {
    let fake = FakeOffloadTarget()
    let m = OffloadManager(target: fake, config: try config(sockets: [slot0]))
    m.start()
    fake.trace = []
    var other = exampleState
    other.remotePort = 9999  // not the configured server port
    let report = m.beforeSleep(connections: [other], hostIP: nil)
    #expect(report.offloadedSlots.isEmpty && report.skippedSlots == [0] && !report.tkoEnabled)
    #expect(!fake.trace.contains(.tkoEnable(true)))
    #expect(!fake.trace.contains { if case .tkoConnect = $0 { true } else { false } })
}

@Test func connectFailureOnOneSlotStillEnablesTheOthers() throws {
    let fake = FakeOffloadTarget()
    fake.failConnectSlots = [0]
    let sink = LineBuffer()
    let m = OffloadManager(target: fake, config: try config(sockets: [slot0, slot1]), log: Log(sink))
    m.start()
    var s1 = exampleState
    (s1.localPort, s1.remotePort) = (4000, 3361)
    let report = m.beforeSleep(connections: [exampleState, s1], hostIP: nil)
    #expect(report.failedSlots == [0] && report.offloadedSlots == [1] && report.tkoEnabled)
    #expect(lines(sink).first == "Offload: tko CONNECT failed, firmware status -16")
}

@Test func firmwareWithoutOffloadsFallsBackAndSaysSoOnce() throws {
    let firmware = NoOffloadFirmware()
    let caps = firmware.offloadCapabilities()
    #expect(caps == OffloadCapabilities(tcpKeepalive: .unsupported, tcpKeepaliveMaxConnections: 0,
                                        arpOffload: .unsupported, packetFilter: .unsupported))
    let sink = LineBuffer()
    let filter = PacketFilterRule(id: 1, match: .etherType(0x0806), action: .discard, whileSleeping: true, whileAwake: false)
    let m = OffloadManager(target: IovarOffloadTarget(firmware),
                           config: try config(sockets: [slot0], arp: ArpOffloadSettings(enabled: true), filters: [filter]),
                           log: Log(sink))
    m.start()
    m.start()  // a rejoin: no second warning
    #expect(m.keepaliveMode == .hostFallback && m.arpMode == .unavailable && m.filterMode == .unavailable)
    let report = m.beforeSleep(connections: [exampleState], hostIP: IPv4Address(192, 168, 0, 15))
    #expect(report.keepalive == .hostFallback && !report.tkoEnabled && report.offloadedSlots.isEmpty)
    m.afterWake()
    #expect(lines(sink) == [
        "Offload: firmware has no TCP keepalive offload; the host keeps connections alive",
        "Offload: firmware has no ARP offload; ARP requests wake the host",
        "Offload: firmware has no packet filter; filtered traffic wakes the host",
    ])
}

@Test func arpAndFiltersFollowSleepAndWake() throws {
    let fake = FakeOffloadTarget()
    let rule = PacketFilterRule(id: 1, match: .etherType(0x88CC), action: .discard, whileSleeping: true, whileAwake: false)
    let arp = ArpOffloadSettings(enabled: true, awake: [], sleep: [.agent, .hostAutoReply], peerAgeSeconds: 600)
    let m = OffloadManager(target: fake, config: try config(sockets: [], arp: arp, filters: [rule]))
    m.start()
    #expect(m.keepaliveMode == .notConfigured)
    #expect(fake.trace == [.capabilities, .arpPeerAge(600), .arpFeatures(0), .arpEnable(false),
                           .filterAdd(rule.pattern), .filterMode([]), .filterEnable(1, false)])
    fake.trace = []
    _ = m.beforeSleep(connections: [], hostIP: IPv4Address(192, 168, 0, 15))
    #expect(fake.trace == [.pm2Get, .pm2Set(10), .arpClear, .arpHostIP(IPv4Address(192, 168, 0, 15)),
                           .arpFeatures(0x5), .arpEnable(true), .filterEnable(1, true)])
    fake.trace = []
    m.afterWake()
    #expect(fake.trace == [.pm2Set(200), .arpFeatures(0), .arpEnable(false), .filterEnable(1, false)])
    // No address yet (DHCP pending): ARP stays with the host.
    fake.trace = []
    _ = m.beforeSleep(connections: [], hostIP: nil)
    m.afterWake()
    #expect(fake.trace == [.pm2Get, .pm2Set(10), .filterEnable(1, true), .pm2Set(200), .filterEnable(1, false)])
}

@Test func keepaliveFailureIsRecorded() throws {
    let sink = LineBuffer()
    let m = OffloadManager(target: FakeOffloadTarget(), config: try config(sockets: [slot0]), log: Log(sink))
    m.start()
    _ = m.beforeSleep(connections: [exampleState], hostIP: nil)
    m.keepaliveFailed(index: 0)
    #expect(m.failedConnections == [0])
    #expect(lines(sink).suffix(2) == ["whd_callback_handler: Entered ", "whd_callback_handler: Exit "])
    #expect(!m.tkoEnabled)
}
