// Fuzz target: ICMP message parse (checksum over the whole message), emit round trip.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let m = try? IcmpMessage(parsing: bytes) else { return 0 }
    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { out.deallocate() }
    out.copyMemory(from: bytes)
    try! m.emit(into: out)
    let again = try! IcmpMessage(parsing: UnsafeRawBufferPointer(out))
    precondition(again == m, "ICMP round trip differs")
    return 0
}
