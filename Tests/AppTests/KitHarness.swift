import Runtime
import Boards
import App
import SimKit
import Simulation
import Testing

/// Builds a simulated kit with a captured serial log, and collects what the app received.
final class KitHarness: AppDataSink {
    let lines = LineBuffer()
    let kit: any Kit
    /// The example's greeting, which the echo server sends back on every connection.
    let greeting: [UInt8]
    var received: [UInt8: [UInt8]] = [:]

    init(board: BoardConfig? = nil, configure: (inout KitOptions) -> Void = { _ in }) throws {
        var o = KitOptions(board: try board ?? Boards.default)
        configure(&o)
        greeting = AppSettings(board: o.board).greeting.withUTF8Buffer { Array($0) }
        kit = try makeKit(o, log: Log(lines))
        kit.dataSink = self
    }

    func received(slot: UInt8, bytes: UnsafeRawBufferPointer) { received[slot, default: []] += Array(bytes) }

    /// The serial log as text lines.
    var log: [String] { lines.lines.map { String(decoding: $0, as: UTF8.self) } }

    func contains(_ s: String) -> Bool { log.contains { $0.contains(s) } }

    /// What slot 0 received, with the echo server's copies of the app's greeting (one per
    /// connection) taken out wherever they fall between messages.
    var messagesReceived: [UInt8] {
        let got = received[0] ?? []
        var out: [UInt8] = [], i = 0
        while i < got.count {
            if got.count - i >= greeting.count && Array(got[i..<(i + greeting.count)]) == greeting { i += greeting.count }
            else { out.append(got[i]); i += 1 }
        }
        return out
    }

    /// The kit is back where it belongs: asleep, every connection offloaded, and the
    /// server's `messages` arrived whole, in order, exactly once.
    func expectRecovered(_ messages: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(kit.phase == .suspended, sourceLocation: sourceLocation)
        #expect(kit.offloadActive && kit.steady, sourceLocation: sourceLocation)
        #expect(kit.sockets.allSatisfy { $0.state == .established }, sourceLocation: sourceLocation)
        #expect(messagesReceived == messages.flatMap { $0 }, sourceLocation: sourceLocation)
        let p = kit.result().power
        for r in [HostWakeReason.other, .timer, .spurious] {
            #expect(p.wakeups(r) == 0, "\(r) wakes", sourceLocation: sourceLocation)
        }
    }
}
