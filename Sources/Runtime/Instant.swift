/// A point on the platform's monotonic clock, in microseconds since boot (or, in the
/// simulation, since virtual time 0). UInt64 µs wraps after 584,000 years.
public struct Instant: Hashable, Comparable, Sendable {
    /// Microseconds since the clock's origin.
    public var microseconds: UInt64

    @inlinable public init(microseconds: UInt64) { self.microseconds = microseconds }

    /// The clock's origin (boot, or virtual time 0).
    public static let zero = Instant(microseconds: 0)
    /// Later than every real deadline; used as "never".
    public static let distantFuture = Instant(microseconds: UInt64.max)

    @inlinable public static func milliseconds(_ n: UInt64) -> Instant { Instant(microseconds: n &* 1_000) }
    @inlinable public static func seconds(_ n: UInt64) -> Instant { Instant(microseconds: n &* 1_000_000) }

    /// Whole milliseconds since the origin.
    @inlinable public var milliseconds: UInt64 { microseconds / 1_000 }

    @inlinable public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

    /// Adds a duration, saturating at 0 and at `distantFuture`.
    @inlinable public static func + (a: Instant, d: Duration) -> Instant {
        if d.microseconds >= 0 {
            let (r, o) = a.microseconds.addingReportingOverflow(UInt64(d.microseconds))
            return Instant(microseconds: o ? UInt64.max : r)
        }
        let m = d.microseconds.magnitude
        return Instant(microseconds: a.microseconds >= m ? a.microseconds - m : 0)
    }
    @inlinable public static func - (a: Instant, d: Duration) -> Instant { a + Duration(microseconds: 0 &- d.microseconds) }
    @inlinable public static func += (a: inout Instant, d: Duration) { a = a + d }

    /// The signed span `a - b`.
    @inlinable public static func - (a: Instant, b: Instant) -> Duration {
        a >= b ? Duration(microseconds: Int64(truncatingIfNeeded: a.microseconds &- b.microseconds))
               : Duration(microseconds: 0 &- Int64(truncatingIfNeeded: b.microseconds &- a.microseconds))
    }
}
