import CYW43
import ChipModel
import ChipBridge
import Runtime

/// A LAN with fixed access points; records frames the chip sends.
final class TestAir: AirMedium {
    var aps: [VirtualAP]
    var sent: [[UInt8]] = []
    init(_ aps: [VirtualAP]) { self.aps = aps }
    func accessPoints() -> [VirtualAP] { aps }
    func transmit(_ frame: [UInt8], from mac: MACAddress) { sent.append(frame) }
}

final class Collect: FrameReceiver {
    var frames: [[UInt8]] = []
    func receive(frame: UnsafeRawBufferPointer) { frames.append(Array(frame)) }
}

let bssidWPA2 = MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, 0x02)
let bssidWPA3 = MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, 0x03)
let bssidOpen = MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, 0x01)
let bssidMixed = MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, 0x04)

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

func standardAPs() -> [VirtualAP] {
    [VirtualAP(ssid: bytes("HomeWPA2"), security: .wpa2, passphrase: bytes("correct horse"), bssid: bssidWPA2),
     VirtualAP(ssid: bytes("HomeWPA3"), security: .wpa3, passphrase: bytes("battery staple"), bssid: bssidWPA3),
     VirtualAP(ssid: bytes("Cafe"), security: .open, bssid: bssidOpen),
     VirtualAP(ssid: bytes("Transit"), security: .transition, passphrase: bytes("transition pw"), bssid: bssidMixed)]
}

/// A chip, its virtual platform and a driver over the given bus, ready for bring-up.
struct Rig<B: WLANBus> {
    let platform: VirtualPlatform
    let chip: ChipModel
    let air: TestAir
    let log: LineBuffer
    let driver: Driver<B>

    /// Runs the cooperative loop (sleep until the driver's deadline or host-wake, then
    /// poll) until `done` or `limit` of virtual time passed.
    func run(for limit: Duration, until done: () -> Bool) {
        let end = platform.now + limit
        var guardCount = 0
        while !done() && platform.now < end && guardCount < 100_000 {
            guardCount += 1
            let next = driver.nextDeadline(now: platform.now).map { min($0, end) } ?? end
            platform.sleep(until: next)
            if platform.interrupts.takeAll() != 0 || chip.hostWakeAsserted { driver.hostWakeSeen() }
            driver.poll(now: platform.now)
        }
    }

    /// Starts a join and runs until the driver reports its result.
    func join(_ ssid: String, _ pass: String, _ security: Security) throws -> DriverNotice? {
        try driver.startJoin(ssid: bytes(ssid), passphrase: bytes(pass), security: security, now: platform.now)
        var notice: DriverNotice?
        run(for: .seconds(20)) {
            if notice == nil { notice = driver.nextNotice() }
            return notice != nil
        }
        return notice
    }
}

func resources(_ kind: ChipKind) -> MemoryResources {
    MemoryResources(firmware: SyntheticFirmware.image(for: kind), nvram: SyntheticFirmware.nvram(),
                    clm: SyntheticFirmware.clm())
}

func gspiRig(_ kind: ChipKind = .cyw43439, statusWord: Bool = false) -> Rig<GSPIBus<ChipGSPITransport>> {
    let platform = VirtualPlatform()
    let air = TestAir(standardAPs())
    let chip = ChipModel(chip: kind, bus: .gspi, air: air)
    platform.attach(chip)
    let log = LineBuffer()
    let driver = Driver(bus: GSPIBus(transport: ChipGSPITransport(chip), platform: platform, statusWord: statusWord), log: Log(log))
    chip.onHostWake = { [unowned platform] up in if up { platform.raiseInterrupt(1) } }
    return Rig(platform: platform, chip: chip, air: air, log: log, driver: driver)
}

func sdioRig(_ kind: ChipKind = .cyw4343W) -> Rig<SDIOBus<ChipSDIOTransport>> {
    let platform = VirtualPlatform()
    let air = TestAir(standardAPs())
    let chip = ChipModel(chip: kind, bus: .sdio, air: air)
    platform.attach(chip)
    let log = LineBuffer()
    let driver = Driver(bus: SDIOBus(transport: ChipSDIOTransport(chip), platform: platform), log: Log(log))
    chip.onHostWake = { [unowned platform] up in if up { platform.raiseInterrupt(1) } }
    return Rig(platform: platform, chip: chip, air: air, log: log, driver: driver)
}

func text(_ log: LineBuffer) -> [String] { log.lines.map { String(decoding: $0, as: UTF8.self) } }
