// Fuzz target: IPv4 header (checksum, fragments, lengths), then ICMP or UDP on its payload.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let ip = try? IPv4Header(parsing: bytes) else { return 0 }
    precondition(ip.payload.upperBound <= size && ip.payload.lowerBound >= 20, "IPv4 payload out of bounds")
    let payload = UnsafeRawBufferPointer(rebasing: bytes[ip.payload])
    switch ip.protocolNumber {
    case .icmp: _ = try? IcmpMessage(parsing: payload)
    case .udp: _ = try? UdpDatagram(parsing: payload, source: ip.source, destination: ip.destination)
    default: break
    }
    return 0
}
