import Testing
import CYW43
import ChipModel
import Runtime

/// Frames both ways, power save, bus sleep with host-wake, iovar errors.
@Suite struct ChipDataAndPowerTests {
    static func ethernet(to dst: MACAddress, from src: MACAddress, size: Int = 60) -> [UInt8] {
        var f = dst.bytes + src.bytes + [0x08, 0x00]
        while f.count < size { f.append(UInt8(truncatingIfNeeded: f.count)) }
        return f
    }

    @Test(arguments: [false, true]) func framesBothWays(sdio: Bool) throws {
        if sdio { try exercise(sdioRig(), .cyw4343W) } else { try exercise(gspiRig(), .cyw43439) }
    }

    /// gSPI with the trailing status word (STATUS_ENABLE, embassy style): same traffic
    /// results with fewer STATUS register reads.
    @Test func framesBothWaysWithStatusWord() throws {
        let rig = gspiRig(statusWord: true)
        try exercise(rig, .cyw43439)
        #expect(rig.driver.bus.lastStatus != nil)
    }

    func exercise<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        let me = rig.driver.macAddress
        let rx = Collect()
        rig.driver.receiver = rx
        // Host -> air: 10 frames (credit flow control keeps up; the model grants 8 ahead).
        for i in 0..<10 {
            let f = Self.ethernet(to: bssidWPA2, from: me, size: 60 + i * 100)
            let sent = f.withUnsafeBytes { rig.driver.send(frame: $0) }
            #expect(sent)
            rig.run(for: .milliseconds(1)) { false }
        }
        #expect(rig.air.sent.count == 10)
        #expect(rig.air.sent.last == Self.ethernet(to: bssidWPA2, from: me, size: 960))
        // Air -> host: a full-size frame arrives through host-wake and the runner.
        let big = Self.ethernet(to: me, from: bssidWPA2, size: 1514)
        rig.chip.receiveFromAir(big)
        rig.run(for: .milliseconds(50)) { !rx.frames.isEmpty }
        #expect(rx.frames == [big])
        #expect(rig.driver.counters.totalDrops == 0 && rig.driver.counters.txNoCredit == 0)
        let st = rig.driver.bus.stats
        #expect(rig.driver.counters.hostWakes > 0 && st.sdioInterrupts > 0 && st.readAborts == 0)
        #expect(st.cmd52Fail + st.cmd53ReadFail + st.cmd53WriteFail + st.spiFail == 0)
        if rig.driver.bus.kind == .sdio { #expect(st.cmd52 > 0 && st.cmd53Read > 0 && st.cmd53Write > 0) }
        else { #expect(st.spiReads > 0 && st.spiWrites > 0) }
    }

    @Test func powerSaveModes() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(rig.chip.pmMode == 2)  // WHD whd_wifi_on default: PM2, 200 ms
        #expect(rig.chip.iovarValue("pm2_sleep_ret") == [200, 0, 0, 0])
        try rig.driver.setPowerSave(.off)
        #expect(rig.chip.pmMode == 0)
        try rig.driver.setPowerSave(.pm2(sleepReturn: .milliseconds(1234)))
        #expect(rig.chip.pmMode == 2 && rig.chip.iovarValue("pm2_sleep_ret") == [0xCE, 0x04, 0, 0])  // 1230 = 0x4CE
        try rig.driver.setPowerSave(.pm1)
        #expect(rig.chip.pmMode == 1)
        try rig.driver.setListenInterval(.dtims(3))
        #expect(rig.chip.iovarValue("bcn_li_dtim") == [3, 0, 0, 0])
    }

    @Test func unsupportedIovarIsTyped() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        do {
            try rig.driver.setIovar("no_such_iovar", u32: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.isUnsupported)
        }
        // The driver keeps working afterwards.
        try rig.driver.setIovar("bcn_li_bcn", u32: 1)
    }

    @Test(arguments: [false, true]) func busSleepAndHostWake(sdio: Bool) throws {
        if sdio { try sleepCycle(sdioRig(), .cyw4343W) } else { try sleepCycle(gspiRig(), .cyw43439) }
    }

    func sleepCycle<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        #expect(rig.driver.saveRestore)
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        let rx = Collect()
        rig.driver.receiver = rx
        rig.driver.setBusSleep(enabled: true)
        rig.run(for: .milliseconds(20)) { rig.driver.busAsleep }
        #expect(rig.driver.busAsleep)
        // A frame from the LAN: the chip asserts host-wake, the runner wakes the bus (KSO)
        // and reads it.
        let f = Self.ethernet(to: rig.driver.macAddress, from: bssidWPA2)
        rig.chip.receiveFromAir(f)
        rig.run(for: .milliseconds(100)) { !rx.frames.isEmpty }
        #expect(rx.frames == [f])
        // Idle again: the bus goes back to sleep; an ioctl wakes it first.
        rig.run(for: .milliseconds(50)) { rig.driver.busAsleep }
        #expect(rig.driver.busAsleep)
        try rig.driver.setIovar("bcn_li_bcn", u32: 1)
        #expect(rig.driver.counters.busErrors == 0)
        // No access the real chip would not answer (gSPI: WAKE_UP stays set).
        #expect(rig.chip.counters.accessesWhileSPICoreAsleep == 0)
        #expect(rig.driver.bus.stats.errorInterrupts == 0)
    }

    @Test func corruptedFrameFromChipIsCountedAndDropped() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        let before = rig.log.lines.count
        rig.chip.corruptNextSDPCMLength()
        // The corrupted frame is the ioctl reply: the ioctl times out, the drop is counted once.
        rig.driver.ioctlTimeout = .milliseconds(100)
        #expect(throws: IoctlError.timeout) { try rig.driver.setIovar("bcn_li_bcn", u32: 1) }
        #expect(rig.driver.counters.totalDrops == 1)
        #expect(rig.log.lines.count == before + 1)
        try rig.driver.setIovar("bcn_li_bcn", u32: 1)
    }

    @Test func tkoEventReachesTheListener() throws {
        final class Listen: EventListener {
            var seen: [(EventType, UInt32, [UInt8])] = []
            func handle(event: EventMessage, frame: UnsafeRawBufferPointer) {
                seen.append((event.eventType, event.status, Array(frame[event.data])))
            }
        }
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        let l = Listen()
        rig.driver.eventListener = l
        try rig.driver.enableEvents([.tko])
        rig.chip.raiseEvent(type: 151, status: 5, reason: 0, data: [2, 0, 0, 0])
        rig.run(for: .milliseconds(20)) { !l.seen.isEmpty }
        #expect(l.seen.count == 1 && l.seen.first?.0 == .tko && l.seen.first?.1 == 5 && l.seen.first?.2 == [2, 0, 0, 0])
    }
}

@Suite struct FirmwareHaltTests {
    @Test(arguments: [false, true]) func trapIsReported(sdio: Bool) throws {
        if sdio { try trap(sdioRig(), .cyw4343W) } else { try trap(gspiRig(), .cyw43439) }
    }

    func trap<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        rig.chip.trapFirmware()
        var notice: DriverNotice?
        rig.run(for: .milliseconds(50)) { notice = notice ?? rig.driver.nextNotice(); return notice != nil }
        #expect(notice == .firmwareHalted && !rig.driver.isUp && rig.driver.bus.stats.firmwareHalts == 1)
        #expect(text(rig.log).last == "cyw43: firmware halted (FWHALT in to-host mailbox)")
        #expect(throws: IoctlError.notReady) { try rig.driver.setIovar("bcn_li_bcn", u32: 1) }
        // Recovery needs WL_REG_ON toggled by the platform before `bringUp` (the model has no
        // power-cycle call yet; SDIO re-initialises without it, gSPI stays in 32-bit mode).
        if rig.driver.bus.kind == .sdio {
            try rig.driver.bringUp(resources: resources(kind))
            #expect(rig.driver.isUp)
        }
    }
}

/// Callbacks may send frames (a TCP ACK in answer to data) but not run ioctls: the runner
/// never reads the bus again while a callback holds a received frame.
@Suite struct ReentrancyTests {
    final class Echo<B: WLANBus>: FrameReceiver {
        unowned(unsafe) let driver: Driver<B>
        var sent = 0
        var ioctlError: IoctlError?
        var intact = true
        init(_ d: Driver<B>) { driver = d }
        func receive(frame: UnsafeRawBufferPointer) {
            let copy = Array(frame)
            var reply = Array(copy[6..<12]) + Array(copy[0..<6]) + Array(copy[12...])
            reply[6...11] = ArraySlice(driver.macAddress.bytes)
            if reply.withUnsafeBytes({ driver.send(frame: $0) }) { sent += 1 }
            do throws(IoctlError) { try driver.setIovar("bcn_li_bcn", u32: 1) } catch { ioctlError = error }
            intact = intact && Array(frame) == copy
        }
    }

    @Test func sendFromReceiveCallback() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        let echo = Echo(rig.driver)
        rig.driver.receiver = echo
        for i in 0..<5 {
            rig.chip.receiveFromAir(ChipDataAndPowerTests.ethernet(to: rig.driver.macAddress, from: bssidWPA2, size: 64 + i))
        }
        rig.run(for: .milliseconds(50)) { echo.sent == 5 }
        #expect(echo.sent == 5 && rig.air.sent.count == 5 && echo.intact)
        #expect(echo.ioctlError == .busy)
    }
}
