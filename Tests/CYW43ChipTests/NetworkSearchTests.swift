import Testing
import CYW43
import ChipModel
import Runtime

/// The driver's preferred-network offload against the modelled firmware (docs/pno.md).
@Suite struct NetworkSearchTests {
    @Test func firmwareWithoutPNOAnswersUnsupported() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(throws: IoctlError.firmware(status: -23)) {
            try rig.driver.startNetworkSearch(ssid: bytes("HomeWPA2"), scanPeriodSeconds: 30)
        }
        #expect(rig.driver.networkSearch.unsupported && !rig.driver.networkSearch.active)
    }

    @Test func theChipScansUntilTheAPIsBackThenRaisesNetFound() throws {
        let rig = gspiRig()
        let pno = PreferredNetworkOffload.install(on: rig.chip)
        try rig.driver.bringUp(resources: resources(.cyw43439))
        rig.air.aps = []
        try rig.driver.startNetworkSearch(ssid: bytes("HomeWPA2"), scanPeriodSeconds: 30)
        #expect(!rig.driver.networkSearch.unsupported)
        // What the firmware got: wl_pfn_param_t v2, 30 s, IMMEDIATE_SCAN | ADAPTSCAN, repeat 4, exp 3.
        #expect(pno.params == [2, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0x48, 0, 0, 0, 0, 0, 4, 3, 0, 0, 0, 0])
        #expect(pno.networks == [bytes("HomeWPA2")] && pno.enabled)
        var notice: DriverNotice?
        rig.run(for: .minutes(2)) { notice = rig.driver.nextNotice(); return notice != nil }
        #expect(notice == nil)
        // At once, then every 30 s: 0, 30, 60, 90 s; those 4 scans changed nothing, so the
        // period doubled and the next is at 150 s.
        #expect(pno.scans == 4)
        #expect(pno.periodSeconds == 60)
        rig.run(for: .minutes(30)) { false }
        #expect(pno.periodSeconds == 240) // at most 30 << 3
        // Another SSID appearing is not on the firmware's list: no event, no notice.
        rig.air.aps = [standardAPs()[2]]
        rig.run(for: .minutes(5)) { notice = rig.driver.nextNotice(); return notice != nil }
        #expect(notice == nil && pno.foundEvents == 0)
        rig.air.aps = standardAPs()
        let back = rig.platform.now
        rig.run(for: .minutes(5)) { notice = rig.driver.nextNotice(); return notice != nil }
        #expect(notice == .networkFound)
        #expect(rig.platform.now - back <= .seconds(240))
        #expect(pno.foundEvents == 1 && rig.driver.networkSearch.found == 1)
        try rig.driver.stopNetworkSearch()
        #expect(!pno.enabled && pno.networks.isEmpty)
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
    }

    @Test func noScansWhileAssociatedAndNothingSurvivesAFirmwareRestart() throws {
        let rig = sdioRig()
        let pno = PreferredNetworkOffload.install(on: rig.chip)
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        try rig.driver.startNetworkSearch(ssid: bytes("HomeWPA2"), scanPeriodSeconds: 10)
        rig.run(for: .minutes(1)) { false }
        #expect(pno.scans == 0 && pno.foundEvents == 0)
        // "pfn" 1 with an empty list is refused (model choice, BCME_BADARG).
        try rig.driver.stopNetworkSearch()
        #expect(throws: IoctlError.firmware(status: -2)) { try rig.driver.setIovar("pfn", u32: 1) }
    }
}
