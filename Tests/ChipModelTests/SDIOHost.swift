import Runtime
@testable import ChipModel

/// A minimal SDIO host following WHD's sequence (docs/cyw43-bus.md §2.7, §3.5, §5, §8.3-8.4).
final class SDIOHost {
    let chip: ChipModel
    let air = TestAir()
    var window: UInt32 = 0xFFFF_FFFF
    var txSeq: UInt8 = 0
    var txMax: UInt8 = 1
    var ioctlID: UInt16 = 0
    var events: [RxEvent] = []
    var eventData: [[UInt8]] = []
    var dataFrames: [[UInt8]] = []
    var frames: [RxFrame] = []

    init(_ kind: ChipKind = .cyw43439, timing: ChipTiming = .immediate, otpProgrammed: Bool = true) {
        chip = ChipModel(chip: kind, bus: .sdio, otpProgrammed: otpProgrammed, timing: timing)
        chip.air = air
    }

    func cmd52(_ fn: UInt8, _ addr: UInt32, write v: UInt8? = nil) -> UInt8? {
        chip.sdioCmd52(write: v != nil, function: fn, address: addr, value: v ?? 0)
    }

    func cmd53Read(_ fn: UInt8, _ addr: UInt32, _ count: Int, block: Int = 0) -> [UInt8]? {
        var b = [UInt8](repeating: 0xA5, count: count)
        let ok = b.withUnsafeMutableBytes {
            chip.sdioCmd53(write: false, function: fn, address: addr, incrementing: true, blockSize: block, buffer: $0)
        }
        return ok ? b : nil
    }

    @discardableResult
    func cmd53Write(_ fn: UInt8, _ addr: UInt32, _ data: [UInt8], block: Int = 0) -> Bool {
        var b = data
        return b.withUnsafeMutableBytes {
            chip.sdioCmd53(write: true, function: fn, address: addr, incrementing: true, blockSize: block, buffer: $0)
        }
    }

    /// §3.1: window bytes HIGH/MID/LOW at F1 0x1000C/B/A.
    func setWindow(_ address: UInt32) {
        let base = address & ~0x7FFF
        if base == window { return }
        _ = cmd52(1, 0x1000A, write: UInt8(base >> 8 & 0x80))
        _ = cmd52(1, 0x1000B, write: UInt8(base >> 16 & 0xFF))
        _ = cmd52(1, 0x1000C, write: UInt8(base >> 24))
        window = base
    }

    func bpWrite(_ address: UInt32, _ data: [UInt8]) {
        setWindow(address)
        let flag: UInt32 = data.count == 4 ? 0x8000 : 0
        cmd53Write(1, (address & 0x7FFF) | flag, data)
    }

    func bpRead32(_ address: UInt32) -> UInt32 {
        setWindow(address)
        return le32(cmd53Read(1, (address & 0x7FFF) | 0x8000, 4)!, 0)
    }

    /// §2.7 steps 1-15 (without waiting loops: the tests advance the clock themselves).
    func bringUp(macInNVRAM: MACAddress? = nil, image: [UInt8]? = nil) {
        _ = cmd52(0, 0x02, write: 0x02)
        _ = cmd52(0, 0x10, write: 64); _ = cmd52(0, 0x11, write: 0)
        _ = cmd52(0, 0x110, write: 64); _ = cmd52(0, 0x111, write: 0)
        _ = cmd52(0, 0x210, write: 64); _ = cmd52(0, 0x211, write: 0)
        _ = cmd52(0, 0x04, write: 0x07)
        _ = cmd52(1, 0x1000E, write: 0x29)
        _ = cmd52(1, 0x1000E, write: 0)
        _ = cmd52(0, 0x02, write: 0x06)
        downloadFirmware(profile: chip.profile, image: image ?? SyntheticFirmware.image(for: chip.kind),
                         nvram: SyntheticFirmware.nvram(macAddress: macInNVRAM)) { a, d in bpWrite(a, d) }
        chip.advance(to: chip.now + .milliseconds(100))
        bpWrite(chip.profile.sdioCoreBase + 0x24, le32Bytes(0xF0))
        _ = cmd52(0, 0xF2, write: 0x03)   // SEPINT MASK|OE (§2.6)
        _ = cmd52(0, 0x04, write: 0x05)
    }

    /// Reads one frame (§8.3): 4-byte tag, then the rest; nil if none.
    func readFrame() -> RxFrame? {
        guard let tag = cmd53Read(2, 0, 4) else { return nil }
        let len = le16(tag, 0), chk = le16(tag, 2)
        if len == 0 && chk == 0 { return nil }
        // WHD: the rest in 64-byte blocks when >= 64 bytes (§8.3).
        let n = Int(len) - 4
        let rest = (n >= 64 ? cmd53Read(2, 0, (n + 63) / 64 * 64, block: 64) : cmd53Read(2, 0, n)) ?? []
        let f = RxFrame(bytes: tag + rest)
        // §4.2 credit update from every header with channel < 3.
        if f.channel < 3 {
            let new = f.credit
            txMax = (new &- txSeq) > 0x40 ? txSeq &+ 2 : new
        }
        frames.append(f)
        return f
    }

    /// Reads every pending frame, sorting events and data.
    func drain() {
        while let f = readFrame() {
            if f.channel == 1, let (e, _, d) = RxEvent.parse(f.payload) { events.append(e); eventData.append(d) }
            if f.channel == 2 { dataFrames.append(Array(f.payload[(4 + 4 * Int(f.payload[3]))...])) }
        }
    }

    var hasCredit: Bool { let d = txMax &- txSeq; return d != 0 && d & 0x80 == 0 }

    func send(_ frame: [UInt8]) -> Bool {
        // WHD: frames >= 64 bytes go as whole 64-byte blocks (§2.3, §4.3).
        var padded = frame
        let unit = frame.count >= 64 ? 64 : 4
        while padded.count % unit != 0 { padded.append(0) }
        let ok = cmd53Write(2, 0, padded, block: unit == 64 ? 64 : 0)
        txSeq &+= 1
        return ok
    }

    /// One ioctl round trip; returns (status, reply buffer). Events seen meanwhile are kept.
    func ioctl(_ cmd: UInt32, set: Bool, _ buffer: [UInt8]) -> (Int32, [UInt8]) {
        ioctlID &+= 1
        _ = send(HostFrames.control(seq: txSeq, cmd: cmd, set: set, id: ioctlID, buffer: buffer))
        var reply: (Int32, [UInt8])? = nil
        while let f = readFrame() {
            switch f.channel {
            case 0 where f.length > 12:
                let p = f.payload
                if le32(p, 8) >> 16 == UInt32(ioctlID) {
                    reply = (Int32(bitPattern: le32(p, 12)), Array(p[16...]))
                }
            case 1: if let (e, _, d) = RxEvent.parse(f.payload) { events.append(e); eventData.append(d) }
            case 2: dataFrames.append(f.payload)
            default: break
            }
        }
        return reply ?? (Int32.min, [])
    }

    func setVar(_ name: String, _ value: [UInt8]) -> Int32 { ioctl(263, set: true, ascii(name) + [0] + value).0 }
    func getVar(_ name: String, _ size: Int) -> (Int32, [UInt8]) {
        let (st, r) = ioctl(262, set: false, ascii(name) + [0] + [UInt8](repeating: 0, count: size))
        return (st, Array(r.prefix(size)))
    }
    func setU32(_ cmd: UInt32, _ v: UInt32) -> Int32 { ioctl(cmd, set: true, le32Bytes(v)).0 }

    /// The WHD-style bring-up ioctls (§7.2) and an all-events mask.
    func firmwareUp() {
        var clm = SyntheticFirmware.clm()
        var first = true
        while !clm.isEmpty {
            let n = min(1024, clm.count)
            let chunk = Array(clm[0..<n]); clm.removeFirst(n)
            let flag: UInt16 = 0x1000 | (first ? 0x2 : 0) | (clm.isEmpty ? 0x4 : 0)
            first = false
            _ = setVar("clmload", le16Bytes(flag) + le16Bytes(2) + le32Bytes(UInt32(n)) + le32Bytes(0) + chunk)
        }
        _ = setVar("bus:txglom", le32Bytes(0))
        _ = setVar("apsta", le32Bytes(1))
        _ = setVar("bsscfg:event_msgs", le32Bytes(0) + [UInt8](repeating: 0xFF, count: 24))
        _ = ioctl(2, set: true, [])
    }

    /// §7.3 WPA2-AES-PSK with a passphrase (flags 1).
    func configure(wsec: UInt32, wpaAuth: UInt32, auth: UInt32 = 0, passphrase: String? = nil, sae: String? = nil) {
        _ = setU32(134, wsec)
        _ = setVar("bsscfg:sup_wpa", le32Bytes(0) + le32Bytes(wpaAuth != 0 ? 1 : 0))
        if let p = passphrase {
            let k = ascii(p)
            _ = ioctl(268, set: true, le16Bytes(UInt16(k.count)) + le16Bytes(1) + k + [UInt8](repeating: 0, count: 64 - k.count))
        }
        if let s = sae {
            let k = ascii(s)
            _ = setVar("sae_password", le16Bytes(UInt16(k.count)) + k + [UInt8](repeating: 0, count: 128 - k.count))
        }
        _ = setU32(20, 1)
        _ = setU32(22, auth)
        _ = setU32(165, wpaAuth)
    }

    func join(_ ssid: String) -> Int32 {
        let s = ascii(ssid)
        return ioctl(26, set: true, le32Bytes(UInt32(s.count)) + s + [UInt8](repeating: 0, count: 32 - s.count)).0
    }

    /// Advances the chip's clock and drains what it produced.
    func run(_ d: Duration) {
        chip.advance(to: chip.now + d)
        drain()
    }
}
