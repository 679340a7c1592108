import Runtime
import CYW43
@testable import Offload

/// Records every offload call as a typed trace; individual calls can be made to fail.
final class FakeOffloadTarget: OffloadTarget {
    enum Call: Equatable {
        case capabilities
        case tkoParam(TkoParameters)
        case tkoConnect(TkoConnect)
        case tkoEnable(Bool)
        case arpFeatures(UInt32), arpEnable(Bool), arpHostIP(IPv4Address), arpClear, arpPeerAge(UInt32)
        case filterAdd(PacketFilterPattern), filterEnable(UInt32, Bool), filterMode(PacketFilterMode)
        case pm2Get, pm2Set(UInt32)
    }
    var trace: [Call] = []
    var capabilities = OffloadCapabilities(tcpKeepalive: .supported, tcpKeepaliveMaxConnections: 4,
                                           arpOffload: .supported, packetFilter: .supported)
    var failConnectSlots: Set<UInt8> = []
    var failEnable = false
    var pm2: UInt32 = 200

    func offloadCapabilities() -> OffloadCapabilities { trace.append(.capabilities); return capabilities }
    func tkoSetParameters(_ p: TkoParameters) throws(OffloadIovarError) { trace.append(.tkoParam(p)) }
    func tkoConnect(_ c: TkoConnect) throws(OffloadIovarError) {
        trace.append(.tkoConnect(c))
        if failConnectSlots.contains(c.index) { throw .ioctl(.firmware(status: -16)) }
    }
    func tkoEnable(_ on: Bool) throws(OffloadIovarError) {
        trace.append(.tkoEnable(on))
        if failEnable { throw .ioctl(.timeout) }
    }
    func arpOffloadSetFeatures(_ bits: UInt32) throws(OffloadIovarError) { trace.append(.arpFeatures(bits)) }
    func arpOffloadEnable(_ on: Bool) throws(OffloadIovarError) { trace.append(.arpEnable(on)) }
    func arpOffloadAddHostIP(_ ip: IPv4Address) throws(OffloadIovarError) { trace.append(.arpHostIP(ip)) }
    func arpOffloadClearHostIPs() throws(OffloadIovarError) { trace.append(.arpClear) }
    func arpOffloadSetPeerAge(_ seconds: UInt32) throws(OffloadIovarError) { trace.append(.arpPeerAge(seconds)) }
    func packetFilterAdd(_ f: PacketFilterPattern) throws(OffloadIovarError) { trace.append(.filterAdd(f)) }
    func packetFilterEnable(id: UInt32, _ on: Bool) throws(OffloadIovarError) { trace.append(.filterEnable(id, on)) }
    func packetFilterSetMode(_ mode: PacketFilterMode) throws(OffloadIovarError) { trace.append(.filterMode(mode)) }
    func pm2SleepReturn() throws(OffloadIovarError) -> UInt32 { trace.append(.pm2Get); return pm2 }
    func setPM2SleepReturn(_ ms: UInt32) throws(OffloadIovarError) { trace.append(.pm2Set(ms)); pm2 = ms }
}

/// A firmware that knows no offload iovar at all: every call answers BCME_UNSUPPORTED.
final class NoOffloadFirmware: IovarAccess {
    var names: [String] = []
    func setIovar(_ name: StaticString, _ value: UnsafeRawBufferPointer) throws(IoctlError) {
        names.append(name.description)
        throw .firmware(status: -23)
    }
    func getIovar(_ name: StaticString, params: UnsafeRawBufferPointer,
                  into out: UnsafeMutableRawBufferPointer) throws(IoctlError) -> Int {
        names.append(name.description)
        throw .firmware(status: -23)
    }
}
