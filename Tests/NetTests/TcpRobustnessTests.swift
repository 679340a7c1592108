import Testing
@testable import Net
import Runtime

/// Bad input from the network never traps: random bytes through the parser, and random
/// (valid-checksum) segments into a live connection.
@Suite struct TcpRobustnessTests {
    @Test func randomBytesNeverTrapTheParser() {
        var rng = SeededRandom(seed: 0xBAD5EED)
        var parsed = 0
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 80)
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if n > 12 && rng.next() % 2 == 0 { bytes[12] = UInt8(5 + rng.next() % 11) << 4 }
            let ok = bytes.withUnsafeBytes { b -> Bool in
                guard let seg = try? TcpSegment(parsing: b) else { return false }
                // Every range the parser hands out lies inside the buffer.
                #expect(seg.payload.lowerBound >= 20 && seg.payload.upperBound == b.count)
                return true
            }
            if ok { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    @Test func randomSegmentsNeverTrapAConnection() throws {
        var rng = SeededRandom(seed: 42)
        for round in 0..<50 {
            let script = TcpScript.established()
            let s = script.socket
            _ = try s.send(Array("data".utf8))
            var time: UInt64 = 1
            for _ in 0..<200 {
                let near = rng.next() % 2 == 0
                let seq = near ? 5001 &+ UInt32(truncatingIfNeeded: rng.next() % 64) &- 32 : UInt32(truncatingIfNeeded: rng.next())
                let ack = near ? 1001 &+ UInt32(truncatingIfNeeded: rng.next() % 16) &- 8 : UInt32(truncatingIfNeeded: rng.next())
                let flags = TcpFlags(rawValue: UInt8(truncatingIfNeeded: rng.next()))
                let payload = (0..<Int(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                script.send(time: time, seq: seq, ack: flags.contains(.ack) ? ack : nil, flags: flags.subtracting(.ack),
                            window: UInt16(truncatingIfNeeded: rng.next()), payload: payload)
                _ = script.recv(time: time)
                _ = try? s.receive()
                time += rng.next() % 3000
                if s.state == .closed { break }
            }
            // Whatever happened, the socket is in a consistent state and can be polled.
            _ = s.pollAt(now: tms(time))
            #expect(s.sendQueueCount <= 4096 && s.receiveQueueCount <= 4096, "round \(round)")
        }
    }
}
