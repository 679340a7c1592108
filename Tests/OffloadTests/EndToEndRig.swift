// Needs "ChipModel" in OffloadTests' dependencies (Package.swift); skipped until then.
#if canImport(ChipModel)
import Runtime
import Net
import CYW43
import ChipModel
import ChipBridge
@testable import Offload

/// The real driver over gSPI to the chip model with the firmware offloads installed, on a
/// virtual clock; the LAN is one TCP server that can ACK keepalive probes.
/// The access point plus the server 192.168.0.114:3360 behind it (a VirtualDevice on the
/// same timeline: replies arrive `latency` after the probe).
final class ServerLAN: AirMedium, VirtualDevice {
    static let bssid = MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, 0x02)
    static let serverMAC = MACAddress(0x02, 0x5E, 0x00, 0x00, 0x00, 0x72)
    let platform: VirtualPlatform
    unowned(unsafe) var chip: ChipModel! = nil
    var answering = true
    var latency: Duration = .milliseconds(2)
    var probes: [Instant] = []
    var arpReplies: [[UInt8]] = []
    var others = 0
    private var pending: [(at: Instant, frame: [UInt8])] = []

    init(platform: VirtualPlatform) { self.platform = platform }

    func accessPoints() -> [VirtualAP] {
        [VirtualAP(ssid: Array("WIFI_SSID".utf8), security: .wpa2, passphrase: Array("WIFI_PASSWORD".utf8), bssid: Self.bssid)]
    }

    func transmit(_ frame: [UInt8], from mac: MACAddress) {
        // A keepalive probe: IPv4/TCP, ACK only, no payload (docs/tko-offload.md §1.6 layout).
        if frame.count >= 42, frame[12] == 0x08, frame[13] == 0x06, frame[21] == 2 {
            arpReplies.append(frame)
            return
        }
        guard frame.count == 54, frame[12] == 0x08, frame[13] == 0x00, frame[23] == 6, frame[47] == 0x10 else {
            others += 1
            return
        }
        probes.append(platform.now)
        guard answering else { return }
        // The server's kernel ACKs: seq = the probe's ack (rcv_nxt), ack = the probe's seq + 1.
        let seq = be32(frame, 42), ack = be32(frame, 38) &+ 1
        pending.append((platform.now + latency, Self.segment(from: frame, seq: seq, ack: ack)))
    }

    /// The LAN sends `frame` to the chip at `at`.
    func schedule(_ frame: [UInt8], at: Instant) { pending.append((at, frame)) }

    /// RFC 826 who-has `target` from the server.
    static func arpRequest(for target: IPv4Address) -> [UInt8] {
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + serverMAC.bytes + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]
            + serverMAC.bytes + [192, 168, 0, 114] + [0, 0, 0, 0, 0, 0] + target.bytes
    }

    var nextDeadline: Instant? { pending.map(\.at).min() }

    func advance(to now: Instant) {
        while let i = pending.firstIndex(where: { $0.at <= now }) {
            // The chip model's clock only moves when it is advanced: bring it to the
            // present so the firmware sees the frame at the right time.
            chip.advance(to: now)
            chip.receiveFromAir(pending.remove(at: i).frame)
        }
    }

    /// The reverse-direction ACK for `probe` (addresses and ports swapped), checksums set.
    static func segment(from probe: [UInt8], seq: UInt32, ack: UInt32) -> [UInt8] {
        var f = probe
        for i in 0..<6 { (f[i], f[6 + i]) = (probe[6 + i], probe[i]) }
        for i in 0..<4 { (f[26 + i], f[30 + i]) = (probe[30 + i], probe[26 + i]) }
        for i in 0..<2 { (f[34 + i], f[36 + i]) = (probe[36 + i], probe[34 + i]) }
        f[22] = 64
        put32(&f, 38, seq); put32(&f, 42, ack)
        f[24] = 0; f[25] = 0; f[50] = 0; f[51] = 0
        let ipSum = f.withUnsafeBytes { InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[14..<34])) }
        (f[24], f[25]) = (UInt8(ipSum >> 8), UInt8(ipSum & 0xFF))
        let src = IPv4Address(f[26], f[27], f[28], f[29]), dst = IPv4Address(f[30], f[31], f[32], f[33])
        let pseudo = InternetChecksum.pseudoHeader(source: src, destination: dst, protocol: 6, length: 20)
        let tcpSum = f.withUnsafeBytes { InternetChecksum.finish(InternetChecksum.add(UnsafeRawBufferPointer(rebasing: $0[34..<54]), to: pseudo)) }
        (f[50], f[51]) = (UInt8(tcpSum >> 8), UInt8(tcpSum & 0xFF))
        return f
    }

    private func be32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }
    private static func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
        b[o] = UInt8(v >> 24); b[o + 1] = UInt8((v >> 16) & 0xFF); b[o + 2] = UInt8((v >> 8) & 0xFF); b[o + 3] = UInt8(v & 0xFF)
    }
}

struct OffloadRig<Bus: WLANBus> {
    let platform: VirtualPlatform
    let lan: ServerLAN
    let chip: ChipModel
    let offloads: FirmwareOffloads
    let driver: Driver<Bus>
    let log: LineBuffer

    private init(platform: VirtualPlatform, lan: ServerLAN, chip: ChipModel, driver: Driver<Bus>, log: LineBuffer) {
        self.platform = platform
        self.lan = lan
        self.chip = chip
        self.driver = driver
        self.log = log
        lan.chip = chip
        offloads = FirmwareOffloads.install(on: chip)
        platform.attach(chip)
        platform.attach(lan)
        let p = platform
        chip.onHostWake = { up in if up { p.raiseInterrupt(1) } }
    }

    /// Bring-up and join as the application would.
    func start() throws {
        try driver.bringUp(resources: MemoryResources(firmware: SyntheticFirmware.image(for: chip.kind),
                                                      nvram: SyntheticFirmware.nvram(), clm: SyntheticFirmware.clm()))
        try driver.startJoin(ssid: Array("WIFI_SSID".utf8), passphrase: Array("WIFI_PASSWORD".utf8), security: .wpa2AES,
                             now: platform.now)
        var notice: DriverNotice? = nil
        awake(for: .seconds(20)) {
            if notice == nil { notice = driver.nextNotice() }
            return notice != nil
        }
        precondition(notice == .joined, "join failed")
    }

    /// The host awake: sleep to the driver's deadline or host-wake, then poll.
    func awake(for limit: Duration, until done: () -> Bool = { false }) {
        let end = platform.now + limit
        while !done() && platform.now < end {
            let next = driver.nextDeadline(now: platform.now).map { min($0, end) } ?? end
            platform.sleep(until: next)
            if platform.interrupts.takeAll() != 0 || chip.hostWakeAsserted { driver.hostWakeSeen() }
            driver.poll(now: platform.now)
        }
    }

    /// The host in deep sleep: only host-wake (or `limit`) ends it. Returns the time slept.
    @discardableResult
    func deepSleep(for limit: Duration) -> Duration {
        // Interrupts left over from the last ioctl replies are serviced first.
        _ = platform.interrupts.takeAll()
        if chip.hostWakeAsserted { driver.hostWakeSeen() }
        driver.poll(now: platform.now)
        _ = platform.interrupts.takeAll()
        let start = platform.now
        platform.sleep(until: start + limit)
        return platform.now - start
    }

    /// The device side of the CE's socket 0 as the TCP stack would report it.
    func connection(sndNxt: UInt32 = 0x0102_0304, rcvNxt: UInt32 = 0x0A0B_0C0D) -> TcpOffloadState {
        TcpOffloadState(localMAC: chip.macAddress, remoteMAC: ServerLAN.serverMAC,
                        localIP: IPv4Address(192, 168, 0, 15).value, remoteIP: IPv4Address(192, 168, 0, 114).value,
                        localPort: 3353, remotePort: 3360, sndNxt: sndNxt, rcvNxt: rcvNxt, rcvWnd: 5983, ttl: 32)
    }
}
#endif

#if canImport(ChipModel)
extension OffloadRig where Bus == GSPIBus<ChipGSPITransport> {
    /// CYW43439 over gSPI (the QEMU board's default, the Linux SBC's bus).
    init() {
        let platform = VirtualPlatform(), log = LineBuffer(), lan = ServerLAN(platform: platform)
        let chip = ChipModel(chip: .cyw43439, bus: .gspi, air: lan)
        self.init(platform: platform, lan: lan, chip: chip,
                  driver: Driver(bus: GSPIBus(transport: ChipGSPITransport(chip), platform: platform), log: Log(log)), log: log)
    }
}

extension OffloadRig where Bus == SDIOBus<ChipSDIOTransport> {
    /// CYW4343W over SDIO (the CE's default kit).
    init(sdio: Void) {
        let platform = VirtualPlatform(), log = LineBuffer(), lan = ServerLAN(platform: platform)
        let chip = ChipModel(chip: .cyw4343W, bus: .sdio, air: lan)
        self.init(platform: platform, lan: lan, chip: chip,
                  driver: Driver(bus: SDIOBus(transport: ChipSDIOTransport(chip), platform: platform), log: Log(log)), log: log)
    }
}
#endif
