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
    /// Also gets every line, printed or not (`--log`).
    var recorder: LogRecorder?
    private var current: [UInt8] = []

    init(prefix: String = "", enabled: Bool = true, recorder: LogRecorder? = nil) {
        self.prefix = prefix; self.enabled = enabled; self.recorder = recorder
    }

    func write(_ byte: UInt8) {
        guard byte == 0x0A else { current.append(byte); return }
        let line = prefix + String(decoding: current, as: UTF8.self)
        recorder?.append(line: line)
        if enabled && printed < limit {
            print(line)
            printed += 1
        } else {
            suppressed += 1
        }
        current.removeAll(keepingCapacity: true)
    }
}
