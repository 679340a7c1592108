/// SDIO commands as the host controller issues them (docs/seams.md §2; argument layouts in
/// docs/cyw43-bus.md §2.3, see `SDIOCommand` for the 32-bit argument words).
///
/// Card enumeration (CMD0/CMD5/CMD3/CMD7) and the bus clock are the host controller's
/// business: either before the driver starts (the PSoC 6 shims enumerate in their init) or in
/// `enumerateCard`, which the bus calls first at every bring-up (cyw43-driver enumerates there,
/// so a card power-cycled since is found again).
public protocol SDIOTransport: AnyObject {
    /// CMD0, CMD5, CMD3 -> RCA, CMD7 (docs/cyw43-bus.md §2.7 step 0); no CMD52 is answered by
    /// a card that is not selected. Default: nothing (the transport enumerated already).
    func enumerateCard() throws(BusError)
    /// The bus timing the host controller runs: true = high speed (the card needs CCCR 0x13 EHS),
    /// false = default speed (EHS must be clear), nil = the transport set the card's timing itself
    /// during enumeration (the PSoC 6 shims do) and the driver leaves CCCR 0x13 alone.
    var highSpeed: Bool? { get }
    /// IO_RW_DIRECT: one byte. Returns the byte read (for a write: the value the card
    /// echoes in its R5 response).
    func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8
    /// IO_RW_EXTENDED: `buffer.count` bytes; `blockSize` 0 = byte mode, else block mode
    /// with `buffer.count / blockSize` blocks (the driver passes whole blocks).
    func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
               blockSize: Int /* 0 = byte mode */, buffer: UnsafeMutableRawBufferPointer) throws(BusError)
}

extension SDIOTransport {
    public var highSpeed: Bool? { nil }
    public func enumerateCard() throws(BusError) {}
}
