import Testing
import CAllocCount
@testable import Net
import Runtime

/// What this thread allocated while `body` ran (the CAllocCount interposer counts per thread).
func allocations(during body: () throws -> Void) rethrows -> (allocations: UInt64, frees: UInt64) {
    var before = alloc_count(), after = alloc_count()
    alloc_count_read(&before)
    try body()
    alloc_count_read(&after)
    return (after.allocations - before.allocations, after.frees - before.frees)
}

/// A frame sink that keeps the last frames in storage allocated up front, so delivering to
/// it costs no allocation of its own.
final class FixedFrameSink: FrameSink {
    var frames: [[UInt8]] = Array(repeating: [UInt8](repeating: 0, count: 1600), count: 4)
    var lengths = [Int](repeating: 0, count: 4)
    var count = 0
    var dropped = 0
    func transmit(_ frame: UnsafeRawBufferPointer) {
        guard count < frames.count, frame.count <= 1600 else { dropped += 1; return }
        frames[count].withUnsafeMutableBytes { $0.copyMemory(from: frame) }
        lengths[count] = frame.count
        count += 1
    }
    func drain(into interface: Interface, now: Instant) {
        for i in 0..<count { frames[i].withUnsafeBytes { interface.receive(frame: UnsafeRawBufferPointer(rebasing: $0[0..<lengths[i]]), now: now) } }
        count = 0
    }
}

@Suite struct ZeroAllocationTests {
    @Test func theCounterSeesAnAllocation() {
        #expect(alloc_count_active() == 1, "the CAllocCount interposer is not this process's malloc")
        var kept = 0
        let n = allocations {
            let a = [UInt8](repeating: 1, count: 100 + kept)
            kept = a.count
        }
        #expect(kept == 100)
        #expect(n.allocations >= 1 && n.frees == n.allocations, "\(n)")
    }

    /// What a harness brackets as simulated hardware is counted apart, not as the device's.
    @Test func anExcludedScopeCountsApart() {
        var before = alloc_count(), after = alloc_count(), hwBefore = alloc_count(), hwAfter = alloc_count()
        alloc_count_read(&before); alloc_count_read_excluded(&hwBefore)
        var kept = 0
        alloc_count_exclude_begin()
        let a = [UInt8](repeating: 1, count: 100 + kept)
        kept = a.count
        alloc_count_exclude_end()
        alloc_count_read(&after); alloc_count_read_excluded(&hwAfter)
        #expect(kept == 100)
        #expect(after.allocations == before.allocations)
        #expect(hwAfter.allocations > hwBefore.allocations)
    }

    /// Established connection, steady state: a data frame arrives, the app reads it into its
    /// own buffer, the stack acknowledges. None of that may allocate (in this debug build
    /// too, where unspecialised generics allocate: three for-in loops over the socket list
    /// cost 3 allocations per frame before they became index loops).
    @Test func aReceivedDataFrameAllocatesNothing() throws {
        let sinkA = FixedFrameSink()
        let toA = TcpInterfacePair.Wire()
        let mask = IPv4Address(255, 255, 255, 0)
        let a = Interface(config: .init(mac: TcpInterfacePair.macA), sink: sinkA)
        let b = Interface(config: .init(mac: TcpInterfacePair.macB), sink: toA)
        var now = Instant.zero
        a.setIPv4Config(IPv4Config(address: TcpInterfacePair.ipA, netmask: mask), now: now)
        b.setIPv4Config(IPv4Config(address: TcpInterfacePair.ipB, netmask: mask), now: now)
        let client = TcpSocket(seed: 3), server = TcpSocket(seed: 4)
        a.addTcpSocket(client); b.addTcpSocket(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpInterfacePair.ipB, port: 3360), localPort: 3353, now: now)
        func settle() {
            for _ in 0..<50 {
                a.poll(now: now); b.poll(now: now)
                sinkA.drain(into: b, now: now)
                for f in toA.queue { f.withUnsafeBytes { a.receive(frame: $0, now: now) } }
                toA.queue.removeAll()
                now = now + .milliseconds(1)
            }
        }
        settle()
        #expect(client.state == .established)
        _ = server.accept()
        var buffer = [UInt8](repeating: 0, count: 256)
        var perFrame: [(UInt64, UInt64)] = []
        for round in 0..<8 {
            _ = try server.send([UInt8](repeating: UInt8(round), count: 20 + round))
            b.poll(now: now)
            #expect(toA.queue.count == 1)
            let frame = toA.queue.removeFirst()
            var got = 0
            let n = try allocations {
                frame.withUnsafeBytes { a.receive(frame: $0, now: now) }
                got = try buffer.withUnsafeMutableBytes { try client.receive(into: $0) }
                now = now + .milliseconds(250)   // past the delayed-ACK timer
                a.poll(now: now)
            }
            #expect(got == 20 + round)
            #expect(sinkA.count >= 1, "no ACK")
            sinkA.drain(into: b, now: now)
            if round >= 2 { perFrame.append(n) }   // after start-up: the first frames may grow tables
        }
        #expect(perFrame.allSatisfy { $0.0 == 0 && $0.1 == 0 },
                "allocations/frees per received frame in steady state: \(perFrame)")
    }
}
