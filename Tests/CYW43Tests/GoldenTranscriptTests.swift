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
