/// Named counters of what the runner did and dropped (house style §6: every dropped frame
/// increments one of these and logs one line).
public struct DriverCounters: Equatable, Sendable {
    public var rxFrames = 0
    public var rxControl = 0
    public var rxEvents = 0
    public var rxData = 0
    public var rxCreditOnly = 0
    public var txControl = 0
    public var txData = 0
    /// Data frames refused because the transmit queue was full (no credit / flow-controlled
    /// for longer than the queue could absorb): the caller sees `false`, back-pressure.
    public var txNoCredit = 0
    /// Data frames that waited in the transmit queue for credit or flow control.
    public var txQueued = 0
    /// Of those, frames whose precedence the firmware had stopped when they came.
    public var txFlowControlled = 0
    /// Flow-control stop bits the firmware set (each precedence bit going from clear to set).
    public var flowControlStops = 0
    /// Queued frames forgotten when the chip was restarted (firmware trap or stall reset).
    public var txDroppedOnReset = 0
    /// Queued frames forgotten as the app froze the stack they came from (`dropQueuedFrames`).
    public var txDroppedStale = 0
    /// Credit stalls seen: frames waiting, no credit, past the first bounded wait.
    public var creditStalls = 0
    /// Pokes sent to the firmware for a credit update (SMB_DEV_INT, §4.2).
    public var creditPokes = 0
    /// Stalls that ended with credit from a fresh header (after a lost/corrupt one).
    public var creditResyncs = 0
    /// Stalls the firmware never answered: the chip was declared lost and restarted.
    public var creditStallResets = 0
    /// Data frames refused for their length (< 14 or > 1514 bytes).
    public var txRejected = 0
    /// Received credit more than 0x40 ahead of tx_seq (WHD treats it as bogus).
    public var creditBogus = 0
    /// Firmware rx sequence jumped (Linux: counted, frame accepted).
    public var rxSequenceGaps = 0

    // Drops of received frames, one counter per reason.
    public var dropLengthCheck = 0
    public var dropBadLength = 0
    public var dropBadDataOffset = 0
    public var dropUnknownChannel = 0
    public var dropGlom = 0
    public var dropTruncated = 0
    public var dropNotEvent = 0
    public var dropBadEventHeader = 0
    public var dropEventDataTruncated = 0
    public var dropStaleControlReply = 0
    public var dropNoReceiver = 0
    public var dropBusAnnouncedLength = 0
    public var dropBusOversized = 0
    public var dropBusBadTag = 0
    /// Host-wake / out-of-band interrupts reported (WHD `oob_intrs`).
    public var hostWakes = 0
    /// Bus transactions that failed during a poll (the runner keeps going).
    public var busErrors = 0
    /// Sleeps while waiting for the chip (ioctl reply, credit, bus wake): `Runner+Wait.swift`.
    public var chipWaits = 0
    /// Waits that had to block in `Platform.delay` (no `ChipWaiter` set and an interrupt
    /// nobody collects pending). 0 wherever the driver runs under the runtime.
    public var busyWaits = 0

    public init() {}

    /// Sum of every receive-side drop counter.
    public var totalDrops: Int {
        dropLengthCheck + dropBadLength + dropBadDataOffset + dropUnknownChannel + dropGlom + dropTruncated
            + dropNotEvent + dropBadEventHeader + dropEventDataTruncated + dropStaleControlReply + dropNoReceiver
            + dropBusAnnouncedLength + dropBusOversized + dropBusBadTag
    }
}
