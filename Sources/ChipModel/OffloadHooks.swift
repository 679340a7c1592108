import Runtime

/// Why the chip asserted host-wake; every assertion (rising edge of the logical line) is
/// counted under one of these (`ChipModel.wakeCount(_:)`).
public enum WakeReason: Int, Sendable, CaseIterable {
    /// A data frame (channel 2) for the host.
    case data = 0
    /// An event (channel 1) that is not a link loss or keepalive failure.
    case event
    /// Link loss: LINK with flags 0, DEAUTH(_IND), DISASSOC(_IND) (docs/cyw43-bus.md §6.3, §6.5).
    case linkDown
    /// The keepalive engine gave up (WLC_E_TKO 151, docs/tko-offload.md §3).
    case keepaliveFailure
    /// Anything else: ioctl replies, credit updates, firmware halt, explicit requests.
    case other
}

/// A firmware feature that lives inside the chip (TCP keepalive, ARP offload, packet filter).
/// The offload helper implements these in Sources/ChipModel/Offload/ and installs them with
/// `ChipModel.installOffload(_:)` (docs/seams.md §3). All calls happen on the model's thread.
public protocol FirmwareOffload: AnyObject {
    /// A SET_VAR for `name` (the ASCII name as sent, without its NUL, "bsscfg:" prefix kept)
    /// with `value` (the bytes after the NUL). Return the firmware status (0 ok, negative
    /// BCME_* error) if this feature owns the iovar, nil if not ours.
    func setIovar(name: [UInt8], value: [UInt8], chip: ChipModel) -> Int32?
    /// A GET_VAR: `params` are the bytes after the name's NUL (the host's buffer, which may carry
    /// parameters). Return (status, value) if ours, nil if not. The model copies `value` into the
    /// reply and answers BCME_BUFTOOSHORT (-14) if the host's buffer is shorter.
    func getIovar(name: [UInt8], params: [UInt8], chip: ChipModel) -> (Int32, [UInt8])?
    /// An Ethernet II frame from the air, addressed to us, while associated. Return true if the
    /// firmware consumed it (it then never reaches the host).
    func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool
    /// The earliest instant this feature must run at, or nil.
    var nextDeadline: Instant? { get }
    /// Runs everything due at or before `now` (`chip.now` already equals `now`).
    func advance(to now: Instant, chip: ChipModel)
    /// The association went up (authorized: data may flow) or down. Default: nothing.
    func linkChanged(up: Bool, chip: ChipModel)
    /// The firmware stopped (ARM halted for a re-download, power cycle): forget all state, as the
    /// real firmware's RAM is gone. Default: nothing.
    func firmwareReset(chip: ChipModel)
}

extension FirmwareOffload {
    public func linkChanged(up: Bool, chip: ChipModel) {}
    public func firmwareReset(chip: ChipModel) {}
}

/// Firmware error statuses (docs/cyw43-bus.md §5.1), as the CDC reply's status field carries them.
public enum FirmwareStatus {
    public static let ok: Int32 = 0
    public static let error: Int32 = -1
    public static let badArgument: Int32 = -2
    public static let notUp: Int32 = -4
    public static let notDown: Int32 = -5
    public static let bufferTooShort: Int32 = -14
    public static let notAssociated: Int32 = -17
    /// BCME_UNSUPPORTED: unknown ioctl or iovar.
    public static let unsupported: Int32 = -23
    public static let badLength: Int32 = -24
}
