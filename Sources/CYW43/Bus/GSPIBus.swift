import Runtime

/// The gSPI bus protocol (docs/cyw43-bus.md §1) over a byte-level `GSPITransport`.
///
/// Word order: starts in 16-bit mode (halves swapped, §1.2); after the BUS_CONTROL write
/// it is 32-bit with ENDIAN_BIG set, so every word travels little-endian byte first
/// (WHD/cyw43-driver on LE hosts; what spidev with 8-bit words needs). Status word off,
/// RESPONSE_DELAY 4 (WHD 0x000204A3, §1.8), so F1 reads carry 4 pad bytes (§1.6).
public final class GSPIBus<T: GSPITransport>: WLANBus {
    public let transport: T
    public let platform: any Platform
    public var kind: BusKind { .gspi }
    public var backplaneWindow: UInt32 = 0xAAAA_AAAA
    public var maxBackplaneTransfer: Int { 64 }
    public var stats = BusStats()
    public var pollWaiter: (any ChipWaiter)?
    /// Largest F2 frame accepted (WHD link MTU 1544, §8.5, rounded up to words).
    public let maxFrame = 1548
    /// The value written to BUS_CONTROL (bytes 0..3 = F0 0x00..0x03).
    public private(set) var busControl: UInt32 = 0
    private var wordMode32 = false
    /// Append the 32-bit status word to every transaction (STATUS_ENABLE, §1.5; embassy).
    /// Off by default (WHD 0x000204A3); on, the runner learns "another frame waits" from
    /// the F2 read itself and skips the STATUS register read.
    public let statusWord: Bool
    /// The status word clocked in after the last transaction (status word enabled only).
    public private(set) var lastStatus: UInt32?
    private let txBuf: UnsafeMutableRawBufferPointer
    private let rxBuf: UnsafeMutableRawBufferPointer
    private let wordBuf: UnsafeMutableRawBufferPointer

    public init(transport: T, platform: any Platform, statusWord: Bool = false) {
        self.statusWord = statusWord
        self.transport = transport
        self.platform = platform
        txBuf = .allocate(byteCount: 4 + 2048, alignment: 4)
        rxBuf = .allocate(byteCount: 8 + 2048, alignment: 4)
        wordBuf = .allocate(byteCount: 4, alignment: 4)
    }

    deinit { txBuf.deallocate(); rxBuf.deallocate(); wordBuf.deallocate() }

    /// One transaction: command word + `data` (padded to 4), then `readCount` bytes into rxBuf.
    private func transact(_ cmd: GSPICommand, data: UnsafeRawBufferPointer?, readCount: Int) throws(BusError) {
        let dataCount = data.map { ($0.count + 3) & ~3 } ?? 0
        guard 4 + dataCount <= txBuf.count, readCount + 4 <= rxBuf.count else { throw .tooLong(length: max(dataCount, readCount)) }
        if wordMode32 { txBuf.setLE32(cmd.word, at: 0) } else { GSPICommand.emitSwapped(cmd.word, into: txBuf) }
        if let data {
            for i in 0..<data.count { txBuf[4 + i] = data[i] }
            var i = data.count
            while i < dataCount { txBuf[4 + i] = 0; i += 1 }
        }
        let status = statusWord && wordMode32 ? 4 : 0
        if cmd.write { stats.spiWrites += 1 } else { stats.spiReads += 1 }
        do throws(BusError) {
            try transport.transact(write: UnsafeRawBufferPointer(rebasing: txBuf[0..<(4 + dataCount)]),
                                   read: UnsafeMutableRawBufferPointer(rebasing: rxBuf[0..<(readCount + status)]))
        } catch {
            stats.spiFail += 1
            throw error
        }
        if status != 0 { lastStatus = UnsafeRawBufferPointer(rxBuf).le32(at: readCount) }
    }

    public func readRegister(function: UInt8, address: UInt32, size: Int) throws(BusError) -> UInt32 {
        let pad = function == 1 ? GSPIReg.f1ResponseDelay : 0
        try transact(GSPICommand(write: false, function: function, address: address, length: size),
                     data: nil, readCount: pad + 4)
        let raw = wordMode32 ? UnsafeRawBufferPointer(rxBuf).le32(at: pad) : GSPICommand.readSwapped(UnsafeRawBufferPointer(rxBuf), at: pad)
        return size >= 4 ? raw : raw & ((1 << UInt32(size * 8)) - 1)
    }

    public func writeRegister(function: UInt8, address: UInt32, size: Int, value: UInt32) throws(BusError) {
        if wordMode32 { wordBuf.setLE32(value, at: 0) } else { GSPICommand.emitSwapped(value, into: wordBuf) }
        try transact(GSPICommand(write: true, function: function, address: address, length: size),
                     data: UnsafeRawBufferPointer(wordBuf), readCount: 0)
    }

    public func transferF1(write: Bool, address: UInt32, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        let cmd = GSPICommand(write: write, function: 1, address: address, length: buffer.count)
        if write {
            try transact(cmd, data: UnsafeRawBufferPointer(buffer), readCount: 0)
        } else {
            let pad = GSPIReg.f1ResponseDelay
            try transact(cmd, data: nil, readCount: pad + ((buffer.count + 3) & ~3))
            for i in 0..<buffer.count { buffer[i] = rxBuf[pad + i] }
        }
    }

    /// §1.9 (WHD `whd_bus_spi_init`): test register, BUS_CONTROL, interrupts, ALP.
    public func initializeBus(hostWake: HostWake) throws(BusError) {
        wordMode32 = false
        lastStatus = nil
        backplaneWindow = 0xAAAA_AAAA
        // Step 2: read 0x14 in 16-bit mode until FEEDBEAD, 1 ms apart, 500 tries (WHD count;
        // a corrupted first read is simply retried).
        var tries = 0
        var seen: UInt32 = 0
        while true {
            seen = try readRegister(function: 0, address: GSPIReg.readTest, size: 4)
            if seen == GSPIReg.testPattern { break }
            tries += 1
            if tries >= 500 { throw .testPatternMismatch(read: seen) }
            pause(for: .milliseconds(1))
        }
        // Step 4: BUS_CONTROL (still sent swapped), then 32-bit mode.
        busControl = GSPIReg.wordLength32 | GSPIReg.endianBig | GSPIReg.wakeUp
            | (hostWake.activeHigh ? GSPIReg.interruptPolarityHigh : 0)
            | UInt32(GSPIReg.f1ResponseDelay) << 8
            | (GSPIReg.interruptWithStatus | (statusWord ? GSPIReg.statusEnableBit : 0)) << 16
        try writeRegister(function: 0, address: GSPIReg.busControl, size: 4, value: busControl)
        wordMode32 = true
        let back = try readRegister(function: 0, address: GSPIReg.busControl, size: 4)
        guard back & 0xFF == busControl & 0xFF else {
            throw .readBackMismatch(register: GSPIReg.busControl, wrote: busControl, read: back)
        }
        // Step 5.
        let test = try readRegister(function: 0, address: GSPIReg.readTest, size: 4)
        guard test == GSPIReg.testPattern else { throw .testPatternMismatch(read: test) }
        // Steps 6-7: clear latched errors, enable the interrupts WHD enables (0x00BE).
        try writeRegister(function: 0, address: GSPIReg.interrupt, size: 1, value: 0x99)
        try writeRegister(function: 0, address: GSPIReg.interruptEnable, size: 2, value: 0x00BE)
        // Step 8: ALP clock, 100 ms.
        try writeRegister(function: 1, address: F1Reg.chipClockCSR, size: 1, value: UInt32(F1Reg.alpAvailRequest))
        _ = try pollF1(F1Reg.chipClockCSR, mask: F1Reg.alpAvail, want: F1Reg.alpAvail, tries: 100)
        try writeRegister(function: 1, address: F1Reg.chipClockCSR, size: 1, value: 0)
    }

    public func chipIDAddress() throws(BusError) -> UInt32 { Backplane.chipCommon }

    /// §1.9 step 10: hostintmask 0xF0, F2 watermark 32.
    public func finishFirmwareBoot(chip: ChipInfo) throws(BusError) {
        try writeBackplane32(chip.sdioCore + Backplane.hostIntMask, Backplane.hostIntMaskValue)
        try writeRegister(function: 1, address: F1Reg.f2Watermark, size: 1, value: 32)
    }

    public func isF2Ready() throws(BusError) -> Bool {
        try readRegister(function: 0, address: GSPIReg.status, size: 4) & GSPIReg.statusF2RxReady != 0
    }

    /// §8.1 (WHD): read + clear F0 INTERRUPT, read + clear SDIO intstatus & 0xF0. The
    /// STATUS register is consulted per frame, so gSPI always answers "maybe".
    public func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool {
        let irq = try readRegister(function: 0, address: GSPIReg.interrupt, size: 2)
        let intStatus = try readBackplane32(chip.sdioCore + Backplane.intStatus)
        try handleHostMailbox(chip: chip, intStatus: intStatus)
        if intStatus & Backplane.iHMBSWMask != 0 {
            try writeBackplane32(chip.sdioCore + Backplane.intStatus, intStatus & Backplane.iHMBSWMask)
        }
        if irq != 0 {
            stats.sdioInterrupts += 1
            let errors = UInt32(GSPIReg.f2f3Underflow | GSPIReg.f2f3Overflow | GSPIReg.commandError | GSPIReg.dataError)
            if irq & errors != 0 { stats.errorInterrupts += 1 }
            try writeRegister(function: 0, address: GSPIReg.interrupt, size: 2, value: irq)
        }
        return true
    }

    /// §8.1 steps 5-7: STATUS (re-read while 0xFFFFFFFF; with the status word on, the
    /// word that came with the previous transaction), then one F2 read.
    public func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead {
        var status: UInt32 = lastStatus ?? 0xFFFF_FFFF
        var tries = 0
        while status == 0xFFFF_FFFF && tries < 10 {
            status = try readRegister(function: 0, address: GSPIReg.status, size: 4)
            tries += 1
        }
        guard status != 0xFFFF_FFFF, status & GSPIReg.statusF2PacketAvailable != 0 else { return .none }
        let len = Int((status >> GSPIReg.statusF2LengthShift) & GSPIReg.statusF2LengthMask)
        if len == 0 || status & GSPIReg.statusUnderflow != 0 {
            stats.readAborts += 1
            try writeRegister(function: 1, address: F1Reg.frameControl, size: 1, value: UInt32(F1Reg.rfTerm))
            return .dropped(.badAnnouncedLength(len))
        }
        if len > buffer.count || len > maxFrame {
            stats.readAborts += 1
            try writeRegister(function: 1, address: F1Reg.frameControl, size: 1, value: UInt32(F1Reg.rfTerm))
            return .dropped(.oversized(len))
        }
        try transact(GSPICommand(write: false, function: 2, address: 0, length: len), data: nil, readCount: (len + 3) & ~3)
        for i in 0..<len { buffer[i] = rxBuf[i] }
        return .frame(len)
    }

    /// §8.2: one F2 write, length field = SDPCM length (WHD), data padded to 4. No
    /// F2_RX_READY pre-poll (embassy): the credit window already guards the FIFO.
    public func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError) {
        guard frame.count <= GSPICommand.maxLength else { throw .tooLong(length: frame.count) }
        try transact(GSPICommand(write: true, function: 2, address: 0, length: frame.count), data: frame, readCount: 0)
    }

    /// §7.9 step 5 (WHD `whd_bus_spi_sleep`: clear BUS_CONTROL WAKE_UP) is deliberately not done.
    /// With WAKE_UP clear the SPI core sleeps with the chip and the KSO wake cannot reach it;
    /// WHD gets away with it only by setting WAKE_UP over F0 again before any other access,
    /// cyw43-driver (the Pico W's driver) leaves it out ("This causes the device to fail after
    /// sleep"). Both agree that with WAKE_UP left set (bus init sets it), KSO alone puts the chip
    /// to sleep and wakes it, so that is what we do.
    public func busSpecificSleepSetup() throws(BusError) {}

    /// §4.2: SMB_DEV_INT to the SDIO device core's tosbmailbox over the backplane (F1). WHD
    /// and cyw43-driver poke only on SDIO; the register is the same core gSPI hosts already
    /// read intstatus from (§8.1 step 3). ASSUMPTION: the firmware answers it on gSPI too
    /// (not documented); if it does not, the runner's stall limit restarts the chip.
    public func pokeFirmware(chip: ChipInfo) throws(BusError) {
        try writeBackplane32(chip.sdioCore + Backplane.toSBMailbox, Backplane.smbDevInt)
    }
}
