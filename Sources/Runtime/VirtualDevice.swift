/// A piece of the simulated world (chip model, access point, peer host) that shares the
/// `VirtualPlatform`'s timeline (docs/seams.md §1).
public protocol VirtualDevice: AnyObject {
    /// The earliest instant this device must run at, or nil.
    var nextDeadline: Instant? { get }
    /// Runs everything due at or before `now` (the platform has set `now` already).
    func advance(to now: Instant)
}
