import Foundation
import Testing
@testable import CYW43
import Runtime

/// The bus traffic of a gSPI bring-up, recorded by a fake transport and compared with a
/// committed text fixture, so any change in traffic shows up in review. Re-record with
/// CYW43_RECORD=1 swift test --filter GoldenTranscript.
@Suite struct GoldenTranscriptTests {
    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gspi-bringup.txt")
    }

    @Test func gspiBringUpTranscript() throws {
        let chip = FakeGSPIChip()
        let platform = VirtualPlatform()
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: platform), log: Log(log))
        try driver.bringUp(resources: syntheticResources())
        #expect(driver.isUp && driver.chip == .cyw43439 && driver.chipRevision == 1)
        #expect(lines(log) == [
            "WLAN MAC Address : 00:A0:50:12:34:56",
            "WLAN Firmware    : wl0: Nov 26 2026 version 7.95.49 (fake) FWID 01-00000000",
            "WLAN CLM         : API: 12.2 Data: Fake.1",
            "Compiler: 1.29.4",
            "WHD VERSION      : 0.1.0 : swift-cyw43 : Swift 6.3 : Nov 26 2026",
        ])
        let text = chip.transcript.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["CYW43_RECORD"] != nil {
            try text.write(to: Self.fixtureURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.fixtureURL, encoding: .utf8)
        let a = golden.split(separator: "\n"), b = text.split(separator: "\n")
        if let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("transcript differs at line \(i + 1):\n golden: \(a[i])\n now:    \(b[i])")
        }
        #expect(a.count == b.count)
    }
}

/// The SDIO counterpart: CCCR set-up, block sizes, CMD52/CMD53 split, F2 tag reads.
@Suite struct SDIOTranscriptTests {
    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sdio-bringup.txt")
    }

    @Test func sdioBringUpTranscript() throws {
        let chip = FakeSDIOChip()
        let log = LineBuffer()
        let driver = Driver(bus: SDIOBus(transport: chip, platform: VirtualPlatform()), log: Log(log))
        try driver.bringUp(resources: syntheticResources())
        #expect(driver.isUp && driver.chip == .cyw43430)
        #expect(lines(log).first == "WLAN MAC Address : 00:A0:50:12:34:56")
        let text = chip.transcript.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["CYW43_RECORD"] != nil {
            try text.write(to: Self.fixtureURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.fixtureURL, encoding: .utf8)
        let a = golden.split(separator: "\n"), b = text.split(separator: "\n")
        if let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("transcript differs at line \(i + 1):\n golden: \(a[i])\n now:    \(b[i])")
        }
        #expect(a.count == b.count)
    }
}

@Suite struct BringUpFailureTests {
    @Test func unknownChipIsTyped() {
        let chip = FakeGSPIChip()
        chip.chipID = 0x0000_1234
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(LineBuffer()))
        #expect(throws: BringUpError.unknownChip(id: 0x1234)) { try driver.bringUp(resources: syntheticResources()) }
        #expect(!driver.isUp)
    }

    @Test func clmStatusFailureIsTyped() {
        let chip = FakeGSPIChip()
        chip.iovarAnswers["clmload_status"] = [5, 0, 0, 0]
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(LineBuffer()))
        #expect(throws: BringUpError.clmLoadStatus(5)) { try driver.bringUp(resources: syntheticResources()) }
    }

    @Test func firmwareErrorDuringBringUpNamesTheStep() {
        let chip = FakeGSPIChip()
        chip.iovarStatus["country"] = -2
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(LineBuffer()))
        #expect(throws: BringUpError.ioctl(step: "country", .firmware(status: -2))) {
            try driver.bringUp(resources: syntheticResources())
        }
        #expect(BringUpError.ioctl(step: "country", .timeout) != BringUpError.ioctl(step: "apsta", .timeout))
    }

    @Test func missingFirmwareIsRefused() {
        let chip = FakeGSPIChip()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(LineBuffer()))
        let r = MemoryResources(firmware: [], nvram: [0, 0, 0, 0], clm: [])
        #expect(throws: BringUpError.badFirmwareSize(0)) { try driver.bringUp(resources: r) }
    }

    @Test func ioctlTimeoutIsTyped() throws {
        let chip = FakeGSPIChip()
        let platform = VirtualPlatform()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: platform), log: Log(LineBuffer()))
        try driver.bringUp(resources: syntheticResources())
        chip.iovarAnswers = [:]
        chip.record = false
        chip.mute = true
        let before = platform.now
        #expect(throws: IoctlError.timeout) { try driver.setIovar("bcn_li_bcn", u32: 1) }
        #expect(platform.now - before >= driver.ioctlTimeout)
    }
}
