/// Timer storage: a fixed pool of timer slots and a tournament (winner) tree over them,
/// keyed by (deadline, arm order).
///
/// Slot i is leaf i of a complete binary tree with `leaves` (the pool size rounded up
/// to a power of two) leaves; every inner node holds the slot that wins its subtree,
/// so the root holds the earliest armed timer. A disarmed slot's key is +∞ and loses
/// to every armed one. Arming or cancelling a timer changes one leaf's key and replays
/// only the matches that can change, on its path to the root: a key that went down
/// climbs while it wins (`climb`), a key that went up (a cancel: +∞) hands each node
/// that held it to the better of that node's children, up to the first node that did
/// not hold it (`recompute`). The slot index IS the leaf index, so there is nothing to
/// sift and no back-pointer to keep.
///
/// Costs, every single call (none is amortised; L = log₂ leaves, 10 for 1,000 timers):
/// `arm` and `disarm` at most L compares (random deadlines: about 2), `minDeadline`
/// O(1) (the root), `popDue` at most L per expired timer. Cancel is eager (+∞ at
/// once), so no call ever pays for earlier cancels. No armed count is kept (`count`
/// counts, O(capacity), for checks and reports). Memory, one block allocated at init:
/// per leaf 8 B deadline + 4 B arm order + 8 B of tree, 32 B per slot, plus one
/// sentinel (12 B). No per-tick work: deadlines are absolute (docs/style-anchors.md §3,
/// "don't copy tick-counted timers").
///
/// Ties fire in arm order (the sequence number compares modulo 2^32, so order holds
/// while tied timers are armed within 2^31 arms of each other). A deadline within
/// 2^32 µs of `UInt64.max` (584,000 years) is clamped below it, so no armed key is +∞.
struct TimerHeap {
    /// A popped expiry.
    struct Entry {
        var deadline: UInt64
        var seq: UInt32
        var slot: UInt32
    }

    struct Slot {
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
    /// Leaf i's key: slot i's deadline, clamped below +∞ (`UInt64.max`: disarmed),
    /// then (`seqs`, behind the deadlines in the same block) its arm order for ties:
    /// apart, so a match loads one deadline and the order only on a tie. Entry `leaves`
    /// is a sentinel (deadline 0, beats everyone): the root's sibling, so a climb stops
    /// at the root without counting levels.
    let keys: UnsafeMutablePointer<UInt64>
    /// Node n (1 ..< 2·leaves, root 1) -> winning slot of its subtree; leaf node
    /// `leaves + i` is slot i (with one leaf, the root is the leaf). Node 0 holds the
    /// sentinel, which no leaf is: a replay that gets there stops.
    let tree: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<Slot>
    /// Arm order of leaf i (and the sentinel, `leaves`); `TimerHeap.seqs(keys, leaves)`.
    let seqs: UnsafeMutablePointer<UInt32>
    private var seq: UInt32 = 0
    private var freeHead: UInt32
    private(set) var slotsInUse = 0

    static func leafCount(_ capacity: Int) -> Int {
        var n = 1
        while n < capacity { n &<<= 1 }
        return n
    }

    /// Where `seqs`, `tree` and `slots` start in the block `init` allocates (the keys
    /// first, the arm orders right behind them), and its size: `allocatedBytes`.
    static func layout(capacity: Int, leaves: Int) -> (seqs: Int, tree: Int, slots: Int, bytes: Int) {
        let seqs = (leaves &+ 1) &* MemoryLayout<UInt64>.stride
        let tree = seqs &+ (leaves &+ 1) &* MemoryLayout<UInt32>.stride
        let slots = (tree &+ 2 &* leaves &* MemoryLayout<UInt32>.stride &+ 7) & ~7
        return (seqs, tree, slots, slots &+ max(capacity, 1) &* MemoryLayout<Slot>.stride)
    }

    /// Bytes `init(capacity:)` allocates (for the kernel's RAM figure).
    static func allocatedBytes(capacity: Int) -> Int {
        layout(capacity: capacity, leaves: leafCount(capacity)).bytes
    }

    // Inlined into the scheduler's init, so the heap is built in place there (returned,
    // it was copied in with memcpy: 300 B of newlib the kernel needed for nothing else).
    @inline(__always)
    init(capacity: Int) {
        self.capacity = capacity
        let leaves = TimerHeap.leafCount(capacity)
        self.leaves = leaves
        let l = TimerHeap.layout(capacity: capacity, leaves: leaves)
        let block = UnsafeMutableRawPointer.allocate(byteCount: l.bytes, alignment: 8)
        keys = block.bindMemory(to: UInt64.self, capacity: leaves &+ 1)
        slots = (block + l.slots).bindMemory(to: Slot.self, capacity: max(capacity, 1))
        tree = (block + l.tree).bindMemory(to: UInt32.self, capacity: 2 &* leaves)
        seqs = (block + l.seqs).bindMemory(to: UInt32.self, capacity: leaves &+ 1)
        var n = 0
        while n < leaves {
            keys[n] = TimerHeap.infinity
            seqs[n] = 0
            tree[leaves &+ n] = UInt32(truncatingIfNeeded: n)
            n &+= 1
        }
        keys[leaves] = 0                // the sentinel
        seqs[leaves] = 0
        n = leaves &- 1
        while n >= 1 { tree[n] = tree[2 &* n]; n &-= 1 }
        tree[0] = UInt32(truncatingIfNeeded: leaves)
        // The free list, in slot order (`allocate` writes the whole slot it takes).
        var i = 0
        while i < capacity {
            i &+= 1
            slots[i &- 1].next = UInt32(truncatingIfNeeded: i)
        }
        if capacity > 0 { slots[capacity &- 1].next = TimerHeap.none }
        freeHead = capacity > 0 ? 0 : TimerHeap.none
    }

    func deallocate() {
        UnsafeMutableRawPointer(keys).deallocate()
    }

    /// Armed timers (counted: O(capacity), for checks and reports; the hot paths keep no count).
    var liveCount: Int {
        var n = 0, i = 0
        while i < capacity { if keys[i] != TimerHeap.infinity { n += 1 }; i += 1 }
        return n
    }
    var count: Int { liveCount }

    // MARK: slots

    mutating func allocate(owner: UInt8, signal: Signal, value: UInt32) -> UInt32? {
        let i = freeHead
        guard i != TimerHeap.none else { return nil }
        freeHead = slots[Int(truncatingIfNeeded: i)].next
        var s = Slot()
        s.owner = owner; s.signal = signal; s.value = value; s.inUse = true
        slots[Int(truncatingIfNeeded: i)] = s
        slotsInUse &+= 1            // ≤ capacity: one per slot taken
        return i
    }

    /// The caller has disarmed the timer and removed it from any fired list.
    mutating func release(_ i: UInt32) {
        slots[Int(truncatingIfNeeded: i)].inUse = false
        slots[Int(truncatingIfNeeded: i)].next = freeHead
        freeHead = i
        slotsInUse &-= 1
    }

    /// Slot `i` (an index the pool gave out: below `capacity`).
    @inline(__always)
    func slot(_ i: UInt32) -> UnsafeMutablePointer<Slot> { slots + Int(truncatingIfNeeded: i) }

    @inline(__always)
    func isArmed(_ i: UInt32) -> Bool { keys[Int(truncatingIfNeeded: i)] != TimerHeap.infinity }

    /// The arm-order table behind the deadlines.
    @inline(__always)
    static func seqs(_ keys: UnsafeMutablePointer<UInt64>, _ leaves: Int) -> UnsafeMutablePointer<UInt32> {
        UnsafeMutableRawPointer(keys + leaves + 1).assumingMemoryBound(to: UInt32.self)
    }

    // MARK: the tree

    /// The winner's key deadline: the earliest armed deadline, +∞ when none (clamped
    /// below +∞; compare with `now` only).
    @inline(__always)
    var earliestKey: UInt64 { keys[Int(truncatingIfNeeded: tree[1])] }

    /// Earliest armed deadline.
    @inline(__always)
    var minDeadline: UInt64? {
        let k = earliestKey
        return k != TimerHeap.infinity ? k : nil
    }

    /// Whether slot a's key (deadline `da`) comes before slot b's (`db`): the earlier
    /// deadline, on a tie the earlier arm.
    @inline(__always)
    private static func before(_ da: UInt64, _ a: UInt32, _ db: UInt64, _ b: UInt32,
                               _ keys: UnsafeMutablePointer<UInt64>, _ leaves: Int) -> Bool {
        if da < db { return true }
        if _fastPath(da != db) { return false }
        if b == UInt32(truncatingIfNeeded: leaves) { return false }      // the sentinel
        let seqs = TimerHeap.seqs(keys, leaves)
        return Int32(bitPattern: seqs[Int(truncatingIfNeeded: a)] &- seqs[Int(truncatingIfNeeded: b)]) < 0
    }

    /// Arms slot `i` for `deadline` (re-arming moves it).
    mutating func arm(_ i: UInt32, deadline: UInt64) {
        let s = Int(truncatingIfNeeded: i)
        let old = keys[s]
        let k = deadline >> 32 == 0xFFFF_FFFF ? deadline & 0xFFFF_FFFE_FFFF_FFFF : deadline
        keys[s] = k
        seqs[s] = seq
        seq &+= 1
        // The new arm order is the latest, so an equal deadline counts as later.
        if k < old {
            TimerHeap.climb(i, keys: keys, tree: tree, leaves: leaves)
        } else {
            TimerHeap.recompute(i, keys: keys, tree: tree, leaves: leaves)
        }
    }

    /// Disarms slot `i` (its key becomes +∞ now). Returns whether it was armed.
    @discardableResult
    mutating func disarm(_ i: UInt32) -> Bool {
        let s = Int(truncatingIfNeeded: i)
        guard keys[s] != TimerHeap.infinity else { return false }
        keys[s] = TimerHeap.infinity
        TimerHeap.recompute(i, keys: keys, tree: tree, leaves: leaves)
        return true
    }

    /// Removes and returns the earliest armed entry if it is due at `now` (the slot is
    /// left disarmed).
    mutating func popDue(now: UInt64) -> Entry? {
        let w = tree[1]
        let s = Int(truncatingIfNeeded: w)
        let k = keys[s]
        guard k <= now && k != TimerHeap.infinity else { return nil }
        let e = Entry(deadline: k, seq: seqs[s], slot: w)
        disarm(w)
        return e
    }

    /// Leaf `leaf`'s key went down: it climbs while it beats the winner of the sibling
    /// subtree, taking each node it wins. Where it loses, nothing above changes (no node
    /// above can hold it with its old, later key: whoever beat it there beats that too).
    @inline(__always)       // its one caller is `arm`
    private static func climb(_ leaf: UInt32, keys: UnsafeMutablePointer<UInt64>,
                              tree: UnsafeMutablePointer<UInt32>, leaves: Int) {
        let k = keys[Int(truncatingIfNeeded: leaf)]
        var node = Int(truncatingIfNeeded: leaf) &+ leaves
        while true {        // at the root, the sibling is the sentinel: it wins
            let s = tree[node ^ 1]
            guard before(k, leaf, keys[Int(truncatingIfNeeded: s)], s, keys, leaves) else { return }
            node &>>= 1
            tree[node] = leaf
        }
    }

    /// Leaf `leaf`'s key went up (a cancel: +∞): the nodes that held it are a path from
    /// the leaf up; each gets the better of its two children again. The first node that
    /// does not hold it ends the replay (it holds someone who beat the old key, and so
    /// everything the new winner below could offer).
    @inline(never)
    private static func recompute(_ leaf: UInt32, keys: UnsafeMutablePointer<UInt64>,
                                  tree: UnsafeMutablePointer<UInt32>, leaves: Int) {
        var node = Int(truncatingIfNeeded: leaf) &+ leaves
        var w = leaf, wk = keys[Int(truncatingIfNeeded: leaf)]
        while true {        // two levels per round (no register copies between levels)
            var o = tree[node ^ 1]
            node &>>= 1
            if tree[node] != leaf { return }        // node 0, above the root: the sentinel
            var ok = keys[Int(truncatingIfNeeded: o)]
            if before(ok, o, wk, w, keys, leaves) { w = o; wk = ok }
            tree[node] = w
            o = tree[node ^ 1]
            node &>>= 1
            if tree[node] != leaf { return }
            ok = keys[Int(truncatingIfNeeded: o)]
            if before(ok, o, wk, w, keys, leaves) { w = o; wk = ok }
            tree[node] = w
        }
    }

    // MARK: checks (tests)

    /// Whether every inner node holds the winner of its two children, every leaf holds
    /// its own slot, no leaf beyond the pool is armed, and the sentinels are in place.
    func isConsistent() -> Bool {
        if tree[0] != UInt32(truncatingIfNeeded: leaves) || keys[leaves] != 0 { return false }
        var i = 0
        while i < leaves {
            if tree[leaves + i] != UInt32(i) { return false }
            if keys[i] != TimerHeap.infinity {
                if i >= capacity { return false }
            }
            i += 1
        }
        var n = leaves - 1
        while n >= 1 {
            let l = tree[2 * n], r = tree[2 * n + 1]
            let want = TimerHeap.before(keys[Int(r)], r, keys[Int(l)], l, keys, leaves) ? r : l
            // Between two disarmed slots either may hold the node.
            if tree[n] != want && !(keys[Int(l)] == TimerHeap.infinity
                                    && keys[Int(r)] == TimerHeap.infinity
                                    && (tree[n] == l || tree[n] == r)) { return false }
            n -= 1
        }
        return true
    }
}
