/// A level-style interrupt line that the Linux platform waits on in its epoll set: the
/// chip's host-wake/IRQ output, or a stand-in in tests.
///
/// The CYW43 holds its interrupt asserted like a level until the driver clears the
/// cause, but Linux GPIO only reports edges (docs/linux-sbc.md §3.5). So the platform both
/// watches `fd` for edges and re-reads `isAsserted` before every sleep and after every
/// wake: a wake that arrived during a service pass (edge already consumed, line still
/// asserted) is never lost.
public protocol WakeLine: AnyObject {
    /// Becomes readable when at least one edge is queued.
    var fd: Int32 { get }
    /// Reads and discards every queued edge; returns how many there were.
    func drainEdges() -> Int
    /// The current level, already mapped through the line's polarity.
    func isAsserted() -> Bool
}

/// An output line (WL_REG_ON).
public protocol OutputLine: AnyObject {
    func set(_ high: Bool) throws(GPIOError)
}
