// Explicit-byte-order field access for the wire types. Callers check lengths first
// (each wire type's `init(parsing:)` does it once); these helpers never bit-cast.

extension UnsafeRawBufferPointer {
    @inline(__always) func le16(at o: Int) -> UInt16 { UInt16(self[o]) | UInt16(self[o + 1]) << 8 }
    @inline(__always) func le32(at o: Int) -> UInt32 { UInt32(le16(at: o)) | UInt32(le16(at: o + 2)) << 16 }
    @inline(__always) func be16(at o: Int) -> UInt16 { UInt16(self[o]) << 8 | UInt16(self[o + 1]) }
    @inline(__always) func be32(at o: Int) -> UInt32 { UInt32(be16(at: o)) << 16 | UInt32(be16(at: o + 2)) }
}

extension UnsafeMutableRawBufferPointer {
    @inline(__always) func setLE16(_ v: UInt16, at o: Int) {
        self[o] = UInt8(truncatingIfNeeded: v); self[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
    @inline(__always) func setLE32(_ v: UInt32, at o: Int) {
        setLE16(UInt16(truncatingIfNeeded: v), at: o); setLE16(UInt16(truncatingIfNeeded: v >> 16), at: o + 2)
    }
    @inline(__always) func setBE16(_ v: UInt16, at o: Int) {
        self[o] = UInt8(truncatingIfNeeded: v >> 8); self[o + 1] = UInt8(truncatingIfNeeded: v)
    }
    @inline(__always) func setBE32(_ v: UInt32, at o: Int) {
        setBE16(UInt16(truncatingIfNeeded: v >> 16), at: o); setBE16(UInt16(truncatingIfNeeded: v), at: o + 2)
    }
    @inline(__always) func le32(at o: Int) -> UInt32 { UnsafeRawBufferPointer(self).le32(at: o) }
}
