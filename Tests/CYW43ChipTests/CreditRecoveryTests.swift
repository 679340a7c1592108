import Testing
import CYW43
import ChipModel
import Runtime

/// A lost or corrupt frame from the firmware must never end the device's life
/// (docs/cyw43-bus.md §4.2): data waits in the runner's transmit queue for credit, a stale
/// credit window is resynchronised by poking the firmware (on gSPI too), and a lost link-down
/// event is found by asking.
@Suite struct CreditRecoveryTests {
    @Test(arguments: [false, true]) func corruptCreditUpdateNeitherDropsNorStalls(sdio: Bool) throws {
        if sdio { try corruptCredit(sdioRig(), .cyw4343W) } else { try corruptCredit(gspiRig(), .cyw43439) }
    }

    func corruptCredit<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        // The credit update the firmware sends when the host has used its window is the next
        // frame to the host: it arrives with a length/~length pair that does not match.
        try joinWithCorruptNextFrame(rig, kind)
        let accepted = sendTwelveFrames(rig)
        rig.run(for: .seconds(1)) { rig.air.sent.count == 12 }
        let c = rig.driver.counters
        #expect(accepted == 12 && rig.air.sent.count == 12)
        #expect(c.txNoCredit == 0 && c.txQueued > 0 && c.creditPokes > 0 && c.creditResyncs > 0)
        #expect(c.creditStallResets == 0 && rig.driver.runner.transmitQueueDepth == 0)
        #expect(rig.driver.runner.framesLost >= 1)
    }

    @Test(arguments: [false, true]) func lostLinkDownEventIsFoundByAsking(sdio: Bool) throws {
        if sdio { try lostLinkDown(sdioRig(), .cyw4343W) } else { try lostLinkDown(gspiRig(), .cyw43439) }
    }

    func lostLinkDown<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try joinWithCorruptNextFrame(rig, kind)
        rig.chip.apLost()
        var notice: DriverNotice?
        rig.run(for: .seconds(5)) { notice = notice ?? rig.driver.nextNotice(); return notice != nil }
        guard case .linkDown = notice else { Issue.record("no link-down notice: \(String(describing: notice))"); return }
        #expect(rig.driver.joinState == .idle && rig.driver.linkChecks >= 1)
    }

    /// The last resort: the firmware stops answering altogether (after a lost credit update,
    /// F2 stalls, so the answer to every poke stays unreadable). After `stallPokeLimit` pokes
    /// with no valid header the chip is declared lost and restarted through the firmware-halt
    /// path the app rides through. (`stallF2` before the window is used up would not get
    /// here: the host still has credit, its writes fail as bus errors and are retried, and
    /// no credit stall ever starts.)
    @Test(arguments: [false, true]) func unansweredPokesRestartTheChip(sdio: Bool) throws {
        if sdio { try silentFirmware(sdioRig(), .cyw4343W) } else { try silentFirmware(gspiRig(), .cyw43439) }
    }

    func silentFirmware<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try joinWithCorruptNextFrame(rig, kind)
        sendTwelveFrames(rig)
        // The window is used up and its update was corrupt: frames wait for credit.
        #expect(!rig.driver.runner.hasCredit && rig.driver.runner.transmitQueueDepth > 0)
        rig.chip.stallF2(true)
        let t0 = rig.platform.now
        var notice: DriverNotice?
        rig.run(for: .seconds(5)) { notice = notice ?? rig.driver.nextNotice(); return notice != nil }
        let c = rig.driver.counters
        #expect(notice == .firmwareHalted)
        #expect(c.creditStallResets == 1 && c.creditPokes == rig.driver.runner.stallPokeLimit && c.creditResyncs == 0)
        // First poke after 10 ms, then every 100 ms; the restart at the poke that would be the sixth.
        #expect(rig.platform.now - t0 == rig.driver.runner.stallPokeAfter
                + rig.driver.runner.stallPokeInterval * Int64(rig.driver.runner.stallPokeLimit))
        #expect(!rig.driver.isUp)
        // The app's answer to a halt: a new bring-up, which forgets the queued frames (counted).
        rig.chip.stallF2(false)
        rig.chip.powered = false      // WL_REG_ON low and high again, as the app does on gSPI
        rig.chip.powered = true
        let queued = rig.driver.runner.transmitQueueDepth
        try rig.driver.bringUp(resources: resources(kind))
        #expect(rig.driver.counters.txDroppedOnReset == queued && rig.driver.runner.transmitQueueDepth == 0)
    }

    /// Brings the chip up, joins, and corrupts the SDPCM header of the next frame to the host.
    func joinWithCorruptNextFrame<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        rig.chip.corruptNextSDPCMLength()
    }

    /// Hands the driver 12 frames to the AP (more than the credit window); returns how many it took.
    @discardableResult func sendTwelveFrames<B: WLANBus>(_ rig: Rig<B>) -> Int {
        let me = rig.driver.macAddress
        var accepted = 0
        for i in 0..<12 {
            let f = ChipDataAndPowerTests.ethernet(to: bssidWPA2, from: me, size: 100 + i)
            if f.withUnsafeBytes({ rig.driver.send(frame: $0) }) { accepted += 1 }
        }
        return accepted
    }
}
