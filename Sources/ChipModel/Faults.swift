import Runtime

/// Fault injection used by fault tests.
struct Faults {
    var failNextTransfer = false
    var corruptNextLength = false
    var f2Stalled = false
    /// SDPCM header byte 8, per-priority "stop" bits (docs/cyw43-bus.md §4.1, §4.2).
    var flowControl: UInt8 = 0
    /// gSPI reads left that come back shifted left by one bit (§1.9 step 2).
    var shiftedReads = 0
    /// gSPI reads left that come back as all ones, "bus not ready" (§1.5).
    var allOnesReads = 0
}

extension ChipModel {
    /// The next bus transfer (spiTransact / CMD52 / CMD53) fails at the transport level.
    public func failNextTransfer() { faults.failNextTransfer = true }
    /// The next SDPCM frame to the host carries a length/~length pair that does not match.
    public func corruptNextSDPCMLength() { faults.corruptNextLength = true }
    /// F2 stops: no F2_RX_READY, host writes refused, nothing readable, until `stallF2(false)`.
    public func stallF2(_ stalled: Bool) {
        faults.f2Stalled = stalled
        updateHostWake()
    }
    /// The next `count` gSPI reads come back shifted left by one bit, as the sheet warns the first
    /// transfers after power-up may be (docs/cyw43-bus.md §1.9 step 2: WHD then looks for 0x5A/0x5B).
    public func shiftNextGSPIReads(_ count: Int) { faults.shiftedReads = count }

    /// The next `count` gSPI reads return all ones, which hosts treat as "bus not ready" (§1.5).
    public func allOnesNextGSPIReads(_ count: Int) { faults.allOnesReads = count }

    /// Sets the wireless flow-control bitmap every header to the host carries (§4.2: WHD then
    /// holds data frames but still sends ioctls). A header-only frame and I_HMB_FC_CHANGE
    /// (intstatus bit 5, §2.5) tell the host at once.
    public func setFlowControl(_ bitmap: UInt8) {
        guard bitmap != faults.flowControl else { return }
        faults.flowControl = bitmap
        guard firmwareRunning, !firmwareHalted else { return }
        cores.sdioIntStatus |= 0x20
        queueToHost(channel: SDPCM.channelControl, payload: [], creditOnly: true)
    }

    /// A glitch on the host-wake line: one pulse with nothing pending (no interrupt status
    /// bit, no frame, nothing counted as a cause). A host must look, find nothing and sleep on.
    public func glitchHostWake() {
        guard !hostWakeAsserted else { return }
        glitches += 1
        onHostWake?(true)
        onHostWake?(false)
    }

    /// The firmware traps: it stops answering, raises FWHALT in the to-host mailbox data with
    /// I_HMB_HOST_INT (§2.5), drops what it had queued and stops its offloads.
    public func trapFirmware() {
        guard firmwareRunning, !firmwareHalted else { return }
        log?.line("chipmodel: firmware trap")
        toHost.removeAll()
        firmwareHalted = true
        cores.toHostMailboxData |= CoreRegisters.SDIOBits.fwHalt
        cores.sdioIntStatus |= CoreRegisters.SDIOBits.hostInterrupt
        lastCauseReason = .other
        updateHostWake()
    }
}
