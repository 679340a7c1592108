import Testing
@testable import CYW43
import Runtime

/// SDIO receive path with a frame tag whose complement is wrong (docs/cyw43-bus.md §8.3):
/// counted, one log line, then IOABORT = 2 and RF_TERM; never a trap.
@Suite struct SDIODropTests {
    final class FakeSDIO: SDIOTransport {
        var cmd52Writes: [(UInt8, UInt32, UInt8)] = []
        var tag: [UInt8] = [0x10, 0x00, 0x00, 0x00]  // length 16, check 0 (should be 0xFFEF)
        func cmd52(write: Bool, function: UInt8, address: UInt32, value: UInt8) throws(BusError) -> UInt8 {
            if write { cmd52Writes.append((function, address, value)) }
            return 0
        }
        func cmd53(write: Bool, function: UInt8, address: UInt32, incrementing: Bool, blockSize: Int,
                   buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
            guard !write else { return }
            for i in 0..<buffer.count { buffer[i] = 0 }
            // §2.5: intstatus I_HMB_FRAME_IND (0x40) on every 4-byte F1 read; F2: the tag.
            if function == 1 && buffer.count == 4 { buffer[0] = 0x40 }
            if function == 2 { for i in 0..<min(4, buffer.count) { buffer[i] = tag[i] } }
        }
    }

    @Test func badTagIsAbortedAndCounted() {
        let t = FakeSDIO()
        let log = LineBuffer()
        let driver = Driver(bus: SDIOBus(transport: t, platform: VirtualPlatform()), log: Log(log))
        driver.runner.rxBound = 1
        driver.runner.service()
        #expect(driver.counters.dropBusBadTag == 1 && driver.counters.totalDrops == 1)
        #expect(lines(log) == ["cyw43: drop rx: bad frame tag 0010/0000"])
        #expect(t.cmd52Writes.contains { $0 == (0, 0x06, 2) })        // IOABORT F2
        #expect(t.cmd52Writes.contains { $0 == (1, 0x1000D, 1) })     // RF_TERM
        #expect(driver.bus.stats.readAborts == 1)
    }

    @Test func oversizedTagIsAborted() {
        let t = FakeSDIO()
        t.tag = [0x00, 0x08, 0xFF, 0xF7]  // length 2048, check ~2048: valid but over the MTU
        let log = LineBuffer()
        let driver = Driver(bus: SDIOBus(transport: t, platform: VirtualPlatform()), log: Log(log))
        driver.runner.rxBound = 1
        driver.runner.service()
        #expect(driver.counters.dropBusOversized == 1 && lines(log) == ["cyw43: drop rx: oversized frame 2048"])
    }

    @Test func emptyTagMeansNothing() {
        let t = FakeSDIO()
        t.tag = [0, 0, 0, 0]
        let log = LineBuffer()
        let driver = Driver(bus: SDIOBus(transport: t, platform: VirtualPlatform()), log: Log(log))
        driver.runner.service()
        #expect(driver.counters.totalDrops == 0 && lines(log).isEmpty && !driver.runner.framesMayRemain)
    }
}
