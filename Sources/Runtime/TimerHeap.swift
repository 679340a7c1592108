/// Timer storage: a fixed pool of timer slots and a tournament (winner) tree over them,
/// keyed by (deadline, arm order).
///
/// Slot i is leaf i of a complete binary tree with `leaves` (the pool size rounded up
/// to a power of two) leaves; every inner node holds the slot that wins its subtree,
/// so the root holds the earliest armed timer. A disarmed slot's key is +∞ and loses
/// to every armed one. Arming or cancelling a timer changes one leaf's key and replays
/// the matches on its path to the root, one compare per level, stopping as soon as a
/// node's winner is unchanged (then nothing above it changes either). The slot index
/// IS the leaf index, so there is nothing to sift and no back-pointer to keep.
///
/// Costs, every single call (none is amortised; L = log₂ leaves, 10 for 1,000 timers):
/// `arm` and `disarm` at most L compares (random deadlines: about 2, the replay stops
/// where the timer loses), `minDeadline` O(1) (the root), `popDue` at most L per
/// expired timer. Cancel is eager (+∞ at once), so no call ever pays for earlier
/// cancels. Memory, allocated once at init: per leaf 16 B key + 8 B of tree, plus
/// 32 B per slot. No per-tick work: deadlines are absolute (docs/style-anchors.md §3,
/// "don't copy tick-counted timers").
///
/// Ties fire in arm order (the sequence number compares modulo 2^32, so order holds
/// while tied timers are armed within 2^31 arms of each other).
struct TimerHeap {
    /// A popped expiry.
    struct Entry {
        var deadline: UInt64
        var seq: UInt32
        var slot: UInt32
    }

    /// A leaf's key: the deadline, clamped below +∞ (`UInt64.max` means disarmed), and
    /// the arm order for ties.
    struct Key {
        var deadline: UInt64
        var seq: UInt32
        var pad: UInt32 = 0
    }

    struct Slot {
        var deadline: UInt64 = 0
        /// µs; 0 for a one-shot timer.
        var period: UInt64 = 0
        /// Next slot in the owner's fired list, or in the free list.
        var next: UInt32 = TimerHeap.none
        var value: UInt32 = 0
        var overruns: UInt32 = 0
        var signal: Signal = .flags
        var owner: UInt8 = 0
        var inUse = false
        /// Fired and waiting in the owner's fired list.
        var pending = false
    }

    static let none: UInt32 = .max
    static let infinity: UInt64 = .max

    let capacity: Int
    /// Leaves: `capacity` rounded up to a power of two (at least 1).
    let leaves: Int
    let keys: UnsafeMutablePointer<Key>
    /// Node n (1 ..< 2·leaves, root 1) -> winning slot of its subtree; leaf node
    /// `leaves + i` is slot i (with one leaf, the root is the leaf).
    let tree: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<Slot>
    /// Armed timers.
    private(set) var count = 0
    private var seq: UInt32 = 0
    private var freeHead: UInt32
    private(set) var slotsInUse = 0

    static func leafCount(_ capacity: Int) -> Int {
        var n = 1
        while n < capacity { n &<<= 1 }
        return n
    }

    /// Bytes `init(capacity:)` allocates (for the kernel's RAM figure).
    static func allocatedBytes(capacity: Int) -> Int {
        let leaves = leafCount(capacity)
        return leaves * MemoryLayout<Key>.stride + 2 * leaves * MemoryLayout<UInt32>.stride
            + max(capacity, 1) * MemoryLayout<Slot>.stride
    }

    init(capacity: Int) {
        self.capacity = capacity
        leaves = TimerHeap.leafCount(capacity)
        keys = .allocate(capacity: leaves)
        keys.initialize(repeating: Key(deadline: TimerHeap.infinity, seq: 0), count: leaves)
        tree = .allocate(capacity: 2 * leaves)
        var n = 0
        while n < leaves { (tree + leaves + n).initialize(to: UInt32(truncatingIfNeeded: n)); n += 1 }
        n = leaves - 1
        while n >= 1 { (tree + n).initialize(to: tree[2 * n]); n -= 1 }
        tree.initialize(to: 0)
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
        keys.deallocate()
        tree.deallocate()
        slots.deallocate()
    }

    /// Armed timers.
    var liveCount: Int { count }

    // MARK: slots

    mutating func allocate(owner: UInt8, signal: Signal, value: UInt32) -> UInt32? {
        let i = freeHead
        guard i != TimerHeap.none else { return nil }
        freeHead = slots[Int(truncatingIfNeeded: i)].next
        var s = Slot()
        s.owner = owner; s.signal = signal; s.value = value; s.inUse = true
        slots[Int(truncatingIfNeeded: i)] = s
        slotsInUse += 1
        return i
    }

    /// The caller has disarmed the timer and removed it from any fired list.
    mutating func release(_ i: UInt32) {
        slots[Int(truncatingIfNeeded: i)].inUse = false
        slots[Int(truncatingIfNeeded: i)].next = freeHead
        freeHead = i
        slotsInUse -= 1
    }

    @inline(__always)
    func isArmed(_ i: UInt32) -> Bool { keys[Int(truncatingIfNeeded: i)].deadline != TimerHeap.infinity }

    // MARK: the tree

    /// The winner's key deadline: the earliest armed deadline when `count > 0` (clamped
    /// below +∞; compare with `now` only).
    @inline(__always)
    var earliestKey: UInt64 { keys[Int(truncatingIfNeeded: tree[1])].deadline }

    /// Earliest armed deadline.
    @inline(__always)
    var minDeadline: UInt64? {
        count > 0 ? slots[Int(truncatingIfNeeded: tree[1])].deadline : nil
    }

    @inline(__always)
    private static func before(_ a: Key, _ b: Key) -> Bool {
        if a.deadline < b.deadline { return true }
        if _fastPath(a.deadline != b.deadline) { return false }
        return Int32(bitPattern: a.seq &- b.seq) < 0
    }

    /// Arms slot `i` for `deadline` (re-arming moves it).
    mutating func arm(_ i: UInt32, deadline: UInt64) {
        let s = Int(truncatingIfNeeded: i)
        if keys[s].deadline == TimerHeap.infinity { count &+= 1 }
        slots[s].deadline = deadline
        keys[s] = Key(deadline: deadline == TimerHeap.infinity ? deadline &- 1 : deadline, seq: seq)
        seq &+= 1
        replay(i)
    }

    /// Disarms slot `i` (its key becomes +∞ now). Returns whether it was armed.
    @discardableResult
    mutating func disarm(_ i: UInt32) -> Bool {
        let s = Int(truncatingIfNeeded: i)
        guard keys[s].deadline != TimerHeap.infinity else { return false }
        keys[s].deadline = TimerHeap.infinity
        count &-= 1
        replay(i)
        return true
    }

    /// Removes and returns the earliest armed entry if it is due at `now` (the slot is
    /// left disarmed).
    mutating func popDue(now: UInt64) -> Entry? {
        guard count > 0 else { return nil }
        let w = tree[1]
        let k = keys[Int(truncatingIfNeeded: w)]
        guard k.deadline <= now else { return nil }
        let e = Entry(deadline: slots[Int(truncatingIfNeeded: w)].deadline, seq: k.seq, slot: w)
        disarm(w)
        return e
    }

    /// Leaf `leaf`'s key changed: replays its matches towards the root. While the leaf
    /// wins, each node on the path gets it; from the first match it loses, the winner
    /// that climbs is another slot, and the replay stops at the first node that already
    /// holds it (nothing above can change).
    private mutating func replay(_ leaf: UInt32) {
        let keys = self.keys, tree = self.tree
        var node = Int(truncatingIfNeeded: leaf) &+ leaves
        let lk = keys[Int(truncatingIfNeeded: leaf)]
        while node > 1 {
            let s = tree[node ^ 1]
            let sk = keys[Int(truncatingIfNeeded: s)]
            node &>>= 1
            if TimerHeap.before(lk, sk) { tree[node] = leaf; continue }
            var w = s, wk = sk
            while true {
                if tree[node] == w { return }
                tree[node] = w
                if node == 1 { return }
                let o = tree[node ^ 1]
                let ok = keys[Int(truncatingIfNeeded: o)]
                node &>>= 1
                if TimerHeap.before(ok, wk) { w = o; wk = ok }
            }
        }
    }

    // MARK: checks (tests)

    /// Whether every inner node holds the winner of its two children, every leaf holds
    /// its own slot, and `count` is the number of armed slots.
    func isConsistent() -> Bool {
        var armed = 0
        var i = 0
        while i < leaves {
            if tree[leaves + i] != UInt32(i) { return false }
            if keys[i].deadline != TimerHeap.infinity {
                if i >= capacity { return false }
                armed += 1
            }
            i += 1
        }
        if armed != count { return false }
        var n = leaves - 1
        while n >= 1 {
            let l = tree[2 * n], r = tree[2 * n + 1]
            let want = TimerHeap.before(keys[Int(r)], keys[Int(l)]) ? r : l
            // Between two disarmed slots either may hold the node.
            if tree[n] != want && !(keys[Int(l)].deadline == TimerHeap.infinity
                                    && keys[Int(r)].deadline == TimerHeap.infinity
                                    && (tree[n] == l || tree[n] == r)) { return false }
            n -= 1
        }
        return true
    }
}
