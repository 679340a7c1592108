import Runtime

/// Firmware start-up (docs/cyw43-bus.md §3.3-3.6): the ARM core leaves reset/halt, the model checks
/// what the host wrote into RAM, the HT clock comes up, then F2 becomes ready.
extension ChipModel {
    /// core_is_up (§3.3) and not halted: IOCTRL has CLOCK_EN without FGC or CPUHALT, RESETCTRL 0.
    private var armCoreRunning: Bool {
        typealias B = CoreRegisters.WrapperBits
        return cores.armResetCtrl & B.reset == 0
            && cores.armIOCtrl & (B.forceGatedClock | B.clockEnable) == B.clockEnable
            && cores.armIOCtrl & B.cpuHalt == 0
    }

    func armCoreChanged() {
        let running = armCoreRunning
        if running == armRunning { return }
        armRunning = running
        if running { boot() } else { firmwareStopped() }
    }

    /// The NVRAM length token in the last RAM word (§3.5): low 16 bits = length in words,
    /// high 16 bits = their complement. Returns the length in bytes if valid.
    func nvramTokenLength(_ token: UInt32) -> Int? {
        let words = token & 0xFFFF
        guard words > 0, token >> 16 == ~words & 0xFFFF else { return nil }
        let bytes = Int(words) * 4
        return bytes + 4 <= Int(profile.ramSize) ? bytes : nil
    }

    private func boot() {
        let ramTop = Int(profile.ramSize)
        let token = memory.read32(offset: ramTop - 4)
        let nvramLength = nvramTokenLength(token)
        let imageLimit = ramTop - 4 - (nvramLength ?? 0)
        bootError = nil
        guard memory.anyWritten(from: 0, to: imageLimit) else {
            bootError = .noFirmware
            log?.line("chipmodel: ARM released with no firmware in RAM")
            return
        }
        if profile.armIsCR4 {
            // The reset instruction copied to backplane address 0 must match the image (§3.5).
            let expected = memory.read32(offset: 0)
            if cores.resetVector != expected {
                bootError = .resetVectorMismatch(expected: expected, found: cores.resetVector)
                log?.line("chipmodel: CR4 reset vector mismatch")
                return
            }
        }
        firmwareSize = memory.highestWritten(below: imageLimit)
        firmwareMarkerFound = SyntheticFirmware.containsMarker(memory.bytes(offset: 0, count: min(256, firmwareSize)))
        // The image's own trailer says what it is (and which version "ver" reports).
        let found = memory.lastOccurrence(of: Bytes.ascii("Version: "), below: imageLimit).flatMap { at in
            let from = max(0, at - 512)
            return FirmwareIdentity.find(in: memory.bytes(offset: from, count: min(imageLimit, at + 512) - from))
        }
        guard let identity = found else {
            bootError = .notFirmware
            log?.line("chipmodel: image has no firmware trailer (\"Version: \"): not started")
            return
        }
        guard identity.isFor(chipID: profile.chipID) else {
            bootError = .firmwareForAnotherChip(found: identity.chipNumber)
            log?.text("chipmodel: firmware for chip ").ascii(identity.chipNumber).text(", this is ")
                .ascii(Bytes.ascii(profile.name)).text(": not started").end()
            return
        }
        firmwareIdentity = identity
        if let n = nvramLength {
            nvram = memory.bytes(offset: ramTop - 4 - n, count: n)
            nvramSize = n
            // A MAC programmed in OTP wins; NVRAM "macaddr=" only when OTP is blank (cyw43-driver:
            // "The default mac from nvram will be used if not" set in OTP).
            if otpMACAddress == nil {
                macAddress = SyntheticFirmware.macAddress(inNVRAM: nvram) ?? ChipModel.unprogrammedMAC
            }
        } else {
            bootError = .badNVRAMToken(token)
            log?.text("chipmodel: bad NVRAM token 0x").hex(UInt64(token), digits: 8).end()
        }
        firmwareRunning = true
        log?.text("chipmodel: firmware started, image ").dec(firmwareSize).text(" bytes, NVRAM ")
            .dec(nvramSize).text(" bytes").end()
        after(timing.htAvailableAfterBoot, .htAvailable)
    }

    func htClockUp() {
        guard firmwareRunning else { return }
        htAvailable = true
        // The firmware publishes its sdpcm_shared pointer in the last RAM word, SR-mem bytes lower
        // on save/restore parts (§3.5), and sets up save/restore (§7.9 detection).
        let ramTop = Int(profile.ramSize)
        let shared = UInt32((firmwareSize + 0xFF) & ~0xFF) &+ profile.ramBase
        memory.write32(offset: ramTop - 4 - Int(profile.srMemSize), shared)
        // 43430/43439: SR_CONTROL1 != 0; others: retention_ctl bits 26/27 clear (WHD) and, for
        // Linux's 4373 check, the SR_CONTROL0 enable bit (§7.9 DISAGREE: both are satisfied).
        if profile.srViaControl1 {
            cores.srControl1 = 0x0000_0001
        } else {
            cores.retentionCtl &= ~0x0C00_0000
            cores.srControl0 |= 0x1
        }
        if bootError == nil { after(timing.f2ReadyAfterHT, .f2Ready) }
    }

    func f2BecameReady() {
        guard firmwareRunning, !firmwareHalted else { return }
        f2Ready = true
        // cyw43-driver, after F2 ready: "We always seem to start with a data unavailable error"
        // (it clears F0 INTERRUPT bit 0 there). When exactly the chip latches it is not public;
        // the model latches it as F2 comes up.
        if bus == .gspi { gspi.interruptLatch |= GSPIRegisters.Bits.dataUnavailable }
        updateHostWake()
    }

    /// The host halted or reset the ARM core: the firmware and everything it knew are gone.
    private func firmwareStopped() {
        firmwareRunning = false
        firmwareHalted = false
        htAvailable = false
        f2Ready = false
        toHost = HostQueue()
        rxExpectedSeq = 0
        advertisedMax = 1
        pendingDeliveries = 0
        timers.removeAll()
        deferred.removeAll()
        isUp = false
        if join.linkUp { air?.associationChanged(station: macAddress, bssid: nil) }
        if join.authorized { for o in offloads { o.linkChanged(up: false, chip: self) } }
        join.reset()
        scanRequest = nil
        for o in offloads { o.firmwareReset(chip: self) }
        eventMask = [UInt8](repeating: 0, count: 32)
        clmLoaded = false
        clmIdentity = nil
        firmwareIdentity = nil
        clmStatus = 0
        cores.toHostMailboxData = 0
        cores.sdioIntStatus = 0
        updateHostWake()
    }
}
