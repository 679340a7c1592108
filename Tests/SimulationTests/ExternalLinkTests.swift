import Testing
import Runtime
import ChipModel
@testable import Simulation

/// A real network as a test sees it: frames that "arrive" at given virtual instants.
final class TimedLink: ExternalLink {
    let clock: VirtualPlatform
    var arriving: [(at: Instant, frame: [UInt8])] = []
    var sent: [[UInt8]] = []
    init(clock: VirtualPlatform) { self.clock = clock }
    func send(_ frame: [UInt8]) { sent.append(frame) }
    func receive() -> [[UInt8]] {
        let due = arriving.filter { $0.at <= clock.now }
        arriving.removeAll { $0.at <= clock.now }
        return due.map(\.frame)
    }
}

/// Records when the world delivers each frame.
final class TimedStation: AirStation {
    let clock: VirtualPlatform
    var times: [Instant] = []
    init(clock: VirtualPlatform) { self.clock = clock }
    func receiveFromAir(_ frame: [UInt8]) { times.append(clock.now) }
    func apLost() {}
}

/// The world bridged to a real network (`--tap`): what the kernel sends must reach the
/// station within a poll interval even when nothing else in the world is due.
@Suite struct ExternalLinkTests {
    let sta = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)

    @Test func framesFromTheBridgeReachASleepingStationWithinAMillisecond() {
        let platform = VirtualPlatform()
        let ap = VirtualAP(ssid: Array("WIFI_SSID".utf8), security: .wpa2, passphrase: Array("WIFI_PASSWORD".utf8),
                           bssid: WorldConfig.defaultBSSID)
        var c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(10, 213, 7, 1), serverPort: 50007)
        c.serverIP = nil
        c.virtualRouter = false
        let w = World(config: c, clock: platform)
        let s = TimedStation(clock: platform)
        w.attach(station: s)
        let link = TimedLink(clock: platform)
        w.attach(external: link)
        platform.attach(w)
        w.associationChanged(station: sta, bssid: WorldConfig.defaultBSSID)
        let frame = sta.bytes + [0x02, 0x53, 0x49, 0x4D, 0x00, 0x0A, 0x08, 0x00] + [UInt8](repeating: 0, count: 40)
        link.arriving = [(Instant.milliseconds(3_000) + Duration.microseconds(500), frame), (Instant.seconds(7), frame)]
        platform.sleep(until: .seconds(10))   // nothing else in the world is due
        let deliveredAt = s.times
        #expect(deliveredAt.count == 2)
        let first = Instant.milliseconds(3_000), last = Instant.seconds(7)
        #expect(deliveredAt.first.map { $0 - first <= Duration.microseconds(1_500) } ?? false)
        #expect(deliveredAt.last.map { $0 - last <= Duration.milliseconds(1) } ?? false)
    }
}
