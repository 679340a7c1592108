import CYW43
import ChipModel

/// The chip model as the driver's SDIO transport (CMD52 / CMD53).
public final class ChipSDIOTransport: SDIOTransport {
    public let chip: ChipModel
    public init(_ chip: ChipModel) { self.chip = chip }

    public func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
        guard let r = chip.sdioCmd52(write: write, function: function, address: address, value: value) else {
            throw .transferFailed
        }
        return r
    }

    public func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
                      blockSize: Int, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        guard chip.sdioCmd53(write: write, function: function, address: address, incrementing: incrementing,
                             blockSize: blockSize, buffer: buffer) else { throw .transferFailed }
    }
}
