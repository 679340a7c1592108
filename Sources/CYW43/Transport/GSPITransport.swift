/// One chip-select-framed gSPI transaction at the byte level (docs/seams.md §2).
///
/// The host clocks out `write` (command word + any data, already in the bus's current
/// word order, docs/cyw43-bus.md §1.2), then clocks in `read.count` bytes (F1 response-delay
/// padding, data, and the status word when it is enabled). Implementations: spidev on
/// Linux, the chip model in tests and the simulation.
public protocol GSPITransport: AnyObject {
    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError)
}
