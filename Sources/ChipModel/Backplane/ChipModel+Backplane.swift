import Runtime

/// Backplane address decoding: RAM, chip-common/PMU, SDIO core, ARM and SOCSRAM wrappers
/// (docs/cyw43-bus.md §2.5, §3.2-3.4). Unknown register addresses read back what was written.
extension ChipModel {
    static let chipCommonBase: UInt32 = 0x1800_0000
    static let wrapperOffset: UInt32 = 0x10_0000
    enum WrapperReg {
        static let ioCtrl: UInt32 = 0x408
        static let resetCtrl: UInt32 = 0x800
        static let resetStatus: UInt32 = 0x804
    }
    enum SDIOReg {
        static let intStatus: UInt32 = 0x20
        static let hostIntMask: UInt32 = 0x24
        static let intMask: UInt32 = 0x28
        static let funcIntMask: UInt32 = 0x34
        static let toSBMailbox: UInt32 = 0x40
        static let toHostMailbox: UInt32 = 0x44
        static let toSBMailboxData: UInt32 = 0x48
        static let toHostMailboxData: UInt32 = 0x4C
        static let chipIDCopy: UInt32 = 0x330
    }

    private static func step(_ address: UInt32, _ i: Int, wrap: Bool) -> UInt32 {
        wrap ? (address & ~0x7FFF) | ((address &+ UInt32(i)) & 0x7FFF) : address &+ UInt32(i)
    }

    /// Reads `count` bytes of the backplane at `address`.
    func backplaneRead(_ address: UInt32, count: Int, wrapWithinWindow: Bool = false) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var cachedWord: UInt32 = 0
        var cachedAddress: UInt32? = nil
        for i in 0..<count {
            let a = ChipModel.step(address, i, wrap: wrapWithinWindow)
            if memory.contains(a) {
                out[i] = memory.read(offset: Int(a - memory.base))
                continue
            }
            let w = a & ~3
            if cachedAddress != w { cachedWord = registerRead(w); cachedAddress = w }
            out[i] = UInt8(truncatingIfNeeded: cachedWord >> (8 * (a & 3)))
        }
        return out
    }

    /// Writes `data` to the backplane at `address`; register words get a byte-lane mask.
    func backplaneWrite(_ address: UInt32, _ data: [UInt8], wrapWithinWindow: Bool = false) {
        var i = 0
        while i < data.count {
            let a = ChipModel.step(address, i, wrap: wrapWithinWindow)
            if memory.contains(a) {
                memory.write(offset: Int(a - memory.base), data[i])
                i += 1
                continue
            }
            let w = a & ~3
            var value: UInt32 = 0
            var mask: UInt32 = 0
            while i < data.count {
                let b = ChipModel.step(address, i, wrap: wrapWithinWindow)
                if b & ~3 != w || memory.contains(b) { break }
                let shift = 8 * (b & 3)
                value |= UInt32(data[i]) << shift
                mask |= 0xFF << shift
                i += 1
            }
            registerWrite(w, value, mask: mask)
        }
    }

    // MARK: Registers

    func registerRead(_ w: UInt32) -> UInt32 {
        let armWrapper = profile.armCoreBase &+ ChipModel.wrapperOffset
        let sdio = profile.sdioCoreBase
        if profile.armIsCR4 && w == 0 { return cores.resetVector }
        if w == ChipModel.chipCommonBase { return profile.chipIDRegister }
        if w == ChipModel.chipCommonBase + 0x504 { return cores.srControl0 }
        if w == ChipModel.chipCommonBase + 0x508 { return cores.srControl1 }
        if w == profile.pmuBase + 0x670 { return cores.retentionCtl }
        if w == armWrapper + WrapperReg.ioCtrl { return cores.armIOCtrl }
        if w == armWrapper + WrapperReg.resetCtrl { return cores.armResetCtrl }
        if w == armWrapper + WrapperReg.resetStatus { return 0 }
        if let ram = profile.socsramBase {
            let rw = ram &+ ChipModel.wrapperOffset
            if w == rw + WrapperReg.ioCtrl { return cores.ramIOCtrl }
            if w == rw + WrapperReg.resetCtrl { return cores.ramResetCtrl }
            if w == rw + WrapperReg.resetStatus { return 0 }
        }
        if w >= sdio && w < sdio + 0x1000 {
            switch w - sdio {
            case SDIOReg.intStatus: return sdioIntStatusValue   // reading clears nothing (W1C)
            case SDIOReg.hostIntMask: return cores.hostIntMask
            case SDIOReg.intMask: return cores.sdioIntMask
            case SDIOReg.funcIntMask: return cores.funcIntMask
            case SDIOReg.toSBMailbox: return cores.toSBMailbox
            case SDIOReg.toSBMailboxData: return cores.toSBMailboxData
            case SDIOReg.toHostMailboxData: return cores.toHostMailboxData
            case SDIOReg.chipIDCopy:
                return cccr.cardCapabilitiesRO & 0x40 != 0 ? profile.chipIDRegister : 0
            default: break
            }
        }
        return cores.other[w] ?? 0
    }

    func registerWrite(_ w: UInt32, _ value: UInt32, mask: UInt32) {
        func merged(_ old: UInt32) -> UInt32 { old & ~mask | value & mask }
        let armWrapper = profile.armCoreBase &+ ChipModel.wrapperOffset
        let sdio = profile.sdioCoreBase
        if profile.armIsCR4 && w == 0 { cores.resetVector = merged(cores.resetVector); return }
        if w == ChipModel.chipCommonBase { return }   // CHIPID is read-only
        if w == ChipModel.chipCommonBase + 0x504 { cores.srControl0 = merged(cores.srControl0); return }
        if w == ChipModel.chipCommonBase + 0x508 { cores.srControl1 = merged(cores.srControl1); return }
        if w == profile.pmuBase + 0x670 { cores.retentionCtl = merged(cores.retentionCtl); return }
        if w == armWrapper + WrapperReg.ioCtrl {
            cores.armIOCtrl = merged(cores.armIOCtrl); armCoreChanged(); return
        }
        if w == armWrapper + WrapperReg.resetCtrl {
            cores.armResetCtrl = merged(cores.armResetCtrl) & 1; armCoreChanged(); return
        }
        if let ram = profile.socsramBase {
            let rw = ram &+ ChipModel.wrapperOffset
            if w == rw + WrapperReg.ioCtrl { cores.ramIOCtrl = merged(cores.ramIOCtrl); return }
            if w == rw + WrapperReg.resetCtrl { cores.ramResetCtrl = merged(cores.ramResetCtrl) & 1; return }
        }
        if w >= sdio && w < sdio + 0x1000 {
            switch w - sdio {
            case SDIOReg.intStatus:
                cores.sdioIntStatus &= ~(value & mask)   // write 1 to clear (§2.5)
                updateHostWake(); return
            case SDIOReg.hostIntMask: cores.hostIntMask = merged(cores.hostIntMask); updateHostWake(); return
            case SDIOReg.intMask: cores.sdioIntMask = merged(cores.sdioIntMask); return
            case SDIOReg.funcIntMask: cores.funcIntMask = merged(cores.funcIntMask); return
            case SDIOReg.toSBMailbox: hostMailbox(value & mask); return
            case SDIOReg.toSBMailboxData: cores.toSBMailboxData = merged(cores.toSBMailboxData); return
            default: break
            }
        }
        cores.other[w] = merged(cores.other[w] ?? 0)
    }

    /// intstatus as read: the latched bits plus I_HMB_FRAME_IND while frames wait (§2.5, §7.8).
    var sdioIntStatusValue: UInt32 {
        cores.sdioIntStatus | (toHost.hasPending && !faults.f2Stalled ? CoreRegisters.SDIOBits.frameIndication : 0)
    }

    /// The host wrote tosbmailbox (§2.5): NAK re-sends the last frame, INT_ACK clears the
    /// host-int mailbox data, DEV_INT ("poke") makes the firmware send a credit update (§4.2).
    private func hostMailbox(_ v: UInt32) {
        typealias B = CoreRegisters.SDIOBits
        cores.toSBMailbox = v
        if v & B.smbNAK != 0 { toHost.resend() }
        if v & B.smbIntAck != 0 && !firmwareHalted {
            cores.toHostMailboxData = 0
            cores.sdioIntStatus &= ~B.hostInterrupt
        }
        if v & B.smbDevInt != 0 && firmwareRunning && !firmwareHalted && !toHost.hasPending {
            queueToHost(channel: SDPCM.channelControl, payload: [], creditOnly: true)
        }
        updateHostWake()
    }
}
