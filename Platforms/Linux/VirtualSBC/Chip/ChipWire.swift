/// The interposer's wire (Platforms/Linux/VirtualSBC/vsbc_wire.h): AF_UNIX SOCK_SEQPACKET,
/// one request per message, a 16-byte header of four little-endian u32 (type, a0, a1, a2)
/// and a payload; every request gets one reply with the same type.
enum ChipWire {
    static let spi: UInt32 = 1
    static let setLine: UInt32 = 2
    static let getLine: UInt32 = 3
    static let watchLine: UInt32 = 4
    static let releaseLine: UInt32 = 5

    static let headerSize = 16

    struct Header {
        var type: UInt32, a0: UInt32, a1: UInt32, a2: UInt32

        init(type: UInt32, a0: UInt32 = 0, a1: UInt32 = 0, a2: UInt32 = 0) {
            self.type = type; self.a0 = a0; self.a1 = a1; self.a2 = a2
        }

        init?(_ b: UnsafeRawBufferPointer) {
            guard b.count >= ChipWire.headerSize else { return nil }
            func u32(_ i: Int) -> UInt32 { UInt32(littleEndian: b.loadUnaligned(fromByteOffset: i, as: UInt32.self)) }
            self.init(type: u32(0), a0: u32(4), a1: u32(8), a2: u32(12))
        }

        var bytes: [UInt8] {
            var out: [UInt8] = []
            for v in [type, a0, a1, a2] { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
            return out
        }
    }
}
