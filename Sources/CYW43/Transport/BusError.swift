/// A failure of one bus transaction or of a bus-level wait (docs/seams.md §2).
public enum BusError: Error, Equatable {
    /// The transport could not complete the transfer (SPI ioctl failed, SDIO CRC/timeout
    /// reported by the host controller, chip model refused the transaction).
    case transferFailed
    /// A bounded wait on a chip register ran out (`register` is the F0/F1 address polled).
    case timeout(register: UInt32)
    /// The gSPI test register never read 0xFEEDBEAD (docs/cyw43-bus.md §1.9 step 2/5).
    case testPatternMismatch(read: UInt32)
    /// A register read back a value other than the one written (evidence attached).
    case readBackMismatch(register: UInt32, wrote: UInt32, read: UInt32)
    /// The request does not fit the bus (length field / buffer size).
    case tooLong(length: Int)
}
