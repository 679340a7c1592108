import Runtime

/// Which bus a driver runs on.
public enum BusKind: Equatable, Sendable { case gspi, sdio }

/// Host-wake (out-of-band interrupt) configuration (docs/cyw43-bus.md §7.8, §2.6).
public struct HostWake: Equatable, Sendable {
    /// true: the line is active high and the host arms a rising edge (WHD default,
    /// every PSoC 6 kit in docs/tko-offload.md §9 except the newer 43439 M.2 BSPs).
    public var activeHigh: Bool
    /// SDIO only: route the OOB signal through the SEPINT register (WHD `whd_bus_sdio_init`
    /// step 10). false = in-band DAT1 interrupt only.
    public var outOfBand: Bool
    public init(activeHigh: Bool = true, outOfBand: Bool = true) { self.activeHigh = activeHigh; self.outOfBand = outOfBand }
}

/// What one F2 read produced.
public enum FrameRead: Equatable {
    /// Nothing pending.
    case none
    /// A frame of this many bytes is at the start of the buffer.
    case frame(Int)
    /// The bus announced a frame the driver could not take; it was terminated (RF_TERM).
    case dropped(BusDrop)
}

/// Bus-level reasons for dropping an incoming frame (counted by the runner).
public enum BusDrop: Equatable, Sendable {
    /// gSPI status announced length 0 or an underflow.
    case badAnnouncedLength(Int)
    /// The frame is larger than the driver's receive buffer / MTU.
    case oversized(Int)
    /// SDIO frame tag length and complement disagree.
    case badTag(length: UInt16, check: UInt16)
}

/// The bus protocol layer under the driver: gSPI (`GSPIBus`) or SDIO (`SDIOBus`) on top
/// of their transports. Only the `Runner` calls it (it alone owns the bus). Register
/// access, backplane window and frame I/O; the protocol logic shared by both buses
/// (window, chunking, cores, clocks, sleep) lives in extensions.
public protocol WLANBus: AnyObject {
    var kind: BusKind { get }
    var platform: any Platform { get }
    /// Cached backplane window base (§3.1).
    var backplaneWindow: UInt32 { get set }
    /// Largest single F1 transfer (gSPI 64, §1.7).
    var maxBackplaneTransfer: Int { get }
    /// Transaction counters (WHD names).
    var stats: BusStats { get set }

    /// Bus start-up up to "ALP clock available" (§1.9 steps 2-8, §2.7 steps 1-11).
    func initializeBus(hostWake: HostWake) throws(BusError)
    /// A 1/2/4-byte register read on F0 or F1 (no window handling).
    func readRegister(function: UInt8, address: UInt32, size: Int) throws(BusError) -> UInt32
    /// A 1/2/4-byte register write on F0 or F1 (no window handling).
    func writeRegister(function: UInt8, address: UInt32, size: Int, value: UInt32) throws(BusError)
    /// A bulk F1 transfer at an F1 address (window offset), at most `maxBackplaneTransfer`.
    func transferF1(write: Bool, address: UInt32, buffer: UnsafeMutableRawBufferPointer) throws(BusError)
    /// Backplane address of the chip-id register (SDIO may read the copy in the SDIO core).
    func chipIDAddress() throws(BusError) -> UInt32
    /// After HT: host interrupt mask, F2 watermark (§3.5 step 7).
    func finishFirmwareBoot(chip: ChipInfo) throws(BusError)
    /// gSPI STATUS bit 5 / SDIO IORDY bit 2 (§3.6).
    func isF2Ready() throws(BusError) -> Bool
    /// Reads and clears the chip's interrupt state; true when a frame may be waiting.
    func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool
    /// Reads one F2 frame into `buffer`.
    func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead
    /// Writes one SDPCM frame to F2 (the bus adds its padding).
    func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError)
    /// §7.9 step 5: gSPI clears WAKE_UP in BUS_CONTROL; SDIO nothing.
    func busSpecificSleepSetup() throws(BusError)
    /// Out of credits: SDIO writes SMB_DEV_INT to tosbmailbox; gSPI has no poke (§4.2).
    func pokeFirmware(chip: ChipInfo) throws(BusError)
    /// How bring-up's register polls wait between two reads (`pause(for:)`): the runner's
    /// waiter (set with `Runner.waiter`); nil: `platform.delay`. A bus that keeps none (the
    /// default) always delays.
    var pollWaiter: (any ChipWaiter)? { get set }
}

extension WLANBus {
    public var pollWaiter: (any ChipWaiter)? {
        get { nil }
        set {}
    }
}
