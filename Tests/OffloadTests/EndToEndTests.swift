import Testing
import Runtime
import Net
import Boards
import CYW43
import ChipModel
@testable import Offload

/// Manager -> driver -> gSPI -> chip model -> firmware keepalive engine, on the virtual clock.
@Suite struct EndToEndTests {
    @Test func anHourAsleepWithTheFirmwareKeepingTheConnection() throws {
        let rig = OffloadRig()
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
        let slept = rig.deepSleep(for: .hours(1))
        #expect(slept == .hours(1))  // nothing woke the host
        #expect(rig.chip.totalWakes == wakesBefore)
        let c = rig.offloads.keepalive.counters(index: 0)
        #expect(c.requestsSent == 720 && c.acksReceived == 720 && c.retriesSent == 0)
        #expect(rig.lan.probes.count == 720, "\(rig.lan.probes.prefix(3)) \(rig.lan.probes.suffix(2))")

        rig.awake(for: .milliseconds(1))
        manager.afterWake()
        #expect(!rig.offloads.keepalive.isEnabled && !rig.offloads.keepalive.hasConnection(index: 0))
        #expect(rig.chip.iovarValue("pm2_sleep_ret") == [200, 0, 0, 0])
    }

    @Test func deadServerWakesTheHostWithWLC_E_TKO() throws {
        let rig = OffloadRig()
        try rig.start()
        let manager = OffloadManager(target: rig.driver, config: try OffloadConfig(board: try Boards.default), log: Log(rig.log))
        rig.driver.eventListener = manager
        manager.start()
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
        #expect(lines.contains("Offload: keepalive offload gave up on socket 0"))
        #expect(lines.suffix(1) == ["whd_tko_toggle: Successfully disabled"])
    }
}
