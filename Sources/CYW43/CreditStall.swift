import Runtime

/// A transmit queue that cannot move: frames wait, the window is shut (or flow control holds
/// them) and no header has arrived to change that. After a lost or corrupt frame the host's
/// view of the credit is stale (the header that carried the new max sequence never arrived)
/// and the firmware, which thinks it granted credit, has no reason to send another one.
struct CreditStall {
    var since: Instant
    /// The next instant the runner pokes the firmware (or, past the limit, gives up).
    var nextAction: Instant
    /// Pokes sent since the last valid header from the firmware.
    var unansweredPokes = 0
    /// Pokes sent in this stall.
    var pokes = 0
    /// `rxFrames` when the last poke went out: a higher count means the firmware answered.
    var rxFramesAtPoke: Int
}
