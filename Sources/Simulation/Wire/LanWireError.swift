/// Why the simulation could not read a frame seen on the virtual LAN. The world counts
/// and drops such frames; it never traps on them.
public enum LanWireError: Error, Equatable, Sendable {
    /// The frame ends before a header it announces (`need` bytes, `have` bytes).
    case truncated(need: Int, have: Int)
    /// A header field has a value we do not handle (IPv4 version, IHL, DHCP cookie...).
    case unsupported(field: UInt16)
}
