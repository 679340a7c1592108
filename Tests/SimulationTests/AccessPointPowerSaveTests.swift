import Testing
import Runtime
import ChipModel
@testable import Simulation

/// The AP's power-save buffering (IEEE 802.11 §11.2) as the world does it.
@Suite struct AccessPointPowerSaveTests {
    final class DozingStation: AirStation {
        let clock: VirtualPlatform
        var times: [Instant] = []
        var powerSave: StationPowerSave? = StationPowerSave(sleepReturn: .milliseconds(10))
        init(clock: VirtualPlatform) { self.clock = clock }
        func receiveFromAir(_ frame: [UInt8]) { times.append(clock.now) }
        func apLost() {}
    }
    let sta = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)

    @Test func scanResultsAdvertiseTheDTIMPeriodTheAPBuffersOn() {
        let ap = VirtualAP(ssid: Array("S".utf8), security: .open, bssid: WorldConfig.defaultBSSID)
        var c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(10, 213, 7, 1), serverPort: 50007)
        #expect(World(config: c, clock: VirtualPlatform()).accessPoints().first?.dtimPeriod == 3)
        c.powerSave?.dtimPeriod = 2
        let w = World(config: c, clock: VirtualPlatform())
        #expect(w.accessPoints().first?.dtimPeriod == 2)
    }

    func setup() -> (VirtualPlatform, World, DozingStation, TimedLink) {
        let platform = VirtualPlatform()
        let ap = VirtualAP(ssid: Array("S".utf8), security: .open, bssid: WorldConfig.defaultBSSID)
        var c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(10, 213, 7, 1), serverPort: 50007)
        c.serverIP = nil
        c.virtualRouter = false
        let w = World(config: c, clock: platform)
        let s = DozingStation(clock: platform)
        w.attach(station: s)
        let link = TimedLink(clock: platform)
        w.attach(external: link)
        platform.attach(w)
        w.associationChanged(station: sta, bssid: WorldConfig.defaultBSSID)
        return (platform, w, s, link)
    }

    var frame: [UInt8] { sta.bytes + [0x02, 0x53, 0x49, 0x4D, 0x00, 0x0A, 0x08, 0x00] + [UInt8](repeating: 0, count: 40) }

    @Test func dtimScheduleIsEveryThirdBeaconOf100TU() {
        let ps = AccessPointPowerSave()
        #expect(ps.nextListenedDTIM(atOrAfter: .zero, listenDTIMs: 1) == .zero)
        #expect(ps.nextListenedDTIM(atOrAfter: Instant(microseconds: 1), listenDTIMs: 1) == Instant(microseconds: 307_200))
        #expect(ps.nextListenedDTIM(atOrAfter: Instant(microseconds: 307_200), listenDTIMs: 1) == Instant(microseconds: 307_200))
        #expect(ps.nextListenedDTIM(atOrAfter: Instant(microseconds: 1), listenDTIMs: 2) == Instant(microseconds: 614_400))
    }

    @Test func framesForADozingStationWaitForTheNextDTIMInOrder() {
        let (platform, w, s, link) = setup()
        // 1.0 s and 1.1 s: both held until the DTIM at 1.2288 s (+1 ms delivery).
        link.arriving = [(Instant.seconds(1), frame), (Instant.milliseconds(1_100), frame)]
        platform.sleep(until: .milliseconds(1_230))
        #expect(s.times == [Instant(microseconds: 1_229_800), Instant(microseconds: 1_229_800)])
        #expect(w.counters.heldForDozingStation == 2)
        // Awake for 10 ms after that delivery: a frame then goes straight through; one
        // later waits for the DTIM at 2.1504 s.
        link.arriving = [(Instant(microseconds: 1_229_800 + 5_000), frame), (Instant(microseconds: 2_000_000), frame)]
        platform.sleep(until: .seconds(3))
        #expect(s.times.count == 4)
        #expect(s.times.dropFirst(2).first.map { $0 <= Instant(microseconds: 1_235_800) } ?? false)   // within a poll
        #expect(s.times.last == Instant(microseconds: 2_151_400))
    }

    @Test func aStationThatTransmitsCollectsWhatTheAPHeld() {
        let (platform, w, s, link) = setup()
        link.arriving = [(Instant.seconds(1), frame)]
        platform.sleep(until: .milliseconds(1_050))
        #expect(s.times.isEmpty && w.framesHeldByAP == 1)
        w.transmit(frame, from: sta)                  // PM=0: the AP releases at once
        platform.sleep(until: .milliseconds(1_053))
        #expect(s.times == [Instant.milliseconds(1_052)])
        // While awake (10 ms after its last frame) a frame is not held.
        link.arriving = [(Instant.milliseconds(1_055), frame)]
        platform.sleep(until: .milliseconds(1_070))
        #expect(s.times.count == 2 && s.times[1] <= Instant.milliseconds(1_056))
    }

    @Test func aStationWithPowerSaveOffIsNeverHeld() {
        let (platform, w, s, link) = setup()
        s.powerSave = nil
        link.arriving = [(Instant.seconds(1), frame)]
        platform.sleep(until: .seconds(2))
        #expect(s.times == [Instant.seconds(1)])
        #expect(w.counters.heldForDozingStation == 0)
    }
}
