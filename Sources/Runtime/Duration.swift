/// A span of time in microseconds (signed), our own so the portable targets need
/// no Foundation and no `Swift.Duration` (whose 128-bit attoseconds are costly on a
/// Cortex-M4). Shadows `Swift.Duration` in every module that imports Runtime.
public struct Duration: Hashable, Comparable, Sendable {
    /// Microseconds.
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    @inlinable public static func microseconds(_ n: Int64) -> Duration { Duration(microseconds: n) }
    @inlinable public static func milliseconds(_ n: Int64) -> Duration { Duration(microseconds: n &* 1_000) }
    @inlinable public static func seconds(_ n: Int64) -> Duration { Duration(microseconds: n &* 1_000_000) }
    @inlinable public static func minutes(_ n: Int64) -> Duration { .seconds(n &* 60) }
    @inlinable public static func hours(_ n: Int64) -> Duration { .seconds(n &* 3_600) }
    public static let zero = Duration(microseconds: 0)

    /// Whole milliseconds, truncated toward zero.
    @inlinable public var milliseconds: Int64 { microseconds / 1_000 }
    /// Whole seconds, truncated toward zero.
    @inlinable public var seconds: Int64 { microseconds / 1_000_000 }

    @inlinable public static func < (a: Duration, b: Duration) -> Bool { a.microseconds < b.microseconds }
    @inlinable public static func + (a: Duration, b: Duration) -> Duration { Duration(microseconds: a.microseconds &+ b.microseconds) }
    @inlinable public static func - (a: Duration, b: Duration) -> Duration { Duration(microseconds: a.microseconds &- b.microseconds) }
    @inlinable public static func * (a: Duration, n: Int64) -> Duration { Duration(microseconds: a.microseconds &* n) }
    @inlinable public static func / (a: Duration, n: Int64) -> Duration { Duration(microseconds: a.microseconds / n) }
    @inlinable public static func += (a: inout Duration, b: Duration) { a = a + b }
    @inlinable public static func -= (a: inout Duration, b: Duration) { a = a - b }
}
