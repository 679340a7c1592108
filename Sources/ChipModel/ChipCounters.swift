/// Counters a test or the simulation can read. Every dropped input is counted here.
public struct ChipCounters: Sendable {
    public var framesFromHost = 0
    public var framesToHost = 0
    /// SDPCM length/~length mismatch or a frame shorter than its header (§4.1).
    public var badHeaders = 0
    /// A host frame with a sequence number outside the granted credit window (§4.2): dropped.
    public var creditViolations = 0
    /// A host frame whose sequence number is not the next expected one (counted, accepted).
    public var sequenceGaps = 0
    public var ioctls = 0
    public var unsupportedIoctls = 0
    public var framesToAir = 0
    public var framesFromAir = 0
    /// Data frames the firmware could not deliver (not associated, F2 stalled, firmware halted).
    public var droppedToAir = 0
    public var droppedFromAir = 0
    /// Frames from the air consumed by an installed offload.
    public var consumedByOffload = 0
    /// Events suppressed by the event mask.
    public var maskedEvents = 0
    /// Bus accesses refused (bus asleep, injected failure, bad block size, unsupported bus).
    public var refusedTransfers = 0
    /// gSPI F1 backplane commands longer than 64 bytes (docs/cyw43-bus.md §1.7): performed, but a
    /// real chip's limit, so a driver test can assert this stays 0.
    public var oversizedBackplaneTransfers = 0
    /// Backplane transfers that ran past the end of the 32 KB window and wrapped (§1.7, §3.1).
    public var windowWraps = 0
    /// gSPI F1/F2 accesses while the SPI core slept (KSO off with BUS_CONTROL WAKE_UP clear): a
    /// real chip does not answer them (ChipModel+GSPI). A correct driver keeps this 0.
    public var accessesWhileSPICoreAsleep = 0
    /// SDIO CMD52/CMD53 to a card that is not selected (no CMD7 since CMD5/CMD3, after a host
    /// started enumerating through `sdioCommand`): not answered, as a real card does not.
    public var sdioCommandsBeforeSelect = 0
    /// Enumeration commands in a state where the card does not take them (CMD3 before CMD5,
    /// CMD7 before CMD3): not answered.
    public var sdioCommandsOutOfState = 0
    /// SDIO CMD53s whose data phase failed because host and card (CCCR BICTRL) drive a different
    /// number of data lines.
    public var sdioBusWidthMismatches = 0
    /// SDIO commands the card did not decode because the bus slept with CMD_NODEC set (CCCR
    /// 0xF0 bit 3: "sdiod_aos does not decode any command"); only the KSO wake gets through.
    public var sdioUndecodedWhileAsleep = 0
    public init() {}
}
