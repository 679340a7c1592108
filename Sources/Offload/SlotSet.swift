/// A set of connection slots (0...31) in one word: what the sleep report and the manager
/// keep per sleep, without an array (nothing allocated at a sleep or a wake). Iterates in
/// slot order; `[0, 2]` is a literal.
public struct SlotSet: Equatable, Sendable, Sequence, ExpressibleByArrayLiteral {
    public private(set) var bits: UInt32 = 0

    public init() {}
    public init(arrayLiteral slots: UInt8...) { for s in slots { insert(s) } }

    public var isEmpty: Bool { bits == 0 }
    public var count: Int { bits.nonzeroBitCount }
    public func contains(_ slot: UInt8) -> Bool { slot < 32 && bits & (1 << UInt32(slot)) != 0 }
    /// Slots above 31 are not kept (the firmware has at most 4).
    public mutating func insert(_ slot: UInt8) { if slot < 32 { bits |= 1 << UInt32(slot) } }
    public mutating func removeAll() { bits = 0 }

    public struct Iterator: IteratorProtocol {
        var rest: UInt32
        public mutating func next() -> UInt8? {
            guard rest != 0 else { return nil }
            let slot = UInt8(rest.trailingZeroBitCount)
            rest &= rest - 1
            return slot
        }
    }
    public func makeIterator() -> Iterator { Iterator(rest: bits) }
}
