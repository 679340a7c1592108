/// A TCP sequence number with modulo-2^32 comparison (RFC 9293 §3.4: "the comparison
/// ... must use modular arithmetic"; valid while the two numbers are < 2^31 apart).
struct SeqNumber: Comparable, Hashable {
    var raw: UInt32
    init(_ raw: UInt32) { self.raw = raw }

    static func < (a: SeqNumber, b: SeqNumber) -> Bool { Int32(bitPattern: a.raw &- b.raw) < 0 }
    static func + (a: SeqNumber, n: Int) -> SeqNumber { SeqNumber(a.raw &+ UInt32(truncatingIfNeeded: n)) }
    static func - (a: SeqNumber, n: Int) -> SeqNumber { SeqNumber(a.raw &- UInt32(truncatingIfNeeded: n)) }
    /// The signed distance `a - b`.
    static func - (a: SeqNumber, b: SeqNumber) -> Int { Int(Int32(bitPattern: a.raw &- b.raw)) }
    static func += (a: inout SeqNumber, n: Int) { a = a + n }
}
