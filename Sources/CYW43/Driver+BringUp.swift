import Runtime

/// Bring-up: bus, chip id, firmware + NVRAM, ARM start, HT / F2 waits, save/restore,
/// then CLM and the firmware settings WHD's `whd_wifi_on` makes (docs/cyw43-bus.md §1.9, §2.7,
/// §3.5, §3.7, §7.2), logging the lines the C example prints (docs/tko-offload.md §6.2).
extension Driver {
    /// Our line in the `WHD VERSION` slot: `<ver> : <branch> : <compiler> : <date>`.
    public static var versionLine: StaticString { "WHD VERSION      : 0.1.0 : swift-cyw43 : Swift 6.3 : Nov 26 2026" }

    /// Brings the chip from power-on to "up" (WLC_UP done, MAC known). The platform must
    /// have toggled WL_REG_ON already. `country` is the two-letter code ("XX" worldwide).
    public func bringUp(resources: any ResourceSource, country: (UInt8, UInt8) = (0x58, 0x58)) throws(BringUpError) {
        isUp = false
        bringingUp = true
        defer { bringingUp = false }
        runner.resetSDPCM()
        busAsleep = false
        saveRestore = false
        let id: UInt16
        do throws(BusError) {
            try bus.initializeBus(hostWake: hostWake)
            id = try readChipID()
        } catch { throw .bus(error) }
        guard let chip = ChipInfo.lookup(id: id) else { throw .unknownChip(id: id) }
        self.chip = chip
        runner.chip = chip
        try downloadAndBoot(chip: chip, resources: resources)
        do throws(BusError) {
            if try isSaveRestoreCapable(chip: chip) {
                try enableSaveRestore(chip: chip)
                saveRestore = true
            }
        } catch { throw .bus(error) }
        lastBusActivity = platform.now
        try configureFirmware(resources: resources, country: country)
        isUp = true
    }

    /// Chip id (and revision when read from chip-common, §3.2).
    func readChipID() throws(BusError) -> UInt16 {
        let address = try bus.chipIDAddress()
        let id: UInt16
        if address == Backplane.chipCommon {
            let word = try bus.readBackplane32(address)
            id = UInt16(truncatingIfNeeded: word)
            chipRevision = UInt8(truncatingIfNeeded: (word >> 16) & 0xF)
        } else {
            id = UInt16(truncatingIfNeeded: try bus.readBackplane(address, size: 2))
        }
        return id
    }

    /// §3.5: check the image's trailer, halt, load firmware at RAM base, NVRAM + length token at the top, start ARM,
    /// wait for HT (gSPI 1000 ms, SDIO 2500 ms) and F2 ready (1000 ms).
    func downloadAndBoot(chip: ChipInfo, resources: any ResourceSource) throws(BringUpError) {
        let fwSize = resources.size(of: .firmware)
        let nvSize = resources.size(of: .nvram)
        let nvPadded = (nvSize + 3) & ~3
        guard fwSize > 0, fwSize + nvPadded + 4 <= Int(chip.ramSize) else { throw .badFirmwareSize(fwSize) }
        guard nvSize > 0 else { throw .badNVRAMSize(nvSize) }
        let staging = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 4)
        defer { staging.deallocate() }
        // Refuse what is plainly not firmware for this chip before a byte goes over the bus
        // (cyw43-driver: "could not find valid firmware"); the chip would only never start.
        switch FirmwareTrailer.check(resources, chipID: chip.id, buffer: staging) {
        case .valid: break
        case .notFirmware: throw .notFirmware
        case .anotherChip(let n): throw .firmwareForAnotherChip(imageChip: n, chipID: chip.id)
        }
        let bus = self.bus
        try onBus { () throws(BusError) in
            if chip.armIsCR4 {
                try bus.resetCore(chip.armCore, bits: Backplane.sicfCPUHalt, resetBits: Backplane.sicfCPUHalt)
            } else {
                try bus.disableCore(chip.armCore)
                try bus.disableCore(chip.socsram)
                try bus.resetDeviceCore(chip.socsram)
                if chip.needsSRAM3Remap {
                    try bus.writeBackplane32(chip.socsram + 0x10, 3)
                    try bus.writeBackplane32(chip.socsram + 0x44, 0)
                }
            }
            try copy(.firmware, size: fwSize, to: chip.ramBase, resources: resources, staging: staging)
            if chip.armIsCR4 {
                // The first word of the image is the reset vector; it goes to address 0.
                for i in 0..<4 { staging[i] = 0 }
                _ = resources.read(.firmware, offset: 0, into: UnsafeMutableRawBufferPointer(rebasing: staging[0..<4]))
                try bus.writeBackplane32(0, staging.le32(at: 0))
            }
            let top = chip.ramBase + chip.ramSize - 4
            try copy(.nvram, size: nvSize, to: top - UInt32(nvPadded), resources: resources, staging: staging, padTo: nvPadded)
            try bus.writeBackplane32(top, NVRAMImage.lengthToken(paddedLength: nvPadded))
            if chip.armIsCR4 { try bus.resetCore(chip.armCore, bits: 0, resetBits: 0) } else { try bus.resetDeviceCore(chip.armCore) }
        }
        if !chip.armIsCR4 {
            guard try onBus({ () throws(BusError) -> Bool in try bus.isCoreUp(chip.armCore) }) else { throw .coreNotUp }
        }
        let htTries = bus.kind == .sdio ? 2500 : 1000
        do throws(BusError) {
            _ = try bus.pollF1(F1Reg.chipClockCSR, mask: F1Reg.htAvail, want: F1Reg.htAvail, tries: htTries)
        } catch {
            if case .timeout = error { throw .htClockTimeout }
            throw .bus(error)
        }
        try onBus { () throws(BusError) in try bus.finishFirmwareBoot(chip: chip) }
        var n = 0
        while try !onBus({ () throws(BusError) -> Bool in try bus.isF2Ready() }) {
            n += 1
            if n >= 1000 { throw .f2NotReady }
            bus.pause(for: .milliseconds(1))
        }
    }

    /// Runs bus work, mapping its error into bring-up's.
    func onBus<R>(_ body: () throws(BusError) -> R) throws(BringUpError) -> R {
        do throws(BusError) { return try body() } catch { throw .bus(error) }
    }

    private func copy(_ r: Resource, size: Int, to address: UInt32, resources: any ResourceSource,
                      staging: UnsafeMutableRawBufferPointer, padTo: Int? = nil) throws(BusError) {
        let total = padTo ?? size
        var offset = 0
        while offset < total {
            let n = min(staging.count, total - offset)
            let chunk = UnsafeMutableRawBufferPointer(rebasing: staging[0..<n])
            let got = offset < size ? resources.read(r, offset: offset, into: chunk) : 0
            var i = got
            while i < n { chunk[i] = 0; i += 1 }
            try bus.writeBackplaneBytes(address + UInt32(offset), from: UnsafeRawBufferPointer(chunk))
            offset += n
        }
    }
}
