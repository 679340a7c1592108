import Testing
import CYW43
import ChipModel
import Runtime

/// Everything the driver sends during bring-up and a WPA2/WPA3 join is understood by the
/// modelled firmware (no BCME_UNSUPPORTED, no credit violations, no bad headers).
@Suite struct ModelAgreementTests {
    @Test func noUnsupportedOrViolations() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        #expect(try rig.join("HomeWPA3", "battery staple", .wpa3SAE) == .joined)
        let c = rig.chip.counters
        #expect(c.unsupportedIoctls == 0)
        #expect(c.creditViolations == 0 && c.badHeaders == 0 && c.sequenceGaps == 0)
        #expect(rig.driver.counters.totalDrops == 0 && rig.driver.counters.busErrors == 0)
    }
}
