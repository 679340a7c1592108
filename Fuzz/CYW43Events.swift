import Boards
import CYW43
import Net
import Offload
import Runtime

// Fuzz target (Fuzz/README.md): what the driver and the offload manager make of firmware
// EVENTS once they are parsed (CYW43Wire fuzzes the event parser itself): the join state
// machine (SET_SSID / AUTH / LINK / PSK_SUP / DEAUTH status, reason, flags, auth type;
// docs/cyw43-bus.md §6.4, §6.5) and the WLC_E_TKO data `wl_event_tko_t` read by
// `OffloadManager.handle(event:frame:)` (docs/tko-offload.md §3).
//
// A driver is brought up once on a bus that answers every ioctl with success. Per input:
//   byte 0: bits 0-2 security (open, WPA2, WPA/WPA2, WPA3, WPA2/WPA3), bit 3 finish the join
//           first with the canned success events, bit 4 an OffloadManager listens
//   then records: u8 time step (x 100 ms), u16 length (LE), `length` bytes of event frame
//   (Ethernet header onwards, §6.1); each is wrapped in SDPCM (channel 1, §4.1) + BDC
//   (§5.3), handed to `runner.dispatch`, then `driver.poll(now:)` runs.
// Seeds: Fuzz/corpus/CYW43Events/ (join / link-down / TKO event sequences from §6.1, §6.5
// and docs/tko-offload.md §3).

// The firmware image, FuzzNullSink and FuzzBootBus: Fuzz/Shared/CYW43/.

/// Boots like a CYW43439 (FuzzBootBus) and answers each control frame at once with success
/// and 16 zero bytes.
final class AnswerAllBus: FuzzBootBus {
    var pending: [UInt8]?

    override func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool { pending != nil }
    override func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead {
        guard let f = pending else { return .none }
        pending = nil
        for i in 0..<f.count { buffer[i] = f[i] }
        return .frame(f.count)
    }
    override func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError) {
        guard let sdpcm = try? SDPCMHeader(parsing: frame), sdpcm.channel == SDPCMChannel.control,
              let cdc = try? CDCHeader(parsing: UnsafeRawBufferPointer(rebasing: frame[Int(sdpcm.dataOffset)...]))
        else { return }
        let total = SDPCMHeader.size + CDCHeader.size + 16
        var f = [UInt8](repeating: 0, count: total)
        f.withUnsafeMutableBytes { b in
            SDPCMHeader(length: UInt16(total), sequence: rxSequence, channel: SDPCMChannel.control,
                        dataOffset: UInt8(SDPCMHeader.size), credit: sdpcm.sequence &+ 8).emit(into: b)
            CDCHeader(command: cdc.command, length: 16, isSet: cdc.isSet, id: cdc.id)
                .emit(into: UnsafeMutableRawBufferPointer(rebasing: b[SDPCMHeader.size...]))
        }
        rxSequence &+= 1
        pending = f
    }
}

nonisolated(unsafe) let evBus = AnswerAllBus()
nonisolated(unsafe) let evDriver: Driver<AnswerAllBus> = {
    let d = Driver(bus: evBus, log: Log(FuzzNullSink()))
    d.ioctlTimeout = .milliseconds(3)
    do throws(BringUpError) {
        try d.bringUp(resources: MemoryResources(firmware: fuzzFirmware, nvram: [0x61, 0x3D, 0x31, 0], clm: []))
    } catch { preconditionFailure("bring-up failed") }
    return d
}()
let evConfig: OffloadConfig = {
    do throws(OffloadConfigError) {
        return try OffloadConfig(keepalive: KeepaliveSettings(
            interval: 20, retryInterval: 3, retryCount: 3,
            sockets: [KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 10), remotePort: 3360)]),
            hostWake: BoardConfig.HostWake(pin: .psoc(port: 0, pin: 4)))
    } catch { preconditionFailure("offload config") }
}()

/// One event frame (Ethernet header onwards) as the firmware sends it on F2.
func dispatchEvent(_ event: UnsafeRawBufferPointer) {
    let total = SDPCMHeader.size + 4 + event.count
    guard total <= 2048 else { return }
    var f = [UInt8](repeating: 0, count: total)
    f.withUnsafeMutableBytes { b in
        SDPCMHeader(length: UInt16(total), sequence: evBus.rxSequence, channel: SDPCMChannel.event,
                    dataOffset: UInt8(SDPCMHeader.size), credit: evDriver.runner.txSequence &+ 8).emit(into: b)
        b[SDPCMHeader.size] = 0x20  // BDC version 2, data offset 0
        UnsafeMutableRawBufferPointer(rebasing: b[(SDPCMHeader.size + 4)...]).copyMemory(from: event)
    }
    evBus.rxSequence &+= 1
    f.withUnsafeBytes { evDriver.runner.dispatch($0) }
}

/// A canned event (§6.1) for finishing the join.
func cannedEvent(_ type: EventType, status: UInt32 = 0, flags: UInt16 = 0) -> [UInt8] {
    var e = [UInt8](repeating: 0, count: EventMessage.headerSize)
    e.withUnsafeMutableBytes { EventMessage(eventType: type, status: status, flags: flags).emit(into: $0, dataLength: 0) }
    return e
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let setup = data[0]
    let securities: [Security] = [.open, .wpa2AES, .wpaWPA2Mixed, .wpa3SAE, .wpa2WPA3]
    let security = securities[Int(setup & 7) % securities.count]
    let d = evDriver
    var now = d.platform.now
    do throws(JoinStartError) {
        try d.startJoin(ssid: Array("WIFI_SSID".utf8), passphrase: Array("WIFI_PASSWORD".utf8), security: security, now: now)
    } catch { preconditionFailure("startJoin refused") }
    let manager = OffloadManager(target: d, config: evConfig)
    d.eventListener = setup & 0x10 != 0 ? manager : nil
    if setup & 0x08 != 0 {
        for e in [cannedEvent(.auth), cannedEvent(.link, flags: 1), cannedEvent(.pskSup, status: EventStatus.supKeyed),
                  cannedEvent(.setSSID)] {
            e.withUnsafeBytes { dispatchEvent($0) }
        }
        precondition(d.joinState == .joined, "canned join events did not join")
    }
    var at = 1
    while at + 3 <= size {
        let step = Int64(data[at])
        let len = Int(data[at + 1]) | Int(data[at + 2]) << 8
        let n = min(len, size - at - 3)
        dispatchEvent(UnsafeRawBufferPointer(start: data + at + 3, count: n))
        at += 3 + n
        now += Duration.milliseconds(step * 100)
        d.poll(now: now)
    }
    var notices = 0
    while d.nextNotice() != nil { notices += 1 }
    precondition(notices <= 8, "notice queue over its bound")
    var seen: [UInt8] = []
    for i in manager.failedConnections {
        precondition(!seen.contains(i), "a failed connection listed twice")
        seen.append(i)
    }
    if setup & 0x10 == 0 { precondition(manager.failedConnections.isEmpty, "manager heard events it does not listen to") }
    d.eventListener = nil
    // Leave the driver idle for the next input.
    do throws(IoctlError) { try d.leave() } catch { preconditionFailure("driver wedged by events: leave failed") }
    return 0
}
