// Fuzz target: TCP segment header and options (data offset, option lengths), with and
// without the pseudo-header checksum check.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let seg = try? TcpSegment(parsing: bytes) {
        precondition(seg.payload.lowerBound >= 20 && seg.payload.upperBound <= size, "TCP payload out of bounds")
    }
    _ = try? TcpSegment(parsing: bytes, source: IPv4Address(192, 168, 0, 100), destination: IPv4Address(192, 168, 0, 114))
    return 0
}
