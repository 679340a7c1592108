import QEMUSupport
import QEMUPlatform
import Runtime
import Boards
import App
import CYW43
import SimKit
import Simulation
import ChipBridge

/// `qemu-app cycle` (make qemu-cycle; run under `-icount shift=0,sleep=off`: one instruction per
/// virtual ns, the 25 MHz clock ticks once per 40, and WFI time costs none): what one
/// sleep->wake->sleep cycle costs the CPU when the firmware takes 1 ms over every ioctl. The
/// kit runs twice on the board's clock, from its first deep sleep for 40 s with one server
/// message (one data wake: read, ACK, re-offload, sleep): once with the driver's waits asleep
/// in the runtime's idle (the app's `SchedulerWaiter`), once with them as the driver used to
/// wait, a busy 1 ms `delay` between looks at the bus (`SpinningWaiter`). Instructions awake
/// are the window's instructions minus the WFI time; the chip model's and the LAN's share
/// (they run in this image too) is measured apart through the hardware scope and taken out,
/// so "device" is the app, stack, driver and runtime alone.
enum CycleFigures {
    /// Ticks (25 MHz) spent inside the hardware scope (chip model, LAN, and the board's WFI,
    /// which only the simulated hardware's stepping calls).
    final class Meter {
        let board: QEMUPlatform
        var depth = 0
        var started: UInt32 = 0
        var ticks: UInt64 = 0
        init(_ board: QEMUPlatform) { self.board = board }
        func enter() {
            if depth == 0 { started = qemu_clock_ticks() }
            depth += 1
            board.beginHardware()
        }
        func leave() {
            board.endHardware()
            depth -= 1
            if depth == 0 { ticks &+= UInt64(qemu_clock_ticks() &- started) }
        }
    }

    /// The old wait: a busy 1 ms `delay` on the board between looks at the bus, then the
    /// simulated hardware is stepped (apart, in the scope) so the chip's answer can appear.
    final class SpinningWaiter: ChipWaiter {
        let board: QEMUPlatform
        let meter: Meter
        var kitPlatform: VirtualPlatform?
        private(set) var spins = 0
        init(board: QEMUPlatform, meter: Meter) { self.board = board; self.meter = meter }
        func wait(until deadline: Instant, othersMayRun: Bool) {
            let now = board.now
            if deadline > now {
                let left = deadline - now
                board.delay(left < .milliseconds(1) ? left : .milliseconds(1))
            }
            spins += 1
            meter.enter()
            kitPlatform?.delay(.microseconds(1))
            meter.leave()
        }
    }

    struct Figures {
        var ok = false
        var awakeInstructions: UInt64 = 0
        var deviceInstructions: UInt64 = 0
        var wakes = 0
        var chipWaits = 0
        var spins = 0
    }

    static let window = Duration.seconds(40)

    static func measure(spinning: Bool, board: QEMUPlatform, log: Log) -> Figures {
        let meter = Meter(board)
        var options = KitOptions(board: BuiltInBoard.qemu_mps2_an386())
        options.events = [ScriptedEvent(.afterFirstSleep(.seconds(20)), .serverSends(QEMUApp.message))]
        options.hostClock = board
        options.hardwareScope = HardwareScope(enter: { meter.enter() }, leave: { meter.leave() })
        options.ioctlLatency = .milliseconds(1)
        let spinner = SpinningWaiter(board: board, meter: meter)
        if spinning { options.chipWaiter = spinner }
        var f = Figures()
        let kit: any Kit
        let t0: Instant
        do throws(KitError) {
            kit = try makeKit(options, log: log)
            spinner.kitPlatform = kit.platform
            t0 = try kit.runToFirstSleep()
        } catch {
            log.line("qemu-app cycle: the kit never reached its first deep sleep")
            return f
        }
        let ticks0 = meter.ticks, slept0 = board.sleptMicroseconds, start = board.now
        let spins0 = spinner.spins
        kit.run(until: t0 + window)
        let elapsedUs = board.now.microseconds &- start.microseconds
        let sleptUs = board.sleptMicroseconds &- slept0
        let hardwareTicks = meter.ticks &- ticks0
        // shift=0: 1,000 instructions per µs, 40 per tick.
        f.awakeInstructions = (elapsedUs &- sleptUs) &* 1_000
        let elapsedTicks = elapsedUs &* 25
        f.deviceInstructions = elapsedTicks > hardwareTicks ? (elapsedTicks &- hardwareTicks) &* 40 : 0
        f.wakes = kit.stats.totalWakes
        f.spins = spinner.spins - spins0
        f.ok = kit.phase == .suspended && kit.stats.wakes(.data) == 1 && f.wakes == 1
        return f
    }

    static func report(_ name: StaticString, _ f: Figures, log: Log) {
        log.text("qemu-app cycle: ").text(name).text(": ").udec(f.deviceInstructions)
            .text(" instructions awake in the device (app, stack, driver, runtime) per cycle, ")
            .udec(f.awakeInstructions).text(" with the chip model and LAN; host wakes ").dec(f.wakes)
            .text(f.ok ? " (one data wake, back asleep)" : " (NOT one clean cycle)").end()
    }

    static func run(board: QEMUPlatform, log: Log) -> Never {
        let asleep = measure(spinning: false, board: board, log: log)
        report("waits asleep (WFI, host-wake)", asleep, log: log)
        let spinning = measure(spinning: true, board: board, log: log)
        report("waits spinning (old busy 1 ms delay)", spinning, log: log)
        log.text("qemu-app cycle: 1 ms ioctl latency, one sleep->wake->sleep cycle: ")
            .udec(spinning.deviceInstructions).text(" -> ").udec(asleep.deviceInstructions)
            .text(" device instructions (").udec(UInt64(spinning.spins)).text(" busy polls -> 0)").end()
        let ok = asleep.ok && spinning.ok && asleep.deviceInstructions < spinning.deviceInstructions
        log.line(ok ? "qemu-app cycle: PASS" : "qemu-app cycle: FAIL")
        board.exit(ok ? 0 : 1)
    }
}
