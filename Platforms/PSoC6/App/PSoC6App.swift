import Runtime
import CYW43
import Boards
import App
import PSoC6Platform

/// The CE229926 application on a PSoC 6 kit: the kit's board config (generated code for the
/// one kit the image is linked for, `kitBoard()`), the PDL-backed platform, SDIO over SDHC/UDB,
/// the Wi-Fi images psoc6.mk linked into flash, the UART log, and the scheduler's tickless
/// loop forever. Built by `make board BOARD=<kit>` (Platforms/PSoC6/psoc6.mk).
@main
struct PSoC6App {
    static let hostWakeLine: UInt8 = 1

    static func main() {
        let interrupts = InterruptMailbox()
        let board: PSoC6Board
        do throws(PSoC6Error) {
            board = try PSoC6Board.bringUp(interrupts: interrupts, hostWakeInterrupt: hostWakeLine)
        } catch {
            // The UART is up once the board init passed; an SDIO failure is reported there.
            if case .sdioInit(let status) = error {
                Log(UARTLogSink()).text("SDIO enumeration failed, status ").dec(status).end()
            }
            halt()
        }
        let log = Log(board.log)
        // The board this image was linked for, as code (Sources/Boards/BuiltInBoard): no catalog
        // text and no parser in the image. The shim names the kit it was built for.
        let config = kitBoard()
        guard config.kit.elementsEqual(board.platform.kitName) else {
            log.text("built-in board ").ascii(config.kit).text(" is not this kit, ").ascii(board.platform.kitName).end()
            halt()
        }
        let resources = PSoC6Resources()
        if resources.size(of: .firmware) == 0 {
            log.line("no Wi-Fi firmware linked: build with WIFI_FW=, WIFI_CLM=, WIFI_NVRAM= (psoc6.mk)")
            halt()
        }
        let scheduler = Scheduler(platform: board.platform, maxTasks: 4, maxQueuedEvents: 64, maxTimers: 16)
        let bus = SDIOBus(transport: board.sdio, platform: board.platform)
        let driver = Driver(bus: bus, log: log, hostWake: HostWake(activeHigh: board.platform.hostWakeRising))
        driver.uniqueID = board.platform.uniqueID     // a blank-OTP chip's MAC is made from the die id
        let app = KeepaliveApp(settings: AppSettings(board: config), driver: driver, resources: resources,
                               scheduler: scheduler, log: log)
        do throws(AppStartError) { try app.spawn(hostWakeLine: hostWakeLine) } catch {
            log.line("application start failed")
            halt()
        }
        // Deep sleep only where the power books count one (App.DeepSleepPolicy): not while a
        // handler waits for the chip, not in a repair's answer window or the inactivity
        // windows unless the app released its lock (`deepSleepUnlocked`).
        let policy = DeepSleepPolicy()
        board.platform.mayDeepSleep = { [unowned(unsafe) app, unowned(unsafe) scheduler] now, deadline in
            policy.allowsDeepSleep(idle: deadline.map { $0 - now }, waitingForChip: scheduler.isWaiting,
                                   unlocked: app.deepSleepUnlocked)
        }
        // The heap (the shim's counting allocator) after start-up, then once an hour only if it
        // changed: a steady state that allocates shows up here (issue 16: it must not).
        var reported = AllocationCount(allocations: -1, frees: 0, bytesInUse: 0, peakBytes: 0)
        while true {
            scheduler.run(for: .hours(1))
            let a = board.platform.allocations
            if a.allocations != reported.allocations || a.frees != reported.frees {
                log.text("heap: ").dec(a.allocations).text(" allocations, ").dec(a.frees).text(" frees, ")
                    .dec(a.bytesInUse).text(" B live, peak ").dec(a.peakBytes).text(" B").end()
                reported = a
            }
        }
    }

    /// The kit's board: psoc6.mk links `psoc6_kit_board` to the kit's `builtin_board_<KIT>`
    /// (--defsym), so the Swift code, compiled once for every kit, carries one board.
    static func kitBoard() -> BoardConfig {
        #if hasFeature(Embedded)
        return psoc6KitBoard()
        #else
        fatalError("PSoC6App runs only on a PSoC 6 kit: make board BOARD=<kit>")
        #endif
    }

    /// Parks the CPU (a debugger can still attach). A host build of this product only
    /// exists because `swift build` builds every product; running it there stops here.
    static func halt() -> Never {
        #if hasFeature(Embedded)
        while true { PSoC6Board.idleForever() }
        #else
        fatalError("PSoC6App runs only on a PSoC 6 kit: make board BOARD=<kit>")
        #endif
    }
}

#if hasFeature(Embedded)
/// Defined by the link (psoc6.mk: --defsym=psoc6_kit_board=builtin_board_<KIT>).
@_silgen_name("psoc6_kit_board")
func psoc6KitBoard() -> BoardConfig
#endif
