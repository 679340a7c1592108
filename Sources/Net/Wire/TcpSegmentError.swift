/// Why a TCP segment could not be parsed. Each case carries the evidence; the caller
/// drops the segment and counts it (a bad segment from the network never traps).
public enum TcpSegmentError: Error, Equatable, Sendable {
    /// The buffer ends before the fixed header, the header announced by the data offset,
    /// or an option's announced length.
    case truncated(need: Int, have: Int)
    /// Data offset below 5 words (RFC 9293 §3.1: "the TCP header ... is an integer
    /// multiple of 32 bits", minimum 20 bytes).
    case badDataOffset(words: Int)
    /// An option whose length byte is below 2 (it could not be skipped safely), or a
    /// known option whose length differs from its specification.
    case badOptionLength(kind: UInt8, length: Int)
    /// The checksum over pseudo-header, header and payload does not verify.
    case badChecksum(found: UInt16)
}
