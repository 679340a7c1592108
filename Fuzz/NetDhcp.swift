// Fuzz target: DHCP message parse; a parsed message re-emitted (with its own option
// bodies) must parse back to the same fields.
import Net
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard var m = try? DhcpMessage(parsing: bytes) else { return 0 }
    func body(_ r: Range<Int>?) -> UnsafeRawBufferPointer {
        guard let r else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        precondition(r.upperBound <= size, "option range out of bounds")
        return UnsafeRawBufferPointer(rebasing: bytes[r])
    }
    let prl = body(m.parameterRequestList), cid = body(m.clientIdentifier), host = body(m.hostName)
    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 1)
    defer { out.deallocate() }
    let n = try! m.emit(into: out, parameterRequestList: prl, clientIdentifier: cid, hostName: host)
    var again = try! DhcpMessage(parsing: UnsafeRawBufferPointer(rebasing: out[0..<n]))
    // Empty variable-length options are not emitted; ranges differ by position.
    func same(_ a: Range<Int>?, _ b: Range<Int>?, _ buf: UnsafeRawBufferPointer) -> Bool {
        let x = a.map { Array(bytes[$0]) } ?? [], y = b.map { Array(buf[$0]) } ?? []
        return x == y
    }
    let emitted = UnsafeRawBufferPointer(rebasing: out[0..<n])
    precondition(same(m.parameterRequestList, again.parameterRequestList, emitted), "option 55 differs")
    precondition(same(m.clientIdentifier, again.clientIdentifier, emitted), "option 61 differs")
    precondition(same(m.hostName, again.hostName, emitted), "option 12 differs")
    m.parameterRequestList = nil; m.clientIdentifier = nil; m.hostName = nil
    again.parameterRequestList = nil; again.clientIdentifier = nil; again.hostName = nil
    precondition(again == m, "DHCP round trip differs")
    return 0
}
