import Runtime
import Boards
import CYW43
import App
import LinuxPlatform

/// What `tcp-keepalive run` passes to the real-hardware backend.
struct HardwareOptions {
    var boardName: String
    var board: BoardConfig
    var spidev: String?
    var gpiochip: String?
    var hostWakeLine: Int?
    var regOnLine: Int?
    var firmwareDirectory: String?
    var spiWiring: GSPIWiring?
    var spiHz: UInt32?
    var spiMode: UInt8?
    var duration: Duration?
    var offload: Bool
}

/// Runs the application on a Linux board's CYW43: spidev gSPI, libgpiod host-wake and
/// WL_REG_ON, firmware files, the monotonic clock with one epoll sleep. Every failure
/// before the app starts is one line naming the device, line or file.
///
/// NOT RUN ON HARDWARE here (no SPI or GPIO on the build machine); see
/// Platforms/Linux/README.md for what was tested.
func runOnHardware(_ options: HardwareOptions) throws(CommandError) {
    var overrides = LinuxHardwareOverrides()
    overrides.spidev = options.spidev
    overrides.gpiochip = options.gpiochip
    overrides.hostWakeLine = options.hostWakeLine.map { UInt32($0) }
    overrides.regOnLine = options.regOnLine.map { UInt32($0) }
    if let dir = options.firmwareDirectory { overrides.firmwareFolders = [dir] }
    overrides.wiring = options.spiWiring
    overrides.spiHz = options.spiHz
    overrides.spiMode = options.spiMode
    let hostWakeInterrupt: UInt8 = 1
    let interrupts = InterruptMailbox()

    let hardware: LinuxHardware
    let images: FirmwareImages
    do throws(LinuxHardwareError) {
        hardware = try LinuxHardware.open(board: options.board, overrides: overrides, interrupts: interrupts,
                                          hostWakeInterrupt: hostWakeInterrupt)
    } catch { throw CommandError("run --board \(options.boardName): \(error)") }
    do throws(GPIOError) { try hardware.powerOn() } catch {
        throw CommandError("run --board \(options.boardName): WL_REG_ON: \(error)")
    }
    do throws(FirmwareError) { images = try hardware.loadFirmware() } catch {
        throw CommandError("run --board \(options.boardName): \(error)")
    }
    let log = Log(StdoutLogSink())
    if options.offload && !images.firmwareHasTKO {
        log.line("Info: this firmware build has no TCP keepalive offload (tko); the host will keep connections alive")
    }
    let driver = Driver(bus: GSPIBus(transport: hardware.transport, platform: hardware.platform), log: log)
    // A blank-OTP chip gets a locally administered MAC made from this machine's id.
    if let id = MachineID.read() { driver.uniqueID = id } else {
        log.line("Info: no /etc/machine-id: a chip with a blank OTP gets the same MAC on every board")
    }
    let scheduler = Scheduler(platform: hardware.platform, maxTasks: 4, maxQueuedEvents: 64, maxTimers: 16)
    var settings = AppSettings(board: options.board)
    settings.offload = options.offload
    settings.clearScreen = true
    let app = KeepaliveApp(settings: settings, driver: driver, resources: images.resources(),
                           scheduler: scheduler, log: log)
    app.powerCycle = {
        do throws(GPIOError) { try hardware.powerOn() } catch { log.line("Error: WL_REG_ON: cannot power-cycle the chip") }
    }
    do throws(AppStartError) { try app.spawn(hostWakeLine: hostWakeInterrupt) } catch {
        throw CommandError("run: the scheduler's tables are too small for this board")
    }
    let end = options.duration.map { hardware.platform.now + $0 } ?? .distantFuture
    // In 1 s slices (the platform's level poll bounds every sleep to 1 s anyway, so no extra
    // wake-ups), so a halted application ends the run: nobody services the host-wake line
    // then, and a chip holding it at its active level kept the scheduler spinning until
    // --duration ran out (forever without one) (seen on the virtual board, make virtual-sbc).
    while hardware.platform.now < end && app.phase != .halted {
        let slice = hardware.platform.now + .seconds(1)
        scheduler.run(until: slice < end ? slice : end)
    }
    if app.phase == .halted { throw CommandError("run --board \(options.boardName): the application halted (see the log above)") }
}
