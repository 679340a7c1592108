/// Why a frame from the bus was rejected. Every case carries its evidence; the runner
/// counts and logs it, then drops the frame (house style §6).
public enum WireError: Error, Equatable {
    /// Fewer bytes than the layout needs.
    case truncated(need: Int, have: Int)
    /// SDPCM length and its complement disagree (docs/cyw43-bus.md §4.1).
    case lengthCheck(length: UInt16, check: UInt16)
    /// SDPCM length shorter than the 12-byte header, or longer than the bytes received.
    case badLength(length: Int, available: Int)
    /// SDPCM data offset outside the frame.
    case badDataOffset(offset: Int, length: Int)
    /// Event frame: ethertype was not 0x886C.
    case notEvent(etherType: UInt16)
    /// Event frame: Broadcom OUI / subtype / user subtype wrong (first bad field value).
    case badEventHeader(field: UInt32)
    /// Event data length exceeds the bytes received (WHD drops these; §6.1).
    case eventDataTruncated(datalen: Int, available: Int)
}
