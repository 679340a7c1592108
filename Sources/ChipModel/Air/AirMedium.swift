import Runtime

/// The radio side of the chip: the world (Simulation, a TAP bridge, a test) implements this
/// and delivers LAN frames back with `ChipModel.receiveFromAir(_:)` (docs/seams.md §3).
public protocol AirMedium: AnyObject {
    /// The access points a scan or join can see now.
    func accessPoints() -> [VirtualAP]
    /// An Ethernet II frame the chip sends to the LAN (from the host or from firmware offloads).
    func transmit(_ frame: [UInt8], from mac: MACAddress)
    /// The chip's station associated with (`bssid` non-nil, data may flow) or left an AP.
    /// Default: nothing. (An addition to docs/seams.md §3 so the world can route to the station.)
    func associationChanged(station: MACAddress, bssid: MACAddress?)
}

extension AirMedium {
    public func associationChanged(station: MACAddress, bssid: MACAddress?) {}
}
