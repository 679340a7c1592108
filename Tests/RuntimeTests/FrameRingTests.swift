import Testing
@testable import Runtime

/// The variable-length frame ring on its own, checked against a plain FIFO model.
@Suite struct FrameRingTests {
    /// Frame `id` of `length` bytes: its bytes say who it is, so a frame read back whole
    /// and in order is the one pushed.
    static func frame(id: Int, length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ id &* 31) }
    }

    static func push(_ ring: inout FrameRing, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { ring.push($0) }
    }

    /// Random pushes (0 ... max length, mostly small as on a real link) and pops: every
    /// frame comes back whole, in order; a refusal only happens when the free bytes are
    /// fewer than twice the frame's footprint (at worst the end of the block is too short
    /// and the start is taken), and an accepted push always had its footprint free; the
    /// byte count never exceeds the capacity and is back to 0 when empty.
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func randomTrafficKeepsOrderAndBytes(seed: UInt64) {
        var ring = FrameRing(capacity: 4_096)
        defer { ring.deallocate() }
        var rng = SplitMix(seed: seed)
        var model: [[UInt8]] = []
        var refused = 0, accepted = 0, wrappedPops = 0
        for step in 0..<20_000 {
            if rng.next() % 5 < 3 {
                let r = rng.next()
                let length = r % 4 == 0 ? Int(r >> 8) % (ring.maxFrameLength + 1) : Int(r >> 8) % 100
                let bytes = Self.frame(id: step, length: length)
                let free = ring.capacity - ring.bytesUsed
                let need = FrameRing.footprint(of: length)
                if Self.push(&ring, bytes) {
                    #expect(free >= need)
                    model.append(bytes)
                    accepted += 1
                } else {
                    #expect(free < 2 * need, "refused \(length) B with \(free) B free")
                    refused += 1
                }
            } else if let f = ring.first {
                #expect(!model.isEmpty)
                #expect(Array(f) == model.removeFirst())
                ring.pop()
                wrappedPops += 1
            } else {
                #expect(model.isEmpty)
            }
            #expect(ring.count == model.count)
            #expect(ring.bytesUsed <= ring.capacity)
            #expect(ring.bytesUsed >= model.reduce(0) { $0 + FrameRing.footprint(of: $1.count) })
            if model.isEmpty { #expect(ring.bytesUsed == 0) }
        }
        #expect(accepted > 5_000 && refused > 0 && wrappedPops > 5_000)
        while let f = ring.first { #expect(Array(f) == model.removeFirst()); ring.pop() }
        #expect(model.isEmpty && ring.isEmpty && ring.bytesUsed == 0)
    }

    /// An empty ring takes one frame of `maxFrameLength`, not one byte more; a frame that
    /// does not fit leaves the ring as it was.
    @Test func emptyRingTakesTheLongestFrame() {
        var ring = FrameRing(capacity: 1_520)
        defer { ring.deallocate() }
        #expect(ring.maxFrameLength == 1_516)
        #expect(!Self.push(&ring, Self.frame(id: 1, length: 1_517)))
        #expect(ring.isEmpty && ring.bytesUsed == 0)
        #expect(Self.push(&ring, Self.frame(id: 1, length: 1_516)))
        #expect(ring.bytesUsed == 1_520)
        #expect(!Self.push(&ring, []))
        ring.pop()
        #expect(Self.push(&ring, Self.frame(id: 2, length: 1_514)))
    }

    /// Small frames pack: 2 KB holds 32 ACK-sized frames (60 B + 4 B length word), where a
    /// full-size slot per frame (1,514 B) would have held one.
    @Test func smallFramesPack() {
        var ring = FrameRing(capacity: 2_048)
        defer { ring.deallocate() }
        for i in 0..<32 { #expect(Self.push(&ring, Self.frame(id: i, length: 60))) }
        #expect(ring.count == 32 && ring.bytesUsed == 2_048)
        #expect(!Self.push(&ring, Self.frame(id: 99, length: 1)))
        for i in 0..<32 {
            var got: [UInt8] = []
            let popped = ring.popFirst { got = Array($0) }
            #expect(popped && got == Self.frame(id: i, length: 60))
        }
        #expect(!ring.popFirst { _ in Issue.record("empty ring lent a frame") })
    }

    /// A frame that does not fit before the end goes to the start; the skipped end bytes
    /// count as used until the reader passes them, and frames still come out in order.
    @Test func wrapSkipsTheEnd() {
        var ring = FrameRing(capacity: 1_000)
        defer { ring.deallocate() }
        #expect(Self.push(&ring, Self.frame(id: 1, length: 396)))   // 0 ..< 400
        #expect(Self.push(&ring, Self.frame(id: 2, length: 396)))   // 400 ..< 800
        ring.pop()                                                   // 0 ..< 400 free
        // 300 B does not fit in the 200 B left at the end: stored at 0, the end skipped.
        #expect(Self.push(&ring, Self.frame(id: 3, length: 296)))
        #expect(ring.bytesUsed == 400 + 200 + 300)
        // Only 100 B free now (400 - 300 at the start): 100 fits exactly, 101 does not.
        #expect(!Self.push(&ring, Self.frame(id: 4, length: 97)))
        #expect(Self.push(&ring, Self.frame(id: 4, length: 96)))
        #expect(ring.bytesUsed == 1_000)
        #expect(Array(ring.first!) == Self.frame(id: 2, length: 396)); ring.pop()
        #expect(ring.bytesUsed == 400)                               // the skipped end is free again
        #expect(Array(ring.first!) == Self.frame(id: 3, length: 296)); ring.pop()
        #expect(Array(ring.first!) == Self.frame(id: 4, length: 96)); ring.pop()
        #expect(ring.isEmpty && ring.bytesUsed == 0 && ring.highWaterBytes == 1_000 && ring.highWaterCount == 3)
    }

    /// A producer writes in place: the frame's length is what `fill` says (at most the
    /// room it asked for), the footprint is the written length's, and a negative length
    /// stores nothing.
    @Test func pushInPlace() {
        var ring = FrameRing(capacity: 256)
        defer { ring.deallocate() }
        var lent = 0
        let pushed = ring.push(maxLength: 200) { dst in
            lent = dst.count
            for i in 0..<10 { dst[i] = UInt8(i) }
            return 10
        }
        #expect(pushed && lent == 200)
        #expect(ring.bytesUsed == 16 && ring.count == 1)
        #expect(!ring.push(maxLength: 240) { _ in Issue.record("fill called without room"); return 0 })
        #expect(!ring.push(maxLength: 100) { _ in -1 })
        #expect(ring.count == 1 && ring.bytesUsed == 16)
        #expect(Array(ring.first!) == Array(0..<10))
        #expect(ring.removeAll() == 1 && ring.isEmpty && ring.bytesUsed == 0)
        #expect(ring.canPush(length: 252) && !ring.canPush(length: 253))
    }
}
