import Glibc
import Runtime

/// `Runtime.LogSink` that writes each completed line to stdout (`write(2)` on fd 1).
public final class StdoutLogSink: LogSink {
    private var line: [UInt8] = []
    public init() {}
    public func write(_ byte: UInt8) {
        line.append(byte)
        if byte == 0x0A {
            line.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) }
            line.removeAll(keepingCapacity: true)
        }
    }
}
