import Runtime

/// The SDIO bus protocol (docs/cyw43-bus.md §2) over an `SDIOTransport` (CMD52/CMD53).
///
/// 1-byte accesses use CMD52, everything else CMD53 with incrementing addresses (WHD).
/// Block size 64 on F0/F1/F2 (WHD/embassy/cyw43-driver; Linux uses 512 for F2).
public final class SDIOBus<T: SDIOTransport>: WLANBus {
    public let transport: T
    public let platform: any Platform
    public var kind: BusKind { .sdio }
    public var backplaneWindow: UInt32 = 0xAAAA_AAAA
    /// 8 whole 64-byte blocks per CMD53 (never crosses a window boundary: chunks are
    /// cut at boundaries by the backplane layer).
    public var maxBackplaneTransfer: Int { 512 }
    public static var blockSize: Int { 64 }
    public var stats = BusStats()
    public var pollWaiter: (any ChipWaiter)?
    /// Largest F2 frame accepted (WHD link MTU 1544, §8.5).
    public let maxFrame = 1544
    private let scratch: UnsafeMutableRawBufferPointer

    public init(transport: T, platform: any Platform) {
        self.transport = transport
        self.platform = platform
        scratch = .allocate(byteCount: 2048 + 64, alignment: 4)
    }

    deinit { scratch.deallocate() }

    private func cmd52(write: Bool, _ function: UInt8, _ address: UInt32, _ value: UInt8 = 0) throws(BusError) -> UInt8 {
        stats.cmd52 += 1
        do throws(BusError) {
            return try transport.cmd52(write: write, function: function, address: address, value: value)
        } catch {
            stats.cmd52Fail += 1
            throw error
        }
    }

    private func cmd53(write: Bool, _ function: UInt8, _ address: UInt32, blockSize: Int,
                       _ buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        if write { stats.cmd53Write += 1 } else { stats.cmd53Read += 1 }
        do throws(BusError) {
            try transport.cmd53(write: write, function: function, address: address, incrementing: true,
                                blockSize: blockSize, buffer: buffer)
        } catch {
            if write { stats.cmd53WriteFail += 1 } else { stats.cmd53ReadFail += 1 }
            throw error
        }
    }

    public func readRegister(function: UInt8, address: UInt32, size: Int) throws(BusError) -> UInt32 {
        if size == 1 { return UInt32(try cmd52(write: false, function, address)) }
        let b = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<size])
        try cmd53(write: false, function, address, blockSize: 0, b)
        return size == 2 ? UInt32(UnsafeRawBufferPointer(b).le16(at: 0)) : b.le32(at: 0)
    }

    public func writeRegister(function: UInt8, address: UInt32, size: Int, value: UInt32) throws(BusError) {
        if size == 1 { _ = try cmd52(write: true, function, address, UInt8(truncatingIfNeeded: value)); return }
        let b = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<size])
        if size == 2 { b.setLE16(UInt16(truncatingIfNeeded: value), at: 0) } else { b.setLE32(value, at: 0) }
        try cmd53(write: true, function, address, blockSize: 0, b)
    }

    /// WHD download rule: whole 64-byte blocks in block mode, then a byte-mode tail (§2.3).
    public func transferF1(write: Bool, address: UInt32, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        let bs = Self.blockSize
        let whole = buffer.count / bs * bs
        if whole > 0 {
            try cmd53(write: write, 1, address, blockSize: bs, UnsafeMutableRawBufferPointer(rebasing: buffer[0..<whole]))
        }
        if whole < buffer.count {
            try cmd53(write: write, 1, address + UInt32(whole), blockSize: 0,
                      UnsafeMutableRawBufferPointer(rebasing: buffer[whole..<buffer.count]))
        }
    }

    /// §2.7 (WHD `whd_bus_sdio_init`) steps 0-11.
    public func initializeBus(hostWake: HostWake) throws(BusError) {
        backplaneWindow = 0xAAAA_AAAA
        // 0. The host controller finds and selects the card.
        try transport.enumerateCard()
        // 1. Enable F1, read back until set (1 ms, 500 tries).
        var tries = 0
        while true {
            _ = try cmd52(write: true, 0, CCCR.ioEnable, CCCR.funcEnable1)
            if try cmd52(write: false, 0, CCCR.ioEnable) & CCCR.funcEnable1 != 0 { break }
            tries += 1
            if tries >= 500 { throw .timeout(register: CCCR.ioEnable) }
            pause(for: .milliseconds(1))
        }
        // 2. 4-bit bus.
        let bic = try cmd52(write: false, 0, CCCR.busInterfaceControl)
        _ = try cmd52(write: true, 0, CCCR.busInterfaceControl, (bic & ~0x03) | CCCR.busWidth4)
        // 3. Block sizes 64 (F0 until it reads back).
        tries = 0
        while true {
            _ = try cmd52(write: true, 0, CCCR.f0BlockSize, 64)
            if try cmd52(write: false, 0, CCCR.f0BlockSize) == 64 { break }
            tries += 1
            if tries >= 500 { throw .timeout(register: CCCR.f0BlockSize) }
            pause(for: .milliseconds(1))
        }
        _ = try cmd52(write: true, 0, CCCR.f0BlockSize + 1, 0)
        _ = try cmd52(write: true, 0, CCCR.f1BlockSize, 64)
        _ = try cmd52(write: true, 0, CCCR.f1BlockSize + 1, 0)
        _ = try cmd52(write: true, 0, CCCR.f2BlockSize, 64)
        _ = try cmd52(write: true, 0, CCCR.f2BlockSize + 1, 0)
        // 4. Interrupts: master + F1 + F2.
        _ = try cmd52(write: true, 0, CCCR.intEnable, CCCR.intEnMaster | CCCR.intEnF1 | CCCR.intEnF2)
        // 5. The card's timing follows the host's, never runs ahead of it: EHS only for a host
        // running high speed and only if the card offers SHS (WHD: only with a high-speed clock
        // configured); cleared for a default-speed host; untouched if the transport owns it.
        if let hs = transport.highSpeed {
            let speed = try cmd52(write: false, 0, CCCR.speedControl)
            let want = hs && speed & 0x01 != 0 ? speed | 0x02 : speed & ~0x02
            if want != speed { _ = try cmd52(write: true, 0, CCCR.speedControl, want) }
        }
        // 6. F1 ready, 500 ms.
        tries = 0
        while try cmd52(write: false, 0, CCCR.ioReady) & CCCR.funcEnable1 == 0 {
            tries += 1
            if tries >= 500 { throw .timeout(register: CCCR.ioReady) }
            pause(for: .milliseconds(1))
        }
        // 7. ALP: 0x29 = FORCE_HW_CLKREQ_OFF | ALP_AVAIL_REQ | FORCE_ALP; wait 100 ms; clear.
        let alpRequest = F1Reg.forceHWClockRequestOff | F1Reg.alpAvailRequest | F1Reg.forceALP
        _ = try cmd52(write: true, 1, F1Reg.chipClockCSR, alpRequest)
        _ = try pollF1(F1Reg.chipClockCSR, mask: F1Reg.alpAvail, want: F1Reg.alpAvail, tries: 100)
        _ = try cmd52(write: true, 1, F1Reg.chipClockCSR, 0)
        // 8. Pull-ups off. 9. Enable F1 + F2.
        _ = try cmd52(write: true, 1, F1Reg.pullUp, 0)
        _ = try cmd52(write: true, 0, CCCR.ioEnable, CCCR.funcEnable1 | CCCR.funcEnable2)
        // 10. OOB host-wake through SEPINT (§2.6; dev_gpio_sel = 0 on every kit: no GPIO routing).
        if hostWake.outOfBand {
            let v = CCCR.sepIntMask | CCCR.sepIntOE | (hostWake.activeHigh ? CCCR.sepIntActiveHigh : 0)
            _ = try cmd52(write: true, 0, CCCR.sepInt, v)
        }
        // 11. Master + F2 only.
        _ = try cmd52(write: true, 0, CCCR.intEnable, CCCR.intEnMaster | CCCR.intEnF2)
    }

    /// §2.7 step 12: CARDCAP 0x40 (CHIPID_PRESENT, WHD) means the id copy in the SDIO core
    /// at +0x330 (embassy tests 0x80 instead; we follow WHD, the bit named for it).
    public func chipIDAddress() throws(BusError) -> UInt32 {
        let cap = try cmd52(write: false, 0, CCCR.brcmCardCap)
        guard cap & CCCR.cardCapChipIDPresent != 0 else { return Backplane.chipCommon }
        let ctl = try cmd52(write: false, 1, F1Reg.deviceControl)
        _ = try cmd52(write: true, 1, F1Reg.deviceControl, ctl | 0x40)  // ADDR_RST
        let low = UInt32(try cmd52(write: false, 1, F1Reg.backplaneAddressLow))
        let mid = UInt32(try cmd52(write: false, 1, F1Reg.backplaneAddressMid))
        let high = UInt32(try cmd52(write: false, 1, F1Reg.backplaneAddressHigh))
        _ = try cmd52(write: true, 1, F1Reg.deviceControl, ctl)
        // After ADDR_RST the SBADDR registers hold the SDIO core's base (§2.7 step 12); the
        // window itself only has bit 15 and up.
        let base = high << 24 | mid << 16 | low << 8
        backplaneWindow = base & 0xFFFF_8000
        return base + 0x330
    }

    /// §2.7 step 13: hostintmask 0xF0, funcintmask 0x03 (1 byte), F2 watermark 8.
    public func finishFirmwareBoot(chip: ChipInfo) throws(BusError) {
        try writeBackplane32(chip.sdioCore + Backplane.hostIntMask, Backplane.hostIntMaskValue)
        try writeBackplane(chip.sdioCore + Backplane.funcIntMask, size: 1, 0x03)
        _ = try cmd52(write: true, 1, F1Reg.f2Watermark, 8)
    }

    public func isF2Ready() throws(BusError) -> Bool {
        try cmd52(write: false, 0, CCCR.ioReady) & CCCR.funcEnable2 != 0
    }

    /// §2.5 host-int handling (WHD), clearing every observed bit (embassy: on 4373 BUSPWR
    /// stays set otherwise). True when a frame indication (0xF0) was seen.
    public func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool {
        let status = try readBackplane32(chip.sdioCore + Backplane.intStatus)
        try handleHostMailbox(chip: chip, intStatus: status)
        if status != 0 {
            stats.sdioInterrupts += 1
            if status & 0xFF00 != 0 { stats.errorInterrupts += 1 }
            try writeBackplane32(chip.sdioCore + Backplane.intStatus, status)
        }
        return status & Backplane.iHMBSWMask != 0
    }

    /// §8.3 (WHD): 4-byte tag, then the rest (block mode when >= 64).
    public func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead {
        let tag = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<4])
        try cmd53(write: false, 2, 0, blockSize: 0, tag)
        let len = UnsafeRawBufferPointer(tag).le16(at: 0), check = UnsafeRawBufferPointer(tag).le16(at: 2)
        if len == 0 && check == 0 { return .none }
        guard len == ~check, len >= 4 else { try abortRead(); return .dropped(.badTag(length: len, check: check)) }
        let total = Int(len)
        let rest = total - 4
        let padded = rest >= Self.blockSize ? (rest + Self.blockSize - 1) / Self.blockSize * Self.blockSize : rest
        guard total <= maxFrame, 4 + padded <= scratch.count, total <= buffer.count else {
            try abortRead(); return .dropped(.oversized(total))
        }
        if rest > 0 {
            try cmd53(write: false, 2, 0, blockSize: rest >= Self.blockSize ? Self.blockSize : 0,
                      UnsafeMutableRawBufferPointer(rebasing: scratch[4..<(4 + padded)]))
        }
        for i in 0..<total { buffer[i] = scratch[i] }
        return .frame(total)
    }

    /// §8.3: IOABORT = 2 (F2), then RF_TERM.
    private func abortRead() throws(BusError) {
        stats.readAborts += 1
        _ = try cmd52(write: true, 0, CCCR.ioAbort, 2)
        _ = try cmd52(write: true, 1, F1Reg.frameControl, F1Reg.rfTerm)
    }

    /// §8.4: one F2 CMD53; >= 64 bytes as whole 64-byte blocks, shorter in byte mode
    /// padded to 4 (the SDPCM length carries the real length).
    public func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError) {
        let block = frame.count >= Self.blockSize
        let padded = block ? (frame.count + Self.blockSize - 1) / Self.blockSize * Self.blockSize : (frame.count + 3) & ~3
        guard padded <= scratch.count else { throw .tooLong(length: frame.count) }
        for i in 0..<frame.count { scratch[i] = frame[i] }
        var i = frame.count
        while i < padded { scratch[i] = 0; i += 1 }
        try cmd53(write: true, 2, 0, blockSize: block ? Self.blockSize : 0, UnsafeMutableRawBufferPointer(rebasing: scratch[0..<padded]))
    }

    public func busSpecificSleepSetup() throws(BusError) {}

    /// §4.2: SMB_DEV_INT to tosbmailbox.
    public func pokeFirmware(chip: ChipInfo) throws(BusError) {
        try writeBackplane32(chip.sdioCore + Backplane.toSBMailbox, Backplane.smbDevInt)
    }
}
