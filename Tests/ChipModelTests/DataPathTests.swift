import Testing
import Runtime
@testable import ChipModel

/// Frames between host, firmware and air (docs/cyw43-bus.md §5.3, §8.5; docs/seams.md §3), the offload
/// hooks, and bus sleep (§7.9).
@Suite struct DataPathTests {
    static let bssid = MACAddress(0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0x01)
    static let peer = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x99)

    func associated(timing: ChipTiming = .immediate) -> SDIOHost {
        let h = SDIOHost(.cyw43439, timing: timing)
        h.air.aps = [VirtualAP(ssid: ascii("net"), security: .open, bssid: DataPathTests.bssid)]
        h.bringUp()
        h.firmwareUp()
        h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("net")
        h.run(.seconds(1))
        h.events.removeAll()
        return h
    }

    func frame(to dst: MACAddress, from src: MACAddress, type: UInt16 = 0x0800, fill: UInt8 = 0x45) -> [UInt8] {
        dst.bytes + src.bytes + [UInt8(type >> 8), UInt8(type & 0xFF)] + [UInt8](repeating: fill, count: 46)
    }

    @Test func hostToAir() {
        let h = associated()
        let eth = frame(to: DataPathTests.peer, from: h.chip.macAddress)
        #expect(h.send(HostFrames.data(seq: h.txSeq, ethernet: eth)))
        #expect(h.air.sent == [eth])
        #expect(h.chip.counters.framesToAir == 1)
    }

    @Test func airToHostAsBDCDataOnChannel2() {
        let h = associated()
        let eth = frame(to: h.chip.macAddress, from: DataPathTests.peer)
        h.chip.receiveFromAir(eth)
        h.chip.receiveFromAir(frame(to: MACAddress(0x02, 1, 2, 3, 4, 5), from: DataPathTests.peer))   // not ours
        let f = h.readFrame()!
        #expect(f.channel == 2)
        #expect(Array(f.payload[0..<4]) == [0x20, 0x00, 0x00, 0x00])   // BDC v2, no TLVs (§5.3)
        #expect(Array(f.payload[4...]) == eth)
        #expect(h.readFrame() == nil)
    }

    @Test func notAssociatedDropsBothWays() {
        let h = SDIOHost(.cyw43439)
        h.bringUp(); h.firmwareUp()
        h.chip.receiveFromAir(frame(to: h.chip.macAddress, from: DataPathTests.peer))
        _ = h.send(HostFrames.data(seq: h.txSeq, ethernet: frame(to: DataPathTests.peer, from: h.chip.macAddress)))
        #expect(h.chip.counters.droppedFromAir == 1)
        #expect(h.chip.counters.droppedToAir == 1)
        #expect(h.air.sent.isEmpty)
    }

    final class FakeOffload: FirmwareOffload {
        var deadline: Instant?
        var setCalls: [[UInt8]] = []
        var links: [Bool] = []
        func setIovar(name: [UInt8], value: [UInt8], chip: ChipModel) -> Int32? {
            guard name == ascii("fake_ol") else { return nil }
            setCalls.append(value)
            deadline = chip.now + .seconds(5)
            return 0
        }
        func getIovar(name: [UInt8], params: [UInt8], chip: ChipModel) -> (Int32, [UInt8])? {
            name == ascii("fake_ol") ? (0, [7, 0, 0, 0]) : nil
        }
        func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool { frame[12] == 0x88 && frame[13] == 0xB5 }
        var nextDeadline: Instant? { deadline }
        func advance(to now: Instant, chip: ChipModel) {
            deadline = nil
            chip.sendToAir([UInt8](repeating: 0x11, count: 60))
            chip.wakeHost(reason: .keepaliveFailure)
            chip.raiseEvent(type: 151, status: 5, reason: 0, data: [0, 0, 0, 0])
        }
        func linkChanged(up: Bool, chip: ChipModel) { links.append(up) }
    }

    @Test func offloadHooks() {
        let h = SDIOHost(.cyw43439, timing: .immediate)
        let o = FakeOffload()
        h.chip.installOffload(o)
        h.air.aps = [VirtualAP(ssid: ascii("net"), security: .open, bssid: DataPathTests.bssid)]
        h.bringUp(); h.firmwareUp()
        h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("net"); h.run(.zero)
        #expect(o.links == [true])
        #expect(h.setVar("fake_ol", [1, 2]) == 0)
        #expect(o.setCalls == [[1, 2]])
        #expect(h.getVar("fake_ol", 4) == (0, [7, 0, 0, 0]))
        // Frames the offload consumes never reach the host.
        h.chip.receiveFromAir(frame(to: h.chip.macAddress, from: DataPathTests.peer, type: 0x88B5))
        #expect(h.chip.counters.consumedByOffload == 1)
        #expect(h.readFrame() == nil)
        // Its deadline is the chip's deadline; at it the offload transmits and wakes the host.
        let t = h.chip.now + .seconds(5)
        #expect(h.chip.nextDeadline == t)
        h.chip.advance(to: t - .microseconds(1))
        #expect(h.air.sent.isEmpty)
        h.chip.advance(to: t)
        #expect(h.air.sent.count == 1)
        #expect(h.chip.wakeCount(.keepaliveFailure) == 1)
        h.drain()
        #expect(h.events.last?.type == 151)
        h.chip.apLost()
        #expect(o.links == [true, false])
    }

    @Test func ksoBusSleepHandshakeOverSDIO() {
        let h = associated(timing: ChipTiming())
        let c = h.chip
        // Save/restore enable on 43439 (§7.9 steps 1-4).
        _ = h.cmd52(1, 0x1001E, write: 0x02)
        _ = h.cmd52(0, 0xF0, write: 0x08)
        _ = h.cmd52(1, 0x1000E, write: 0x02)
        #expect(h.cmd52(1, 0x1001F)! & 0x03 == 0x03)
        // Bus to sleep: KSO off twice, poll bit0 == 0.
        _ = h.cmd52(1, 0x1001F, write: 0x00)
        _ = h.cmd52(1, 0x1001F, write: 0x00)
        #expect(h.cmd52(1, 0x1001F)! & 0x01 == 0)
        #expect(c.busSleeping)
        #expect(h.cmd53Read(1, 0x8000, 4) == nil)            // backplane is off
        c.advance(to: c.now + .milliseconds(5))
        // A frame arrives while the bus sleeps: host-wake goes up.
        c.receiveFromAir(frame(to: c.macAddress, from: DataPathTests.peer))
        #expect(c.hostWakeAsserted)
        // Wake: the first KSO write only wakes the always-on part (no response, §7.9).
        #expect(h.cmd52(1, 0x1001F, write: 0x01) == nil)
        #expect(h.cmd52(1, 0x1001F, write: 0x01) == 0x01)   // KSO set, DEVON not yet
        c.advance(to: c.now + .milliseconds(1))
        #expect(h.cmd52(1, 0x1001F) == 0x01)
        c.advance(to: c.now + .milliseconds(1))
        #expect(h.cmd52(1, 0x1001F) == 0x03)                // KSO + DEVON
        #expect(!c.busSleeping)
        #expect(h.readFrame()?.channel == 2)
        #expect(!c.hostWakeAsserted)
    }

    @Test func ksoBusSleepOverGSPIReadsAllOnes() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        h.write(1, 0x1001F, [0x00])
        #expect(h.read(1, 0x1001F, 1) == [0x00])
        #expect(h.read(1, 0x1000E, 1) == [0xFF])            // asleep: F1 reads return 0xFF
        #expect(h.status() & 0x20 == 0)                      // F2 not ready while asleep
        h.write(1, 0x1001F, [0x01])
        #expect(h.read(1, 0x1001F, 1) == [0x03])             // ksoWake 0 in .immediate
        #expect(h.read(1, 0x1000E, 1)[0] & 0x80 == 0x80)
    }

    @Test func virtualPlatformDrivesTheChip() {
        let p = VirtualPlatform()
        let h = SDIOHost(.cyw43439, timing: ChipTiming())
        p.attach(h.chip)
        _ = h.cmd52(0, 0x02, write: 0x02)
        downloadFirmware(profile: h.chip.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { a, d in h.bpWrite(a, d) }
        // WHD polls HT every 1 ms (§1.9 step 10); the platform's delay advances the chip.
        var polls = 0
        while h.cmd52(1, 0x1000E)! & 0x80 == 0 && polls < 1000 { p.delay(.milliseconds(1)); polls += 1 }
        #expect(polls == 29)
        #expect(h.chip.now == p.now)
    }

    @Test func clockFollowsThePlatformBetweenDeadlines() {
        let p = VirtualPlatform()
        let h = SDIOHost(.cyw43439, timing: ChipTiming())
        p.attach(h.chip)
        h.chip.clock = p
        h.bringUp()
        p.delay(.seconds(10))                 // nothing due in the chip: it is not advanced
        _ = h.cmd52(1, 0x1001F, write: 0x00)  // ...but the bus call stamps the platform's time
        #expect(h.chip.now == p.now)
        p.delay(.seconds(1))
        #expect(h.chip.busSleepTime == .seconds(1))
        _ = h.cmd52(1, 0x1001F, write: 0x01)  // dozing: wakes the always-on part only
        #expect(h.chip.busSleepTime == .seconds(1))
    }
}
