import CYW43
import ChipModel

/// The chip model as the driver's SDIO transport (CMD52 / CMD53), with the host controller's
/// part: enumeration (CMD0, CMD5 until I/O ready, CMD7 0 to deselect, CMD3, CMD7 with the
/// published RCA) and the data width it drives. Like the PSoC 6 hosts (SDHC `Cy_SD_Host_SetHostBusWidth` before
/// enumeration, the UDB HAL), it runs 4 data lines from the start: the card answers CMD53 only
/// once the driver has set CCCR BICTRL to 4-bit (§2.7 step 2).
public final class ChipSDIOTransport: SDIOTransport {
    public let chip: ChipModel
    /// Marks every call into the model as hardware (nil: nothing marks it).
    public var scope: HardwareScope?
    public init(_ chip: ChipModel, hostBusWidth: Int = 4) {
        self.chip = chip
        chip.sdioHostBusWidth = hostBusWidth
    }

    public func enumerateCard() throws(BusError) {
        scope?.enter()
        defer { scope?.leave() }
        _ = chip.sdioCommand(SDIOCommandIndex.goIdle, argument: 0)      // no response (R0)
        var ready = false
        for _ in 0..<100 {
            guard let r4 = chip.sdioCommand(SDIOCommandIndex.ioSendOpCond, argument: 0) else { break }
            if r4 >> 28 & 7 == 0 { break }                                // no I/O functions
            if r4 & 0x8000_0000 != 0 { ready = true; break }
        }
        // Deselect first: a card still selected since an earlier bring-up (no power cycle
        // between) takes CMD3 only in standby.
        _ = chip.sdioCommand(SDIOCommandIndex.selectCard, argument: 0)
        guard ready, let r6 = chip.sdioCommand(SDIOCommandIndex.sendRelativeAddress, argument: 0),
              chip.sdioCommand(SDIOCommandIndex.selectCard, argument: r6 & 0xFFFF_0000) != nil else {
            throw .transferFailed
        }
    }

    public func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
        scope?.enter()
        defer { scope?.leave() }
        guard let r = chip.sdioCmd52(write: write, function: function, address: address, value: value) else {
            throw .transferFailed
        }
        return r
    }

    public func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
                      blockSize: Int, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        scope?.enter()
        defer { scope?.leave() }
        guard chip.sdioCmd53(write: write, function: function, address: address, incrementing: incrementing,
                             blockSize: blockSize, buffer: buffer) else { throw .transferFailed }
    }
}
