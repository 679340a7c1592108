import Runtime

/// The model's delays on the virtual clock. Defaults follow the sheet where it gives a number;
/// the rest are plausible model choices. `ChipTiming.immediate` makes everything synchronous
/// (handy for register-level tests that never advance the clock).
public struct ChipTiming: Sendable {
    /// ARM released -> HT_AVAIL in F1 0x1000E. cyw43-driver: "takes about 29 ms" (cyw43-bus.md §1.9).
    public var htAvailableAfterBoot: Duration = .milliseconds(29)
    /// HT available -> F2 ready (gSPI STATUS bit 5 / SDIO IORDY 0x04). Model choice.
    public var f2ReadyAfterHT: Duration = .milliseconds(2)
    /// KSO write while asleep -> KSO + DEVON read back set. Linux waits 2-3 ms (§7.9).
    public var ksoWake: Duration = .milliseconds(2)
    /// SDPCM control frame in -> CDC reply queued. Zero = queued while the host's F2 write runs.
    public var ioctlLatency: Duration = .zero
    /// SET_SSID / "join" -> the AP is found (or SET_SSID NO_NETWORKS).
    public var joinScan: Duration = .milliseconds(120)
    /// AP found -> AUTH, ASSOC, LINK, SET_SSID raised.
    public var authAssoc: Duration = .milliseconds(25)
    /// LINK up -> PSK_SUP KEYED (4-way handshake) for PSK/SAE networks.
    public var fourWayHandshake: Duration = .milliseconds(40)
    /// `apLost()` -> LINK down (beacon loss). Real firmware waits for several missed beacons.
    public var beaconLoss: Duration = .zero

    public init() {}

    /// Every delay zero: the register-level tests' timing.
    public static var immediate: ChipTiming {
        var t = ChipTiming()
        t.htAvailableAfterBoot = .zero
        t.f2ReadyAfterHT = .zero
        t.ksoWake = .zero
        t.joinScan = .zero
        t.authAssoc = .zero
        t.fourWayHandshake = .zero
        return t
    }
}

/// What went wrong when the firmware did not come up (for tests and the simulation's log).
public enum BootError: Sendable, Equatable {
    /// Nothing was written to RAM before the ARM core was released.
    case noFirmware
    /// The last RAM word is not a valid NVRAM length token (cyw43-bus.md §3.5): HT comes up but
    /// F2 never becomes ready ("failure usually = wrong NVRAM/crystal", §1.9 step 11).
    case badNVRAMToken(UInt32)
    /// CR4 (4373): the word at backplane address 0 differs from the image's first word (§3.5).
    case resetVectorMismatch(expected: UInt32, found: UInt32)
}

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
    public init() {}
}
