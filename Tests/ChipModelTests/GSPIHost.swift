import Runtime
@testable import ChipModel

/// A gSPI host in WHD's mode (LE 32-bit, delay 4, no status word) doing WHD's bring-up
/// (docs/cyw43-bus.md §1.9, §3.5) with hand-built commands.
final class GSPIHost {
    let chip: ChipModel
    init(_ timing: ChipTiming = ChipTiming()) {
        chip = ChipModel(chip: .cyw43439, bus: .gspi, timing: timing)
        _ = spi(chip, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xA3, 0x00, 0x02], read: 0)   // 0x000204A3
    }
    func write(_ fn: UInt32, _ addr: UInt32, _ data: [UInt8]) {
        var d = data
        while d.count % 4 != 0 { d.append(0) }
        _ = spi(chip, le32Bytes(gspiCommand(write: true, function: fn, address: addr, length: UInt32(data.count))) + d, read: 0)
    }
    func read(_ fn: UInt32, _ addr: UInt32, _ n: Int) -> [UInt8] {
        let pad = fn == 1 ? 4 : 0
        let r = spi(chip, le32Bytes(gspiCommand(write: false, function: fn, address: addr, length: UInt32(n))), read: pad + ((n + 3) & ~3))!
        return Array(r[pad..<(pad + n)])
    }
    func bpWrite(_ a: UInt32, _ data: [UInt8]) {
        write(1, 0x1000A, [UInt8(a >> 8 & 0x80)])
        write(1, 0x1000B, [UInt8(a >> 16 & 0xFF)])
        write(1, 0x1000C, [UInt8(a >> 24)])
        write(1, (a & 0x7FFF) | (data.count == 4 ? 0x8000 : 0), data)
    }
    func status() -> UInt32 { le32(read(0, 0x08, 4), 0) }
}
