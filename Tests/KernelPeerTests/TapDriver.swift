import Foundation
import Glibc
import Net
import Runtime

/// Our stack on a TAP fd, on the real monotonic clock: frames out through `FrameSink`
/// (with optional loss injection), frames in by `pump`.
final class TapDriver: FrameSink {
    let fd: Int32
    /// Set right after init (the interface needs `self` as its sink). The interface and
    /// the driver keep each other alive: call `detach()` when done.
    private(set) var iface: Interface!
    private let origin: timespec
    /// Our TCP segments that carried data, counted as they are offered to the TAP.
    private(set) var dataSegmentsOut = 0
    /// Indexes (0-based, in `dataSegmentsOut` order) of data segments to drop once.
    var dropDataSegments: Set<Int> = []
    private(set) var dropped = 0
    private(set) var framesIn = 0
    /// TCP segments received from the kernel (header only), in arrival order.
    private(set) var tcpIn: [TcpSegment] = []
    private(set) var framesOut = 0

    init(fd: Int32, mac: MACAddress) {
        self.fd = fd
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        origin = t
        var config = Interface.Config(mac: mac)
        config.randomSeed = UInt64(truncatingIfNeeded: t.tv_nsec)
        iface = Interface(config: config, sink: self)
    }

    func detach() { iface = nil }

    var now: Instant {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        let us = (Int64(t.tv_sec) - Int64(origin.tv_sec)) * 1_000_000 + (Int64(t.tv_nsec) - Int64(origin.tv_nsec)) / 1000
        return Instant(microseconds: UInt64(max(us, 0)))
    }

    func transmit(_ frame: UnsafeRawBufferPointer) {
        if Self.tcpPayloadLength(frame) > 0 {
            let index = dataSegmentsOut
            dataSegmentsOut += 1
            if dropDataSegments.contains(index) { dropped += 1; return }
        }
        framesOut += 1
        _ = write(fd, frame.baseAddress, frame.count)
    }

    /// Writes a frame straight onto the TAP, bypassing the interface (the "firmware").
    func inject(_ frame: [UInt8]) {
        _ = frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private func recordTcp(_ f: UnsafeRawBufferPointer) {
        guard f.count >= 54, f[12] == 0x08, f[13] == 0x00, f[23] == 6 else { return }
        let ihl = Int(f[14] & 0x0F) * 4
        let total = Int(f[16]) << 8 | Int(f[17])
        guard total >= ihl, 14 + total <= f.count else { return }
        if let seg = try? TcpSegment(parsing: UnsafeRawBufferPointer(rebasing: f[(14 + ihl)..<(14 + total)])) {
            tcpIn.append(seg)
        }
    }

    /// TCP payload bytes of an Ethernet/IPv4/TCP frame (0 for anything else).
    static func tcpPayloadLength(_ f: UnsafeRawBufferPointer) -> Int {
        guard f.count >= 54, f[12] == 0x08, f[13] == 0x00, f[23] == 6 else { return 0 }
        let ihl = Int(f[14] & 0x0F) * 4
        let total = Int(f[16]) << 8 | Int(f[17])
        guard f.count >= 14 + ihl + 13 else { return 0 }
        let dataOffset = Int(f[14 + ihl + 12] >> 4) * 4
        return max(total - ihl - dataOffset, 0)
    }

    /// Runs the stack until `done()` or `timeout`, reading frames as they come.
    @discardableResult
    func pump(timeout: Duration, _ done: () -> Bool = { false }) -> Bool {
        let end = now + timeout
        var frame = [UInt8](repeating: 0, count: 2048)
        while true {
            iface.poll(now: now)
            if done() { return true }
            let t = now
            if t >= end { return false }
            var waitMs: Int32 = 20
            if let next = iface.pollAt(now: t) {
                let d = next > t ? (next - t).milliseconds : 0
                waitMs = Int32(min(max(d, 0), 20))
            }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&p, 1, waitMs)
            while true {
                let n = frame.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                framesIn += 1
                frame.withUnsafeBytes { recordTcp(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                frame.withUnsafeBytes { iface.receive(frame: UnsafeRawBufferPointer(rebasing: $0[0..<n]), now: now) }
            }
        }
    }
}
