import Runtime
import CYW43

/// The few driver calls the offload manager needs. Every `IovarAccess` (the CYW43 driver)
/// already has them through CYW43/Offload's typed operations, so a conformance is one line
/// (`extension Driver: OffloadTarget {}`) or the `IovarOffloadTarget` wrapper; tests use a
/// recording fake.
public protocol OffloadTarget: AnyObject {
    func offloadCapabilities() -> OffloadCapabilities
    func tkoSetParameters(_ p: TkoParameters) throws(OffloadIovarError)
    func tkoConnect(_ c: TkoConnect) throws(OffloadIovarError)
    func tkoEnable(_ on: Bool) throws(OffloadIovarError)
    func arpOffloadSetFeatures(_ bits: UInt32) throws(OffloadIovarError)
    func arpOffloadEnable(_ on: Bool) throws(OffloadIovarError)
    func arpOffloadAddHostIP(_ ip: IPv4Address) throws(OffloadIovarError)
    func arpOffloadClearHostIPs() throws(OffloadIovarError)
    func arpOffloadSetPeerAge(_ seconds: UInt32) throws(OffloadIovarError)
    func packetFilterAdd(_ f: PacketFilterPattern) throws(OffloadIovarError)
    func packetFilterEnable(id: UInt32, _ on: Bool) throws(OffloadIovarError)
    func packetFilterSetMode(_ mode: PacketFilterMode) throws(OffloadIovarError)
    func pm2SleepReturn() throws(OffloadIovarError) -> UInt32
    func setPM2SleepReturn(_ ms: UInt32) throws(OffloadIovarError)
    /// Makes the firmware send WLC_E_TKO (151) to the host (WHD does it when LPA registers
    /// its handler, docs/tko-offload.md §3). Default: nothing.
    func enableKeepaliveEvent() throws(OffloadIovarError)
}

extension OffloadTarget {
    public func enableKeepaliveEvent() throws(OffloadIovarError) {}
}

/// Any `IovarAccess` (the driver, or a fake firmware) as an `OffloadTarget`.
public final class IovarOffloadTarget<Driver: IovarAccess>: OffloadTarget {
    public let driver: Driver
    public init(_ driver: Driver) { self.driver = driver }

    public func offloadCapabilities() -> OffloadCapabilities { driver.offloadCapabilities() }
    public func tkoSetParameters(_ p: TkoParameters) throws(OffloadIovarError) { try driver.tkoSetParameters(p) }
    public func tkoConnect(_ c: TkoConnect) throws(OffloadIovarError) { try driver.tkoConnect(c) }
    public func tkoEnable(_ on: Bool) throws(OffloadIovarError) { try driver.tkoEnable(on) }
    public func arpOffloadSetFeatures(_ bits: UInt32) throws(OffloadIovarError) { try driver.arpOffloadSetFeatures(bits) }
    public func arpOffloadEnable(_ on: Bool) throws(OffloadIovarError) { try driver.arpOffloadEnable(on) }
    public func arpOffloadAddHostIP(_ ip: IPv4Address) throws(OffloadIovarError) { try driver.arpOffloadAddHostIP(ip) }
    public func arpOffloadClearHostIPs() throws(OffloadIovarError) { try driver.arpOffloadClearHostIPs() }
    public func arpOffloadSetPeerAge(_ seconds: UInt32) throws(OffloadIovarError) { try driver.arpOffloadSetPeerAge(seconds) }
    public func packetFilterAdd(_ f: PacketFilterPattern) throws(OffloadIovarError) { try driver.packetFilterAdd(f) }
    public func packetFilterEnable(id: UInt32, _ on: Bool) throws(OffloadIovarError) { try driver.packetFilterEnable(id: id, on) }
    public func packetFilterSetMode(_ mode: PacketFilterMode) throws(OffloadIovarError) { try driver.packetFilterSetMode(mode) }
    public func pm2SleepReturn() throws(OffloadIovarError) -> UInt32 { try driver.pm2SleepReturn() }
    public func setPM2SleepReturn(_ ms: UInt32) throws(OffloadIovarError) { try driver.setPM2SleepReturn(ms) }
    public func enableKeepaliveEvent() throws(OffloadIovarError) {
        do throws(IoctlError) { try driver.offloadEnableEvent(.tko) } catch { throw .ioctl(error) }
    }
}
