import Testing
import Runtime
import Net
import App
import SimKit
import Simulation

/// Frames that reach the host while its stack is suspended wait in the network task's
/// receive pool, a byte ring (8 KB on the kit), and are lent to the stack when it resumes: nothing is
/// copied into a second queue, small frames do not each hold a full-size slot, and a frame
/// that does not fit is dropped, counted and logged where it arrives.
@Suite struct SuspendedFramesScenarioTests {
    /// A frame from the server's host to the station with a local experimental EtherType
    /// (IEEE 802 0x88B5): no offload takes it, the chip hands it to the host, the stack
    /// counts it as `.unknownEtherType` once it processes it.
    static func frame(to station: MACAddress, from host: MACAddress, length: Int, seq: Int) -> [UInt8] {
        var f = station.bytes + host.bytes + [0x88, 0xB5]
        f += (0..<(length - 14)).map { UInt8(truncatingIfNeeded: seq &+ $0) }
        return f
    }

    /// `count` frames of `length` bytes at one instant while the host sleeps.
    /// Returns the stack's drops by reason during the burst (`delta`) and the pool's figures.
    func burst(count: Int, length: Int) throws -> (KitHarness, (DropReason) -> UInt32, ReceivePoolFigures) {
        let h = try KitHarness()
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .seconds(5))
        let before = h.kit.interfaceCounters!
        let station = h.kit.chip.macAddress, server = h.kit.world.config.serverMAC
        for i in 0..<count { h.kit.world.send(Self.frame(to: station, from: server, length: length, seq: i), from: server) }
        h.kit.run(until: t0 + .seconds(30))
        let after = h.kit.interfaceCounters!
        return (h, { after.dropped($0) - before.dropped($0) }, h.kit.receivePool)
    }

    /// 60 small frames (64 B; the chip model holds at most 64 for the host) arrive together:
    /// all 60 wait and are processed on resume. The old path (a pool of 16 full-size slots,
    /// then the interface's suspend queue of 32, 73 KB in all) processed 32 and dropped 28 as
    /// `.suspendQueueFull`.
    @Test func aBurstOfSmallFramesAllWaitsAndIsProcessed() throws {
        let (h, c, pool) = try burst(count: 60, length: 64)
        #expect(c(.unknownEtherType) == 60, "processed \(c(.unknownEtherType)) of 60")
        #expect(c(.suspendQueueFull) == 0 && pool.dropped == 0)
        #expect(pool.highWater >= 60 * 68 && pool.highWater <= pool.bytes)
        #expect(h.kit.phase == .suspended && h.kit.result().power.wakeups(.data) == 1)
    }

    /// Full-size frames beyond the pool's bytes: the kit's 8,192 B hold five 1,514-byte frames
    /// (1,520 B each with the length word); of ten at once, five are dropped, counted (as
    /// dropped while suspended) and logged, the five are processed on resume. (The old path's
    /// 73 KB of slots held all ten: the price of the smaller pool, paid in counted drops that
    /// TCP repairs; a real peer's in-flight data is bounded by our receive windows.)
    @Test func fullSizeFramesBeyondThePoolAreCountedAndLogged() throws {
        let (h, c, pool) = try burst(count: 10, length: 1_514)
        #expect(pool.bytes == 8_192)
        #expect(c(.unknownEtherType) == 5)
        #expect(pool.dropped == 5 && pool.droppedSuspended == 5)
        #expect(h.contains("Error: receive pool full of frames held while suspended; frame dropped"))
        #expect(h.contains("rx_no_mem:5"))
    }
}
