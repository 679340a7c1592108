import Runtime

/// The gSPI far side (docs/cyw43-bus.md §1).
extension ChipModel {
    /// One chip-select-framed gSPI transaction (docs/seams.md §2): `write` holds the command word and
    /// any data in the bus's current word order; `read` receives F1 padding, data and the status
    /// word as configured. Returns false only for a transport-level failure (no chip on this bus,
    /// injected fault); protocol errors show up in the interrupt/status bits like on the chip.
    public func spiTransact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) -> Bool {
        syncClock()
        guard bus == .gspi, busPresent else { counters.refusedTransfers += 1; return false }
        if faults.failNextTransfer {
            faults.failNextTransfer = false
            counters.refusedTransfers += 1
            return false
        }
        for i in 0..<read.count { read[i] = 0 }
        guard write.count >= 4 else {
            gspi.interruptLatch |= GSPIRegisters.Bits.commandError
            updateHostWake()
            return true
        }
        // The word order in force when the command started; a BUS_CONTROL write applies afterwards.
        let order = gspi.order
        let cmdBytes = GSPIRegisters.swizzle([write[0], write[1], write[2], write[3]], order)
        let cmd = Bytes.le32(cmdBytes, 0)
        let isWrite = cmd & 0x8000_0000 != 0
        let incrementing = cmd & 0x4000_0000 != 0
        let function = Int((cmd >> 28) & 0x3)
        let address = (cmd >> 11) & 0x1_FFFF
        var length = Int(cmd & 0x7FF)
        if length == 0 { length = 2048 }

        if function == 1 && address < 0x1_0000 && length > 64 { counters.oversizedBackplaneTransfers += 1 }
        var out: [UInt8] = []
        if isWrite {
            var data: [UInt8] = []
            data.reserveCapacity(write.count - 4)
            for i in 4..<write.count { data.append(write[i]) }
            data = GSPIRegisters.swizzle(data, order)
            // WHD sends the unrounded count, embassy the rounded one (§1.1); F2 takes whole words.
            let n = min(function == 2 ? (length + 3) & ~3 : length, data.count)
            let payload = Array(data[0..<n])
            switch function {
            case 0: gspiF0Write(address, payload, incrementing: incrementing)
            case 1: if !gspiAsleepBlocks(address: address, write: true) {
                        _ = f1Write(address, payload, incrementing: incrementing)
                    }
            case 2: if spiCoreAsleep { counters.accessesWhileSPICoreAsleep += 1 }
                    if busSleeping { counters.refusedTransfers += 1 } else { gspiF2Write(payload) }
            default: break   // F3 (Bluetooth) is not modelled
            }
        } else {
            let pad = gspi.padding(function: function)
            let dataLen = (length + 3) & ~3
            var data: [UInt8]
            switch function {
            case 0: data = gspiF0Read(address, count: dataLen, incrementing: incrementing)
            case 1:
                if gspiAsleepBlocks(address: address, write: false) {
                    data = [UInt8](repeating: 0xFF, count: dataLen)
                } else {
                    data = f1Read(address, count: dataLen, incrementing: incrementing)
                        ?? [UInt8](repeating: 0xFF, count: dataLen)
                }
            case 2:
                if spiCoreAsleep { counters.accessesWhileSPICoreAsleep += 1 }
                if busSleeping { data = [UInt8](repeating: 0xFF, count: dataLen) } else { data = gspiF2Read(count: dataLen) }
            default: data = [UInt8](repeating: 0, count: dataLen)
            }
            out = [UInt8](repeating: 0, count: pad)
            out += GSPIRegisters.swizzle(data, order)
        }
        if gspi.statusEnable & GSPIRegisters.Bits.statusEnable != 0 {
            var s = [UInt8](repeating: 0, count: 4)
            Bytes.putLE32(&s, 0, gspiStatusWord())
            out += GSPIRegisters.swizzle(s, order)
        }
        if !isWrite && faults.allOnesReads > 0 {
            faults.allOnesReads -= 1
            out = [UInt8](repeating: 0xFF, count: out.count)
        } else if !isWrite && faults.shiftedReads > 0 {
            faults.shiftedReads -= 1
            // The whole bit stream one bit early: each byte takes the next byte's top bit.
            for i in 0..<out.count { out[i] = out[i] << 1 | (i + 1 < out.count ? out[i + 1] >> 7 : 0) }
        }
        for i in 0..<min(out.count, read.count) { read[i] = out[i] }
        if gspi.resetBP & GSPIRegisters.Bits.resetSPI != 0 { gspi = GSPIRegisters() }
        drainDeferred()
        updateHostWake()
        return true
    }

    /// While the bus sleeps (KSO off, §7.9) only the sleep/wake-up control registers answer —
    /// and only if BUS_CONTROL WAKE_UP (bit 7) is set. With WAKE_UP clear the SPI core sleeps
    /// with the chip ("SPI bus can be configured for sleep by default", WHD's
    /// `whd_enable_save_restore`) and nothing behind it answers until the host sets WAKE_UP
    /// again over F0 (WHD `whd_bus_spi_wakeup`). A driver that clears it and wakes with KSO alone
    /// cannot wake the chip: cyw43-driver left the clear out, "This causes the device to fail
    /// after sleep" (`cyw43_ll.c`). Such an access is counted in `accessesWhileSPICoreAsleep`.
    func gspiAsleepBlocks(address: UInt32, write: Bool) -> Bool {
        guard busSleeping else { return false }
        if spiCoreAsleep {
            counters.accessesWhileSPICoreAsleep += 1
            counters.refusedTransfers += 1
            return true
        }
        if address == F1Registers.Address.sleepCSR || address == F1Registers.Address.wakeupCtrl { return false }
        counters.refusedTransfers += 1
        return true
    }

    /// The SPI core is asleep: the chip sleeps (KSO off) and the host cleared WAKE_UP.
    var spiCoreAsleep: Bool { busSleeping && gspi.busControl & GSPIRegisters.Bits.wakeUp == 0 }

    /// The 32-bit STATUS register / trailing status word (§1.5).
    func gspiStatusWord() -> UInt32 {
        typealias B = GSPIRegisters.Bits
        var s: UInt32 = 0
        if gspi.interruptLatch & B.dataUnavailable != 0 { s |= B.statusDataNotAvailable }
        if gspi.interruptLatch & B.readUnderflow != 0 { s |= B.statusUnderflow }
        if gspi.interruptLatch & B.writeOverflow != 0 { s |= B.statusOverflow }
        if f2InterruptPending { s |= B.statusF2Interrupt }
        if f2AcceptsWrites { s |= B.statusF2RxReady }
        if !busSleeping, let n = toHost.pendingLength(), n > 0 {
            s |= B.statusF2PacketAvailable | UInt32(min(n, 0x7FF)) << 9
        }
        return s
    }

    /// F0 0x04 as read: the latched error bits plus F2_PACKET_AVAILABLE while the firmware has
    /// something for the host (§1.4, §7.8).
    var gspiInterruptValue: UInt16 {
        gspi.interruptLatch | (f2InterruptPending ? GSPIRegisters.Bits.f2PacketAvailable : 0)
    }

    func gspiF0Read(_ address: UInt32, count: Int, incrementing: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let a = incrementing ? address &+ UInt32(i) : address &+ UInt32(i & 3)
            out.append(gspiF0Byte(a))
        }
        return out
    }

    private func gspiF0Byte(_ a: UInt32) -> UInt8 {
        func byte(_ v: UInt32, _ n: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: v >> (8 * n)) }
        switch a {
        case 0x00: return gspi.busControl
        case 0x01: return gspi.responseDelay
        case 0x02: return gspi.statusEnable
        case 0x03: return gspi.resetBP
        case 0x04, 0x05: return byte(UInt32(gspiInterruptValue), a - 0x04)
        case 0x06, 0x07: return byte(UInt32(gspi.interruptEnable), a - 0x06)
        case 0x08...0x0B: return byte(gspiStatusWord(), a - 0x08)
        case 0x0C: return 0x03                                          // F1 enabled + ready
        case 0x0E: return 0x01 | (f2Ready && !firmwareHalted ? 0x02 : 0)  // F2 enabled, ready
        case 0x14...0x17: return byte(0xFEED_BEAD, a - 0x14)               // READ_TEST (§1.3)
        case 0x18...0x1B: return byte(gspi.testRW, a - 0x18)
        case 0x1C...0x1F: return gspi.functionDelay[Int(a - 0x1C)]
        default: return 0   // read-only/reserved, and nothing above 0x1F (§1.3): no alias
        }
    }

    func gspiF0Write(_ address: UInt32, _ data: [UInt8], incrementing: Bool) {
        for (i, v) in data.enumerated() {
            let a = incrementing ? address &+ UInt32(i) : address &+ UInt32(i & 3)
            switch a {
            case 0x00: gspi.busControl = v
            case 0x01: gspi.responseDelay = v
            case 0x02: gspi.statusEnable = v
            case 0x03: gspi.resetBP = v
            case 0x04: gspi.interruptLatch &= ~(UInt16(v) & GSPIRegisters.Bits.writeOneToClear)
            case 0x05: gspi.interruptLatch &= ~(UInt16(v) << 8 & GSPIRegisters.Bits.writeOneToClear)
            case 0x06: gspi.interruptEnable = gspi.interruptEnable & 0xFF00 | UInt16(v)
            case 0x07: gspi.interruptEnable = gspi.interruptEnable & 0x00FF | UInt16(v) << 8
            case 0x18...0x1B:
                let shift = 8 * (a - 0x18)
                gspi.testRW = gspi.testRW & ~(0xFF << shift) | UInt32(v) << shift
            case 0x1C...0x1F:
                gspi.functionDelay[Int(a - 0x1C)] = v
                gspi.functionDelayWritten[Int(a - 0x1C)] = true
            // Read-only, or above the F0 space (0x00-0x1F, §1.3): ignored, no alias. Drivers do
            // write F0 0xF0 (SDIO's CCCR BRCM_CARDCAP) over gSPI too (WHD, cyw43-driver).
            default: break
            }
        }
    }

    func gspiF2Write(_ data: [UInt8]) {
        if !f2AcceptsWrites {
            gspi.interruptLatch |= GSPIRegisters.Bits.writeOverflow
            counters.refusedTransfers += 1
            return
        }
        receiveFromHost(data)
    }

    func gspiF2Read(count: Int) -> [UInt8] {
        guard toHost.hasPending, !faults.f2Stalled else {
            gspi.interruptLatch |= GSPIRegisters.Bits.dataUnavailable
            return [UInt8](repeating: 0, count: count)
        }
        return readToHost(count: count)
    }
}
