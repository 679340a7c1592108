// Needs "ChipModel" in OffloadTests' dependencies (Package.swift); skipped until then.
#if canImport(ChipModel)
import Testing
import Runtime
import Net
import Boards
import CYW43
import ChipModel
@testable import Offload

/// Manager -> driver -> gSPI -> chip model -> firmware keepalive engine, on the virtual clock.
@Suite struct EndToEndTests {
    @Test func anHourAsleepOverGSPI() throws { try anHourAsleep(OffloadRig()) }
    @Test func anHourAsleepOverSDIO() throws { try anHourAsleep(OffloadRig(sdio: ())) }

    func anHourAsleep<B: WLANBus>(_ rig: OffloadRig<B>) throws {
        try rig.start()
        let caps = rig.driver.offloadCapabilities()
        #expect(caps == OffloadCapabilities(tcpKeepalive: .supported, tcpKeepaliveMaxConnections: 4,
                                            arpOffload: .supported, packetFilter: .supported))
        let manager = OffloadManager(target: rig.driver, config: try OffloadConfig(board: try Boards.default), log: Log(rig.log))
        rig.driver.eventListener = manager
        manager.start()
        #expect(rig.offloads.keepalive.interval == 5 && rig.offloads.keepalive.retryInterval == 3)
        #expect(rig.chip.eventEnabled(151))

        let report = manager.beforeSleep(connections: [rig.connection()], hostIP: IPv4Address(192, 168, 0, 15))
        #expect(report.offloadedSlots == [0] && report.tkoEnabled)
        #expect(rig.offloads.keepalive.isEnabled && rig.chip.iovarValue("pm2_sleep_ret") == [10, 0, 0, 0])
        // The stored record is what LPA builds from the TCP state (§1.5).
        let stored = try rig.driver.tkoConnection(index: 0)
        #expect(stored == TkoConnect(slot: 0, state: rig.connection()))

        let wakesBefore = rig.chip.totalWakes
        // Half-way the server refreshes its ARP entry: the firmware answers (board: ARP offload on).
        rig.lan.schedule(ServerLAN.arpRequest(for: IPv4Address(192, 168, 0, 15)), at: rig.platform.now + .minutes(30))
        let slept = rig.deepSleep(for: .hours(1))
        #expect(slept == .hours(1))  // nothing woke the host
        #expect(rig.chip.totalWakes == wakesBefore)
        let c = rig.offloads.keepalive.counters(index: 0)
        #expect(c.requestsSent == 720 && c.acksReceived == 720 && c.retriesSent == 0)
        #expect(rig.lan.probes.count == 720)
        #expect(rig.offloads.arp.repliesSent == 1 && rig.lan.arpReplies.count == 1)

        rig.awake(for: .milliseconds(1))
        manager.afterWake()
        #expect(!rig.offloads.keepalive.isEnabled && !rig.offloads.keepalive.hasConnection(index: 0))
        #expect(rig.chip.iovarValue("pm2_sleep_ret") == [200, 0, 0, 0])
    }

    @Test func serverDataWakesTheHostAndSuspendsTheOffload() throws {
        let rig = OffloadRig()
        try rig.start()
        let manager = OffloadManager(target: rig.driver, config: try OffloadConfig(board: try Boards.default))
        manager.start()
        let state = rig.connection()
        _ = manager.beforeSleep(connections: [state], hostIP: IPv4Address(192, 168, 0, 15))
        // 17 bytes from the server 60 s in (tcp_server.py echoes; §6.2 step 5).
        var data = ServerLAN.segment(from: KeepaliveFrame.bytes(state, seq: state.sndNxt), seq: state.rcvNxt, ack: state.sndNxt)
        data[47] = 0x18
        data += Array("Some random stuff".utf8)
        data[16] = 0; data[17] = 57
        data[24] = 0; data[25] = 0; data[50] = 0; data[51] = 0
        let ipSum = data.withUnsafeBytes { InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[14..<34])) }
        (data[24], data[25]) = (UInt8(ipSum >> 8), UInt8(ipSum & 0xFF))
        let pseudo = InternetChecksum.pseudoHeader(source: IPv4Address(192, 168, 0, 114), destination: IPv4Address(192, 168, 0, 15),
                                                   protocol: 6, length: 37)
        let tcpSum = data.withUnsafeBytes { InternetChecksum.finish(InternetChecksum.add(UnsafeRawBufferPointer(rebasing: $0[34...]), to: pseudo)) }
        (data[50], data[51]) = (UInt8(tcpSum >> 8), UInt8(tcpSum & 0xFF))
        rig.lan.schedule(data, at: rig.platform.now + .seconds(60))
        let slept = rig.deepSleep(for: .hours(1))
        #expect(slept >= .seconds(59) && slept <= .seconds(61))
        #expect(rig.chip.wakeCount(.data) >= 1)
        #expect(rig.offloads.keepalive.isSuspended && rig.offloads.keepalive.status(index: 0) == 6)
        // Before ENABLE(0) the status is still readable (§1.4), then the firmware forgets.
        #expect(try rig.driver.tkoStatus().statuses == [.tcpData, .unavailable, .unavailable, .unavailable])
        manager.afterWake()
        #expect(try rig.driver.tkoStatus().statuses == [.unavailable, .unavailable, .unavailable, .unavailable])
    }

    @Test func deadServerWakesTheHostWithWLC_E_TKO() throws {
        let rig = OffloadRig()
        try rig.start()
        let manager = OffloadManager(target: IovarOffloadTarget(rig.driver), config: try OffloadConfig(board: try Boards.default), log: Log(rig.log))
        rig.driver.eventListener = manager
        manager.start()
        #expect(rig.chip.eventEnabled(151))  // through the wrapper too
        _ = manager.beforeSleep(connections: [rig.connection()], hostIP: nil)
        rig.lan.answering = false
        let slept = rig.deepSleep(for: .hours(1))
        // Probes at 0, 3, 6 s; the engine gives up at 9 s (§1.7).
        #expect(slept >= .seconds(9) && slept < .seconds(10))
        #expect(rig.lan.probes.count == 3)
        #expect(rig.chip.wakeCount(.keepaliveFailure) == 1)
        rig.awake(for: .milliseconds(50)) { !manager.failedConnections.isEmpty }
        #expect(manager.failedConnections == [0])
        manager.afterWake()
        let lines = rig.log.lines.map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.contains("whd_callback_handler: Entered ") && lines.contains("whd_callback_handler: Exit "))
        #expect(lines.suffix(1) == ["whd_tko_toggle: Successfully disabled"])
    }
}
#endif
