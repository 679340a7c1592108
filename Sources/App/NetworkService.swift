import Runtime
import CYW43
import Net

/// The task that owns the Wi-Fi driver and the TCP/IP stack (WHD's thread plus lwIP's
/// tcpip thread in the C example). It services the bus when the host-wake line fires or
/// a deadline of the driver or the stack comes due, moves frames between the two, and
/// tells the application what happened: join results, link loss, DHCP, keepalive-offload
/// failures (events) and RX/TX activity (flags, as LPA's activity callback does).
public final class NetworkService<Bus: WLANBus>: ActiveObject, FrameReceiver, FrameSink, EventListener {
    public let driver: Driver<Bus>
    /// The stack, created once the driver knows the MAC address.
    public private(set) var interface: Interface?
    let log: Log
    unowned(unsafe) var scheduler: Scheduler
    var ownID: TaskID?
    var appID: TaskID?
    var pumpTimer: TimerID?
    let waiter: SchedulerWaiter
    private var ownPriority: UInt8 = 0
    private var rx: FramePool
    private var inService = false
    private var stuckAt = Instant.zero
    /// `driver.runner.framesLost` at the last pump.
    private var lossesSeen = 0
    private var stuckPumps = 0
    /// Pumps at one instant that may leave a deadline due before it counts as stuck.
    static var maxStuckPumps: Int { 64 }
    /// Times the stack or driver left a deadline due that polling did not consume (each
    /// after `maxStuckPumps` pumps at one instant); always 0 unless something is wrong.
    public private(set) var deadlineStalls = 0

    /// Frames the stack got from the driver / sent through it.
    public private(set) var framesUp = 0
    private var framesUpSeen = 0
    /// Inside `deliverPool` (a frame of the pool is lent to the stack).
    private var delivering = false
    public private(set) var framesDown = 0
    /// Frames the stack wanted to send that the driver refused (no credit, link down).
    public private(set) var sendFailures = 0
    public var framesDropped: Int { rx.dropped }
    /// Of those, dropped while the stack was suspended (the pool full of held frames).
    public private(set) var framesDroppedSuspended = 0

    /// Frames waiting for the stack: bytes of the receive pool, and the most ever taken.
    public var receivePoolBytes: Int { rx.capacity }
    public var receivePoolHighWater: Int { rx.highWaterBytes }

    /// `rxBytes`: the receive pool, frames handed up in one bus service pass and, while the
    /// stack is suspended, every frame until it resumes (`poolBytes(receiveWindows:)`).
    public init(driver: Driver<Bus>, scheduler: Scheduler, log: Log, rxBytes: Int = 8_192) {
        self.driver = driver
        self.scheduler = scheduler
        self.log = log
        rx = FramePool(bytes: rxBytes)
        // An ioctl's wait for its reply sleeps in the scheduler's idle (host-wake or timeout);
        // this task runs meanwhile if the app's call waits (`spawn` sets the ceilings).
        waiter = SchedulerWaiter(scheduler)
        driver.waiter = waiter
        driver.receiver = self
        driver.eventListener = self
        // Control work a pass ran inside the app's ioctl wait left for later: a pass once it is
        // done (one object graph for the device's life: the cycle is never broken, nor need be).
        driver.controlFreed = { self.kick() }
    }

    deinit { rx.deallocate() }

    /// Registers the task; `hostWakeLine` is the interrupt line the platform raises for
    /// the chip's host-wake (out-of-band) signal. `appPriority`: the priority of the task that
    /// calls the driver outside this one's passes (the app): while such a call waits for the
    /// chip, this task (if above it) keeps running. Nil: it waits for the call.
    public func spawn(priority: UInt8, hostWakeLine: UInt8, app: TaskID,
                      appPriority: UInt8? = nil) throws(SpawnError) -> TaskID {
        let id = try scheduler.spawn(self, priority: priority, queueCapacity: 4)
        ownID = id
        appID = app
        ownPriority = priority
        waiter.ceiling = appPriority
        scheduler.bindInterrupt(line: hostWakeLine, to: id, flags: NetworkFlag.hostWake)
        do throws(TimerError) { pumpTimer = try scheduler.makeTimer(for: id, signal: AppSignal.pump) } catch {
            log.say("Error: network task has no timer")
        }
        return id
    }

    /// Creates the stack for `mac` (after bring-up).
    public func makeInterface(mac: MACAddress, seed: UInt64) -> Interface {
        var c = Interface.Config(mac: mac)
        c.randomSeed = seed
        // Frames that arrive while suspended wait in the receive pool (`resumeStack`).
        c.suspendQueueBytes = 0
        let i = Interface(config: c, sink: ForwardingFrameSink { self.offer($0) })
        interface = i
        return i
    }

    /// The driver has work due now (an interrupt to service, frames that may remain in the
    /// chip): its next pass comes before anything else the app waits for.
    public func serviceDue(now: Instant) -> Bool {
        driver.nextDeadline(now: now).map { $0 <= now } ?? false
    }

    /// Asks for a poll as soon as the scheduler gets to it (after a connect or a send).
    public func kick() {
        if let id = ownID { scheduler.setFlags(NetworkFlag.kick, on: id) }
    }

    // MARK: ActiveObject

    public func handle(_ event: Event, scheduler: Scheduler) {
        if event.signal == .flags, event.value & NetworkFlag.hostWake != 0 { driver.hostWakeSeen() }
        if event.signal == .start { return }
        pump(now: scheduler.platform.now)
    }

    /// One service pass: bus, notices, frames into the stack, stack timers, then re-arm.
    func pump(now: Instant) {
        inService = true
        // The driver's own waits in this pass are this task's: only tasks above it run then.
        let caller = waiter.ceiling
        waiter.ceiling = ownPriority
        defer { waiter.ceiling = caller }
        driver.poll(now: now)
        inService = false
        // A frame from the chip was lost on the bus: it was for us (data, an event), so the
        // app wakes and re-validates what it may have said.
        if driver.runner.framesLost != lossesSeen {
            lossesSeen = driver.runner.framesLost
            flagApp(AppFlag.rxActivity)
        }
        while let notice = driver.nextNotice() { forward(notice) }
        if let iface = interface {
            // Suspended: the frames stay in the pool, unprocessed, until `resumeStack`
            // lends them to the stack (no copy into a suspend queue); the app still hears
            // that something arrived (a data wake).
            let arrived = framesUp != framesUpSeen
            framesUpSeen = framesUp
            if iface.isSuspended ? arrived : deliverPool(to: iface, now: now) { flagApp(AppFlag.rxActivity) }
            iface.poll(now: now)
            while let e = iface.dhcp?.takeEvent() {
                switch e {
                case .configured: post(AppSignal.address, 1)
                case .deconfigured: post(AppSignal.address, 0)
                case .declined(let ip):
                    log.text("Info: DHCP: declined ").ipv4(ip.value)
                    log.say(" (address in use)")
                }
            }
        }
        flagApp(AppFlag.networkChanged)
        rearm(now: scheduler.platform.now)
    }

    /// Restarts the suspended stack (`Interface.resume`: its timers first), then lends it
    /// the frames that waited in the pool meanwhile, in arrival order, as one batch.
    public func resumeStack(now: Instant) {
        guard let iface = interface else { return }
        iface.resume(now: now)
        _ = deliverPool(to: iface, now: now)
    }

    /// The receive pool for sockets whose receive windows add up to `receiveWindows` bytes:
    /// what the peers may have in flight to us is bounded by those windows, so twice that
    /// (each window once more as retransmissions), 1 KB for small frames (ARP, DHCP, pure
    /// ACKs) and the per-frame overhead (a full-size frame takes 1,520 B), at least 8 KB
    /// (5 full-size frames). The kits' one 2 KB socket: 8,192 B (the 7-day and 28-day soaks
    /// held at most 3,688 B); two: 9,216 B.
    public static func poolBytes(receiveWindows: Int) -> Int { max(8_192, 2 * receiveWindows + 1_024) }

    /// Frames waiting for the stack (held while it is suspended).
    public var framesHeld: Int { rx.count }

    /// Lends every pooled frame to the stack in one batch; true if there was any. The frame
    /// is read in place and removed after: what the stack sends may reach the driver, whose
    /// service may hand up more frames (appended to the pool meanwhile, delivered in turn).
    /// A pass run nested inside (a handler's chip wait while the stack is busy with a frame)
    /// leaves the pool to the delivery under way, which would otherwise pop a frame twice.
    func deliverPool(to iface: Interface, now: Instant) -> Bool {
        if delivering { return false }
        delivering = true
        defer { delivering = false }
        var any = false
        iface.receiving(now: now) {
            while let frame = rx.first {
                iface.receive(frame: frame, now: now)
                rx.pop()
                any = true
            }
        }
        return any
    }

    func rearm(now: Instant) {
        guard let t = pumpTimer else { return }
        var next = driver.nextDeadline(now: now)
        if let i = interface?.pollAt(now: now) { next = earlier(next, i) }
        if let n = next, n <= now {
            if now == stuckAt { stuckPumps += 1 } else { stuckAt = now; stuckPumps = 1 }
            if stuckPumps > Self.maxStuckPumps {
                // A deadline that `poll` never consumes: a bug below us. Spinning would
                // burn the battery; back off and count it (the soak fails on any).
                if deadlineStalls == 0 { log.say("Error: a network deadline stays due; backing off 10 ms") }
                deadlineStalls += 1
                stuckPumps = 0
                next = now + .milliseconds(10)
            }
        }
        if let next { scheduler.arm(ifMade: t, at: max(next, now)) } else { scheduler.cancel(ifMade: t) }
    }

    func forward(_ notice: DriverNotice) {
        switch notice {
        case .joined: post(AppSignal.joinResult, 0)
        case .joinFailed(let f): post(AppSignal.joinResult, JoinFailureCode.code(f))
        case .linkDown(_, let reason): post(AppSignal.linkDown, reason)
        case .firmwareHalted: post(AppSignal.firmwareHalted, 0)
        case .networkFound: post(AppSignal.networkFound, 0)
        }
    }

    func post(_ signal: Signal, _ value: UInt32) {
        guard let app = appID else { return }
        do throws(QueueFull) { try scheduler.post(Event(signal, value), to: app) } catch {
            log.say("Error: application queue full; network event dropped")
        }
    }

    func flagApp(_ bits: UInt32) { if let app = appID { scheduler.setFlags(bits, on: app) } }

    // MARK: FrameReceiver (called by the driver during `poll`)

    public func receive(frame: UnsafeRawBufferPointer) {
        framesUp += 1
        if rx.push(frame) { return }
        if interface?.isSuspended == true {
            framesDroppedSuspended += 1
            log.say("Error: receive pool full of frames held while suspended; frame dropped")
        } else {
            log.say("Error: receive pool full; frame dropped")
        }
    }

    // MARK: FrameSink (called by the stack)

    public func transmit(_ frame: UnsafeRawBufferPointer) { _ = offer(frame) }

    /// False when the driver's transmit queues are full (back-pressure): the stack keeps what
    /// it sent and offers it again (TCP after `sendRetryDelay`). A frame for a driver that is
    /// down (restarting after a trap) is lost, counted, and left to TCP's retransmission, as
    /// before: retrying every few ms for a whole RTO would only keep the CPU awake.
    public func offer(_ frame: UnsafeRawBufferPointer) -> Bool {
        framesDown += 1
        let taken = driver.send(frame: frame)
        if !taken { sendFailures += 1 }
        flagApp(AppFlag.txActivity)
        return taken || !driver.isUp
    }

    // MARK: EventListener

    public func handle(event: EventMessage, frame: UnsafeRawBufferPointer) {
        guard event.eventType == .tko else { return }
        let index = event.data.isEmpty ? 0 : UInt32(frame[event.data.lowerBound])
        post(AppSignal.keepaliveFailed, index)
    }
}

/// `JoinFailure` <-> an event value.
enum JoinFailureCode {
    static func code(_ f: JoinFailure) -> UInt32 {
        switch f {
        case .noNetwork: 1
        case .badPassphrase: 2
        case .authRejected: 3
        case .timeout: 4
        }
    }
    static func failure(_ code: UInt32) -> JoinFailure {
        switch code {
        case 1: .noNetwork
        case 2: .badPassphrase
        case 3: .authRejected
        default: .timeout
        }
    }
}
