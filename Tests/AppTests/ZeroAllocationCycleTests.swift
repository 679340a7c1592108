import Testing
import CAllocCount
import ChipBridge
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The device's allocations (app, offload manager, TCP/IP, CYW43 driver, runtime) while
/// `body` runs, apart from the simulated hardware's: the kit brackets every call into the
/// chip model and every sleep/delay (in which the world and the chip are stepped) with
/// `deviceOnly`, and the CAllocCount interposer counts those apart.
private func deviceAllocations(during body: () -> Void) -> (device: alloc_count, hardware: alloc_count) {
    var d0 = alloc_count(), d1 = alloc_count(), h0 = alloc_count(), h1 = alloc_count()
    alloc_count_read(&d0); alloc_count_read_excluded(&h0)
    _ = alloc_count_trace(1)   // ALLOC_COUNT_TRACE=1 in the environment: a backtrace per device allocation
    body()
    _ = alloc_count_trace(0)
    alloc_count_read(&d1); alloc_count_read_excluded(&h1)
    func delta(_ a: alloc_count, _ b: alloc_count) -> alloc_count {
        alloc_count(allocations: b.allocations - a.allocations, frees: b.frees - a.frees,
                    bytes_in_use: b.bytes_in_use, peak_bytes: b.peak_bytes)
    }
    return (delta(d0, d1), delta(h0, h1))
}

nonisolated(unsafe) private let deviceOnly = HardwareScope(enter: { alloc_count_exclude_begin() }, leave: { alloc_count_exclude_end() })

/// The serial console as a UART is: bytes go out, nothing is kept (a test's LineBuffer
/// would allocate per line and be counted as the device's).
private final class UARTSink: LogSink {
    var bytes = 0
    func write(_ byte: UInt8) { bytes += 1 }
}

/// The app's consumer of received bytes, without storage of its own.
private final class CountingDataSink: AppDataSink {
    var bytes = 0
    func received(slot: UInt8, bytes b: UnsafeRawBufferPointer) { bytes += b.count }
}

/// Issue 16: no heap allocation in steady state — after start-up and a first cycle as
/// warm-up, neither a sleep→data wake→sleep cycle nor a keepalive-only idle stretch
/// allocates anything on the device side. The whole system on the virtual clock.
@Suite struct ZeroAllocationCycleTests {
    @Test(arguments: ["CY8CPROTO-062-4343W", "QEMU-MPS2-AN386"])
    func aSleepWakeSleepCycleAllocatesNothingOnTheDevice(kit name: String) throws {
        #expect(alloc_count_active() == 1, "the CAllocCount interposer is not this process's malloc")
        let message = Array("data for the sleeping host".utf8)
        var o = KitOptions(board: try Boards.named(Array(name.utf8)))
        o.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .serverSends(message)),
                    ScriptedEvent(.afterFirstSleep(.minutes(20)), .serverSends(message))]
        o.hardwareScope = deviceOnly
        let uart = UARTSink(), sink = CountingDataSink()
        let kit = try makeKit(o, log: Log(uart))
        kit.dataSink = sink
        let t0 = try kit.runToFirstSleep()
        kit.run(until: t0 + .minutes(2))
        // Keepalive-only idle: the chip keeps the connections; the host sleeps.
        let idle = deviceAllocations { kit.run(until: t0 + .minutes(9)) }
        // First data cycle: warm-up (the wake path's tables reach their size).
        kit.run(until: t0 + .minutes(15))
        #expect(kit.stats.wakes(.data) == 1)
        // The second: sleep → data wake → receive → re-offload → sleep.
        let cycle = deviceAllocations { kit.run(until: t0 + .minutes(25)) }
        #expect(kit.stats.wakes(.data) == 2)
        #expect(kit.stats.totalWakes == 2)
        #expect(kit.phase == .suspended)
        #expect(sink.bytes >= 2 * message.count)
        #expect(idle.device.allocations == 0 && idle.device.frees == 0,
                "keepalive-only idle, device side: \(idle.device.allocations) allocations, \(idle.device.frees) frees (hardware model: \(idle.hardware.allocations))")
        #expect(cycle.device.allocations == 0 && cycle.device.frees == 0,
                "sleep->data wake->sleep, device side: \(cycle.device.allocations) allocations, \(cycle.device.frees) frees (hardware model: \(cycle.hardware.allocations))")
        print("[alloc] \(name): idle 7 min: device \(idle.device.allocations)/\(idle.device.frees), hardware \(idle.hardware.allocations)/\(idle.hardware.frees); data cycle: device \(cycle.device.allocations)/\(cycle.device.frees), hardware \(cycle.hardware.allocations)/\(cycle.hardware.frees)")
    }

    /// Per received frame: a data wake that brings a burst of 24 messages (some land while the
    /// host is still resuming, in the receive pool; the rest while it is up), after a warm-up
    /// wake of the same shape. Every frame goes through the driver, the pool, the stack and the
    /// app without a heap allocation; the interface's receive count shows the frames did come.
    @Test(arguments: ["CY8CPROTO-062-4343W", "QEMU-MPS2-AN386"])
    func everyReceivedFrameOfABurstAllocatesNothing(kit name: String) throws {
        #expect(alloc_count_active() == 1, "the CAllocCount interposer is not this process's malloc")
        let burst = 24
        var o = KitOptions(board: try Boards.named(Array(name.utf8)))
        for (minute, count) in [(5, burst), (15, burst)] {
            for i in 0..<count {
                let message = Array("burst message \(i)".utf8)
                o.events.append(ScriptedEvent(.afterFirstSleep(.milliseconds(Int64(minute * 60_000 + 40 * i))), .serverSends(message)))
            }
        }
        o.hardwareScope = deviceOnly
        let uart = UARTSink(), sink = CountingDataSink()
        let kit = try makeKit(o, log: Log(uart))
        kit.dataSink = sink
        let t0 = try kit.runToFirstSleep()
        kit.run(until: t0 + .minutes(10))   // the warm-up burst
        let received0 = kit.interfaceCounters?.received ?? 0, bytes0 = sink.bytes
        let wakes0 = kit.stats.wakes(.data)
        let burstRun = deviceAllocations { kit.run(until: t0 + .minutes(20)) }
        let frames = Int((kit.interfaceCounters?.received ?? 0) &- received0)
        #expect(kit.stats.wakes(.data) > wakes0)
        #expect(kit.phase == .suspended)
        #expect(sink.bytes - bytes0 >= burst * "burst message 0".utf8.count, "the burst's bytes reached the app")
        #expect(frames >= burst, "only \(frames) frames received in the burst")
        #expect(burstRun.device.allocations == 0 && burstRun.device.frees == 0,
                "a burst of \(frames) received frames, device side: \(burstRun.device.allocations) allocations, \(burstRun.device.frees) frees")
        print("[alloc] \(name): burst of \(frames) received frames in \(kit.stats.wakes(.data) - wakes0) data wake(s): device \(burstRun.device.allocations)/\(burstRun.device.frees), hardware \(burstRun.hardware.allocations)/\(burstRun.hardware.frees)")
    }
}
