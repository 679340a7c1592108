import Net
import Runtime

/// Runs `body` over `bytes[range]` as a raw buffer.
func withBytes<R>(_ bytes: [UInt8], _ range: Range<Int>? = nil, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try bytes.withUnsafeBytes { all in
        try body(UnsafeRawBufferPointer(rebasing: all[range ?? 0..<all.count]))
    }
}

/// A 0xA5-prefilled buffer of `count` bytes handed to `body` (so a field the emitter
/// forgets shows up as 0xA5); returns the buffer.
func emitted(_ count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows -> [UInt8] {
    var out = [UInt8](repeating: 0xA5, count: count)
    try out.withUnsafeMutableBytes { try body($0) }
    return out
}

/// Every strict prefix of `bytes` shorter than `count` must throw `.truncated`.
func everyTruncationThrows(_ bytes: [UInt8], upTo count: Int,
                           _ parse: (UnsafeRawBufferPointer) throws(WireError) -> Void) -> Bool {
    for n in 0..<count {
        let ok: Bool = withBytes(bytes, 0..<n) { b in
            do throws(WireError) { try parse(b); return false } catch {
                if case .truncated = error { return true }
                return false
            }
        }
        if !ok { return false }
    }
    return true
}
