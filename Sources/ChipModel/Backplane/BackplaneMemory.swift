/// The chip's RAM, stored sparsely in 4 KB pages so a 896 KB part costs only what is written.
struct BackplaneMemory {
    static let pageSize = 4096
    let base: UInt32
    let size: UInt32
    private var pages: [[UInt8]]
    /// One past the highest RAM offset written so far (0 = nothing written).
    private(set) var highWater = 0
    /// Lowest RAM offset written (Int.max = nothing written).
    private(set) var lowWater = Int.max

    init(base: UInt32, size: UInt32) {
        self.base = base
        self.size = size
        self.pages = [[UInt8]](repeating: [], count: (Int(size) + BackplaneMemory.pageSize - 1) / BackplaneMemory.pageSize)
    }

    func contains(_ address: UInt32) -> Bool { address >= base && address - base < size }

    func read(offset: Int) -> UInt8 {
        let p = pages[offset / BackplaneMemory.pageSize]
        return p.isEmpty ? 0 : p[offset % BackplaneMemory.pageSize]
    }

    mutating func write(offset: Int, _ v: UInt8) {
        let pi = offset / BackplaneMemory.pageSize
        if pages[pi].isEmpty { pages[pi] = [UInt8](repeating: 0, count: BackplaneMemory.pageSize) }
        pages[pi][offset % BackplaneMemory.pageSize] = v
        if offset + 1 > highWater { highWater = offset + 1 }
        if offset < lowWater { lowWater = offset }
    }

    func read32(offset: Int) -> UInt32 {
        UInt32(read(offset: offset)) | UInt32(read(offset: offset + 1)) << 8
            | UInt32(read(offset: offset + 2)) << 16 | UInt32(read(offset: offset + 3)) << 24
    }

    mutating func write32(offset: Int, _ v: UInt32) {
        for i in 0..<4 { write(offset: offset + i, UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    func bytes(offset: Int, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count { out[i] = read(offset: offset + i) }
        return out
    }

    /// Whether any byte in [from, to) was written.
    func anyWritten(from: Int, to: Int) -> Bool { lowWater < to && highWater > from }

    /// Highest written offset + 1 below `limit`, scanning pages (for the firmware size at boot).
    func highestWritten(below limit: Int) -> Int {
        lastOffset(below: limit) { at, byte in byte != 0 }.map { $0 + 1 } ?? 0
    }

    /// The offset of the last occurrence of `key` below `limit`, scanning written pages from the
    /// top down (the firmware trailer at boot; NVRAM or firmware-written words above the image are
    /// skipped because they do not contain it).
    func lastOccurrence(of key: [UInt8], below limit: Int) -> Int? {
        guard !key.isEmpty else { return nil }
        return lastOffset(below: limit) { at, byte in
            guard byte == key[0], at + key.count <= limit else { return false }
            var j = 1
            while j < key.count && read(offset: at + j) == key[j] { j += 1 }
            return j == key.count
        }
    }

    /// The highest offset below `limit` whose byte satisfies `match`, skipping unwritten pages.
    private func lastOffset(below limit: Int, where match: (Int, UInt8) -> Bool) -> Int? {
        var pi = min(pages.count, (limit + BackplaneMemory.pageSize - 1) / BackplaneMemory.pageSize)
        while pi > 0 {
            pi -= 1
            if pages[pi].isEmpty { continue }
            var i = min(BackplaneMemory.pageSize, limit - pi * BackplaneMemory.pageSize) - 1
            while i >= 0 {
                let at = pi * BackplaneMemory.pageSize + i
                if match(at, pages[pi][i]) { return at }
                i -= 1
            }
        }
        return nil
    }

    mutating func clear() {
        for i in 0..<pages.count { pages[i] = [] }
        highWater = 0
        lowWater = Int.max
    }
}

/// Backplane core registers that bring-up and the data path touch (docs/cyw43-bus.md §2.5, §3.2-3.4).
struct CoreRegisters {
    /// ARM core AI wrapper (§3.3). Power-on: in reset (cyw43-driver's disable only checks that).
    var armIOCtrl: UInt32 = 0
    var armResetCtrl: UInt32 = 1
    /// SOCSRAM wrapper (CM3 chips).
    var ramIOCtrl: UInt32 = 0
    var ramResetCtrl: UInt32 = 1
    /// SDIO device core (§2.5).
    var sdioIntStatus: UInt32 = 0
    var hostIntMask: UInt32 = 0
    var sdioIntMask: UInt32 = 0
    var funcIntMask: UInt32 = 0
    var toSBMailbox: UInt32 = 0
    var toSBMailboxData: UInt32 = 0
    var toHostMailboxData: UInt32 = 0
    /// Chip-common save/restore and PMU retention (§3.4, §7.9); set by the firmware at boot.
    var srControl0: UInt32 = 0
    var srControl1: UInt32 = 0
    var retentionCtl: UInt32 = 0x0C00_0000
    /// CR4 (4373) reset instruction at backplane address 0 (§3.5).
    var resetVector: UInt32 = 0
    /// Everything else written on the backplane, word-addressed, for read-back.
    var other: [UInt32: UInt32] = [:]

    enum SDIOBits {
        /// intstatus I_HMB_FRAME_IND / I_HMB_HOST_INT and the SW mask (§2.5).
        static let frameIndication: UInt32 = 0x40
        static let hostInterrupt: UInt32 = 0x80
        static let softwareMask: UInt32 = 0xF0
        /// tosbmailbox bits (§2.5).
        static let smbNAK: UInt32 = 0x1
        static let smbIntAck: UInt32 = 0x2
        static let smbDevInt: UInt32 = 0x8
        /// tohostmailboxdata bits (§2.5).
        static let fwHalt: UInt32 = 0x10
    }
    /// AI wrapper bits (§3.3).
    enum WrapperBits {
        static let clockEnable: UInt32 = 0x1
        static let forceGatedClock: UInt32 = 0x2
        static let cpuHalt: UInt32 = 0x20
        static let reset: UInt32 = 0x1
    }
}
