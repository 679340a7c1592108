import Testing
import Runtime
@testable import LinuxPlatform

/// WL_REG_ON sequencing on the virtual clock (docs/linux-sbc.md §3.3: low ≥ 10–20 ms, high,
/// 250 ms before the first bus access).
@Suite struct PowerSequenceTests {
    final class RecordingLine: OutputLine {
        let platform: VirtualPlatform
        var trace: [(UInt64, Bool)] = []
        init(_ p: VirtualPlatform) { platform = p }
        func set(_ high: Bool) throws(GPIOError) { trace.append((platform.now.milliseconds, high)) }
    }

    @Test func offDelayOnDelay() throws {
        let p = VirtualPlatform()
        let line = RecordingLine(p)
        try PowerSequence().powerOn(line, platform: p)
        #expect(line.trace.map(\.0) == [0, 20])
        #expect(line.trace.map(\.1) == [false, true])
        #expect(p.now == .milliseconds(270))
    }

    @Test func timingsAreConfigurable() throws {
        let p = VirtualPlatform()
        let line = RecordingLine(p)
        try PowerSequence(offTime: .milliseconds(10), onSettle: .milliseconds(150)).powerOn(line, platform: p)
        #expect(line.trace.map(\.0) == [0, 10])
        #expect(p.now == .milliseconds(160))
    }
}
