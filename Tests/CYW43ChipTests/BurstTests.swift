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

/// A firmware that grants no credit: data frames are dropped and counted after a short
/// bounded wait, one log line each; ioctls time out with `.noCredit`; nothing hangs.
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
        for _ in 0..<20 where !f.withUnsafeBytes({ rig.driver.send(frame: $0) }) { refused += 1 }
        #expect(refused > 0 && rig.driver.counters.txNoCredit == refused)
        let lines = text(rig.log).filter { $0.hasPrefix("cyw43: drop tx: no credit") }
        #expect(lines.count == refused)
        rig.driver.ioctlTimeout = .milliseconds(200)
        #expect(throws: IoctlError.noCredit) { try rig.driver.setIovar("bcn_li_bcn", u32: 1) }
    }
}
