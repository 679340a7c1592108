import Testing
import CYW43
import ChipModel
import Runtime

/// A burst of data frames larger than the credit window (docs/cyw43-bus.md §4.2).
@Suite struct BurstTests {
    @Test(arguments: [false, true]) func burstBeyondCreditWindow(sdio: Bool) throws {
        if sdio { try burst(sdioRig(), .cyw4343W) } else { try burst(gspiRig(), .cyw43439) }
    }

    func burst<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        let me = rig.driver.macAddress
        var sent = 0
        for i in 0..<30 {
            let f = ChipDataAndPowerTests.ethernet(to: bssidWPA2, from: me, size: 100 + i)
            if f.withUnsafeBytes({ rig.driver.send(frame: $0) }) { sent += 1 }
        }
        print("burst: sent \(sent), noCredit \(rig.driver.counters.txNoCredit), air \(rig.air.sent.count)")
        #expect(sent == 30 && rig.air.sent.count == 30)
    }
}

/// A firmware that grants no credit: data frames wait in the transmit queues until their
/// ring is full, then are refused (back-pressure: `send` says false) and counted, one log line
/// each; ioctls time out with `.noCredit`; nothing hangs.
@Suite struct NoCreditTests {
    @Test func starvedHostDropsAndCounts() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        rig.chip.creditWindow = 0
        // Use up whatever window is left.
        let me = rig.driver.macAddress
        let f = ChipDataAndPowerTests.ethernet(to: bssidWPA2, from: me)
        var refused = 0
        let sentBefore = rig.driver.counters.txData
        // 60-byte frames take 72 B each of the 4 KB ring: 56 wait, the rest are refused.
        for _ in 0..<80 where !f.withUnsafeBytes({ rig.driver.send(frame: $0) }) { refused += 1 }
        #expect(refused > 0 && rig.driver.counters.txNoCredit == refused)
        // Every frame is accounted for: sent on what window was left, waiting, or refused.
        #expect(rig.driver.runner.transmitQueueDepth + refused + rig.driver.counters.txData - sentBefore == 80)
        let lines = text(rig.log).filter { $0.hasPrefix("cyw43: refuse tx: queues full") }
        #expect(lines.count == refused)
        rig.driver.ioctlTimeout = .milliseconds(200)
        #expect(throws: IoctlError.noCredit) { try rig.driver.setIovar("bcn_li_bcn", u32: 1) }
    }
}
