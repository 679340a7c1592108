/// Timer storage: a fixed pool of timer slots plus a binary min-heap keyed by
/// (deadline, arm order), with a back-pointer from each slot to its heap entry.
///
/// Cancel is lazy: it only marks the slot disarmed; its entry stays in the heap until
/// it reaches the top (then it is dropped) or the timer is armed again (then the entry
/// is re-keyed in place and sifts from where it is). Each slot owns at most one entry,
/// so the heap never holds more than the pool size.
///
/// Costs (n = heap entries ≤ pool size): `arm` O(log n) worst case (sift up or down
/// from the entry's place; O(1) on average for random deadlines, and O(1) when a
/// cancelled earliest timer is re-armed earliest, the timeout pattern); `cancel` O(1);
/// dropping a dead entry O(log n), once, when it reaches the top; next deadline O(1)
/// amortized; expiry O(log n) per timer. Memory: 16 B per heap entry + 40 B per slot,
/// allocated once at init. No per-tick work: deadlines are absolute (docs/style-anchors.md
/// §3, "don't copy tick-counted timers").
///
/// Ties fire in arm order (the sequence number compares modulo 2^32, so order holds
/// while tied timers are armed within 2^31 arms of each other).
struct TimerHeap {
    struct Entry {
        var deadline: UInt64
        var seq: UInt32
        var slot: UInt32
    }

    struct Slot {
        var deadline: UInt64 = 0
        /// µs; 0 for a one-shot timer.
        var period: UInt64 = 0
        /// Index in `heap`, or -1 when not armed.
        var heapIndex: Int32 = -1
        /// Next slot in the owner's fired list, or in the free list.
        var next: UInt32 = TimerHeap.none
        var value: UInt32 = 0
        var overruns: UInt32 = 0
        var signal: Signal = .flags
        var owner: UInt8 = 0
        var inUse = false
        /// Armed (live). A disarmed slot may still own a dead heap entry.
        var armed = false
        /// Fired and waiting in the owner's fired list.
        var pending = false
    }

    static let none: UInt32 = .max

    let capacity: Int
    let heap: UnsafeMutablePointer<Entry>
    let slots: UnsafeMutablePointer<Slot>
    /// Heap entries, live and dead.
    private(set) var count = 0
    /// Armed timers.
    private(set) var liveCount = 0
    private var seq: UInt32 = 0
    private var freeHead: UInt32
    private(set) var slotsInUse = 0

    init(capacity: Int) {
        self.capacity = capacity
        heap = .allocate(capacity: max(capacity, 1))
        slots = .allocate(capacity: max(capacity, 1))
        var i = 0
        while i < capacity {
            var s = Slot()
            s.next = i + 1 < capacity ? UInt32(truncatingIfNeeded: i + 1) : TimerHeap.none
            (slots + i).initialize(to: s)
            i += 1
        }
        freeHead = capacity > 0 ? 0 : TimerHeap.none
    }

    func deallocate() {
        heap.deallocate()
        slots.deallocate()
    }

    // MARK: slots

    mutating func allocate(owner: UInt8, signal: Signal, value: UInt32) -> UInt32? {
        let i = freeHead
        guard i != TimerHeap.none else { return nil }
        freeHead = slots[Int(i)].next
        var s = Slot()
        s.owner = owner; s.signal = signal; s.value = value; s.inUse = true
        slots[Int(i)] = s
        slotsInUse += 1
        return i
    }

    /// The caller has cancelled the timer and removed it from any fired list.
    mutating func release(_ i: UInt32) {
        slots[Int(i)].inUse = false
        slots[Int(i)].next = freeHead
        freeHead = i
        slotsInUse -= 1
    }

    // MARK: heap

    /// Earliest armed deadline; drops dead entries from the top first.
    var minDeadline: UInt64? {
        mutating get {
            while count > 0 && !slots[Int(heap[0].slot)].armed { removeTop() }
            return count > 0 ? heap[0].deadline : nil
        }
    }

    @inline(__always)
    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline < b.deadline
            || (a.deadline == b.deadline && Int32(bitPattern: a.seq &- b.seq) < 0)
    }

    /// Arms slot `i` for `deadline`, re-keying its entry if it has one.
    mutating func arm(_ i: UInt32, deadline: UInt64) {
        if !slots[Int(i)].armed { slots[Int(i)].armed = true; liveCount &+= 1 }
        slots[Int(i)].deadline = deadline
        let e = Entry(deadline: deadline, seq: seq, slot: i)
        seq &+= 1
        let h = Int(slots[Int(i)].heapIndex)
        if h < 0 {
            let at = count
            count = at &+ 1
            siftUp(at, e)
        } else if h > 0 && TimerHeap.before(e, heap[(h &- 1) >> 1]) {
            siftUp(h, e)
        } else {
            siftDown(h, e)
        }
    }

    /// Disarms slot `i` (lazily: its entry stays). Returns whether it was armed.
    @discardableResult @inline(__always)
    mutating func disarm(_ i: UInt32) -> Bool {
        guard slots[Int(i)].armed else { return false }
        slots[Int(i)].armed = false
        liveCount &-= 1
        return true
    }

    /// Disarms slot `i` and takes its entry out of the heap now (before the slot is
    /// released to the pool).
    mutating func remove(_ i: UInt32) {
        disarm(i)
        let h = Int(slots[Int(i)].heapIndex)
        guard h >= 0 else { return }
        slots[Int(i)].heapIndex = -1
        count &-= 1
        guard h != count else { return }
        let last = heap[count]
        if h > 0 && TimerHeap.before(last, heap[(h &- 1) >> 1]) {
            siftUp(h, last)
        } else {
            siftDown(h, last)
        }
    }

    /// Removes and returns the earliest armed entry if it is due at `now` (the slot is
    /// left disarmed); dead entries met on the way are dropped.
    mutating func popDue(now: UInt64) -> Entry? {
        while count > 0 && heap[0].deadline <= now {
            let top = heap[0]
            removeTop()
            if disarm(top.slot) { return top }
        }
        return nil
    }

    private mutating func removeTop() {
        slots[Int(heap[0].slot)].heapIndex = -1
        count &-= 1
        if count > 0 { siftDown(0, heap[count]) }
    }

    private func siftUp(_ start: Int, _ e: Entry) {
        var i = start
        while i > 0 {
            let p = (i &- 1) >> 1
            let pe = heap[p]
            if !TimerHeap.before(e, pe) { break }
            heap[i] = pe
            slots[Int(pe.slot)].heapIndex = Int32(truncatingIfNeeded: i)
            i = p
        }
        heap[i] = e
        slots[Int(e.slot)].heapIndex = Int32(truncatingIfNeeded: i)
    }

    private func siftDown(_ start: Int, _ e: Entry) {
        var i = start
        let n = count
        while true {
            var c = 2 &* i &+ 1
            if c >= n { break }
            if c &+ 1 < n && TimerHeap.before(heap[c &+ 1], heap[c]) { c &+= 1 }
            let ce = heap[c]
            if !TimerHeap.before(ce, e) { break }
            heap[i] = ce
            slots[Int(ce.slot)].heapIndex = Int32(truncatingIfNeeded: i)
            i = c
        }
        heap[i] = e
        slots[Int(e.slot)].heapIndex = Int32(truncatingIfNeeded: i)
    }
}
