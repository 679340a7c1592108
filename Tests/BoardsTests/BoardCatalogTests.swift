import Testing
import Foundation
import Runtime
@testable import Boards

/// Boards/ in the repository, found from this file's real (symlink-resolved) location.
private let boardsDir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Boards")

private func name(_ s: StaticString) -> String { s.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }

@Test func catalogMatchesTheFilesNoDrift() throws {
    let dirs = try FileManager.default.contentsOfDirectory(atPath: boardsDir.path)
        .filter { FileManager.default.fileExists(atPath: boardsDir.appendingPathComponent($0 + "/board.conf").path) }
        .sorted()
    #expect(Boards.names.map(name) == dirs, "run scripts/gen-board-catalog.sh")
    for entry in Boards.catalog {
        let file = try String(contentsOf: boardsDir.appendingPathComponent(name(entry.name) + "/board.conf"), encoding: .utf8)
        #expect(name(entry.text) + "\n" == file, "\(name(entry.name)) drifted: run scripts/gen-board-catalog.sh")
    }
}

@Test func everyBoardParsesAndNamesItself() throws {
    #expect(Boards.catalog.count == 14)
    for n in Boards.names {
        let b = try Boards.named(n)
        #expect(String(decoding: b.kit, as: UTF8.self) == name(n))
        // The example's keepalive config (docs/tko-offload.md §2): 5 s / 3 s / 3, one socket from 3353.
        #expect(b.keepalive.interval == 5 && b.keepalive.retryInterval == 3 && b.keepalive.retryCount == 3)
        #expect(b.keepalive.sockets.count == 1)
        #expect(b.keepalive.sockets[0].localPort == 3353)
        #expect(b.wifi.ssid == Array("WIFI_SSID".utf8) && b.wifi.passphrase == Array("WIFI_PASSWORD".utf8))
        #expect(b.wifi.security == .wpa2AesPsk)
        #expect(b.filters.isEmpty)
        // ARP offload: the CE seed ships it off; our boards may turn it on for sleep only.
        #expect(!b.arp.enabled || (b.arp.sleep.contains(.agent) && b.arp.awake.isEmpty))
    }
}

@Test func defaultBoardIsTheCEDefaultTarget() throws {
    let b = try Boards.default
    #expect(b.kit == Array("CY8CPROTO-062-4343W".utf8))
    #expect(b.chip == .cyw4343w && b.bus == .sdio && b.transport == .sdhc)
    #expect(b.hostWake.pin == .psoc(port: 0, pin: 4) && b.hostWake.edge == .rising)
    #expect(b.keepalive.sockets[0] == KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 0, 114), remotePort: 3360))
}

@Test func kitSpecificFacts() throws {
    // §2: the one kit whose template differs.
    let evb = try Boards.named("CYW9P62S1-43438EVB-01")
    #expect(evb.keepalive.sockets[0] == KeepaliveSocket(slot: 0, localPort: 3353, remoteIP: IPv4Address(192, 168, 177, 194), remotePort: 50007))
    #expect(evb.transport == .udb && evb.udbPort == 2 && evb.chip == .cyw43438)
    // §9: UDB SDIO on port 12, CLK P12_0, WL_REG_ON P6_2.
    let evb12 = try Boards.named("CYW9P62S1-43012EVB-01")
    #expect(evb12.transport == .udb && evb12.udbPort == 12)
    #expect(evb12.sdioPins.last == .psoc(port: 12, pin: 0) && evb12.wlRegOn == .psoc(port: 6, pin: 2))
    #expect(evb12.hostWake.pin == .psoc(port: 6, pin: 0))
    #expect(try Boards.named("CY8CKIT-062-WIFI-BT").transport == .udb)
    // §9 polarity conflict resolved to the newer BSP on the 43439 M.2 kits.
    #expect(try Boards.named("CY8CEVAL-062S2-MUR-43439M2").hostWake == .init(pin: .psoc(port: 4, pin: 1), edge: .falling, drive: .pullUp))
    #expect(try Boards.named("CYSBSYSKIT-DEV-01").deviceWake == .psoc(port: 2, pin: 7))
    #expect(try Boards.named("CY8CPROTO-062S3-4343W").firmware.storage == .qspiXIP)
    #expect(try Boards.named("CY8CEVAL-062S2-LAI-4373M2").chip == .cyw4373)
    let sbc = try Boards.named("LINUX-SBC-43439")
    #expect(sbc.bus == .gspi && sbc.transport == .spidev && sbc.spiDevice == Array("/dev/spidev0.0".utf8))
    #expect(sbc.hostWake.pin == .gpioLine(chip: 0, line: 25) && sbc.wlRegOn == .gpioLine(chip: 0, line: 24))
    let qemu = try Boards.named("QEMU-MPS2-AN386")
    #expect(qemu.transport == .chipModel && qemu.supportedBuses == [.gspi, .sdio] && qemu.hostWake.pin == .irq(1))
}

@Test func unknownBoardIsATypedError() {
    #expect(throws: BoardLookupError.unknownBoard) { try Boards.named("NO-SUCH-KIT") }
    #expect(Boards.text(of: Array("NO-SUCH-KIT".utf8)) == nil)
}
