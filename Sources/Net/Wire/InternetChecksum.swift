import Runtime

/// The Internet checksum (RFC 1071): the ones'-complement of the ones'-complement sum of
/// 16-bit big-endian words. Accumulate with `add`, then `finish`.
public enum InternetChecksum {
    /// Adds `bytes` to a running 32-bit sum. An odd trailing byte is padded with zero
    /// (RFC 1071 §4.1), so only the last chunk of a message may have odd length.
    public static func add(_ bytes: UnsafeRawBufferPointer, to sum: UInt32 = 0) -> UInt32 {
        var s = UInt64(sum)
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            s += UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < n { s += UInt64(bytes[i]) << 8 }
        while s >> 32 != 0 { s = (s & 0xFFFF_FFFF) + (s >> 32) }
        return UInt32(truncatingIfNeeded: s)
    }

    /// Folds the running sum to 16 bits and complements it.
    public static func finish(_ sum: UInt32) -> UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(truncatingIfNeeded: s)
    }

    /// The TCP/UDP pseudo-header sum (RFC 793 §3.1, RFC 768): source, destination,
    /// zero + protocol, and the TCP/UDP length.
    public static func pseudoHeader(source: IPv4Address, destination: IPv4Address,
                                    protocol proto: UInt8, length: UInt16) -> UInt32 {
        var s: UInt32 = 0
        s += source.value >> 16; s += source.value & 0xFFFF
        s += destination.value >> 16; s += destination.value & 0xFFFF
        s += UInt32(proto); s += UInt32(length)
        return s
    }

    /// Checksum of one buffer.
    public static func compute(_ bytes: UnsafeRawBufferPointer) -> UInt16 { finish(add(bytes)) }
}
