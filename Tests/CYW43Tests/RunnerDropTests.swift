import Testing
@testable import CYW43
import Runtime

/// Malformed input from the bus is counted and dropped with exactly one log line; it
/// never traps and never hangs (house style §6).
@Suite struct RunnerDropTests {
    final class Collect: FrameReceiver {
        var frames: [[UInt8]] = []
        func receive(frame: UnsafeRawBufferPointer) { frames.append(Array(frame)) }
    }

    let logBuffer = LineBuffer()
    let driver: Driver<GSPIBus<NullTransport>>
    var runner: Runner<GSPIBus<NullTransport>> { driver.runner }

    init() {
        driver = Driver(bus: GSPIBus(transport: NullTransport(), platform: VirtualPlatform()), log: Log(logBuffer))
    }

    /// SDPCM frame (§4.1) around `payload`, with the given channel / data offset / credit.
    static func frame(channel: UInt8, payload: [UInt8], offset: UInt8 = 12, seq: UInt8 = 0, credit: UInt8 = 4) -> [UInt8] {
        let len = 12 + payload.count
        return [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8((~len >> 8) & 0xFF),
                seq, channel, 0, offset, 0, credit, 0, 0] + payload
    }

    func feed(_ bytes: [UInt8]) { bytes.withUnsafeBytes { runner.dispatch($0) } }

    @Test func badLengthComplement() {
        var f = Self.frame(channel: 0, payload: [UInt8](repeating: 0, count: 16))
        f[2] ^= 0x01
        feed(f)
        #expect(runner.counters.dropLengthCheck == 1 && runner.counters.totalDrops == 1)
        #expect(lines(logBuffer).count == 1)
    }

    @Test func unknownChannel() {
        feed(Self.frame(channel: 7, payload: [1, 2, 3, 4]))
        #expect(runner.counters.dropUnknownChannel == 1 && runner.counters.totalDrops == 1)
        #expect(lines(logBuffer) == ["cyw43: drop rx: unknown channel 7"])
    }

    @Test func glomIsDropped() {
        feed(Self.frame(channel: 3, payload: [1, 2, 3, 4]))
        #expect(runner.counters.dropGlom == 1 && lines(logBuffer).count == 1)
    }

    @Test func lengthBeyondReceivedBytes() {
        var f = Self.frame(channel: 2, payload: [UInt8](repeating: 0, count: 20))
        f.removeLast(5)
        feed(f)
        #expect(runner.counters.dropBadLength == 1 && lines(logBuffer).count == 1)
    }

    @Test func dataOffsetOutsideFrame() {
        feed(Self.frame(channel: 2, payload: [0x20, 0, 0, 0], offset: 40))
        #expect(runner.counters.dropBadDataOffset == 1 && lines(logBuffer).count == 1)
    }

    @Test func truncatedEvent() {
        // BDC + the first 30 bytes of a 72-byte event header.
        feed(Self.frame(channel: 1, payload: [0x20, 0, 0, 0] + Array(WireFormatTests.linkEvent[0..<30])))
        #expect(runner.counters.dropTruncated == 1 && lines(logBuffer).count == 1)
        #expect(runner.counters.rxEvents == 0)
    }

    @Test func eventDataLongerThanFrame() {
        var e = WireFormatTests.linkEvent
        e[47] = 200
        feed(Self.frame(channel: 1, payload: [0x20, 0, 0, 0] + e))
        #expect(runner.counters.dropEventDataTruncated == 1 && lines(logBuffer).count == 1)
    }

    @Test func bdcOffsetBeyondPayload() {
        feed(Self.frame(channel: 2, payload: [0x20, 0, 0, 0x40] + [UInt8](repeating: 0, count: 20)))
        #expect(runner.counters.dropTruncated == 1 && lines(logBuffer).count == 1)
    }

    @Test func staleControlReply() {
        feed(Self.frame(channel: 0, payload: WireFormatTests.cdcSet))
        #expect(runner.counters.dropStaleControlReply == 1 && lines(logBuffer).count == 1)
    }

    @Test func dataWithoutAndWithReceiver() {
        let eth: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 0xAA]
        // §8.5 rx: data offset 14 (2 pad bytes), BDC with 1 word of TLVs, then Ethernet.
        let f = Self.frame(channel: 2, payload: [0, 0, 0x20, 0, 0, 1, 9, 9, 9, 9] + eth, offset: 14)
        feed(f)
        #expect(runner.counters.dropNoReceiver == 1 && lines(logBuffer).count == 1)
        let c = Collect()
        driver.receiver = c
        feed(f)
        #expect(c.frames == [eth] && runner.counters.rxData == 1)
    }

    @Test func creditWrapAndBogusCredit() {
        runner.txSequence = 250
        runner.txMax = 250
        #expect(!runner.hasCredit)
        // Credit 2 is 8 ahead of 250 modulo 256 (§4.2): accepted.
        feed(Self.frame(channel: 0, payload: [], credit: 2))
        #expect(runner.txMax == 2 && runner.hasCredit && runner.counters.rxCreditOnly == 1)
        // 0x50 ahead: bogus, use tx_seq + 2, counted and logged once.
        runner.txSequence = 10
        feed(Self.frame(channel: 0, payload: [], credit: 10 &+ 0x50))
        #expect(runner.counters.creditBogus == 1 && runner.txMax == 12 && lines(logBuffer).count == 1)
        // Credit equal to tx_seq: no window, sending waits.
        feed(Self.frame(channel: 0, payload: [], credit: 10))
        #expect(!runner.hasCredit)
    }

    @Test func headerOnlyTruncations() {
        for n in 1..<12 { feed(Array(Self.frame(channel: 0, payload: [])[0..<n])) }
        #expect(runner.counters.dropTruncated == 11 && lines(logBuffer).count == 11)
    }
}

/// Bus-level malformed input through the gSPI protocol.
@Suite struct BusDropTests {
    @Test func oversizedAnnouncedFrameIsTerminated() throws {
        let chip = FakeGSPIChip()
        chip.forcedStatus = 0x20 | 0x100 | 2000 << 9
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(log))
        try driver.bus.initializeBus(hostWake: HostWake())
        chip.transcript = []
        driver.runner.rxBound = 1
        driver.runner.service()
        #expect(driver.counters.dropBusOversized == 1)
        #expect(lines(log) == ["cyw43: drop rx: oversized frame 2000"])
        #expect(chip.transcript.contains { $0.hasPrefix("W F1 0x1000D n=1 | 01") })  // RF_TERM
        #expect(chip.f2Reads == 0)
    }

    @Test func endlessGarbageNeverHangs() throws {
        let chip = FakeGSPIChip()
        chip.forcedStatus = 0x20 | 0x100 | 64 << 9
        chip.garbageF2 = 0x77
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(log))
        try driver.bus.initializeBus(hostWake: HostWake())
        driver.runner.service()
        #expect(chip.f2Reads == 20)  // WHD_THREAD_RX_BOUND
        #expect(driver.counters.dropLengthCheck == 20 && lines(log).count == 20)
        #expect(driver.runner.framesMayRemain)
    }

    @Test func zeroLengthAnnouncement() throws {
        let chip = FakeGSPIChip()
        chip.forcedStatus = 0x20 | 0x100
        let log = LineBuffer()
        let driver = Driver(bus: GSPIBus(transport: chip, platform: VirtualPlatform()), log: Log(log))
        try driver.bus.initializeBus(hostWake: HostWake())
        driver.runner.rxBound = 3
        driver.runner.service()
        #expect(driver.counters.dropBusAnnouncedLength == 3 && lines(log).count == 3)
    }
}
