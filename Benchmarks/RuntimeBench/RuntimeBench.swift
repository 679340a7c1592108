// runtime-bench (Linux): throughput of our scheduler for producer/consumer and ping-pong
// loads beside fair single-threaded baselines (the same loop over a plain ring with no
// scheduler; AsyncStream with both Tasks on one serial executor) and beside Swift
// Concurrency on its thread pool (design level: thread hand-offs included), and the cost
// of timer arm+cancel with 10, 1,000 and 100,000 timers armed. Not a test: prints
// numbers. Build with -c release.
import Runtime

let clock = ContinuousClock()

func seconds(_ d: Swift.Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func rate(_ n: Int, _ d: Swift.Duration) -> Double { Double(n) / seconds(d) }

func millions(_ x: Double) -> String {
    let hundredths = Int((x / 1e4).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) M"
}

/// A platform that never sleeps (everything here is CPU-bound); its clock jumps to the
/// deadline a sleep asks for, and the alarm rings once the clock has reached it.
final class BusyPlatform: InterruptingPlatform {
    let interrupts = InterruptMailbox()
    var now: Instant = .zero
    private var alarm = Instant.distantFuture
    func setAlarm(_ deadline: Instant) { alarm = deadline; ring() }
    func sleep(until deadline: Instant?) { if let deadline, deadline > now { now = deadline }; ring() }
    func delay(_ duration: Runtime.Duration) { now = now + duration; ring() }
    private func ring() {
        if alarm <= now { alarm = .distantFuture; interrupts.raise(InterruptMailbox.alarmLine) }
    }
}

extension Signal {
    static let item = Signal(16)
    static let ping = Signal(17)
    static let pong = Signal(18)
}

// MARK: producer/consumer

/// Fills the consumer's queue until `QueueFull`, then waits for the consumer's flag.
final class Producer: ActiveObject {
    var consumer: TaskID!
    var sent = 0
    let total: Int
    init(total: Int) { self.total = total }
    func handle(_ e: Event, scheduler s: Scheduler) {
        while sent < total {
            do throws(QueueFull) {
                try s.post(Event(.item, UInt32(truncatingIfNeeded: sent)), to: consumer)
                sent += 1
            } catch { return }        // full: the consumer will set our flag when drained
        }
    }
}

final class Consumer: ActiveObject {
    var producer: TaskID!
    var me: TaskID!
    var received = 0
    var checksum: UInt64 = 0
    func handle(_ e: Event, scheduler s: Scheduler) {
        guard e.signal == .item else { return }
        received += 1
        checksum &+= UInt64(e.value)
        if s.queuedCount(of: me) == 0 { s.setFlags(1, on: producer) }
    }
}

func ourProducerConsumer(_ n: Int, capacity: Int) -> Double {
    let p = BusyPlatform()
    let s = Scheduler(platform: p, maxTasks: 2, maxQueuedEvents: capacity + 4, maxTimers: 0)
    let prod = Producer(total: n), cons = Consumer()
    let ip = try! s.spawn(prod, priority: 1, queueCapacity: 2)
    let ic = try! s.spawn(cons, priority: 1, queueCapacity: capacity)
    prod.consumer = ic; cons.producer = ip; cons.me = ic
    let d = clock.measure { s.runUntilIdle() }
    precondition(cons.received == n)
    return rate(n, d)
}

func asyncProducerConsumer(_ n: Int, capacity: Int) async -> Double {
    let start = clock.now
    let (stream, continuation) = AsyncStream.makeStream(of: UInt32.self, bufferingPolicy: .unbounded)
    let consumer = Task {
        var received = 0
        var checksum: UInt64 = 0
        for await v in stream { received += 1; checksum &+= UInt64(v) }
        return received
    }
    let producer = Task {
        for i in 0..<n { continuation.yield(UInt32(truncatingIfNeeded: i)) }
        continuation.finish()
    }
    await producer.value
    let received = await consumer.value
    precondition(received == n)
    return rate(n, clock.now - start)
}

/// Baseline: the same producer/consumer as a plain single-threaded loop over a ring
/// (what the scheduler's queue is underneath): fill to `capacity`, drain, repeat.
func plainDequeProducerConsumer(_ n: Int, capacity: Int) -> Double {
    var ring = [UInt32](repeating: 0, count: capacity)
    var head = 0, count = 0, sent = 0, received = 0
    var checksum: UInt64 = 0
    let d = clock.measure {
        while received < n {
            while sent < n && count < capacity {
                var slot = head + count; if slot >= capacity { slot -= capacity }
                ring[slot] = UInt32(truncatingIfNeeded: sent); count += 1; sent += 1
            }
            while count > 0 {
                checksum &+= UInt64(ring[head]); head += 1; if head == capacity { head = 0 }
                count -= 1; received += 1
            }
        }
    }
    precondition(received == n && checksum == UInt64(n) * UInt64(n - 1) / 2)
    return rate(n, d)
}

/// Baseline: AsyncStream with producer and consumer on ONE serial executor (the main
/// actor), so no thread hand-off: what Swift Concurrency costs single-threaded.
@MainActor
func serialAsyncProducerConsumer(_ n: Int) async -> Double {
    let start = clock.now
    let (stream, continuation) = AsyncStream.makeStream(of: UInt32.self, bufferingPolicy: .unbounded)
    let consumer = Task { @MainActor in
        var received = 0
        for await _ in stream { received += 1 }
        return received
    }
    let producer = Task { @MainActor in
        for i in 0..<n { continuation.yield(UInt32(truncatingIfNeeded: i)) }
        continuation.finish()
    }
    await producer.value
    let received = await consumer.value
    precondition(received == n)
    return rate(n, clock.now - start)
}

// MARK: ping-pong

final class Pinger: ActiveObject {
    var peer: TaskID!
    let rounds: UInt32
    init(rounds: UInt32) { self.rounds = rounds }
    func handle(_ e: Event, scheduler s: Scheduler) {
        if e.signal == .start { try! s.post(Event(.ping, 1), to: peer); return }
        if e.signal == .pong && e.value < rounds { try! s.post(Event(.ping, e.value + 1), to: peer) }
    }
}

final class Ponger: ActiveObject {
    var peer: TaskID!
    func handle(_ e: Event, scheduler s: Scheduler) {
        if e.signal == .ping { try! s.post(Event(.pong, e.value), to: peer) }
    }
}

func ourPingPong(_ rounds: Int) -> Double {
    let s = Scheduler(platform: BusyPlatform(), maxTasks: 2, maxQueuedEvents: 8, maxTimers: 0)
    let a = Pinger(rounds: UInt32(rounds)), b = Ponger()
    let ia = try! s.spawn(a, priority: 1, queueCapacity: 4)
    let ib = try! s.spawn(b, priority: 1, queueCapacity: 4)
    a.peer = ib; b.peer = ia
    let d = clock.measure { s.runUntilIdle() }
    precondition(s.dispatched == UInt64(2 * rounds + 2))
    return rate(rounds, d)
}

/// A plain FIFO ring of events (the baseline's queue; a class so the two rings live in
/// memory as the scheduler's do, not in registers).
final class PlainRing {
    var items: [UInt32]
    var head = 0, count = 0
    init(capacity: Int) { items = [UInt32](repeating: 0, count: capacity) }
    @inline(__always) func push(_ v: UInt32) {
        var slot = head + count; if slot >= items.count { slot -= items.count }
        items[slot] = v; count += 1
    }
    @inline(__always) func pop() -> UInt32? {
        guard count > 0 else { return nil }
        let v = items[head]; head += 1; if head == items.count { head = 0 }
        count -= 1
        return v
    }
}

/// Baseline: ping-pong as a plain single-threaded loop over two rings (no scheduler).
func plainPingPong(_ rounds: Int) -> Double {
    let pings = PlainRing(capacity: 4), pongs = PlainRing(capacity: 4)
    var done = 0
    var checksum: UInt64 = 0
    let d = clock.measure {
        pings.push(1)
        while done < rounds {
            if let v = pings.pop() { pongs.push(v) }
            if let v = pongs.pop() {
                done += 1; checksum &+= UInt64(v)
                if v < UInt32(rounds) { pings.push(v + 1) }
            }
        }
    }
    precondition(done == rounds && checksum == UInt64(rounds) * UInt64(rounds + 1) / 2)
    return rate(rounds, d)
}

/// Baseline: the two-stream ping-pong with both tasks on ONE serial executor (main actor).
@MainActor
func serialAsyncPingPong(_ rounds: Int) async -> Double {
    let (pings, pingIn) = AsyncStream.makeStream(of: UInt32.self)
    let (pongs, pongIn) = AsyncStream.makeStream(of: UInt32.self)
    let start = clock.now
    let ponger = Task { @MainActor in
        for await v in pings { pongIn.yield(v) }
        pongIn.finish()
    }
    let pinger = Task { @MainActor in
        pingIn.yield(1)
        for await v in pongs {
            if v < UInt32(rounds) { pingIn.yield(v + 1) } else { pingIn.finish(); break }
        }
    }
    await pinger.value
    await ponger.value
    return rate(rounds, clock.now - start)
}

func asyncPingPong(_ rounds: Int) async -> Double {
    let (pings, pingIn) = AsyncStream.makeStream(of: UInt32.self)
    let (pongs, pongIn) = AsyncStream.makeStream(of: UInt32.self)
    let start = clock.now
    let ponger = Task {
        for await v in pings { pongIn.yield(v) }
        pongIn.finish()
    }
    let pinger = Task {
        pingIn.yield(1)
        for await v in pongs {
            if v < UInt32(rounds) { pingIn.yield(v + 1) } else { pingIn.finish(); break }
        }
    }
    await pinger.value
    await ponger.value
    return rate(rounds, clock.now - start)
}

// MARK: timers

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class Idle: ActiveObject { func handle(_ e: Event, scheduler s: Scheduler) {} }

/// ns per arm+cancel of one timer with `armed` others armed at random deadlines.
func timerCost(armed: Int, iterations: Int) -> (random: Double, earliest: Double, worst: Double) {
    let s = Scheduler(platform: BusyPlatform(), maxTasks: 1, maxQueuedEvents: 2, maxTimers: armed + 1)
    let owner = try! s.spawn(Idle(), priority: 1, queueCapacity: 2)
    s.runUntilIdle()
    var rng = SplitMix(state: 7)
    for _ in 0..<armed {
        let t = try! s.makeTimer(for: owner, signal: .item)
        s.arm(t, at: Instant(microseconds: 1_000_000 + rng.next() % 1_000_000_000))
    }
    let probe = try! s.makeTimer(for: owner, signal: .item)
    var table: [Instant] = []
    for _ in 0..<1024 { table.append(Instant(microseconds: 1_000_000 + rng.next() % 1_000_000_000)) }
    let random = clock.measure {
        for i in 0..<iterations { s.arm(probe, at: table[i & 1023]); s.cancel(probe) }
    }
    let earliest = clock.measure {
        for i in 0..<iterations { s.arm(probe, at: Instant(microseconds: UInt64(500 + i & 255))); s.cancel(probe) }
    }
    // The earliest case plus the idle path's look at the next deadline (O(1)).
    let worst = clock.measure {
        for i in 0..<iterations {
            s.arm(probe, at: Instant(microseconds: UInt64(500 + i & 255))); s.cancel(probe)
            _ = s.nextDeadline
        }
    }
    precondition(s.armedTimers == armed)
    let per = { (d: Swift.Duration) in seconds(d) * 1e9 / Double(iterations) }
    return (per(random), per(earliest), per(worst))
}

// MARK: virtual day

/// A device with a deadline every `period`, raising an interrupt each time.
final class Beacon: VirtualDevice {
    let platform: VirtualPlatform
    let period: Runtime.Duration
    var next: Instant
    init(_ platform: VirtualPlatform, every period: Runtime.Duration) {
        self.platform = platform; self.period = period; next = Instant.zero + period
    }
    var nextDeadline: Instant? { next }
    func advance(to now: Instant) {
        while next <= now { next += period; platform.raiseInterrupt(1) }
    }
}

final class Counter: ActiveObject {
    var ticks = 0, irqs = 0
    func handle(_ e: Event, scheduler s: Scheduler) {
        if e.signal == .item { ticks += 1 } else if e.signal == .flags { irqs += 1 }
    }
}

/// One virtual day: a 1 s periodic timer and a device interrupting every 30 s.
func virtualDay() -> (wall: Double, ticks: Int, irqs: Int, sleeps: UInt64) {
    let p = VirtualPlatform()
    let s = Scheduler(platform: p, maxTasks: 1, maxQueuedEvents: 4, maxTimers: 1)
    let c = Counter()
    let id = try! s.spawn(c, priority: 1, queueCapacity: 4)
    s.bindInterrupt(line: 1, to: id, flags: 1)
    p.attach(Beacon(p, every: .seconds(30)))
    let t = try! s.makeTimer(for: id, signal: .item)
    s.arm(t, after: .seconds(1), every: .seconds(1))
    let d = clock.measure { s.run(until: .seconds(86_400)) }
    return (seconds(d), c.ticks, c.irqs, p.sleepCount)
}

func ns(_ x: Double) -> String { "\(Int(x.rounded())) ns" }

@main
struct RuntimeBench {
    static func main() async {
        print("runtime-bench (host, \(MemoryLayout<Int>.size * 8)-bit; rates are events or round trips per second)")
        let n = 2_000_000
        // Warm-up.
        _ = ourProducerConsumer(10_000, capacity: 64)
        _ = await asyncProducerConsumer(10_000, capacity: 64)

        let ours = ourProducerConsumer(n, capacity: 64)
        let theirs = await asyncProducerConsumer(n / 10, capacity: 64)
        let plain = plainDequeProducerConsumer(n, capacity: 64)
        let serial = await serialAsyncProducerConsumer(n / 10)
        print("producer/consumer, \(n) events (AsyncStream: \(n / 10)), queue depth 64:")
        print("  Runtime scheduler                     \(millions(ours)) events/s")
        print("  baselines, one thread:")
        print("    plain ring-buffer loop (no scheduler) \(millions(plain)) events/s  (ours: \(Double(Int(ours / plain * 100)) / 100)x of it)")
        print("    AsyncStream, 2 Tasks on one serial executor \(millions(serial)) events/s  (ours: \(Double(Int(ours / serial * 10)) / 10)x)")
        print("  design level (thread pool):")
        print("    AsyncStream + 2 Tasks                 \(millions(theirs)) events/s  (ours: \(Double(Int(ours / theirs * 10)) / 10)x)")

        let rounds = 500_000
        let oursPP = ourPingPong(rounds)
        let theirsPP = await asyncPingPong(rounds / 10)
        let plainPP = plainPingPong(rounds)
        let serialPP = await serialAsyncPingPong(rounds / 10)
        print("ping-pong, \(rounds) round trips (AsyncStreams: \(rounds / 10)) over two queues:")
        print("  Runtime scheduler                     \(millions(oursPP)) round trips/s")
        print("  baselines, one thread:")
        print("    plain loop over two rings             \(millions(plainPP)) round trips/s  (ours: \(Double(Int(oursPP / plainPP * 100)) / 100)x of it)")
        print("    2 AsyncStreams, 2 Tasks on one serial executor \(millions(serialPP)) round trips/s  (ours: \(Double(Int(oursPP / serialPP * 10)) / 10)x)")
        print("  design level (thread pool):")
        print("    2 AsyncStreams + 2 Tasks              \(millions(theirsPP)) round trips/s  (ours: \(Double(Int(oursPP / theirsPP * 10)) / 10)x)")

        let day = virtualDay()
        print("virtual day (1 s periodic timer + a device interrupting every 30 s):")
        print("  \(day.ticks) ticks, \(day.irqs) interrupts, \(day.sleeps) idle jumps in \(Int(day.wall * 1000)) ms wall")
        print("timer arm+cancel (tournament tree over the pool, eager cancel, every call O(log n)):")
        for armed in [10, 1_000, 100_000] {
            let c = timerCost(armed: armed, iterations: 1_000_000)
            print("  \(armed) armed: random deadline \(ns(c.random)), earliest re-armed \(ns(c.earliest)), earliest + next-deadline look \(ns(c.worst))")
        }
    }
}
