import Testing
@testable import CYW43
import Runtime

/// The runner's transmit queues on their own (`TxQueue`: eight FIFOs in one `FrameRing`,
/// frames sent out of arrival order), checked against a plain list model: random pushes of
/// every priority and size, random flow-control bitmaps, random sends. Every frame comes out
/// whole, exactly once, highest open precedence first and oldest first within one; stopped
/// precedences never come out; bytes of frames sent from behind a stopped one come back once
/// the stopped one leaves; an emptied queue holds no bytes.
@Suite struct TxQueueTests {
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Frame `id` with `length` bytes (at least 14): its bytes say who it is.
    static func frame(id: Int, length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ id &* 7) }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func randomTrafficMatchesAListModel(seed: UInt64) {
        var q = TxQueue(bytes: 4_096)
        defer { q.deallocate() }
        var rng = Rng(s: seed)
        var model: [(id: Int, priority: UInt8, bytes: [UInt8])] = []
        var nextID = 0, refused = 0, sentFromBehind = 0
        var stopped: UInt8 = 0
        for _ in 0..<20_000 {
            let r = rng.next()
            switch r % 8 {
            case 0...3:
                let priority = UInt8(truncatingIfNeeded: rng.next() % 8)
                let length = rng.next() % 4 == 0 ? 14 + Int(rng.next() % 1_500) : 14 + Int(rng.next() % 90)
                let f = Self.frame(id: nextID, length: length)
                if f.withUnsafeBytes({ q.push($0, priority: priority) }) {
                    model.append((nextID, priority, f))
                } else {
                    refused += 1
                    // Refused only when the ring is really short of room (FrameRing's rule: a
                    // wrap can waste the block's end, so fewer than 2 footprints free).
                    let need = FrameRing.footprint(of: TxQueue.recordSize + length)
                    #expect(q.capacity - q.bytesUsed < 2 * need, "refused with \(q.capacity - q.bytesUsed) B free")
                }
                nextID += 1
            case 4:
                stopped = UInt8(truncatingIfNeeded: rng.next()) & UInt8(truncatingIfNeeded: rng.next())
            default:
                let open = model.filter { stopped & (1 << DataPriority.precedence($0.priority)) == 0 }
                let want = open.map { DataPriority.precedence($0.priority) }.max()
                guard let n = q.next(stopped: stopped) else {
                    #expect(want == nil, "queue says nothing may go, the model has precedence \(want ?? 0)")
                    continue
                }
                let i = model.firstIndex { DataPriority.precedence($0.priority) == want }!
                #expect(n.priority == model[i].priority)
                #expect(Array(n.frame) == model[i].bytes, "frame \(model[i].id)")
                if i != 0 { sentFromBehind += 1 }
                q.sent(at: n.position)
                model.remove(at: i)
            }
            #expect(q.count == model.count)
            for prec in 0..<8 {
                #expect(q.waiting(precedence: UInt8(prec)) == model.filter { DataPriority.precedence($0.priority) == prec }.count)
            }
        }
        // Everything left goes once the firmware lifts every bit; then the ring is empty.
        while let n = q.next(stopped: 0) {
            let want = model.map { DataPriority.precedence($0.priority) }.max()!
            let i = model.firstIndex { DataPriority.precedence($0.priority) == want }!
            #expect(Array(n.frame) == model[i].bytes)
            q.sent(at: n.position)
            model.remove(at: i)
        }
        #expect(model.isEmpty && q.isEmpty)
        #expect(refused > 0 && sentFromBehind > 0, "refused \(refused), sent from behind \(sentFromBehind)")
        // A full-size frame fits again: no bytes were left behind.
        let big = Self.frame(id: 0, length: 1_514)
        #expect(big.withUnsafeBytes { q.push($0, priority: 0) } && big.withUnsafeBytes { q.push($0, priority: 0) })
    }

    /// A stopped best-effort frame at the ring's head: voice frames behind it go out, but their
    /// bytes come back only when the head leaves (the ring frees from its head). Counted as
    /// what it is: the queue refuses while sent frames still hold the room.
    @Test func bytesOfFramesSentFromBehindComeBackWhenTheHeadLeaves() {
        var q = TxQueue(bytes: 4_096)
        defer { q.deallocate() }
        let be = Self.frame(id: 1, length: 100), vo = Self.frame(id: 2, length: 1_000)
        #expect(be.withUnsafeBytes { q.push($0, priority: 0) })
        for _ in 0..<3 {
            #expect(vo.withUnsafeBytes { q.push($0, priority: 7) })
            let n = q.next(stopped: 0b100)!
            #expect(n.priority == 7)
            q.sent(at: n.position)
        }
        #expect(q.count == 1)
        #expect(!vo.withUnsafeBytes { q.push($0, priority: 7) }, "3 sent kB still held behind the head")
        #expect(q.next(stopped: 0b100) == nil)
        let n = q.next(stopped: 0)!
        #expect(Array(n.frame) == be)
        q.sent(at: n.position)
        #expect(q.isEmpty)
        #expect(vo.withUnsafeBytes { q.push($0, priority: 7) } && vo.withUnsafeBytes { q.push($0, priority: 7) })
    }
}
