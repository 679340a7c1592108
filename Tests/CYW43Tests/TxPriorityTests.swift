import Testing
@testable import CYW43
import Runtime

/// The transmit queues per priority (docs/cyw43-bus.md §4.1 byte 8, §4.2, §5.3): the BDC
/// priority of a data frame from its IPv4 DSCP (WHD's table), the firmware's per-precedence
/// flow-control bits stopping and starting each queue (Linux brcmfmac's PRIO2PREC numbering),
/// highest precedence first, and full queues refused and counted.
@Suite struct TxPriorityTests {
    /// Every frame the host writes to F2 (gSPI: a 4-byte command word, then the frame).
    final class Recorder: GSPITransport {
        var frames: [[UInt8]] = []
        func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
            for i in 0..<read.count { read[i] = 0 }
            if write.count >= 4 + 18, write[4 + 5] & 0x0F == 2 { frames.append(Array(write[4...])) }
        }
    }

    let logBuffer = LineBuffer()
    let wire = Recorder()
    let driver: Driver<GSPIBus<Recorder>>
    var runner: Runner<GSPIBus<Recorder>> { driver.runner }

    init() {
        driver = Driver(bus: GSPIBus(transport: wire, platform: VirtualPlatform()), log: Log(logBuffer))
    }

    /// An Ethernet II + IPv4 frame (RFC 791 header, 20 bytes: version/IHL 0x45, then the TOS
    /// byte whose high 6 bits are the DSCP) with `payload` bytes of UDP-ish filler.
    static func ipv4(tos: UInt8, payload: Int = 8, tag: UInt8 = 0) -> [UInt8] {
        let eth: [UInt8] = [0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00]
        let total = 20 + payload
        let ip: [UInt8] = [0x45, tos, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0, 64, 17, 0, 0,
                           192, 168, 1, 10, 192, 168, 1, 1]
        return eth + ip + [UInt8](repeating: tag, count: payload)
    }

    /// ARP request (EtherType 0x0806).
    static let arp: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0, 0, 0, 2, 0x08, 0x06,
                               0, 1, 0x08, 0, 6, 4, 0, 1] + [UInt8](repeating: 0, count: 20)

    /// A 12-byte SDPCM header from the firmware (§4.1) carrying only credit and flow control.
    func grant(credit: UInt8, flowControl: UInt8, seq: UInt8 = 0) {
        let f: [UInt8] = [12, 0, 0xF3, 0xFF, seq, 0, 0, 12, flowControl, credit, 0, 0]
        f.withUnsafeBytes { runner.dispatch($0) }
        runner.service()
    }

    @discardableResult
    func send(_ f: [UInt8]) -> Bool { f.withUnsafeBytes { runner.send(frame: $0) } }

    /// The BDC priority byte of a written frame: SDPCM 12 + 2 pad, then BDC byte 1.
    static func bdcPriority(_ written: [UInt8]) -> UInt8 { written[12 + 2 + 1] }
    /// The tag byte at the end of a frame built by `ipv4(tag:)`.
    static func tag(_ written: [UInt8]) -> UInt8 { written[written.count - 1] }

    @Test func dscpMapsThroughWHDsTable() {
        // WHD whd_cdc_bdc.c dscp_to_wmm_qos, DSCP 0...63 as listed there.
        let table: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0,
                              1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                              0, 0, 0, 0, 0, 0, 0, 0,
                              5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
                              7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]
        for dscp in 0..<64 {
            let f = Self.ipv4(tos: UInt8(dscp << 2) | 0x01)   // ECN bits do not count
            #expect(f.withUnsafeBytes { DataPriority.of(frame: $0) } == table[dscp], "DSCP \(dscp)")
        }
        #expect(Self.arp.withUnsafeBytes { DataPriority.of(frame: $0) } == 0)
        // EF (46) is video to WHD, CS6 (48) voice; BE and CS3 stay best effort.
        #expect(Self.ipv4(tos: 0xB8).withUnsafeBytes { DataPriority.of(frame: $0) } == 5)
        #expect(Self.ipv4(tos: 0xC0).withUnsafeBytes { DataPriority.of(frame: $0) } == 7)
        // PRIO2PREC: 0 and 2 swap, the rest keep their number.
        #expect((0..<8).map { DataPriority.precedence(UInt8($0)) } == [2, 1, 0, 3, 4, 5, 6, 7])
    }

    @Test func theBDCHeaderCarriesTheFramesPriority() throws {
        let f = Self.ipv4(tos: 0xB8, payload: 6)
        #expect(send(f))
        let w = try #require(wire.frames.last)
        let len = 12 + 2 + 4 + f.count
        // §4.1: length, ~length, seq 0, channel 2, next 0, data offset 14, fc 0, credit 0, 0, 0;
        // 2 pad bytes; §5.3 BDC: flags 0x20, priority 5, interface 0, data offset 0.
        #expect(Array(w[0..<18]) == [UInt8(len), 0, ~UInt8(len), 0xFF, 0, 2, 0, 14, 0, 0, 0, 0,
                                     0, 0, 0x20, 5, 0, 0])
        #expect(Array(w[18..<len]) == f)
    }

    @Test func flowControlStopsOnlyItsPrecedence() {
        // Precedence 2 (best effort, priority 0) stopped, credit for 8 more frames.
        grant(credit: 8, flowControl: 0b0000_0100)
        #expect(send(Self.ipv4(tos: 0, tag: 1)))          // best effort: waits
        #expect(send(Self.arp))                           // priority 0 too: waits behind it
        #expect(send(Self.ipv4(tos: 0xC0, tag: 2)))       // voice: goes at once
        #expect(wire.frames.map(Self.bdcPriority) == [7])
        #expect(runner.transmitQueueDepth(priority: 0) == 2 && runner.transmitQueueDepth == 2)
        #expect(runner.counters.txFlowControlled == 2 && runner.counters.flowControlStops == 1)
        // Background (priority 1, precedence 1) is not stopped either.
        #expect(send(Self.ipv4(tos: 0x20, tag: 3)))
        #expect(wire.frames.map(Self.bdcPriority) == [7, 1])
        // The firmware lifts the bit: the best-effort queue drains in order.
        grant(credit: 8, flowControl: 0, seq: 1)
        #expect(wire.frames.map(Self.bdcPriority) == [7, 1, 0, 0])
        #expect(Self.tag(wire.frames[2]) == 1 && wire.frames[3].count == 12 + 2 + 4 + Self.arp.count)
        #expect(runner.transmitQueueDepth == 0 && runner.counters.txData == 4 && runner.counters.txQueued == 2)
    }

    @Test func waitingFramesLeaveHighestPrecedenceFirst() {
        grant(credit: 0, flowControl: 0)                  // tx_max 0 = tx_seq: no credit
        #expect(send(Self.ipv4(tos: 0, tag: 1)))          // BE  (precedence 2)
        #expect(send(Self.ipv4(tos: 0x20, tag: 2)))       // BK  (precedence 1)
        #expect(send(Self.ipv4(tos: 0x80, tag: 3)))       // VI  (priority 5)
        #expect(send(Self.ipv4(tos: 0, tag: 4)))          // BE
        #expect(send(Self.ipv4(tos: 0xE0, tag: 5)))       // VO  (priority 7)
        #expect(wire.frames.isEmpty && runner.transmitQueueDepth == 5)
        grant(credit: 3, flowControl: 0, seq: 1)          // 3 frames' credit
        #expect(wire.frames.map(Self.tag) == [5, 3, 1])
        grant(credit: 8, flowControl: 0, seq: 2)
        #expect(wire.frames.map(Self.tag) == [5, 3, 1, 4, 2])
        #expect(runner.transmitQueueDepth == 0)
    }

    /// Full-size frames fill the 4 KB ring after two; the third is refused (counted, one log
    /// line) and the caller sees false. Small frames fit by the dozen.
    @Test func fullQueuesAreRefusedAndCounted() {
        grant(credit: 0, flowControl: 0)
        let big = Self.ipv4(tos: 0, payload: 1_480)
        #expect(big.count == 1_514)
        #expect(send(big) && send(big))
        #expect(!send(big))
        #expect(runner.counters.txNoCredit == 1)
        #expect(lines(logBuffer).filter { $0.hasPrefix("cyw43: refuse tx: queues full") }.count == 1)
        grant(credit: 2, flowControl: 0, seq: 1)   // exactly the two
        #expect(wire.frames.count == 2 && runner.transmitQueueDepth == 0)
        // tx_seq is 2 = tx_max: no credit. 68-byte frames (an ACK's size) queue by the dozen.
        var small = 0
        while small < 200 && send(Self.ipv4(tos: 0, payload: 34)) { small += 1 }
        #expect(small >= 50, "ACK-sized frames that fit: \(small)")
        #expect(runner.transmitQueueBytes == 4_096 && runner.transmitQueueHighWaterBytes <= 4_096)
    }
}
