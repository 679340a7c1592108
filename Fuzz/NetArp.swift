// Fuzz target: ARP packet parse, then emit + re-parse must give the same packet.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let arp = try? ArpPacket(parsing: bytes) else { return 0 }
    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: ArpPacket.size, alignment: 1)
    defer { out.deallocate() }
    try! arp.emit(into: out)
    let again = try! ArpPacket(parsing: UnsafeRawBufferPointer(out))
    precondition(again == arp, "ARP round trip differs")
    return 0
}
