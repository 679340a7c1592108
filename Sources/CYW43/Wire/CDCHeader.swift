/// The 16-byte CDC header of a control message on SDPCM channel 0 (docs/cyw43-bus.md §5.1),
/// little-endian.
public struct CDCHeader: Equatable {
    private enum Layout {
        static let cmd = 0, len = 4, flags = 8, status = 12
    }
    private enum Flag {
        static let error: UInt32 = 0x1
        static let set: UInt32 = 0x2
        static let interfaceShift: UInt32 = 12, interfaceMask: UInt32 = 0xF
        static let idShift: UInt32 = 16
    }
    public static let size = 16

    /// The WLC ioctl number (262 GET_VAR, 263 SET_VAR, ...).
    public var command: UInt32
    /// Payload length in bytes.
    public var length: UInt32
    /// Flags bit1: 1 = set, 0 = get.
    public var isSet: Bool
    /// Flags bit0 (reply): the firmware reports a failure in `status`.
    public var isError: Bool
    /// Flags bits 15..12: interface / bsscfg index.
    public var interface: UInt8
    /// Flags bits 31..16: request id; replies carry the request's id.
    public var id: UInt16
    /// Reply status: 0 or a negative BCME_* code.
    public var status: Int32

    public init(command: UInt32, length: UInt32, isSet: Bool, isError: Bool = false, interface: UInt8 = 0,
                id: UInt16, status: Int32 = 0) {
        self.command = command; self.length = length; self.isSet = isSet; self.isError = isError
        self.interface = interface; self.id = id; self.status = status
    }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        guard bytes.count >= Self.size else { throw .truncated(need: Self.size, have: bytes.count) }
        let flags = bytes.le32(at: Layout.flags)
        self.init(command: bytes.le32(at: Layout.cmd), length: bytes.le32(at: Layout.len),
                  isSet: flags & Flag.set != 0, isError: flags & Flag.error != 0,
                  interface: UInt8(truncatingIfNeeded: (flags >> Flag.interfaceShift) & Flag.interfaceMask),
                  id: UInt16(truncatingIfNeeded: flags >> Flag.idShift),
                  status: Int32(bitPattern: bytes.le32(at: Layout.status)))
    }

    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        var flags = UInt32(id) << Flag.idShift | (UInt32(interface) & Flag.interfaceMask) << Flag.interfaceShift
        if isSet { flags |= Flag.set }
        if isError { flags |= Flag.error }
        buffer.setLE32(command, at: Layout.cmd)
        buffer.setLE32(length, at: Layout.len)
        buffer.setLE32(flags, at: Layout.flags)
        buffer.setLE32(UInt32(bitPattern: status), at: Layout.status)
    }
}
