// virtual-sbc-chip: the chip side of the virtual Linux SBC (Platforms/Linux/VirtualSBC). The
// interposer inside `tcp-keepalive run` forwards spidev transfers and GPIO line changes here;
// this process runs the chip model (gSPI far side, firmware, offload engines) on the wall
// clock, with WL_REG_ON as its power and host-wake as a real edge-event source, and bridges
// its radio side to a TAP so the kernel is the AP's LAN.
//
//   virtual-sbc-chip --socket PATH [--tap IFNAME] [--board NAME] [--reg-on N] [--host-wake N]
//   virtual-sbc-chip --write-firmware DIR [--board NAME]   placeholder firmware/CLM/NVRAM files
//                                                          the model accepts, named as the board says
import Glibc
import Runtime
import Boards
import ChipModel
import Simulation
import SimKit

nonisolated(unsafe) var stopRequested: Int32 = 0

func fail(_ text: String) -> Never {
    let line = Array("virtual-sbc-chip: error: \(text)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func say(_ text: String) {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    let ms = Int(ts.tv_sec) * 1000 + ts.tv_nsec / 1_000_000
    print("[chip \(ms / 1000).\(String(ms % 1000 + 1000).dropFirst())] \(text)")
    fflush(nil)
}

func runChipProcess() {
    var args = CommandLine.arguments.dropFirst()
    var options: [String: String] = [:]
    while let a = args.popFirst() {
        guard a.hasPrefix("--"), let v = args.popFirst() else { fail("bad argument '\(a)' (every option takes a value)") }
        options[String(a.dropFirst(2))] = v
    }
    let boardName = options["board"] ?? "LINUX-SBC-43439"
    let board: BoardConfig
    do { board = try Boards.named(Array(boardName.utf8)) } catch { fail("unknown board '\(boardName)'") }
    guard board.chip == .cyw43439, board.bus == .gspi else { fail("\(boardName) is not a gSPI CYW43439 board") }

    if let dir = options["write-firmware"] {
        func put(_ name: [UInt8], _ bytes: [UInt8]) {
            let path = dir + "/" + String(decoding: name, as: UTF8.self)
            guard let f = fopen(path, "wb") else { fail("cannot write \(path)") }
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            fclose(f)
            print("wrote \(path) (\(bytes.count) bytes)")
        }
        // The NVRAM as the Linux .txt form: one key=value per line (the host converts it).
        var text: [UInt8] = []
        for s in SyntheticFirmware.nvram().split(separator: 0) { text += s; text.append(0x0A) }
        put(board.firmware.firmware, SyntheticFirmware.image(for: .cyw43439))
        put(board.firmware.clm, SyntheticFirmware.clm())
        put(board.firmware.nvram, text)
        exit(0)
    }

    guard let socketPath = options["socket"] else { fail("--socket PATH is required") }
    func line(_ pin: Pin, _ option: String) -> UInt32 {
        if let v = options[option] { guard let n = UInt32(v) else { fail("--\(option) \(v): not a line number") }; return n }
        if case .gpioLine(_, let l) = pin { return UInt32(l) }
        fail("\(boardName) has no GPIO line for --\(option)")
    }
    let lines = ChipServer.Lines(regOn: line(board.wlRegOn, "reg-on"), hostWake: line(board.hostWake.pin, "host-wake"))

    let clock = WallClock()
    var wc = WorldConfig.forBoard(board)
    wc.serverIP = nil                 // the kernel behind the TAP is the LAN: DHCP, router, server
    wc.virtualRouter = false
    let chip = ChipModel(chip: .cyw43439, bus: .gspi)
    let world = World(config: wc, clock: clock)
    chip.air = world
    chip.clock = clock
    world.attach(station: chip)
    _ = FirmwareOffloads.install(on: chip)
    var tap: TapPort?
    if let name = options["tap"] {
        guard let t = TapPort(name: name) else { fail("--tap \(name): cannot attach to the TAP (does it exist in this namespace?)") }
        tap = t
        world.attach(external: t)
    }
    guard let server = ChipServer(socketPath: socketPath, chip: chip, world: world, tap: tap, lines: lines, log: say) else {
        fail("cannot listen on \(socketPath)")
    }
    signal(SIGTERM) { _ in stopRequested = 1 }
    signal(SIGINT) { _ in stopRequested = 1 }
    say("listening on \(socketPath): CYW43439 on gSPI, WL_REG_ON line \(lines.regOn), host-wake line \(lines.hostWake)\(tap.map { _ in ", air bridged to \(options["tap"]!)" } ?? "")")
    server.serve { stopRequested != 0 }
    for l in server.summary() { say("summary: " + l) }
    unlink(socketPath)

}

runChipProcess()
