import Testing
import CYW43
import ChipModel
import Runtime

@Suite struct ChipBringUpTests {
    @Test func cyw43439OverGSPI() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(rig.driver.isUp && rig.driver.chip == .cyw43439)
        let lines = text(rig.log)
        print(lines.joined(separator: "\n"))
        #expect(lines.first == "WLAN MAC Address : 02:0A:F7:43:00:01")
        #expect(lines.contains { $0.hasPrefix("WLAN Firmware    : ") })
        #expect(lines.contains { $0.hasPrefix("WLAN CLM         : ") })
        #expect(lines.last == "WHD VERSION      : 0.1.0 : swift-cyw43 : Swift 6.3 : Nov 26 2026")
        #expect(rig.driver.counters.totalDrops == 0)
        #expect(rig.chip.clmLoaded && rig.chip.firmwareMarkerFound)
    }

    @Test func cyw4343WOverSDIO() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(rig.driver.isUp && rig.driver.chip == .cyw43430)
        let lines = text(rig.log)
        print(lines.joined(separator: "\n"))
        #expect(lines.first == "WLAN MAC Address : 02:0A:F7:43:00:01")
        #expect(lines.contains { $0.hasPrefix("WLAN Firmware    : ") })
        #expect(lines.contains { $0.hasPrefix("WLAN CLM         : ") })
        #expect(rig.driver.counters.totalDrops == 0)
        #expect(rig.chip.clmLoaded)
    }
}
