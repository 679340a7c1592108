import Testing
@testable import Net
import Runtime

/// Data transfer and window management (RFC 9293 §3.8.6, RFC 1122 §4.2.3.3), as timed
/// scripts against a client connection: our ISN 1000, the peer's 5000.
@Suite struct TcpDataTests {
    static let hello: [UInt8] = Array("hello".utf8)

    @Test func sendAndAcknowledge() throws {
        let script = TcpScript.established()
        let s = script.socket
        #expect(try s.send(Self.hello) == 5)
        let seg = try #require(script.recvOne(time: 100))
        #expect(seg.flags == [.ack, .psh])
        #expect(seg.seq == 1001 && seg.ack == 5001)
        #expect(seg.payload == Self.hello)
        #expect(s.sendQueueCount == 5)
        #expect(s.counters.bytesOut == 5)
        script.recvNothing(time: 150)
        script.send(time: 200, seq: 5001, ack: 1006)
        #expect(s.sendQueueCount == 0)
        #expect(s.pollAt(now: tms(200)) == nil)
        script.recvNothing(time: 5000)
    }

    @Test func receiveAndAcknowledge() throws {
        let script = TcpScript.established()
        let s = script.socket
        script.send(time: 100, seq: 5001, ack: 1001, payload: Self.hello)
        let ack = try #require(script.recvOne(time: 100))
        #expect(ack.flags == .ack && ack.ack == 5006 && ack.seq == 1001)
        #expect(ack.window == 4096 - 5)
        #expect(s.receiveQueueCount == 5)
        #expect(try s.receive() == Self.hello)
        #expect(try s.receive() == [])
        #expect(s.counters.bytesIn == 5)
    }

    @Test func duplicateAndOutOfOrderDataAreNotDelivered() throws {
        let script = TcpScript.established()
        let s = script.socket
        script.send(time: 100, seq: 5001, ack: 1001, payload: Self.hello)
        _ = script.recv(time: 100)
        // The same segment again (our ACK was lost): ACK again, deliver nothing new.
        script.send(time: 110, seq: 5001, ack: 1001, payload: Self.hello)
        #expect(script.recvOne(time: 110)?.ack == 5006)
        // Overlapping retransmission: only the new tail is taken.
        script.send(time: 120, seq: 5004, ack: 1001, payload: Array("loXY".utf8))
        #expect(script.recvOne(time: 120)?.ack == 5008)
        // A gap: dropped, duplicate ACK (no reassembly queue).
        script.send(time: 130, seq: 5100, ack: 1001, payload: [1, 2, 3])
        #expect(script.recvOne(time: 130)?.ack == 5008)
        #expect(try s.receive() == Array("helloXY".utf8))
        #expect(s.counters.dropped >= 1)
    }

    @Test func segmentsAreBoundedByMssAndWindow() throws {
        let script = TcpScript.established(window: 4000)
        let s = script.socket
        #expect(try s.send([UInt8](repeating: 7, count: 4096)) == 4096)
        let first = script.recv(time: 100)
        // MSS 1460 (peer's SYN), window 4000: 1460 + 1460 + 1080.
        #expect(first.map(\.payload.count) == [1460, 1460, 1080])
        #expect(first.map(\.seq) == [1001, 2461, 3921])
        #expect(first.last?.flags == .ack)      // not the end of the queue: no PSH
        script.recvNothing(time: 110)
        // The ACK opens the window again: the last 96 bytes go out with PSH.
        script.send(time: 150, seq: 5001, ack: 5001, window: 4000)
        let rest = try #require(script.recvOne(time: 150))
        #expect(rest.payload.count == 96 && rest.flags == [.ack, .psh])
    }

    @Test func sendBufferFullReturnsZero() throws {
        let script = TcpScript.established(sendCapacity: 10)
        #expect(try script.socket.send([UInt8](repeating: 1, count: 25)) == 10)
        #expect(try script.socket.send([1]) == 0)
        #expect(script.socket.sendCapacityLeft == 0)
    }

    @Test func zeroReceiveWindowAndWindowUpdate() throws {
        let script = TcpScript.established(receiveCapacity: 100)
        let s = script.socket
        script.send(time: 100, seq: 5001, ack: 1001, payload: [UInt8](repeating: 9, count: 100))
        let full = try #require(script.recvOne(time: 100))
        #expect(full.ack == 5101 && full.window == 0)
        // The peer's zero-window probe (one byte): not accepted, answered with window 0.
        script.send(time: 200, seq: 5101, ack: 1001, payload: [1])
        let probeAck = try #require(script.recvOne(time: 200))
        #expect(probeAck.ack == 5101 && probeAck.window == 0)
        #expect(s.receiveQueueCount == 100)
        // Reading 10 bytes is below min(MSS, capacity/2): no update yet (receiver SWS).
        #expect(try s.receive(max: 10).count == 10)
        script.recvNothing(time: 300)
        // ... and a probe is still answered with window 0: the right edge does not creep
        // forward by 10 bytes (no silly window).
        script.send(time: 305, seq: 5101, ack: 1001, payload: [1])
        #expect(script.recvOne(time: 305)?.window == 0)
        // Reading the rest reopens the window: a window update goes out.
        #expect(try s.receive().count == 90)
        let update = try #require(script.recvOne(time: 310))
        #expect(update.ack == 5101 && update.window == 100)
    }

    @Test func bareFinPassesAZeroWindow() throws {
        let script = TcpScript.established(receiveCapacity: 10)
        script.send(time: 100, seq: 5001, ack: 1001, payload: [UInt8](repeating: 1, count: 10))
        #expect(script.recvOne(time: 100)?.window == 0)
        script.send(time: 200, seq: 5011, ack: 1001, flags: .fin)
        #expect(script.socket.state == .closeWait)
        #expect(script.recvOne(time: 200)?.ack == 5012)
    }

    @Test func zeroWindowProbeWithBackoff() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send(Self.hello)
        _ = script.recv(time: 0)
        // The peer acknowledges but closes its window.
        script.send(time: 50, seq: 5001, ack: 1006, window: 0)
        _ = try s.send(Array("world".utf8))
        script.recvNothing(time: 60)
        // Persist timer: one RTO (1 s) after data waited for a zero window, a one-byte probe.
        #expect(s.pollAt(now: tms(60)) == tms(1060))
        script.recvNothing(time: 1059)
        let probe = try #require(script.recvOne(time: 1060))
        #expect(probe.seq == 1006 && probe.payload == Array("w".utf8))
        #expect(s.counters.windowProbes == 1)
        // Still closed: the byte is not taken; the next probe comes after 2 s (backoff).
        script.send(time: 1070, seq: 5001, ack: 1006, window: 0)
        script.recvNothing(time: 3059)
        let probe2 = try #require(script.recvOne(time: 3060))
        #expect(probe2.seq == 1006 && probe2.payload.count == 1)
        script.send(time: 3070, seq: 5001, ack: 1006, window: 0)
        script.recvNothing(time: 7059)
        #expect(script.recvOne(time: 7060)?.payload.count == 1)
        // The window opens: the peer takes the probe byte; the rest follows at once.
        script.send(time: 7070, seq: 5001, ack: 1007, window: 1000)
        let rest = try #require(script.recvOne(time: 7070))
        #expect(rest.seq == 1007 && rest.payload == Array("orld".utf8))
        script.send(time: 7080, seq: 5001, ack: 1011, window: 1000)
        #expect(s.sendQueueCount == 0)
        #expect(s.state == .established)
    }

    @Test func dataBothWaysOverALink() throws {
        let link = TcpLink()
        let client = TcpSocket(seed: 1), server = TcpSocket(seed: 2)
        link.a.add(client); link.b.add(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpLink.ipB, port: 3360), localPort: 3353, now: link.now)
        link.run(for: .seconds(1))
        #expect(client.state == .established && server.state == .established)
        #expect(server.accept() == TcpEndpoint(address: TcpLink.ipA, port: 3353))
        _ = try client.send(Array("ping".utf8))
        link.run(for: .seconds(1))
        #expect(try server.receive() == Array("ping".utf8))
        _ = try server.send(Array("pong".utf8))
        link.run(for: .seconds(1))
        #expect(try client.receive() == Array("pong".utf8))
        #expect(client.counters.retransmissions == 0 && server.counters.retransmissions == 0)
    }

    @Test func bulkTransferLargerThanTheWindow() throws {
        // 20 000 bytes through a 2 KiB receive window; the reader drains every 5 ms.
        let link = TcpLink(delay: .milliseconds(5))
        let client = TcpSocket(sendCapacity: 4096, seed: 1)
        let server = TcpSocket(receiveCapacity: 2048, seed: 2)
        link.a.add(client); link.b.add(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpLink.ipB, port: 3360), localPort: 3353, now: link.now)
        link.run(for: .milliseconds(100))
        let message = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var offset = 0
        var received: [UInt8] = []
        var rounds = 0
        while received.count < message.count && rounds < 10_000 {
            rounds += 1
            if offset < message.count {
                offset += try client.send(Array(message[offset..<min(offset + 1000, message.count)]))
            }
            link.run(for: .milliseconds(5))
            received += try server.receive()
        }
        #expect(received == message)
        #expect(client.counters.retransmissions == 0)
        #expect(client.counters.bytesOut == 20_000)
        #expect(server.counters.bytesIn == 20_000)
        // The window really limited the sender: no segment exceeded what was advertised.
        #expect(link.log.filter { $0.fromA }.allSatisfy { $0.segment.payload.count <= 2048 })
    }
}
