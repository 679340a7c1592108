/// What a counting allocator saw: allocations, frees, bytes live and their high-water mark.
/// The Embedded platforms count in their allocator hooks (QEMU: Platforms/QEMU/Support/board.c);
/// `since(_:)` gives what happened between two readings, e.g. one sleep→wake→sleep cycle.
public struct AllocationCount: Equatable, Sendable {
    public var allocations: Int
    public var frees: Int
    public var bytesInUse: Int
    public var peakBytes: Int

    public init(allocations: Int, frees: Int, bytesInUse: Int, peakBytes: Int) {
        self.allocations = allocations
        self.frees = frees
        self.bytesInUse = bytesInUse
        self.peakBytes = peakBytes
    }

    /// Allocations and frees since `earlier`; bytes live and the peak as of now.
    public func since(_ earlier: AllocationCount) -> AllocationCount {
        AllocationCount(allocations: allocations - earlier.allocations, frees: frees - earlier.frees,
                        bytesInUse: bytesInUse, peakBytes: peakBytes)
    }
}
