import CGPIOD

/// The `spi_ioc_transfer` entries for one chip-select-framed gSPI transaction
/// (docs/seams.md §2: clock out `write`, then clock in `read.count` bytes).
///
/// Both wirings use the same shape (docs/linux-sbc.md §2.5): transfer 0 carries only
/// tx (the command word and any data), transfer 1 only rx, in ONE SPI_IOC_MESSAGE so
/// chip select stays asserted between them (`cs_change = 0`). In 3-wire mode a
/// transfer may not have both buffers (spi.c returns EINVAL), and spi-bcm2835 turns
/// the data pin around (REN) only for the rx transfer. On 4-wire, spidev clocks out
/// zeros during transfer 1, which the chip ignores.
public struct GSPITransferPlan {
    /// 1 (write-only or read-only) or 2 (write then read).
    public private(set) var count: Int
    public private(set) var first = spi_ioc_transfer()
    public private(set) var second = spi_ioc_transfer()

    /// Builds the plan. The buffers must stay valid until the ioctl returns.
    public init(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer,
                config: SPIBusConfig) throws(GSPIPlanError) {
        let total = write.count + read.count
        if total == 0 { throw .empty }
        if total > SPIBusConfig.spidevBufferSize {
            throw .tooLong(bytes: total, limit: SPIBusConfig.spidevBufferSize)
        }
        count = 0
        if write.count > 0 {
            first = Self.transfer(tx: write.baseAddress, rx: nil, length: write.count, config: config)
            count = 1
        }
        if read.count > 0 {
            let x = Self.transfer(tx: nil, rx: read.baseAddress, length: read.count, config: config)
            if count == 0 { first = x } else { second = x }
            count += 1
        }
    }

    private static func transfer(tx: UnsafeRawPointer?, rx: UnsafeMutableRawPointer?, length: Int,
                                 config: SPIBusConfig) -> spi_ioc_transfer {
        var x = spi_ioc_transfer()       // zero-filled: delay, nbits, word delay, pad
        x.tx_buf = UInt64(UInt(bitPattern: tx))
        x.rx_buf = UInt64(UInt(bitPattern: rx))
        x.len = UInt32(length)
        x.speed_hz = config.speedHz
        x.bits_per_word = config.bitsPerWord
        x.cs_change = 0                  // keep CS asserted across the whole message
        return x
    }

    /// The ioctl request for this plan: SPI_IOC_MESSAGE(count).
    public var request: UInt { SPIIoctl.message(count) }

    /// Calls `body` with a contiguous array of the `count` transfers.
    public func withTransfers<R>(_ body: (UnsafeMutablePointer<spi_ioc_transfer>, Int) -> R) -> R {
        var pair = (first, second)
        return withUnsafeMutableBytes(of: &pair) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: spi_ioc_transfer.self), count)
        }
    }
}

/// Why a gSPI transaction could not be turned into spidev transfers.
public enum GSPIPlanError: Error, Equatable {
    /// Nothing to write and nothing to read.
    case empty
    /// The message exceeds spidev's `bufsiz` (module parameter, default 4096).
    case tooLong(bytes: Int, limit: Int)
}
