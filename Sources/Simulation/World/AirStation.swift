/// The radio side of a Wi-Fi station as the world drives it: the chip model (the lead
/// adds `extension ChipModel: AirStation {}` where both are visible), or a test stand-in.
public protocol AirStation: AnyObject {
    /// A LAN frame (Ethernet II) for the station, through its AP.
    func receiveFromAir(_ frame: [UInt8])
    /// The AP is gone or deauthenticated the station (link down).
    func apLost()
    /// A fault inside the station (its firmware or its bus to the host). Stand-ins
    /// without a chip ignore it.
    func inject(_ fault: ChipFault)
    /// The station's 802.11 power save as its AP sees it; nil = always awake (PM off).
    var powerSave: StationPowerSave? { get }
}

extension AirStation {
    public func inject(_ fault: ChipFault) {}
    public var powerSave: StationPowerSave? { nil }
}

/// Faults a script can inject into the chip (ChipModel's fault hooks).
public enum ChipFault: Equatable, Sendable {
    /// The firmware traps (FWHALT): everything it held is lost.
    case firmwareTrap
    /// The host's next bus transfer fails.
    case failedTransfer
    /// The next frame to the host carries a bad SDPCM length/complement.
    case corruptFrame
    /// The firmware's flow-control bitmap from now on: a stop bit per precedence (0 lifts all).
    case flowControl(UInt8)
}

/// A real network the air side is bridged to instead of the virtual LAN (the
/// executable's TAP interface). Polled by the world.
public protocol ExternalLink: AnyObject {
    /// A frame from the station to the real network.
    func send(_ frame: [UInt8])
    /// Frames that arrived from the real network since the last call.
    func receive() -> [[UInt8]]
}
