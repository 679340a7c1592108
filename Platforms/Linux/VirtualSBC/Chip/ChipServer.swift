import Glibc
import Runtime
import ChipModel
import Simulation

/// The board around the chip model, on the wall clock: the SPI bus and two GPIO lines as the
/// interposer forwards them (WL_REG_ON powers the chip, host-wake's electrical level drives
/// edge events into the request sockets libgpiod reads), and the radio side bridged to a TAP.
final class ChipServer {
    struct Lines { var regOn: UInt32; var hostWake: UInt32 }

    let clock = WallClock()
    let chip: ChipModel
    let world: World
    let tap: TapPort?
    let lines: Lines
    let log: (String) -> Void
    private let listenFD: Int32
    private var client: Int32 = -1
    /// Levels the host drives (outputs), by line offset.
    private var driven: [UInt32: Bool] = [:]
    private struct Watch { var fd: Int32; var edges: UInt32; var activeLow: Bool; var format: UInt32; var seq: UInt32 }
    private var watches: [UInt32: Watch] = [:]
    private var lastHostWakeLevel = false

    // What the judge reads from the summary.
    private(set) var transactions = 0, refused = 0, corrupted = 0, edgesRising = 0, edgesFalling = 0
    private(set) var eventsWritten = 0, eventWriteErrors = 0, powerOns = 0
    private var firstCommands: [String] = []
    private var modesSeen: Set<UInt32> = []

    init?(socketPath: String, chip: ChipModel, world: World, tap: TapPort?, lines: Lines, log: @escaping (String) -> Void) {
        self.chip = chip
        self.world = world
        self.tap = tap
        self.lines = lines
        self.log = log
        unlink(socketPath)
        let s = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { return nil }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8.prefix(107))
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in path.enumerated() { raw[i] = b } }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0, listen(s, 4) == 0 else { close(s); return nil }
        listenFD = s
        chip.powered = false               // WL_REG_ON is low (pulled down) until the host drives it
        chip.onHostWake = { [unowned self] _ in self.updateHostWakeLine() }
    }

    var devices: [any VirtualDevice] { [chip, world] }

    /// Runs every device deadline that has come, until none is due.
    func runDue() {
        for _ in 0..<64 {
            let now = clock.now
            var ran = false
            for d in devices {
                if let t = d.nextDeadline, t <= now { d.advance(to: now); ran = true }
            }
            if !ran { break }
        }
        updateHostWakeLine()
    }

    func timeoutMilliseconds() -> Int32 {
        let now = clock.now
        var best: Instant?
        for d in devices { if let t = d.nextDeadline, best == nil || t < best! { best = t } }
        guard let b = best else { return 100 }
        if b <= now { return 0 }
        return Int32(min(100, ((b - now).microseconds + 999) / 1000))
    }

    /// The loop: poll the listening socket, the interposer's connection and the TAP.
    func serve(until stop: () -> Bool) {
        while !stop() {
            runDue()
            var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)]
            if client >= 0 { fds.append(pollfd(fd: client, events: Int16(POLLIN), revents: 0)) }
            if let t = tap { fds.append(pollfd(fd: t.fd, events: Int16(POLLIN), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), timeoutMilliseconds())
            if n <= 0 { continue }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let c = accept(listenFD, nil, nil)
                if c >= 0 {
                    if client >= 0 { close(client) }
                    client = c
                    log("host connected")
                }
            }
            if client >= 0, fds.count > 1, fds[1].fd == client, fds[1].revents != 0 {
                if !serviceClient() { log("host disconnected"); close(client); client = -1 }
            }
        }
    }

    // MARK: requests

    private var rx = [UInt8](repeating: 0, count: 16 + 16_384)

    /// One request from the interposer. False when the connection is gone.
    private func serviceClient() -> Bool {
        var passed: Int32 = -1
        let n = rx.withUnsafeMutableBytes { buf -> Int in
            var iov = iovec(iov_base: buf.baseAddress, iov_len: buf.count)
            var control = [UInt8](repeating: 0, count: 64)
            return control.withUnsafeMutableBytes { cbuf -> Int in
                var m = msghdr()
                m.msg_iov = withUnsafeMutablePointer(to: &iov) { $0 }
                m.msg_iovlen = 1
                m.msg_control = cbuf.baseAddress
                m.msg_controllen = cbuf.count
                let r = withUnsafeMutablePointer(to: &iov) { iovp -> Int in
                    m.msg_iov = iovp
                    return recvmsg(client, &m, Int32(MSG_CMSG_CLOEXEC))
                }
                // struct cmsghdr { size_t len; int level; int type; } then the data.
                if r > 0, m.msg_controllen >= 20 {
                    let level = cbuf.loadUnaligned(fromByteOffset: 8, as: Int32.self)
                    let type = cbuf.loadUnaligned(fromByteOffset: 12, as: Int32.self)
                    if level == SOL_SOCKET && type == Int32(SCM_RIGHTS) {
                        passed = cbuf.loadUnaligned(fromByteOffset: 16, as: Int32.self)
                    }
                }
                return r
            }
        }
        if n <= 0 { return false }
        guard let h = rx.withUnsafeBytes({ ChipWire.Header($0) }) else { return false }
        let payload = Array(rx[ChipWire.headerSize..<n])
        runDue()
        var reply = ChipWire.Header(type: h.type)
        var data: [UInt8] = []
        switch h.type {
        case ChipWire.spi:
            data = transact(mode: h.a0, hz: h.a1, write: payload, readCount: Int(h.a2))
        case ChipWire.setLine:
            setLine(h.a0, high: h.a1 != 0)
        case ChipWire.getLine:
            reply.a1 = level(of: h.a0) ? 1 : 0
        case ChipWire.watchLine:
            if passed >= 0 {
                if let old = watches[h.a0] { close(old.fd) }
                watches[h.a0] = Watch(fd: passed, edges: h.a1, activeLow: h.a2 & 1 != 0, format: (h.a2 >> 8) & 0xFF, seq: 0)
                log("line \(h.a0): edge events \(h.a1 & 1 != 0 ? "rising" : "")\(h.a1 == 3 ? "+" : "")\(h.a1 & 2 != 0 ? "falling" : "") (format v\((h.a2 >> 8) & 0xFF))")
                passed = -1
            } else {
                reply.a0 = UInt32(EINVAL)
            }
        case ChipWire.releaseLine:
            if let w = watches.removeValue(forKey: h.a0) { close(w.fd) }
        default:
            reply.a0 = UInt32(EINVAL)
        }
        if passed >= 0 { close(passed) }
        updateHostWakeLine()
        let out = reply.bytes + data
        let sent = out.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return sent == out.count
    }

    /// The chip's electrical host-wake level: its output when powered, the board's pull-down
    /// otherwise.
    private func level(of line: UInt32) -> Bool {
        if line == lines.hostWake { return chip.powered && chip.hostWakePinHigh }
        return driven[line] ?? false
    }

    private func setLine(_ line: UInt32, high: Bool) {
        let was = driven[line]
        driven[line] = high
        guard line == lines.regOn, was != high else { return }
        if high && !chip.powered { powerOns += 1; firstCommands = [] }
        chip.powered = high
        log("WL_REG_ON \(high ? "high: chip powered" : "low: chip off")")
    }

    /// One chip-select-framed transaction: what the chip samples, then `readCount` bytes it drives.
    private func transact(mode: UInt32, hz: UInt32, write: [UInt8], readCount: Int) -> [UInt8] {
        transactions += 1
        if !modesSeen.contains(mode) {
            modesSeen.insert(mode)
            log("SPI mode word 0x\(hex(mode)) (\(mode & 0x10 != 0 ? "SPI_3WIRE" : "4-wire"), CPOL \(mode >> 1 & 1), CPHA \(mode & 1)) at \(hz) Hz")
        }
        // Modes 1 and 2 sample on the falling edge, the chip on the rising one; LSB-first
        // reverses every byte: either way the chip sees other bits than the host sent.
        let skewed = (mode & 1) != ((mode >> 1) & 1)
        let lsb = mode & 0x08 != 0
        var w = write
        if skewed { w = shiftRight(w) }
        if lsb { w = w.map(reverseBits) }
        if skewed || lsb { corrupted += 1 }
        var r = [UInt8](repeating: 0, count: readCount)
        let ok = w.withUnsafeBytes { wb in r.withUnsafeMutableBytes { rb in chip.spiTransact(write: wb, read: rb) } }
        if !ok {
            refused += 1
            r = [UInt8](repeating: 0, count: readCount)   // nobody drives the data line: the pull-down
        }
        if skewed { r = shiftRight(r) }
        if lsb { r = r.map(reverseBits) }
        if firstCommands.count < 4 && write.count >= 4 {
            firstCommands.append(write.prefix(4).map(hex2).joined(separator: " ") + " -> " + r.prefix(8).map(hex2).joined(separator: " "))
            if firstCommands.count == 1 { log("first command after power-on on the wire: \(firstCommands[0])") }
        }
        return r
    }

    // MARK: host-wake edges

    /// Compares the host-wake level with the last one; on a change, writes an edge event into
    /// the line request's socket if the request asked for that edge (of the logical level).
    func updateHostWakeLine() {
        let high = level(of: lines.hostWake)
        guard high != lastHostWakeLevel else { return }
        lastHostWakeLevel = high
        if high { edgesRising += 1 } else { edgesFalling += 1 }
        guard var w = watches[lines.hostWake] else { return }
        let logicalRising = high != w.activeLow
        let wanted = logicalRising ? (w.edges & 1 != 0) : (w.edges & 2 != 0)
        guard wanted else { return }
        w.seq &+= 1
        watches[lines.hostWake] = w
        let ts = WallClock.monotonicNanoseconds()
        let id: UInt32 = logicalRising ? 1 : 2
        var rec: [UInt8] = []
        func le(_ v: UInt64, _ n: Int) { for i in 0..<n { rec.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i))) } }
        if w.format == 2 {
            le(ts, 8); le(UInt64(id), 4); le(UInt64(lines.hostWake), 4); le(UInt64(w.seq), 4); le(UInt64(w.seq), 4)
            le(0, 24)                                  // struct gpio_v2_line_event: 48 bytes
        } else {
            le(ts, 8); le(UInt64(id), 4); le(0, 4)     // struct gpioevent_data: 16 bytes
        }
        let n = rec.withUnsafeBytes { send(w.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        if n == rec.count { eventsWritten += 1 } else { eventWriteErrors += 1 }
    }

    // MARK: summary

    func summary() -> [String] {
        var out = [
            "spi transactions \(transactions) (refused by the chip \(refused), bit-corrupted by the SPI mode \(corrupted))",
            "spi modes seen: " + modesSeen.sorted().map { "0x" + hex($0) }.joined(separator: " "),
            "power-ons \(powerOns)",
            "host-wake edges rising \(edgesRising) falling \(edgesFalling); edge events written \(eventsWritten) (errors \(eventWriteErrors))",
            "chip wakes: \(WakeReason.allCases.map { "\($0) \(chip.wakeCount($0))" }.joined(separator: ", "))",
            "chip frames to air \(chip.counters.framesToAir), from air \(chip.counters.framesFromAir), consumed by offload \(chip.counters.consumedByOffload), ioctls \(chip.counters.ioctls) (unsupported \(chip.counters.unsupportedIoctls)), bad headers \(chip.counters.badHeaders)",
            "firmware running \(chip.firmwareRunning), marker \(chip.firmwareMarkerFound), firmware \(chip.firmwareSize) B, nvram \(chip.nvramSize) B, clm \(chip.clmLoaded ? "\(chip.clmSize) B" : "not loaded"), associated \(chip.isAssociated)",
        ]
        if let t = tap { out.append("tap frames sent \(t.sent) received \(t.received) errors \(t.sendErrors)") }
        out += firstCommands.enumerated().map { "command \($0.offset + 1) on the wire: \($0.element)" }
        return out
    }
}

private func hex(_ v: UInt32) -> String { String(v, radix: 16, uppercase: true) }
private func hex2(_ b: UInt8) -> String { b < 16 ? "0" + String(b, radix: 16, uppercase: true) : String(b, radix: 16, uppercase: true) }
private func reverseBits(_ b: UInt8) -> UInt8 {
    var x = b, r: UInt8 = 0
    for _ in 0..<8 { r = r << 1 | (x & 1); x >>= 1 }
    return r
}
private func shiftRight(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    var carry: UInt8 = 0
    for i in 0..<bytes.count { out[i] = bytes[i] >> 1 | carry << 7; carry = bytes[i] & 1 }
    return out
}
