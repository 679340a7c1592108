import CYW43
import Runtime

/// Emits into a 0xA5-prefilled buffer of `count` bytes (house style §11) and returns it.
func emitted(_ count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
    var out = [UInt8](repeating: 0xA5, count: count)
    out.withUnsafeMutableBytes { body($0) }
    return out
}

/// Never stores a bus transaction; for tests that only feed `dispatch`.
final class NullTransport: GSPITransport {
    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
        for i in 0..<read.count { read[i] = 0 }
    }
}

func lines(_ buffer: LineBuffer) -> [String] { buffer.lines.map { String(decoding: $0, as: UTF8.self) } }

/// A synthetic resource set: tiny images so transcripts stay reviewable.
func syntheticResources(firmwareSize: Int = 200, clmSize: Int = 100) -> MemoryResources {
    // A pattern, then the trailer every real image ends with (docs/cyw43-bus.md §3.5: text,
    // NUL, u16 text length, 16-byte DVID record), which the driver checks before download.
    let text = Array("fake-roml/test Version: 0.0.0 (fake)".utf8)
    let trailer: [UInt8] = [0] + text + [0, UInt8(text.count), 0] + Array("DVID 01-00000000".utf8)
    let fw = (0..<(firmwareSize - trailer.count)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) } + trailer
    let nvram = NVRAMImage.binary(fromText: Array("# test board\nNVRAMRev=$Rev$\nmanfid=0x2d0\nboardflags=0x00404001\n".utf8))
    let clm = (0..<clmSize).map { UInt8(truncatingIfNeeded: $0 &+ 0x40) }
    return MemoryResources(firmware: fw, nvram: nvram, clm: clm)
}
