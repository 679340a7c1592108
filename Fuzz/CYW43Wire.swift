// Fuzz target (Fuzz/README.md): the CYW43 wire formats with round trips. Byte 0 picks
// the format (SDPCM §4.1, CDC §5.1, BDC §5.3, event §6.1, NVRAM text §3.5), the rest is
// the input. On a successful parse, emit into a copy, re-parse and require the same value.
// Seeds: Fuzz/corpus/CYW43Wire/.
import CYW43
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var copy = Array(input)
    switch data[0] % 5 {
    case 0:
        guard let h = try? SDPCMHeader(parsing: input) else { return 0 }
        copy.withUnsafeMutableBytes { h.emit(into: $0) }
        let again = copy.withUnsafeBytes { try? SDPCMHeader(parsing: $0) }
        precondition(again == h, "SDPCM round trip")
    case 1:
        guard let h = try? CDCHeader(parsing: input) else { return 0 }
        copy.withUnsafeMutableBytes { h.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? CDCHeader(parsing: $0) } == h, "CDC round trip")
    case 2:
        guard let h = try? BDCHeader(parsing: input) else { return 0 }
        copy.withUnsafeMutableBytes { h.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? BDCHeader(parsing: $0) } == h, "BDC round trip")
    case 4:
        // NVRAM text file -> binary image: NUL-terminated lines, an extra NUL, padded to 4.
        let image = NVRAMImage.binary(fromText: input)
        precondition(image.count % 4 == 0 && image.last == 0 && !image.contains(0x0A), "NVRAM image form")
        precondition(image.count <= input.count + 5, "NVRAM image grew beyond its text")
    default:
        guard let e = try? EventMessage(parsing: input) else { return 0 }
        copy.withUnsafeMutableBytes { e.emit(into: $0, dataLength: e.data.count) }
        precondition(copy.withUnsafeBytes { try? EventMessage(parsing: $0) } == e, "event round trip")
    }
    return 0
}
