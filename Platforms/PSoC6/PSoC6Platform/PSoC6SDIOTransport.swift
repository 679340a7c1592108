import CYW43

/// CYW43's `SDIOTransport` over the PSoC 6 SDIO host: SDHC0 with the PDL on nine kits,
/// the UDB SDIO through the HAL on the three CY8C6247 kits (the shim picks at build
/// time). `init` enumerates the card; WL_REG_ON must have been raised ≥ 250 ms before
/// (`WLANPower.powerOn`). The shim copies every CMD53 through a word-aligned bounce
/// buffer, so any Swift buffer is accepted (docs/psoc6-platform.md §8 item 6).
public final class PSoC6SDIOTransport: SDIOTransport {
    /// The shim status of the last failure (PSOC6_ERR_*), 0 after success.
    public private(set) var lastStatus: Int32 = 0
    /// SD clock after enumeration: 25 or 50 MHz.
    public let clockHz: UInt32

    public init() throws(PSoC6Error) {
        let status = PDL.sdioInit()
        if status != PDL.ok { throw .sdioInit(status: status) }
        clockHz = PDL.sdioClockHz()
    }

    public func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
        var out: UInt8 = 0
        try check(PDL.cmd52(write: write, function: function, address: address, value: value, out: &out), length: 1)
        return out
    }

    public func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
                      blockSize: Int, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { throw .tooLong(length: 0) }
        if buffer.count > PDL.sdioMaxTransfer() { throw .tooLong(length: buffer.count) }
        let status = PDL.cmd53(write: write, function: function, address: address, incrementing: incrementing,
                               blockSize: UInt32(truncatingIfNeeded: blockSize),
                               buffer: base.assumingMemoryBound(to: UInt8.self),
                               length: UInt32(truncatingIfNeeded: buffer.count))
        try check(status, length: buffer.count)
    }

    private func check(_ status: Int32, length: Int) throws(BusError) {
        lastStatus = status
        if status == PDL.ok { return }
        if status == PDL.errTooLong { throw .tooLong(length: length) }
        throw .transferFailed
    }
}
