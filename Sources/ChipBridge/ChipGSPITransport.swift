import CYW43
import ChipModel

/// The chip model as the driver's gSPI transport: the wire between the two in tests, the
/// simulation and the QEMU image (the driver and the model never import each other).
public final class ChipGSPITransport: GSPITransport {
    public let chip: ChipModel
    /// Marks every call into the model as hardware (nil: nothing marks it).
    public var scope: HardwareScope?
    public init(_ chip: ChipModel) { self.chip = chip }

    public func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
        scope?.enter()
        defer { scope?.leave() }
        guard chip.spiTransact(write: write, read: read) else { throw .transferFailed }
    }
}
