import Testing
import Runtime
import ChipModel
@testable import Simulation

/// A stand-in for the chip's radio side: records what the world delivers.
final class RecordingStation: AirStation {
    var frames: [[UInt8]] = []
    var lost = 0
    func receiveFromAir(_ frame: [UInt8]) { frames.append(frame) }
    func apLost() { lost += 1 }
}

@Suite struct WorldTests {
    let sta = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)
    let ap = VirtualAP(ssid: Array("WIFI_SSID".utf8), security: .wpa2, passphrase: Array("WIFI_PASSWORD".utf8),
                       bssid: WorldConfig.defaultBSSID)

    func makeWorld(pcap: Bool = true) -> (VirtualPlatform, World, RecordingStation) {
        let platform = VirtualPlatform()
        var c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(192, 168, 0, 114), serverPort: 3360)
        c.capturePcap = pcap
        c.duration = .seconds(60)
        let w = World(config: c, clock: platform)
        let s = RecordingStation()
        w.attach(station: s)
        platform.attach(w)
        return (platform, w, s)
    }

    func discover() -> [UInt8] {
        Fixture.udp(srcMAC: sta.bytes, dstMAC: MACAddress.broadcast.bytes, src: 0, dst: 0xFFFF_FFFF,
                    sport: 68, dport: 67, payload: Fixture.dhcpRequest(type: 1, mac: sta, broadcast: true))
    }

    @Test func standardLanSurroundsTheServer() {
        let c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(192, 168, 0, 114), serverPort: 3360)
        #expect(c.routerIP == IPv4Address(192, 168, 0, 1))
        #expect(c.poolFirst == IPv4Address(192, 168, 0, 100) && c.poolLast == IPv4Address(192, 168, 0, 199))
        #expect(c.dhcp.reserved == [IPv4Address(192, 168, 0, 1), IPv4Address(192, 168, 0, 114)])
    }

    @Test func dhcpDiscoverThroughTheAirGetsAnOffer() throws {
        let (platform, w, s) = makeWorld()
        w.transmit(discover(), from: sta)
        #expect(w.stationAssociated)
        platform.sleep(until: .seconds(1))
        #expect(s.frames.count == 1)
        let p = try LanPacket(parsing: s.frames[0])
        let udp = try #require(p.udp)
        #expect(udp.sourcePort == 67 && udp.destinationPort == 68)
        #expect(p.destination == .broadcast)
        let m = try DHCPMessage(parsing: s.frames[0], range: udp.payload)
        #expect(m.kind == .offer && m.yiaddr == IPv4Address(192, 168, 0, 100))
        // Delivered one latency (2 ms) after sending; both frames captured.
        #expect(w.pcap?.records == 2)
        #expect(w.counters.framesFromStation == 1 && w.counters.framesToStation == 1)
    }

    @Test func routerAnswersArp() throws {
        let (platform, w, s) = makeWorld(pcap: false)
        // RFC 826 request: who has 192.168.0.1? tell 192.168.0.100
        var arp = MACAddress.broadcast.bytes + sta.bytes + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]
        arp += sta.bytes + [192, 168, 0, 100] + [0, 0, 0, 0, 0, 0] + [192, 168, 0, 1]
        w.transmit(arp, from: sta)
        platform.sleep(until: .seconds(1))
        let first = try #require(s.frames.first)
        let reply = try #require(try LanPacket(parsing: first).arp)
        #expect(reply.operation == 2 && reply.senderIP == IPv4Address(192, 168, 0, 1))
        #expect(reply.senderMAC == WorldConfig.defaultRouterMAC && reply.targetMAC == sta)
    }

    @Test func scriptedApLossAndReturnAndPassphraseChange() {
        let (platform, w, s) = makeWorld(pcap: false)
        w.transmit(discover(), from: sta)
        w.schedule(ScriptedEvent(.afterFirstSleep(.seconds(10)), .apDisappears(0)))
        w.schedule(ScriptedEvent(.afterFirstSleep(.seconds(20)), .apReturns(0)))
        w.schedule(ScriptedEvent(.afterFirstSleep(.seconds(30)), .apChangesPassphrase(0, Array("newpass123".utf8))))
        platform.sleep(until: .seconds(1))
        w.hostAsleep(at: platform.now)
        #expect(w.endTime == .seconds(61))
        platform.sleep(until: .seconds(12))
        #expect(w.accessPoints().isEmpty && s.lost == 1 && !w.stationAssociated)
        platform.sleep(until: .seconds(22))
        #expect(w.accessPoints().count == 1)
        w.associationChanged(station: sta, bssid: WorldConfig.defaultBSSID)
        platform.sleep(until: .seconds(32))
        #expect(s.lost == 2)
        #expect(w.accessPoints().first?.passphrase == Array("newpass123".utf8))
        #expect(!w.isFinished(at: platform.now))
        #expect(w.isFinished(at: .seconds(61)))
        let sum = w.finish(at: .seconds(61))
        #expect(sum.windowSeconds == 60)
        #expect(sum.chipUnassociatedSeconds == 41)   // 11 s..22 s and 31 s..61 s
    }

    @Test func dhcpCanBeSwitchedOff() {
        let (platform, w, s) = makeWorld(pcap: false)
        w.schedule(ScriptedEvent(.at(.zero), .dhcpServer(enabled: false)))
        platform.sleep(until: .milliseconds(1))
        w.transmit(discover(), from: sta)
        platform.sleep(until: .seconds(1))
        #expect(s.frames.isEmpty)
    }

    @Test func hostWakesReachTheLedger() {
        let (platform, w, _) = makeWorld(pcap: false)
        w.hostAsleep(at: .seconds(1))
        w.hostAwake(at: .seconds(5), reason: .data)
        w.hostAsleep(at: .seconds(6))
        platform.sleep(until: .seconds(2))
        let s = w.finish(at: .seconds(11))
        #expect(s.hostWakeups == 1 && s.wakeups(.data) == 1)
        #expect(abs(s.hostAwakeSeconds - 1.001) < 1e-9 && s.windowSeconds == 10)   // + 1 ms wake overhead
    }
}
