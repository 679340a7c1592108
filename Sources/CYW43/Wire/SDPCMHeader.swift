/// The 12-byte SDPCM header in front of every F2 frame (docs/cyw43-bus.md §4.1), little-endian.
public struct SDPCMHeader: Equatable {
    private enum Layout {
        static let length = 0, lengthCheck = 2, sequence = 4, channelAndFlags = 5
        static let nextLength = 6, dataOffset = 7, flowControl = 8, credit = 9, reserved = 10
    }
    public static let size = 12

    /// Whole SDPCM frame length including this header.
    public var length: UInt16
    /// Tx: the host's sequence number; rx: the firmware's.
    public var sequence: UInt8
    /// Bits 3..0 of byte 5 (0 control, 1 event, 2 data, 3 glom, 15 test).
    public var channel: UInt8
    /// Bits 7..4 of byte 5 (0x80 = glom descriptor).
    public var flags: UInt8
    /// Rx only: next frame length in 16-byte units.
    public var nextLength: UInt8
    /// Offset from the frame start to the payload (12 control, 14 data on tx).
    public var dataOffset: UInt8
    /// Rx only: per-priority flow-control bitmap.
    public var flowControl: UInt8
    /// Rx only: the highest tx sequence number the firmware will accept.
    public var credit: UInt8

    public init(length: UInt16, sequence: UInt8, channel: UInt8, flags: UInt8 = 0, nextLength: UInt8 = 0,
                dataOffset: UInt8, flowControl: UInt8 = 0, credit: UInt8 = 0) {
        self.length = length; self.sequence = sequence; self.channel = channel; self.flags = flags
        self.nextLength = nextLength; self.dataOffset = dataOffset; self.flowControl = flowControl
        self.credit = credit
    }

    /// Parses and validates a received header against the `frame` bytes actually read.
    /// (0, 0) length/check is "nothing to read" and is reported as `.badLength(0, …)`;
    /// the runner checks for it before parsing.
    public init(parsing frame: UnsafeRawBufferPointer) throws(WireError) {
        guard frame.count >= Self.size else { throw .truncated(need: Self.size, have: frame.count) }
        let len = frame.le16(at: Layout.length), check = frame.le16(at: Layout.lengthCheck)
        guard len == ~check else { throw .lengthCheck(length: len, check: check) }
        guard Int(len) >= Self.size, Int(len) <= frame.count else {
            throw .badLength(length: Int(len), available: frame.count)
        }
        let offset = frame[Layout.dataOffset]
        guard Int(offset) >= Self.size, Int(offset) <= Int(len) else {
            throw .badDataOffset(offset: Int(offset), length: Int(len))
        }
        self.init(length: len, sequence: frame[Layout.sequence], channel: frame[Layout.channelAndFlags] & 0x0F,
                  flags: frame[Layout.channelAndFlags] & 0xF0, nextLength: frame[Layout.nextLength],
                  dataOffset: offset, flowControl: frame[Layout.flowControl], credit: frame[Layout.credit])
    }

    /// Writes the 12 header bytes at the start of `buffer` (length check = ~length).
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer.setLE16(length, at: Layout.length)
        buffer.setLE16(~length, at: Layout.lengthCheck)
        buffer[Layout.sequence] = sequence
        buffer[Layout.channelAndFlags] = (channel & 0x0F) | (flags & 0xF0)
        buffer[Layout.nextLength] = nextLength
        buffer[Layout.dataOffset] = dataOffset
        buffer[Layout.flowControl] = flowControl
        buffer[Layout.credit] = credit
        buffer.setLE16(0, at: Layout.reserved)
    }

    /// The payload's byte range inside the frame.
    public var payload: Range<Int> { Int(dataOffset)..<Int(length) }
}

/// SDPCM channel numbers (docs/cyw43-bus.md §4.1).
public enum SDPCMChannel {
    public static let control: UInt8 = 0
    public static let event: UInt8 = 1
    public static let data: UInt8 = 2
    public static let glom: UInt8 = 3
}
