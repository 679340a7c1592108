import Runtime
@testable import ChipModel

// Test-side hosts that speak the bus protocols from docs/cyw43-bus.md directly, byte by byte.
// They build every frame from the reference layouts (§1.1, §2.3, §4.1, §5.1, §5.3), never
// with the model's own emitters.

/// gSPI command word (§1.1): write<<31 | incr<<30 | fn<<28 | addr<<11 | len.
func gspiCommand(write: Bool, incrementing: Bool = true, function: UInt32, address: UInt32, length: UInt32) -> UInt32 {
    (write ? 1 << 31 : 0) | (incrementing ? 1 << 30 : 0) | (function & 3) << 28 | (address & 0x1FFFF) << 11 | (length & 0x7FF)
}

func le32Bytes(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
func le16Bytes(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
    UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
}
func le16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
    UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
}
func be16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) << 8 | UInt16(b[at + 1]) }
func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Raw transaction: bytes out, `readCount` bytes in.
func spi(_ chip: ChipModel, _ write: [UInt8], read readCount: Int) -> [UInt8]? {
    var rx = [UInt8](repeating: 0xA5, count: readCount)
    let ok = write.withUnsafeBytes { w in rx.withUnsafeMutableBytes { r in chip.spiTransact(write: w, read: r) } }
    return ok ? rx : nil
}

/// A parsed frame the host read from F2.
struct RxFrame {
    var bytes: [UInt8]
    var length: Int { Int(le16(bytes, 0)) }
    var sequence: UInt8 { bytes[4] }
    var channel: UInt8 { bytes[5] & 0x0F }
    var dataOffset: Int { Int(bytes[7]) }
    var credit: UInt8 { bytes[9] }
    var payload: [UInt8] { Array(bytes[dataOffset..<length]) }
}

/// A firmware event as the host decodes it (§6.1), big-endian fields.
struct RxEvent: Equatable, CustomStringConvertible {
    var type: UInt32, status: UInt32, reason: UInt32, flags: UInt16
    var description: String { "E(\(type), st \(status), rs \(reason), fl \(flags))" }
    static func parse(_ payload: [UInt8]) -> (RxEvent, authType: UInt32, data: [UInt8])? {
        let o = 4 + 4 * Int(payload[3])   // BDC header + data offset words (§5.3)
        guard payload.count >= o + 72, be16(payload, o + 12) == 0x886C,
              payload[o + 19] == 0x00, payload[o + 20] == 0x10, payload[o + 21] == 0x18 else { return nil }
        let e = RxEvent(type: be32(payload, o + 28), status: be32(payload, o + 32),
                        reason: be32(payload, o + 36), flags: be16(payload, o + 26))
        let n = Int(be32(payload, o + 44))
        return (e, be32(payload, o + 40), Array(payload[(o + 72)..<(o + 72 + n)]))
    }
}

/// Builds an SDPCM frame (§4.1) with a CDC header (§5.1) or BDC header (§5.3).
enum HostFrames {
    static func sdpcm(seq: UInt8, channel: UInt8, dataOffset: Int, payload: [UInt8]) -> [UInt8] {
        let len = UInt16(dataOffset + payload.count)
        var f = le16Bytes(len) + le16Bytes(~len)
        f += [seq, channel, 0, UInt8(dataOffset), 0, 0, 0, 0]
        f += [UInt8](repeating: 0, count: dataOffset - 12)
        return f + payload
    }
    static func control(seq: UInt8, cmd: UInt32, set: Bool, id: UInt16, buffer: [UInt8]) -> [UInt8] {
        let flags = UInt32(id) << 16 | (set ? 2 : 0)
        let cdc = le32Bytes(cmd) + le32Bytes(UInt32(buffer.count)) + le32Bytes(flags) + le32Bytes(0)
        return sdpcm(seq: seq, channel: 0, dataOffset: 12, payload: cdc + buffer)
    }
    /// Data: offset 14 (2 pad bytes), BDC {0x20, prio, ifidx, 0} (§8.5).
    static func data(seq: UInt8, ethernet: [UInt8]) -> [UInt8] {
        sdpcm(seq: seq, channel: 2, dataOffset: 14, payload: [0x20, 0, 0, 0] + ethernet)
    }
}

/// Loads the synthetic firmware the way WHD does on a CM3 chip (§3.5) and starts the ARM core,
/// using only backplane reads/writes the caller supplies.
func downloadFirmware(profile: ChipProfile, image: [UInt8], nvram: [UInt8],
                      write: (UInt32, [UInt8]) -> Void) {
    let armWrap = profile.armCoreBase + 0x10_0000
    if profile.armIsCR4 {
        // reset_core(ARM, CPUHALT, CPUHALT): clocked but halted (§3.3, §3.5).
        write(armWrap + 0x800, le32Bytes(1))
        write(armWrap + 0x408, le32Bytes(0x20 | 0x2 | 0x1))
        write(armWrap + 0x800, le32Bytes(0))
        write(armWrap + 0x408, le32Bytes(0x20 | 0x1))
    } else {
        write(armWrap + 0x800, le32Bytes(1))   // disable ARM
    }
    var off = 0
    while off < image.count {
        let n = min(64, image.count - off)
        write(profile.ramBase + UInt32(off), Array(image[off..<(off + n)]))
        off += n
    }
    if profile.armIsCR4 { write(0, Array(image[0..<4])) }   // reset instruction at 0
    let len4 = (nvram.count + 3) & ~3
    let nvAddr = profile.ramBase + profile.ramSize - 4 - UInt32(len4)
    off = 0
    while off < nvram.count {
        let n = min(64, nvram.count - off)
        write(nvAddr + UInt32(off), Array(nvram[off..<(off + n)]))
        off += n
    }
    let words = UInt32(len4 / 4)
    write(profile.ramBase + profile.ramSize - 4, le32Bytes((~words & 0xFFFF) << 16 | words))
    if profile.armIsCR4 {
        write(armWrap + 0x800, le32Bytes(1))
        write(armWrap + 0x408, le32Bytes(0x2 | 0x1))
        write(armWrap + 0x800, le32Bytes(0))
        write(armWrap + 0x408, le32Bytes(0x1))
    } else {
        // reset_device_core: IOCTRL = FGC|CLOCK_EN, RESETCTRL = 0, IOCTRL = CLOCK_EN (§3.3).
        write(armWrap + 0x408, le32Bytes(0x3))
        write(armWrap + 0x800, le32Bytes(0))
        write(armWrap + 0x408, le32Bytes(0x1))
    }
}

/// A recording air: APs to offer and frames the chip transmitted.
final class TestAir: AirMedium {
    var aps: [VirtualAP] = []
    var sent: [[UInt8]] = []
    var associations: [MACAddress?] = []
    func accessPoints() -> [VirtualAP] { aps }
    func transmit(_ frame: [UInt8], from mac: MACAddress) { sent.append(frame) }
    func associationChanged(station: MACAddress, bssid: MACAddress?) { associations.append(bssid) }
}
