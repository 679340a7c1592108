import Runtime

/// The 32 KB backplane window and chunked backplane access (docs/cyw43-bus.md §3.1).
extension WLANBus {
    /// Points the window at `address & ~0x7FFF`, writing only the bytes that changed.
    /// The initial cached value is a sentinel so the first access writes all three
    /// (embassy; WHD starts from 0 and would assume the chip's reset window).
    func setWindow(for address: UInt32) throws(BusError) {
        let base = address & Backplane.windowMask
        let old = backplaneWindow
        guard base != old else { return }
        if (base ^ old) & 0xFF00_0000 != 0 {
            try writeRegister(function: 1, address: F1Reg.backplaneAddressHigh, size: 1, value: base >> 24)
        }
        if (base ^ old) & 0x00FF_0000 != 0 {
            try writeRegister(function: 1, address: F1Reg.backplaneAddressMid, size: 1, value: (base >> 16) & 0xFF)
        }
        if (base ^ old) & 0x0000_FF00 != 0 {
            try writeRegister(function: 1, address: F1Reg.backplaneAddressLow, size: 1, value: (base >> 8) & 0xFF)
        }
        backplaneWindow = base
    }

    /// A 32-bit backplane register read: window offset | 0x8000 (WHD/embassy set the
    /// flag only for 4-byte single accesses; §3.1).
    public func readBackplane32(_ address: UInt32) throws(BusError) -> UInt32 {
        try setWindow(for: address)
        return try readRegister(function: 1, address: (address & Backplane.offsetMask) | Backplane.access32Flag, size: 4)
    }

    public func writeBackplane32(_ address: UInt32, _ value: UInt32) throws(BusError) {
        try setWindow(for: address)
        try writeRegister(function: 1, address: (address & Backplane.offsetMask) | Backplane.access32Flag, size: 4, value: value)
    }

    /// 1- or 2-byte backplane access (plain offset).
    public func readBackplane(_ address: UInt32, size: Int) throws(BusError) -> UInt32 {
        try setWindow(for: address)
        return try readRegister(function: 1, address: address & Backplane.offsetMask, size: size)
    }

    public func writeBackplane(_ address: UInt32, size: Int, _ value: UInt32) throws(BusError) {
        try setWindow(for: address)
        try writeRegister(function: 1, address: address & Backplane.offsetMask, size: size, value: value)
    }

    /// Bulk write: chunks of at most `maxBackplaneTransfer`, never crossing a 32 KB
    /// window boundary (§1.7, §3.5 step 3). Plain offsets (no 0x8000 flag).
    public func writeBackplaneBytes(_ address: UInt32, from bytes: UnsafeRawBufferPointer) throws(BusError) {
        var done = 0
        while done < bytes.count {
            let a = address &+ UInt32(done)
            let toBoundary = Int(Backplane.offsetMask - (a & Backplane.offsetMask)) + 1
            let n = min(maxBackplaneTransfer, bytes.count - done, toBoundary)
            try setWindow(for: a)
            let chunk = UnsafeMutableRawBufferPointer(mutating: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + n)]))
            try transferF1(write: true, address: a & Backplane.offsetMask, buffer: chunk)
            done += n
        }
    }

    /// Bulk read, same chunking as `writeBackplaneBytes`.
    public func readBackplaneBytes(_ address: UInt32, into bytes: UnsafeMutableRawBufferPointer) throws(BusError) {
        var done = 0
        while done < bytes.count {
            let a = address &+ UInt32(done)
            let toBoundary = Int(Backplane.offsetMask - (a & Backplane.offsetMask)) + 1
            let n = min(maxBackplaneTransfer, bytes.count - done, toBoundary)
            try setWindow(for: a)
            try transferF1(write: false, address: a & Backplane.offsetMask,
                           buffer: UnsafeMutableRawBufferPointer(rebasing: bytes[done..<(done + n)]))
            done += n
        }
    }

    /// Polls an F1 register (1 byte) every `step` until `(value & mask) == want`, up to
    /// `tries` reads, `pause(for: step)` between them (asleep in the runtime's idle when the
    /// runner has a waiter).
    func pollF1(_ address: UInt32, mask: UInt8, want: UInt8, tries: Int, step: Duration = .milliseconds(1)) throws(BusError) -> UInt8 {
        var n = 0
        while true {
            let v = UInt8(truncatingIfNeeded: try readRegister(function: 1, address: address, size: 1))
            if v & mask == want { return v }
            n += 1
            if n >= tries { throw .timeout(register: address) }
            pause(for: step)
        }
    }

    /// §2.5 host-int handling (WHD): with I_HMB_HOST_INT, read tohostmailboxdata, ack it
    /// (SMB_INT_ACK) when non-zero, count FWHALT.
    func handleHostMailbox(chip: ChipInfo, intStatus: UInt32) throws(BusError) {
        guard intStatus & Backplane.iHMBHostInt != 0 else { return }
        let mb = try readBackplane32(chip.sdioCore + Backplane.toHostMailboxData)
        if mb != 0 { try writeBackplane32(chip.sdioCore + Backplane.toSBMailbox, Backplane.smbIntAck) }
        if mb & Backplane.fwHalt != 0 { stats.firmwareHalts += 1 }
    }
}
