import Runtime
import Boards
import App
import SimKit
import Simulation

/// Builds a simulated kit with a captured serial log, and collects what the app received.
final class KitHarness: AppDataSink {
    let lines = LineBuffer()
    let kit: any Kit
    var received: [UInt8: [UInt8]] = [:]

    init(board: BoardConfig? = nil, configure: (inout KitOptions) -> Void = { _ in }) throws {
        var o = KitOptions(board: try board ?? Boards.default)
        configure(&o)
        kit = try makeKit(o, log: Log(lines))
        kit.dataSink = self
    }

    func received(slot: UInt8, bytes: UnsafeRawBufferPointer) { received[slot, default: []] += Array(bytes) }

    /// The serial log as text lines.
    var log: [String] { lines.lines.map { String(decoding: $0, as: UTF8.self) } }

    func contains(_ s: String) -> Bool { log.contains { $0.contains(s) } }
}
