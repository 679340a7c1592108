import Testing
import CYW43
import ChipModel
import Runtime

/// An ioctl's wait for its reply is an event wait (docs/style-anchors.md §2, embassy's runner):
/// the CPU sleeps in the runtime's idle until host-wake says the reply is there, then reads it.
/// No 1 ms poll, no `Platform.delay` (a busy loop on PSoC 6 and QEMU).
@Suite struct IoctlWaitTests {
    /// 2.5 ms of firmware latency: the reply is read the moment host-wake rises, not at the
    /// next whole millisecond of a polling loop, and the wait is one or two sleeps.
    @Test(arguments: [false, true]) func anIoctlSleepsUntilHostWake(sdio: Bool) throws {
        if sdio { try sleepsUntilHostWake(sdioRig(), .cyw4343W) } else { try sleepsUntilHostWake(gspiRig(), .cyw43439) }
    }

    func sleepsUntilHostWake<B: WLANBus>(_ rig: Rig<B>, _ kind: ChipKind) throws {
        try rig.driver.bringUp(resources: resources(kind))
        let waiter = MailboxWaiter(rig.platform)
        rig.driver.waiter = waiter
        rig.chip.timing.ioctlLatency = .microseconds(2_500)
        _ = rig.platform.interrupts.takeAll()
        let sleeps = rig.platform.sleepCount, t0 = rig.platform.now
        let before = rig.driver.counters
        var magic: UInt32 = 0
        _ = try withUnsafeMutableBytes(of: &magic) { out in
            try rig.driver.ioctl(.getMagic, set: false, value: UnsafeRawBufferPointer(start: nil, count: 0), into: out)
        }
        #expect(magic != 0)
        #expect(rig.platform.now - t0 == .microseconds(2_500))
        let c = rig.driver.counters
        #expect(c.chipWaits - before.chipWaits >= 1 && c.chipWaits - before.chipWaits <= 2)
        #expect(c.busyWaits == before.busyWaits)
        #expect(rig.platform.sleepCount - sleeps == UInt64(c.chipWaits - before.chipWaits))
        #expect(waiter.takeSeen() != 0)          // it was host-wake that ended the sleep
    }

    /// Under the runtime the host-wake that ends the wait still reaches the network task's
    /// flags (nothing lost), and the scheduler counts the wait as a wait, not as idle.
    @Test func underTheSchedulerTheWakeReachesItsTask() throws {
        let rig = gspiRig()
        try rig.driver.bringUp(resources: resources(.cyw43439))
        let scheduler = Scheduler(platform: rig.platform, maxTasks: 2, maxQueuedEvents: 8, maxTimers: 2)
        let task = FlagRecorder()
        let id = try scheduler.spawn(task, priority: 1, queueCapacity: 2)
        scheduler.bindInterrupt(line: 1, to: id, flags: 0b100)
        scheduler.runUntilIdle()
        rig.driver.waiter = SchedulerWaiter(scheduler)
        rig.chip.timing.ioctlLatency = .milliseconds(4)
        _ = rig.platform.interrupts.takeAll()
        let t0 = rig.platform.now
        try rig.driver.ioctlSet(.up)
        #expect(rig.platform.now - t0 == .milliseconds(4))
        #expect(scheduler.waits >= 1 && !scheduler.isWaiting)
        scheduler.runUntilIdle()
        #expect(task.flags & 0b100 != 0)
        #expect(rig.driver.counters.busyWaits == 0)
    }

    /// A firmware that never answers: the wait sleeps to the timeout (a handful of sleeps on
    /// the virtual clock, however long the timeout), then throws.
    @Test func aSilentFirmwareCostsSleepsNotSpins() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        rig.driver.waiter = MailboxWaiter(rig.platform)
        rig.driver.ioctlTimeout = .milliseconds(500)
        rig.chip.timing.ioctlLatency = .seconds(10)
        let before = rig.driver.counters.chipWaits, t0 = rig.platform.now
        #expect(throws: IoctlError.timeout) { try rig.driver.ioctlSet(.up) }
        #expect(rig.platform.now - t0 == .milliseconds(500))
        #expect(rig.driver.counters.chipWaits - before <= 3)
    }
}

final class FlagRecorder: ActiveObject {
    var flags: UInt32 = 0
    func handle(_ event: Event, scheduler: Scheduler) { if event.signal == .flags { flags |= event.value } }
}
