// Fuzz target: Ethernet II header, then the ARP or IPv4 parser its EtherType selects.
// Built by scripts/fuzz.sh (see the table there); never part of the package.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let eth = try? EthernetFrame(parsing: bytes) else { return 0 }
    let payload = UnsafeRawBufferPointer(rebasing: bytes[eth.payload])
    switch eth.etherType {
    case .arp: _ = try? ArpPacket(parsing: payload)
    case .ipv4: _ = try? IPv4Header(parsing: payload)
    default: break
    }
    return 0
}
