/// A fixed number of elements, allocated once and changed in place: for the device's
/// bounded tables (neighbour cache, datagram queue, connection slots, offload records).
///
/// An `Array` that is mutated in place (`entries[i].state = ...`) carries a uniqueness check
/// and the copy-on-write and growth paths (`_consumeAndCreateNew`, `moveInitialize`, ...), one
/// copy per element type in an Embedded image (about 300-450 B each); this type has none:
/// it is not copyable (one owner, freed with it), so an element is changed where it lives.
/// Indices are checked as an `Array`'s are.
public struct FixedArray<Element>: ~Copyable {
    private let base: UnsafeMutablePointer<Element>
    /// The number of elements (fixed at init).
    public let count: Int

    /// `count` copies of `value` (a negative count is 0).
    public init(repeating value: Element, count: Int) {
        self.count = Swift.max(0, count)
        base = .allocate(capacity: self.count)
        base.initialize(repeating: value, count: self.count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    public var indices: Range<Int> { 0..<count }
    public var isEmpty: Bool { count == 0 }

    public subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "FixedArray index out of range")
            return UnsafePointer(base + i)
        }
        unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "FixedArray index out of range")
            return base + i
        }
    }

    /// The first `n` elements (`0...count`) as a buffer, valid while this array lives and
    /// is not changed.
    public func prefix(_ n: Int) -> UnsafeBufferPointer<Element> {
        precondition(n >= 0 && n <= count, "FixedArray prefix out of range")
        return UnsafeBufferPointer(start: base, count: n)
    }
}
