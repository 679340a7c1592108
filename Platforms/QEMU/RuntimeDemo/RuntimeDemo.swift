import QEMUPlatform
import Runtime

// Runtime demo on QEMU mps2-an386: two equal-priority tasks ping-pong over their
// queues in bursts, a higher-priority heartbeat task runs on a 100 ms periodic timer,
// a software-triggered IRQ reaches a task as event flags, and the idle hook sleeps
// (WFI) between deadlines. Ends QEMU with 0 if every check passed, 1 otherwise.

extension Signal {
    static let ping = Signal(16)
    static let pong = Signal(17)
    static let burst = Signal(18)
    static let tick = Signal(19)
    static let watchdog = Signal(20)
}

enum Demo {
    static let ticks: UInt32 = 10
    static let period = Duration.milliseconds(100)
    static let burstLength: UInt32 = 100
    static let irqLine: UInt8 = 7
}

final class Pinger: ActiveObject {
    let log: Log
    var peer: TaskID?
    var watchdog: TimerID?
    var roundTrips: UInt32 = 0
    var bursts: UInt32 = 0
    var queueFull: UInt32 = 0
    var watchdogsFired: UInt32 = 0
    var irqAt: Instant?
    init(log: Log) { self.log = log }

    func handle(_ event: Event, scheduler s: Scheduler) {
        switch event.signal {
        case .burst:
            bursts += 1
            if let watchdog { s.arm(watchdog, after: .milliseconds(20)) }   // one-shot
            send(Event(.ping, 1), s)
        case .pong:
            roundTrips += 1
            if event.value < Demo.burstLength {
                send(Event(.ping, event.value + 1), s)
            } else {
                if let watchdog { s.cancel(watchdog) }
                log.text("  burst ").dec(bursts).text(": ").dec(event.value)
                    .text(" round trips, done at ").udec(s.now.microseconds).text(" us").end()
                if bursts == Demo.ticks { s.stop() }          // the last burst ends the demo
            }
        case .watchdog:
            watchdogsFired += 1
        case .flags:
            irqAt = s.now
            log.text("  irq line ").dec(Demo.irqLine).text(" -> flags 0x").hex(UInt64(event.value), digits: 2)
                .text(" at ").udec(s.now.microseconds).text(" us").end()
        default:
            break
        }
    }

    private func send(_ event: Event, _ s: Scheduler) {
        guard let peer else { return }
        do { try s.post(event, to: peer) } catch { queueFull += 1 }
    }
}

final class Ponger: ActiveObject {
    var peer: TaskID?
    var queueFull: UInt32 = 0
    func handle(_ event: Event, scheduler s: Scheduler) {
        guard event.signal == .ping, let peer else { return }
        do { try s.post(Event(.pong, event.value), to: peer) } catch { queueFull += 1 }
    }
}

final class Heartbeat: ActiveObject {
    let log: Log
    let board: QEMUPlatform
    var pinger: TaskID?
    var timer: TimerID?
    var first = Instant.zero
    var count: UInt32 = 0
    var early: UInt32 = 0
    var maxLateness: UInt64 = 0
    init(log: Log, board: QEMUPlatform) { self.log = log; self.board = board }

    func handle(_ event: Event, scheduler s: Scheduler) {
        switch event.signal {
        case .start:
            first = s.now + Demo.period
            if let timer { s.arm(timer, at: first, every: Demo.period) }
        case .tick:
            let due = first + Demo.period * Int64(count)
            let now = s.now
            count += 1
            if now < due { early += 1 } else if (now - due).microseconds > Int64(maxLateness) {
                maxLateness = UInt64((now - due).microseconds)
            }
            log.text("tick ").dec(count).text(" due ").udec(due.microseconds).text(" us, ran at ")
                .udec(now.microseconds).text(" us").end()
            if let pinger { try? s.post(Event(.burst), to: pinger) }
            if count == 5 { board.triggerIRQ(Demo.irqLine) }
            if count == Demo.ticks, let timer { s.cancel(timer) }
        default:
            break
        }
    }
}

@main
struct RuntimeDemo {
    static func main() {
        let board = QEMUPlatform.shared
        let log = Log(UARTLogSink())
        log.line("qemu-runtime-demo: Swift cooperative runtime on mps2-an386")
        let s = Scheduler(platform: board, maxTasks: 4, maxQueuedEvents: 16, maxTimers: 4)
        let pinger = Pinger(log: log)
        let ponger = Ponger()
        let heart = Heartbeat(log: log, board: board)
        guard let p = try? s.spawn(pinger, priority: 2, queueCapacity: 4),
              let q = try? s.spawn(ponger, priority: 2, queueCapacity: 4),
              let h = try? s.spawn(heart, priority: 3, queueCapacity: 2),
              let watchdog = try? s.makeTimer(for: p, signal: .watchdog),
              let tick = try? s.makeTimer(for: h, signal: .tick)
        else {
            log.line("setup failed")
            board.exit(2)
        }
        pinger.peer = q; ponger.peer = p; heart.pinger = p
        pinger.watchdog = watchdog
        heart.timer = tick
        s.bindInterrupt(line: Demo.irqLine, to: p, flags: 0x80)
        let started = board.now
        s.run(until: .distantFuture)
        let elapsed = board.now - started

        log.text("ticks ").dec(heart.count).text(", early ").dec(heart.early)
            .text(", max lateness ").dec(heart.maxLateness).text(" us").end()
        log.text("round trips ").dec(pinger.roundTrips).text(" in ").dec(pinger.bursts)
            .text(" bursts, queue full ").dec(pinger.queueFull + ponger.queueFull)
            .text(", watchdogs fired ").dec(pinger.watchdogsFired).end()
        log.text("events dispatched ").udec(s.dispatched).text(", idle entries ").udec(s.idleCount)
            .text(", timer overruns ").udec(s.timerOverruns).end()
        log.text("slept ").udec(board.sleptMicroseconds).text(" us of ").dec(elapsed.microseconds)
            .text(" us (").udec(board.sleptMicroseconds * 100 / UInt64(max(elapsed.microseconds, 1)))
            .text("%) in ").udec(board.sleeps).text(" sleeps; early wake-ups ").udec(board.earlyWakeups).end()
        log.text("heap used ").dec(board.heapUsed).text(" B").end()

        let ok = heart.count == Demo.ticks && heart.early == 0
            && pinger.roundTrips == Demo.ticks * Demo.burstLength
            && pinger.queueFull == 0 && ponger.queueFull == 0 && pinger.watchdogsFired == 0
            && pinger.irqAt != nil && board.earlyWakeups == 0 && s.timerOverruns == 0
            && s.armedTimers == 0
        log.line(ok ? "PASS" : "FAIL")
        board.exit(ok ? 0 : 1)
    }
}
