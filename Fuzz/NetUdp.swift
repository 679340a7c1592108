// Fuzz target: UDP header with the pseudo-header checksum. The first 8 bytes are the
// pseudo-header's source and destination addresses; the rest is the datagram.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 8 else { return 0 }
    let all = UnsafeRawBufferPointer(start: data, count: size)
    let src = IPv4Address(bytes: all, at: 0), dst = IPv4Address(bytes: all, at: 4)
    let bytes = UnsafeRawBufferPointer(rebasing: all[8...])
    guard let u = try? UdpDatagram(parsing: bytes, source: src, destination: dst) else { return 0 }
    precondition(u.data.upperBound <= bytes.count, "UDP data out of bounds")
    return 0
}
