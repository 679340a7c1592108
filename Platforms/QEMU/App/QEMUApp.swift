import QEMUSupport
import QEMUPlatform
import Runtime
import Boards
import App
import SimKit
import Simulation
import ChipBridge

// The whole application bare-metal on the Cortex-M4 (QEMU mps2-an386): runtime, CYW43
// driver, TCP/IP stack, offload manager and the CE229926 flow, against the chip model and
// the virtual LAN compiled into the image (QEMU has no Wi-Fi chip). Everything runs on
// the board's real clock: the scheduler's idle is the board's tickless WFI with TIMER1
// as the alarm, and the chip model and the LAN are stepped at their own deadlines on
// that clock (`KitOptions.hostClock`). The script, in real seconds: join, DHCP,
// connect, offload, sleep; 20 s later the server sends a message, which wakes the host;
// it reads it, re-offloads and sleeps again until 40 s after the first sleep. Exits 0
// when all of that happened AND no sleep ended between deadlines (a wake-up with no
// deadline and no interrupt: what tickless idle must never do).

@main
struct QEMUApp {
    static func main() {
        let board = QEMUPlatform.shared
        let log = Log(UARTLogSink())
        // `make qemu-cycle` passes "cycle": the per-cycle instruction figures instead (CycleFigures).
        if commandLine(has: "cycle") { CycleFigures.run(board: board, log: log) }
        // The board as code (Sources/Boards/BuiltInBoard.swift): no catalog, no parser in the image.
        // "kit" (make size's RAM line): the CY8CPROTO-062-4343W's board instead, the same
        // app, driver (SDIO bus), stack and runtime PSoC6App runs, against the chip model's SDIO.
        let kitBoard = commandLine(has: "kit")
        var options = KitOptions(board: kitBoard ? BuiltInBoard.cy8cproto_062_4343w() : BuiltInBoard.qemu_mps2_an386())
        options.events = [ScriptedEvent(.afterFirstSleep(.seconds(20)), .serverSends(message))]
        options.hostClock = board
        // The chip model and the world run in this image too: their allocations are counted
        // apart, so the device's own heap (app, offload, stack, driver, runtime) is known.
        options.hardwareScope = HardwareScope(enter: { board.beginHardware() }, leave: { board.endHardware() })
        let kit: any Kit
        let t0: Instant
        do throws(KitError) {
            kit = try makeKit(options, log: log)
            // The stack from here on: the device running (boot, join, offload, sleep, a data
            // wake), as PSoC6App's scheduler loop runs; not the building of the model and world.
            board.restartStackFigures()
            t0 = try kit.runToFirstSleep()
        } catch {
            log.line("qemu-app: the kit never reached its first deep sleep")
            board.exit(3)
        }
        let atFirstSleep = board.allocations
        let deviceAtFirstSleep = board.deviceAllocations
        let sleepsBefore = board.sleeps, sleptBefore = board.sleptMicroseconds
        let earlyBefore = board.earlyWakeups, stepsBefore = kit.platform.deviceSteps
        kit.run(until: t0 + .seconds(40))
        let steady = board.allocations.since(atFirstSleep)
        let deviceSteady = board.deviceAllocations.since(deviceAtFirstSleep)
        let r = kit.result()
        let sleeps = board.sleeps - sleepsBefore
        let idleSeconds = (board.sleptMicroseconds - sleptBefore) / 1_000_000
        let early = board.earlyWakeups - earlyBefore
        let ok = kit.phase == .suspended && kit.stats.wakes(.data) == 1 && kit.stats.totalWakes == 1
            && kit.stats.bytesReceived == 17 + message.count && r.keepalivesAcked > 0 && early == 0
            && deviceSteady.allocations == 0 && deviceSteady.frees == 0
        log.end()
        log.text("qemu-app: virtual ").udec(UInt64(r.simulatedSeconds)).text(" s, host wake-ups ")
            .dec(kit.stats.totalWakes).text(" (data ").dec(kit.stats.wakes(.data)).text("), keepalives ")
            .dec(r.keepalivesSent).text(" sent / ").dec(r.keepalivesAcked).text(" acked, bytes received ")
            .dec(kit.stats.bytesReceived).text(", heap ").dec(board.heapUsed).text(" B").end()
        // The counting allocator (whole image: app, driver, stack and the simulated world with it).
        log.text("qemu-app: allocations to the first sleep ").dec(atFirstSleep.allocations).text(" (")
            .dec(atFirstSleep.frees).text(" freed, peak ").dec(atFirstSleep.peakBytes).text(" B); after it, 40 s with one data wake: ")
            .dec(steady.allocations).text(" allocations, ").dec(steady.frees).text(" frees, ")
            .dec(steady.bytesInUse).text(" B live, peak ").dec(steady.peakBytes).text(" B").end()
        // The device's own (outside the chip model and the world): issue 16's zero allocations
        // per sleep->wake->sleep cycle, here in the Embedded release build on the MCU.
        log.text("qemu-app: device heap (app, offload, stack, driver, runtime): to the first sleep ")
            .dec(deviceAtFirstSleep.allocations).text(" allocations (").dec(deviceAtFirstSleep.frees).text(" freed), ")
            .dec(deviceAtFirstSleep.bytesInUse).text(" B live, peak ").dec(deviceAtFirstSleep.peakBytes)
            .text(" B; after it, 40 s with one data wake: ").dec(deviceSteady.allocations).text(" allocations, ")
            .dec(deviceSteady.frees).text(" frees (must be 0), peak ").dec(deviceSteady.peakBytes).text(" B").end()
        // The one main stack (cooperative runtime; interrupts share it), painted at reset.
        log.text("qemu-app: stack (").ascii(options.board.kit).text("): peak ").dec(board.stackPeak)
            .text(" B with the chip model and world below the device, the device's deepest call into them at ")
            .dec(board.deviceStackAtHardware).text(" B").end()
        // Every board sleep ends at a deadline (the scheduler's or a device's: the chip
        // model's and the LAN's) or at an interrupt; `early` counts the others.
        log.text("qemu-app: board idle (WFI, TIMER1 alarm): ").udec(sleeps).text(" sleeps, ")
            .udec(idleSeconds).text(" s asleep; wake-ups between deadlines ").udec(early)
            .text(" (").udec(idleSeconds > 0 ? early / idleSeconds : early).text(" per idle second; must be 0); ")
            .udec(kit.platform.deviceSteps - stepsBefore).text(" steps of the chip model and LAN at their deadlines").end()
        log.line(ok ? "qemu-app: PASS" : "qemu-app: FAIL")
        board.exit(ok ? 0 : 1)
    }

    /// Whether the semihosting command line (`-semihosting-config arg=...`) has `word`.
    static func commandLine(has word: StaticString) -> Bool {
        var line = [CChar](repeating: 0, count: 128)
        let n = Int(qemu_cmdline(&line, 128))
        let w = word.utf8Start, k = word.utf8CodeUnitCount
        guard n >= k, k > 0 else { return false }
        var i = 0
        while i + k <= n {
            var j = 0
            while j < k && UInt8(bitPattern: line[i + j]) == w[j] { j += 1 }
            if j == k { return true }
            i += 1
        }
        return false
    }

    static let message: [UInt8] = [0x77, 0x61, 0x6B, 0x65, 0x20, 0x75, 0x70]  // "wake up"
}
