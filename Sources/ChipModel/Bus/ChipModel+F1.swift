import Runtime

/// Function 1 on either bus: the backplane window below 0x10000 and the Broadcom registers at
/// 0x10000.. (docs/cyw43-bus.md §2.4, §3.1), plus the KSO bus-sleep handshake (§7.9).
extension ChipModel {
    /// Whether the bus is in save/restore sleep (KSO off, DEVON clear).
    public var busSleeping: Bool { !f1.kso || ksoWakePending }

    /// Reads `count` bytes at F1 `address`; nil when the chip does not answer.
    func f1Read(_ address: UInt32, count: Int, incrementing: Bool) -> [UInt8]? {
        if address < 0x1_0000 {
            return backplaneAccessRead(windowOffset: address, count: count, incrementing: incrementing)
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let a = incrementing ? address &+ UInt32(i) : address
            out.append(f1RegisterRead(a))
        }
        return out
    }

    /// Writes `data` at F1 `address`; false when the chip does not accept it.
    func f1Write(_ address: UInt32, _ data: [UInt8], incrementing: Bool) -> Bool {
        if address < 0x1_0000 {
            return backplaneAccessWrite(windowOffset: address, data, incrementing: incrementing)
        }
        for (i, v) in data.enumerated() {
            f1RegisterWrite(incrementing ? address &+ UInt32(i) : address, v)
        }
        return true
    }

    /// Window offset (with or without the 0x8000 4-byte-access flag, §3.1) -> backplane address.
    /// Offsets wrap inside the window like the hardware's address bits.
    private func windowAddress(_ offset: UInt32, _ i: Int, incrementing: Bool) -> UInt32 {
        let step = incrementing ? UInt32(i) : UInt32(i & 3)
        return f1.windowBase | ((offset &+ step) & 0x7FFF)
    }

    /// Counts transfers that would cross the window end (§1.7: "must not cross a 32 KB window").
    private func noteWindowWrap(_ offset: UInt32, _ count: Int, _ incrementing: Bool) {
        if incrementing && Int(offset & 0x7FFF) + count > 0x8000 { counters.windowWraps += 1 }
    }

    func backplaneAccessRead(windowOffset: UInt32, count: Int, incrementing: Bool) -> [UInt8] {
        noteWindowWrap(windowOffset, count, incrementing)
        if incrementing {
            return backplaneRead(windowAddress(windowOffset, 0, incrementing: true), count: count,
                                 wrapWithinWindow: true)
        }
        var out: [UInt8] = []
        for i in 0..<count { out += backplaneRead(windowAddress(windowOffset, i, incrementing: false), count: 1) }
        return out
    }

    func backplaneAccessWrite(windowOffset: UInt32, _ data: [UInt8], incrementing: Bool) -> Bool {
        noteWindowWrap(windowOffset, data.count, incrementing)
        if incrementing {
            backplaneWrite(windowAddress(windowOffset, 0, incrementing: true), data, wrapWithinWindow: true)
        } else {
            for (i, v) in data.enumerated() { backplaneWrite(windowAddress(windowOffset, i, incrementing: false), [v]) }
        }
        return true
    }

    func f1RegisterRead(_ a: UInt32) -> UInt8 {
        typealias A = F1Registers.Address
        switch a {
        case A.gpioSelect: return f1.gpioSelect
        case A.gpioOutput: return f1.gpioOutput
        case A.gpioEnable: return f1.gpioEnable
        case A.watermark: return f1.watermark
        case A.deviceControl: return f1.deviceControl
        case A.sbAddrLow: return f1.sbAddrLow
        case A.sbAddrMid: return f1.sbAddrMid
        case A.sbAddrHigh: return f1.sbAddrHigh
        case A.frameControl: return 0
        case A.chipClockCSR: return chipClockCSR
        case A.pullUp: return f1.pullUp
        case 0x1_001B, 0x1_001C: return 0   // read-frame byte count: 0 after RF_TERM (Linux polls it)
        case A.mesBusyCtrl: return f1.mesBusyCtrl
        case A.wakeupCtrl: return f1.wakeupCtrl
        case A.sleepCSR:
            // KEEP_WL_KSO as written; WL_DEVON once the always-on domain has powered the core up.
            return (f1.kso ? F1Registers.Bits.keepKSO : 0) | (busSleeping ? 0 : F1Registers.Bits.devOn)
        default: return a >= 0x1_0000 && a < 0x1_0020 ? f1.scratch[Int(a - 0x1_0000)] : 0
        }
    }

    /// CHIP_CLOCK_CSR as read: request bits plus ALP_AVAIL / HT_AVAIL (§2.4).
    var chipClockCSR: UInt8 {
        typealias B = F1Registers.Bits
        var v = f1.clockRequest & 0x3F
        if f1.alpRequested || firmwareRunning { v |= B.alpAvail }
        if htAvailable { v |= B.htAvail }
        return v
    }

    func f1RegisterWrite(_ a: UInt32, _ v: UInt8) {
        typealias A = F1Registers.Address
        typealias B = F1Registers.Bits
        switch a {
        case A.gpioSelect: f1.gpioSelect = v
        case A.gpioOutput: f1.gpioOutput = v
        case A.gpioEnable: f1.gpioEnable = v
        case A.watermark: f1.watermark = v
        case A.deviceControl:
            f1.deviceControl = v
            // ADDR_RST puts the window on the SDIO core, where WHD finds the core base (§2.7 step 12).
            // The reset value reads back whole (bits 15..8 included): the driver takes the
            // SDIO core base from it and reads the chip id copy at base + 0x330 (§2.5, §2.7).
            if v & B.addrReset != 0 {
                f1.setWindow(profile.sdioCoreBase)
                f1.sbAddrLow = UInt8(truncatingIfNeeded: profile.sdioCoreBase >> 8)
            }
        case A.sbAddrLow: f1.sbAddrLow = v & 0x80
        case A.sbAddrMid: f1.sbAddrMid = v
        case A.sbAddrHigh: f1.sbAddrHigh = v
        case A.frameControl:
            if v & B.rfTerm != 0 { terminateReadFrame() }
        case A.chipClockCSR:
            f1.clockRequest = v & 0x3F
            if v & (B.forceALP | B.alpAvailRequest | B.forceHT | B.htAvailRequest) != 0 { f1.alpRequested = true }
        case A.pullUp: f1.pullUp = v
        case A.mesBusyCtrl: f1.mesBusyCtrl = v
        case A.wakeupCtrl: f1.wakeupCtrl = v
        case A.sleepCSR: writeSleepCSR(v)
        default: if a >= 0x1_0000 && a < 0x1_0020 { f1.scratch[Int(a - 0x1_0000)] = v }
        }
    }

    /// KSO handshake (§7.9): clearing KEEP_WL_KSO lets the bus sleep at once; setting it starts
    /// the wake-up, and KSO|DEVON read back after `timing.ksoWake`.
    private func writeSleepCSR(_ v: UInt8) {
        let on = v & F1Registers.Bits.keepKSO != 0
        if on == f1.kso { return }
        f1.kso = on
        if on {
            busSleepAccumulated += now - sleepStarted
            ksoWakePending = true
            if timing.ksoWake.microseconds <= 0 { ksoWakePending = false } else {
                timers.schedule(.ksoAwake, at: now + timing.ksoWake)
            }
        } else {
            ksoWakePending = false
            aosDozing = true
            sleepStarted = now
        }
        updateHostWake()
    }
}
