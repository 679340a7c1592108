import Runtime

/// The SDIO far side: CMD52/CMD53 on F0 (CCCR/FBR), F1 (window + registers), F2 (frame FIFO)
/// (docs/cyw43-bus.md §2).
extension ChipModel {
    /// CMD52: one byte. Returns the byte read (for a write: the register's new value, like the
    /// R5 response), or nil when the card does not respond.
    public func sdioCmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) -> UInt8? {
        guard sdioCommandAccepted(function: function, address: address) else { return nil }
        defer { drainDeferred(); updateHostWake() }
        let a = address & 0x1_FFFF
        switch function {
        case 0:
            if write { cccrWrite(a, value) }
            return cccrRead(a)
        case 1:
            if write { guard f1Write(a, [value], incrementing: true) else { return nil } }
            return f1Read(a, count: 1, incrementing: true)?.first
        case 2:
            if write { _ = sdioF2Write([value]); return value }
            return sdioF2Read(count: 1).first
        default:
            counters.refusedTransfers += 1
            return nil
        }
    }

    /// CMD53: `buffer.count` bytes in byte mode (`blockSize` 0, at most 512) or whole blocks of the
    /// function's programmed FBR block size. Returns false when the card does not respond.
    public func sdioCmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
                          blockSize: Int, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard sdioCommandAccepted(function: function, address: address) else { return false }
        let count = buffer.count
        if blockSize == 0 {
            guard count >= 1 && count <= 512 else { counters.refusedTransfers += 1; return false }
        } else {
            // Block mode uses the FBR block size (§2.2); a mismatch is a host bug.
            let fbr = function < 3 ? Int(cccr.blockSize[Int(function)]) : 0
            guard fbr > 0, blockSize == fbr, count % blockSize == 0, count / blockSize <= 511 else {
                counters.refusedTransfers += 1
                return false
            }
        }
        let a = address & 0x1_FFFF
        // The data phase needs host and card on the same number of lines (SDIOCard).
        let linesMatch = sdioDataLinesMatch
        if !linesMatch { counters.sdioBusWidthMismatches += 1; counters.refusedTransfers += 1 }
        if write {
            guard linesMatch else { return false }       // the card discards the block (CRC)
            var data = [UInt8](repeating: 0, count: count)
            for i in 0..<count { data[i] = buffer[i] }
            switch function {
            case 0: for (i, v) in data.enumerated() { cccrWrite(incrementing ? a &+ UInt32(i) : a, v) }
            case 1: if !f1Write(a, data, incrementing: incrementing) { return false }
            case 2: if !sdioF2Write(data) { return false }
            default: counters.refusedTransfers += 1; return false
            }
        } else {
            var data: [UInt8]
            switch function {
            case 0: data = (0..<count).map { cccrRead(incrementing ? a &+ UInt32($0) : a) }
            case 1:
                guard let d = f1Read(a, count: count, incrementing: incrementing) else { return false }
                data = d
            case 2: data = sdioF2Read(count: count)
            default: counters.refusedTransfers += 1; return false
            }
            if linesMatch { for i in 0..<count { buffer[i] = data[i] } }
        }
        drainDeferred()
        updateHostWake()
        return linesMatch
    }

    /// Bus-level acceptance: right bus, card selected (SDIOCard), injected failure, bus sleep
    /// (§7.9: while KSO is off only the sleep/wake-up registers answer; the first command after
    /// the always-on part dozed off wakes it but gets no response; with CMD_NODEC set, F0 is not
    /// decoded either: "sdiod_aos does not decode any command", WHD/cyw43-driver `whd_sdio.h`).
    private func sdioCommandAccepted(function: UInt8, address: UInt32) -> Bool {
        syncClock()
        guard bus == .sdio else { counters.refusedTransfers += 1; return false }
        guard sdioCard.selected else {
            counters.sdioCommandsBeforeSelect += 1
            counters.refusedTransfers += 1
            return false
        }
        if faults.failNextTransfer {
            faults.failNextTransfer = false
            counters.refusedTransfers += 1
            return false
        }
        if busSleeping {
            if aosDozing && now - sleepStarted >= .milliseconds(1) {
                aosDozing = false
                counters.refusedTransfers += 1
                return false
            }
            let a = address & 0x1_FFFF
            let wakePath = function == 1 && (a == F1Registers.Address.sleepCSR || a == F1Registers.Address.wakeupCtrl)
            if function == 0 && !wakePath && cccr.cardCapabilitiesRW & SDIOCCCR.Bits.cmdNoDecode != 0 {
                counters.sdioUndecodedWhileAsleep += 1
                counters.refusedTransfers += 1
                return false
            }
            if !(function == 0 || wakePath) { counters.refusedTransfers += 1; return false }
        }
        return true
    }

    // MARK: CCCR / FBR

    func cccrRead(_ a: UInt32) -> UInt8 {
        typealias A = SDIOCCCR.Address
        if let (fn, high) = SDIOCCCR.blockSizeIndex(a) {
            let v = cccr.blockSize[fn]
            return UInt8(truncatingIfNeeded: high ? v >> 8 : v)
        }
        switch a {
        case A.cccrRevision: return 0x43           // CCCR 3.0 / SDIO 3.0 (model choice)
        case A.sdSpecRevision: return 0x03
        case A.ioEnable: return cccr.ioEnable
        case A.ioReady: return sdioIOReady
        case A.intEnable: return cccr.intEnable
        case A.intPending: return sdioF2InterruptPending ? SDIOCCCR.Bits.f2 : 0
        case A.ioAbort: return 0
        case A.busInterface: return cccr.busInterface
        case A.cardCapability: return 0x12         // SMB (multi-block) + S4MI (model choice)
        case A.speedControl: return cccr.speed
        case A.brcmCardCap: return cccr.cardCapabilitiesRO | cccr.cardCapabilitiesRW
        case A.brcmCardCtl: return cccr.cardControl
        case A.sepInt: return cccr.sepInt
        default: return cccr.other[a] ?? 0
        }
    }

    func cccrWrite(_ a: UInt32, _ v: UInt8) {
        typealias A = SDIOCCCR.Address
        if let (fn, high) = SDIOCCCR.blockSizeIndex(a) {
            let old = cccr.blockSize[fn]
            cccr.blockSize[fn] = high ? old & 0x00FF | UInt16(v) << 8 : old & 0xFF00 | UInt16(v)
            return
        }
        switch a {
        case A.ioEnable: cccr.ioEnable = v & 0x0E
        case A.intEnable: cccr.intEnable = v
        case A.ioAbort:
            if v & 0x07 == 2 { toHost.abortRead() }   // abort an F2 read (WHD writes 2, §2.2)
            if v & 0x08 != 0 { resetSDIOFunctionZero(); sdioCard.state = .inactive }   // RES
        case A.busInterface: cccr.busInterface = v
        case A.speedControl: cccr.speed = SDIOCCCR.Bits.speedSHS | (v & SDIOCCCR.Bits.speedEHS)
        case A.brcmCardCap: cccr.cardCapabilitiesRW = v & SDIOCCCR.Bits.cmdNoDecode   // §7.9 step 2
        case A.brcmCardCtl: cccr.cardControl = v
        case A.sepInt: cccr.sepInt = v & 0x07
        case A.cccrRevision, A.sdSpecRevision, A.ioReady, A.intPending, A.cardCapability: break
        default: cccr.other[a] = v
        }
        updateHostWake()
    }

    private func resetSDIOFunctionZero() {
        let caps = cccr.cardCapabilitiesRO
        cccr = SDIOCCCR()
        cccr.cardCapabilitiesRO = caps
    }

    /// IORDY (§2.2): F1 ready once enabled; F2 ready once enabled and the firmware is up (§3.6).
    var sdioIOReady: UInt8 {
        var v: UInt8 = 0
        if cccr.ioEnable & SDIOCCCR.Bits.f1 != 0 { v |= SDIOCCCR.Bits.f1 }
        if cccr.ioEnable & SDIOCCCR.Bits.f2 != 0 && f2Ready && !firmwareHalted { v |= SDIOCCCR.Bits.f2 }
        return v
    }

    /// The F2 (card) interrupt: intstatus bits the host unmasked in hostintmask (§2.5, §7.8);
    /// `wakeHost` latches one of them.
    var sdioF2InterruptPending: Bool { sdioIntStatusValue & cores.hostIntMask != 0 }

    // MARK: F2

    private func sdioF2Write(_ data: [UInt8]) -> Bool {
        guard cccr.ioEnable & SDIOCCCR.Bits.f2 != 0, f2AcceptsWrites else {
            counters.refusedTransfers += 1
            return false
        }
        receiveFromHost(data)
        return true
    }

    private func sdioF2Read(count: Int) -> [UInt8] {
        // With nothing queued the FIFO yields a zero tag ("both 0 -> none", §8.3).
        guard toHost.hasPending, !faults.f2Stalled else { return [UInt8](repeating: 0, count: count) }
        return readToHost(count: count)
    }
}
