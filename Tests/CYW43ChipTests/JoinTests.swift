import Testing
import CYW43
import ChipModel
import Runtime

/// Joins against the modelled firmware: success through events, typed failures.
@Suite struct ChipJoinTests {
    @Test func wpa2OverGSPI() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        let start = rig.platform.now
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        #expect(rig.driver.joinState == .joined && rig.chip.isAssociated && rig.chip.bssid == bssidWPA2)
        // The join did not block: startJoin returned before the result (events via poll).
        #expect(rig.platform.now - start < .seconds(1))
        let s = rig.chip.securitySettings
        #expect(s.wsec == 4 && s.wpaAuth == 0x80 && s.auth == 0 && s.infra == 1)
    }

    @Test func wpa3OverSDIO() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("HomeWPA3", "battery staple", .wpa3SAE) == .joined)
        #expect(rig.chip.isAssociated && rig.chip.bssid == bssidWPA3)
        let s = rig.chip.securitySettings
        #expect(s.wpaAuth == 0x4_0000 && s.auth == 3)
        #expect(rig.chip.iovarValue("mfp") == [2, 0, 0, 0])
    }

    @Test func wpa3OverGSPIAndWPA2OverSDIO() throws {
        let g = gspiRig()
        try g.driver.bringUp(resources: resources(.cyw43439))
        #expect(try g.join("HomeWPA3", "battery staple", .wpa3SAE) == .joined)
        let s = sdioRig()
        try s.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try s.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
    }

    @Test func openAndTransitionAndMixed() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try rig.join("Cafe", "", .open) == .joined)
        #expect(try rig.join("Transit", "transition pw", .wpa2WPA3) == .joined)
        #expect(rig.chip.bssid == bssidMixed)
        #expect(try rig.join("HomeWPA2", "correct horse", .wpaWPA2Mixed) == .joined)
    }

    @Test func wrongPassphraseWPA2() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try rig.join("HomeWPA2", "wrong horse!", .wpa2AES) == .joinFailed(.badPassphrase))
        #expect(rig.driver.joinState == .failed(.badPassphrase) && !rig.chip.isAssociated)
    }

    @Test func wrongPassphraseWPA3() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("HomeWPA3", "wrong staple", .wpa3SAE) == .joinFailed(.badPassphrase))
    }

    @Test func missingSSID() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("NoSuchNet", "whatever1", .wpa2AES) == .joinFailed(.noNetwork))
        let g = gspiRig()
        try g.driver.bringUp(resources: resources(.cyw43439))
        #expect(try g.join("NoSuchNet", "whatever1", .wpa2AES) == .joinFailed(.noNetwork))
    }

    @Test func retryAfterFailureSucceeds() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(try rig.join("HomeWPA2", "wrong horse!", .wpa2AES) == .joinFailed(.badPassphrase))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
    }

    @Test func joinTimesOutWhenTheChipIsSilent() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        rig.driver.joinTimeout = .milliseconds(50)  // shorter than the model's 120 ms scan
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joinFailed(.timeout))
    }

    @Test func invalidArgumentsAreRefusedBeforeAnyIoctl() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        #expect(throws: JoinStartError.badSSID(length: 0)) {
            try rig.driver.startJoin(ssid: [], passphrase: bytes("12345678"), security: .wpa2AES, now: rig.platform.now)
        }
        #expect(throws: JoinStartError.badPassphrase(length: 3)) {
            try rig.driver.startJoin(ssid: bytes("x"), passphrase: bytes("abc"), security: .wpa2AES, now: rig.platform.now)
        }
    }

    @Test func linkDownIsReported() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(try rig.join("HomeWPA2", "correct horse", .wpa2AES) == .joined)
        rig.chip.apLost()
        var notice: DriverNotice?
        rig.run(for: .seconds(5)) { notice = notice ?? rig.driver.nextNotice(); return notice != nil }
        guard case .linkDown = notice else { Issue.record("no link-down notice: \(String(describing: notice))"); return }
        #expect(rig.driver.joinState == .idle)
    }
}
