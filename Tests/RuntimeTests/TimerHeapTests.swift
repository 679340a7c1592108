import Testing
@testable import Runtime

/// The timer heap on its own: order, back-pointers and eager cancel, checked against a
/// plain model after every operation.
@Suite struct TimerHeapTests {
    /// Random arm / re-arm / cancel / pop sequences on 1,000 slots: after every call the
    /// heap order holds, every back-pointer points at its slot's entry, the heap holds
    /// exactly the armed timers (nothing dead left behind by a cancel), and the root is
    /// the model's earliest (deadline, arm order).
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func invariantsHoldAfterEveryCall(seed: UInt64) {
        exercise(slots: 1_000, seed: seed, spread: 2_000, steps: 8_000)
    }

    /// The same on small pools (one leaf: the root is the leaf, and both sentinels, the
    /// root's sibling and the node above it, are met at once; a pool that is not a power
    /// of two leaves disarmed leaves past its end) with deadlines so close that most
    /// matches are ties decided by arm order.
    @Test(arguments: [1, 2, 3, 5, 64])
    func invariantsHoldOnSmallPoolsFullOfTies(slots: Int) {
        exercise(slots: slots, seed: UInt64(slots), spread: 4, steps: 3_000)
    }

    /// A deadline at or near `UInt64.max` is still armed (its key is moved 2^32 µs below
    /// +∞, which means disarmed), and the earlier one still fires first.
    @Test func deadlinesAtTheEndOfTimeStayArmed() {
        var heap = TimerHeap(capacity: 4)
        defer { heap.deallocate() }
        for _ in 0..<4 { _ = heap.allocate(owner: 0, signal: .flags, value: 0) }
        heap.arm(0, deadline: .max)
        heap.arm(1, deadline: .max - 1)
        heap.arm(2, deadline: 1_000)
        #expect(heap.count == 3 && heap.isConsistent())
        #expect(heap.isArmed(0) && heap.isArmed(1))
        #expect(heap.popDue(now: .max - 1)?.slot == 2)
        #expect(heap.popDue(now: .max - 1)?.slot == 1)      // the clamp keeps their order
        #expect(heap.popDue(now: .max - 1)?.slot == 0)
        #expect(heap.popDue(now: .max - 1) == nil && heap.count == 0 && heap.isConsistent())
    }

    private func exercise(slots n: Int, seed: UInt64, spread: UInt64, steps: Int) {
        var heap = TimerHeap(capacity: n)
        defer { heap.deallocate() }
        for _ in 0..<n { _ = heap.allocate(owner: 0, signal: .flags, value: 0) }
        var rng = SplitMix(seed: seed)
        var model: [UInt32: (deadline: UInt64, order: Int)] = [:]
        var order = 0
        var now: UInt64 = 0
        for step in 0..<steps {
            let i = UInt32(rng.next() % UInt64(n))
            switch rng.next() % 8 {
            case 0, 1, 2:
                let was = heap.disarm(i)
                #expect(was == (model[i] != nil))
                model[i] = nil
            case 3:
                // Pop everything due up to a later `now`, in model order.
                now += rng.next() % 50
                let due = model.filter { $0.value.deadline <= now }
                    .sorted { ($0.value.deadline, $0.value.order) < ($1.value.deadline, $1.value.order) }
                for d in due {
                    let e = heap.popDue(now: now)
                    #expect(e?.slot == d.key)
                    model[d.key] = nil
                }
                let more = heap.popDue(now: now)
                #expect(more == nil)
            default:
                let d = now + rng.next() % spread
                heap.arm(i, deadline: d)
                model[i] = (d, order); order += 1
            }
            #expect(heap.count == model.count)
            guard heap.isConsistent() else {
                Issue.record("heap inconsistent after step \(step)"); return
            }
            let first = model.min { ($0.value.deadline, $0.value.order) < ($1.value.deadline, $1.value.order) }
            #expect(heap.minDeadline == first?.value.deadline)
            if let first { #expect(heap.tree[1] == first.key) }
        }
    }

    /// The case lazy cancel made expensive: k timers at the top cancelled, then one look
    /// at the earliest deadline. With eager removal the heap is already down to the live
    /// timers when the look comes, so no single call pays for the k cancels.
    @Test func cancellingTheEarliestLeavesNoDeadEntries() {
        let n = 1_024
        var heap = TimerHeap(capacity: n)
        defer { heap.deallocate() }
        for i in 0..<n {
            let s = heap.allocate(owner: 0, signal: .flags, value: 0)!
            heap.arm(s, deadline: UInt64(1_000 + i))
        }
        for i in 0..<512 { let was = heap.disarm(UInt32(i)); #expect(was) }
        #expect(heap.count == 512)
        #expect(heap.isConsistent())
        #expect(heap.minDeadline == 1_512)
        let early = heap.popDue(now: 1_511)
        #expect(early == nil)
        let due = heap.popDue(now: 1_512)
        #expect(due?.slot == 512)
    }

    /// Re-arming an armed timer re-keys its one entry (earlier and later).
    @Test func rearmReKeysInPlace() {
        var heap = TimerHeap(capacity: 64)
        defer { heap.deallocate() }
        for i in 0..<64 {
            let s = heap.allocate(owner: 0, signal: .flags, value: 0)!
            heap.arm(s, deadline: UInt64(100 + i * 10))
        }
        heap.arm(40, deadline: 1)
        #expect(heap.count == 64 && heap.isConsistent() && heap.tree[1] == 40)
        heap.arm(40, deadline: 10_000)
        heap.arm(0, deadline: 9_999)
        #expect(heap.count == 64 && heap.isConsistent() && heap.minDeadline == 110)
        let first = heap.disarm(63), second = heap.disarm(63)
        #expect(first && !second)
        #expect(heap.count == 63 && heap.isConsistent())
    }
}
