import Testing
@testable import CYW43
import Runtime

/// The exact text of the runner's drop and error lines, one per malformed input (the lines are
/// written from templates: `{}` decimal, `{xN}` N hex digits; these pin every case's bytes).
@Suite struct RunnerLogLineTests {
    static func frame(_ channel: UInt8, _ payload: [UInt8], offset: UInt8 = 12) -> [UInt8] {
        RunnerDropTests.frame(channel: channel, payload: payload, offset: offset)
    }

    /// One fresh gSPI runner per input, so each line stands alone.
    static func line(for bytes: [UInt8], setUp: (Runner<GSPIBus<NullTransport>>) -> Void = { _ in }) -> [String] {
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: NullTransport(), platform: VirtualPlatform()), log: Log(log))
        setUp(driver.runner)
        bytes.withUnsafeBytes { driver.runner.dispatch($0) }
        return lines(log)
    }

    @Test func everyWireDropCaseKeepsItsText() {
        var lengthCheck = Self.frame(0, [UInt8](repeating: 0, count: 16))
        lengthCheck[2] ^= 0x01
        var badLength = Self.frame(2, [UInt8](repeating: 0, count: 20))
        badLength.removeLast(5)
        var notEvent = WireFormatTests.linkEvent
        notEvent[12] = 0x08; notEvent[13] = 0x00
        var badSubtype = WireFormatTests.linkEvent
        badSubtype[15] ^= 0x40
        var badOUI = WireFormatTests.linkEvent
        badOUI[21] = 0x19
        var longData = WireFormatTests.linkEvent
        longData[47] = 200
        let cases: [([UInt8], String)] = [
            (Array(Self.frame(0, [])[0..<5]), "cyw43: drop rx sdpcm: truncated need 12 have 5"),
            (lengthCheck, "cyw43: drop rx sdpcm: length 001C check FFE2"),
            (badLength, "cyw43: drop rx sdpcm: bad length 32 available 27"),
            (Self.frame(2, [0x20, 0, 0, 0], offset: 40), "cyw43: drop rx sdpcm: bad data offset 40 length 16"),
            (Self.frame(2, [0x20, 0, 0, 0x40] + [UInt8](repeating: 0, count: 20)),
             "cyw43: drop rx bdc: truncated need 260 have 24"),
            (Self.frame(1, [0x20, 0, 0, 0] + Array(WireFormatTests.linkEvent[0..<30])),
             "cyw43: drop rx event: truncated need 72 have 30"),
            (Self.frame(1, [0x20, 0, 0, 0] + notEvent), "cyw43: drop rx event: ethertype 0800"),
            (Self.frame(1, [0x20, 0, 0, 0] + badSubtype), "cyw43: drop rx event: bad vendor header field 008041"),
            (Self.frame(1, [0x20, 0, 0, 0] + badOUI), "cyw43: drop rx event: bad vendor header field 001019"),
            (Self.frame(1, [0x20, 0, 0, 0] + longData), "cyw43: drop rx event: datalen 200 available 0"),
            (Self.frame(2, [0x20, 0, 0, 0] + [1, 2, 3]), "cyw43: drop rx data: truncated need 14 have 3"),
            (Self.frame(0, [1, 2, 3]), "cyw43: drop rx cdc: truncated need 16 have 3"),
        ]
        for (bytes, text) in cases { #expect(Self.line(for: bytes) == [text]) }
    }

    @Test func theOtherReceiveLinesKeepTheirText() {
        #expect(Self.line(for: Self.frame(7, [1, 2, 3, 4])) == ["cyw43: drop rx: unknown channel 7"])
        #expect(Self.line(for: Self.frame(3, [1, 2, 3, 4])) == ["cyw43: drop rx: glom frame (bus:txglom is 0)"])
        #expect(Self.line(for: Self.frame(0, WireFormatTests.cdcSet))
                == ["cyw43: drop rx: control reply id 3 not awaited"])
        let eth: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 0xAA]
        #expect(Self.line(for: Self.frame(2, [0x20, 0, 0, 0] + eth)) == ["cyw43: drop rx: data frame, no receiver"])
        let bogus = RunnerDropTests.frame(channel: 0, payload: [], credit: 10 &+ 0x50)
        #expect(Self.line(for: bogus) { $0.txSequence = 10 } == ["cyw43: bogus credit 90 tx_seq 10"])
    }

    @Test func aTransmitRefusalKeepsItsText() {
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: NullTransport(), platform: VirtualPlatform()), log: Log(log))
        #expect(!driver.runner.send(frame: UnsafeRawBufferPointer(start: nil, count: 0)))
        #expect(lines(log) == ["cyw43: drop tx: frame length 0"])
    }

    @Test func everyBusErrorCaseKeepsItsText() {
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: NullTransport(), platform: VirtualPlatform()), log: Log(log))
        let head: StaticString = "cyw43: bus error during rx service: "
        for e: BusError in [.transferFailed, .timeout(register: 0x1000E), .testPatternMismatch(read: 0xFEEDBEAD),
                            .readBackMismatch(register: 0x1000E, wrote: 1, read: 0xC0), .tooLong(length: 2000)] {
            driver.runner.logBusError(head, e)
        }
        #expect(lines(log) == ["cyw43: bus error during rx service: transfer failed",
                               "cyw43: bus error during rx service: timeout on register 1000E",
                               "cyw43: bus error during rx service: test pattern FEEDBEAD",
                               "cyw43: bus error during rx service: read-back of 1000E wrote 00000001 read 000000C0",
                               "cyw43: bus error during rx service: transfer too long 2000"])
    }
}
