import Runtime

/// Host-wake: the out-of-band interrupt line (docs/cyw43-bus.md §7.8, §2.6).
///
/// gSPI: asserted while any F0 0x04 bit enabled in F0 0x06 is set; F2_PACKET_AVAILABLE stays
/// set while the firmware has something pending, so the line behaves like a level until the
/// host has read it all. SDIO: asserted while SEPINT has MASK|OE, CCCR INTEN has master+F2,
/// and an intstatus bit unmasked by hostintmask is pending. Polarity (BUS_CONTROL bit 5 /
/// SEPINT ACT_HI) only changes the electrical level, `hostWakePinHigh`.
extension ChipModel {
    /// The electrical level of the pin.
    public var hostWakePinHigh: Bool {
        let activeHigh: Bool
        switch bus {
        case .gspi: activeHigh = gspi.busControl & GSPIRegisters.Bits.interruptPolarityHigh != 0
        case .sdio: activeHigh = cccr.sepInt & SDIOCCCR.Bits.sepIntActiveHigh != 0
        }
        return hostWakeAsserted == activeHigh
    }

    /// Whether the host configured an interrupt line the chip may drive.
    var hostWakeConfigured: Bool {
        switch bus {
        case .gspi: return gspi.interruptEnable != 0
        case .sdio:
            let oob = SDIOCCCR.Bits.sepIntMask | SDIOCCCR.Bits.sepIntOutputEnable
            let inten = SDIOCCCR.Bits.intMaster | SDIOCCCR.Bits.f2
            return cccr.sepInt & oob == oob && cccr.intEnable & inten == inten
        }
    }

    var computedHostWake: Bool {
        guard busPresent else { return false }
        switch bus {
        case .gspi: return gspiInterruptValue & gspi.interruptEnable != 0
        case .sdio: return hostWakeConfigured && sdioF2InterruptPending
        }
    }

    /// Recomputes the line; a rising edge counts one assertion under its reason.
    func updateHostWake() {
        let level = computedHostWake
        guard level != hostWakeAsserted else { return }
        hostWakeAsserted = level
        if level {
            let reason = pendingWakeReason ?? lastCauseReason
            wakeCounts[reason.rawValue] += 1
            pendingWakeReason = nil
        }
        onHostWake?(level)
    }

    /// Asserts host-wake for `reason` (docs/seams.md §3) and counts it. If the line is already
    /// asserted, the host is already being woken: nothing new is counted. The firmware does it
    /// as real firmware does, through its to-host mailbox: I_HMB_FRAME_IND latched in the SDIO
    /// core's intstatus (§2.5), on either bus, which holds the line until the host writes the
    /// bit back to clear it (write-1-to-clear; reading intstatus or gSPI F0 0x04 does not clear
    /// it: cyw43-driver W1Cs intstatus & 0xF0 "so that HOST_WAKE/SDIO line is cleared", WHD and
    /// Linux clear what they read). Call this before `raiseEvent` to attribute its assertion.
    public func wakeHost(reason: WakeReason) {
        if hostWakeAsserted { pendingWakeReason = nil; return }
        pendingWakeReason = reason
        cores.sdioIntStatus |= CoreRegisters.SDIOBits.frameIndication
        updateHostWake()
        pendingWakeReason = nil
    }
}
