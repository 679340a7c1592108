/// The radio side of a Wi-Fi station as the world drives it: the chip model (the lead
/// adds `extension ChipModel: AirStation {}` where both are visible), or a test stand-in.
public protocol AirStation: AnyObject {
    /// A LAN frame (Ethernet II) for the station, through its AP.
    func receiveFromAir(_ frame: [UInt8])
    /// The AP is gone or deauthenticated the station (link down).
    func apLost()
}

/// A real network the air side is bridged to instead of the virtual LAN (the
/// executable's TAP interface). Polled by the world.
public protocol ExternalLink: AnyObject {
    /// A frame from the station to the real network.
    func send(_ frame: [UInt8])
    /// Frames that arrived from the real network since the last call.
    func receive() -> [[UInt8]]
}
