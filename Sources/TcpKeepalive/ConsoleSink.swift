import Foundation
import Runtime

/// A log sink that prints whole lines to stdout, each with a prefix (the device's serial
/// console has none; the echo server's lines are "[server] ", the air trace "[air] ").
/// Lines are kept or dropped, never split.
final class ConsoleSink: LogSink {
    let prefix: String
    var enabled: Bool
    /// Lines printed and lines suppressed (limit reached or disabled).
    private(set) var printed = 0
    private(set) var suppressed = 0
    var limit = Int.max
    private var current: [UInt8] = []

    init(prefix: String = "", enabled: Bool = true) { self.prefix = prefix; self.enabled = enabled }

    func write(_ byte: UInt8) {
        guard byte == 0x0A else { current.append(byte); return }
        if enabled && printed < limit {
            print(prefix + String(decoding: current, as: UTF8.self))
            printed += 1
        } else {
            suppressed += 1
        }
        current.removeAll(keepingCapacity: true)
    }
}
