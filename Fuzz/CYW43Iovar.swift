import CYW43
import Runtime

// Fuzz target (Fuzz/README.md): every parser of an ioctl / iovar REPLY, driven through the
// public path: a `Driver` on a scripted `WLANBus` sends its CDC request (docs/cyw43-bus.md §5.1),
// the bus answers with an SDPCM + CDC control reply whose status, flags and payload come
// from the input, the runner matches the id and copies the payload (§5.2: the value starts
// at payload offset 0), and the caller parses it.
//
// Byte 0 picks the reply parser:
//   0  bring-up (§7.2): "clmload" + "clmload_status" (u32), "cap" (string, "sae" search),
//      the SET steps' CDC status, WLC_UP, "cur_etheraddr" (6 bytes), "ver" / "clmver" (text
//      logged line by line); every ioctl of the bring-up takes the next reply record
//   1  tko MAX_TCP GET        (docs/tko-offload.md §1.2 wl_tko_t + §1.4 wl_tko_max_tcp_t)
//   2  tko PARAM GET          (§1.4 wl_tko_param_t)
//   3  tko STATUS GET         (§1.4 wl_tko_status_t)
//   4  tko CONNECT GET        (§1.4 GET CONNECT, §1.5 wl_tko_connect_t); byte 1 = index
//   5  offloadCapabilities()  (MAX_TCP, "arp_ol", "pkt_filter_list"; unsupported = -23)
//   6  "arp_ol" u32 + "arp_hostip" list (docs/cyw43-bus.md §7.6)
//   7  "pm2_sleep_ret" u32 (§7.4) + a plain WLC_GET ioctl
//   8  no driver: byte 1 picks TkoHeader / TkoStatus / TkoParameters / TkoConnect /
//      PacketFilterPattern (docs/cyw43-bus.md §7.7): parse, emit, re-parse
//   9  all of 1...7 in a row
// For 1...7 and 9 a driver brought up once on well-formed default replies is reused.
//
// The rest of the input is a list of reply records, one per ioctl, in order:
//   u8 mode, i8 status, u16 length (LE), `length` payload bytes (clamped to what is left)
//   mode bit 0: CDC ERROR flag        bit 1: a reply with a wrong id first (stale, dropped)
//   mode bit 2: no reply (timeout)    bit 3: payload is a raw F2 frame (SDPCM header and all)
//   mode bit 4: reply id of the request + 1 only (never matches: timeout)
// Missing records: success with (up to 64) zero bytes.
// After any reply the driver must still work: the next ioctl with a clean reply succeeds.
// Seeds: Fuzz/corpus/CYW43Iovar/ (named for the reference section they follow).

// The firmware image, FuzzNullSink and FuzzBootBus: Fuzz/Shared/CYW43/.

/// A WLANBus that boots like a CYW43439 (FuzzBootBus) and answers each control frame with
/// the next scripted reply.
final class ScriptedBus: FuzzBootBus {
    /// Reply records come from here once `scripted` is set; default replies before.
    var input = UnsafeRawBufferPointer(start: nil, count: 0)
    var at = 0
    var scripted = false
    /// Frames waiting to be read (at most two: a stale one, then the reply).
    var pending: [[UInt8]] = []

    override func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool { !pending.isEmpty }

    override func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead {
        guard !pending.isEmpty else { return .none }
        let f = pending.removeFirst()
        let n = min(f.count, buffer.count)
        f.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        return .frame(n)
    }

    override func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError) {
        guard let sdpcm = try? SDPCMHeader(parsing: frame), sdpcm.channel == SDPCMChannel.control,
              let cdc = try? CDCHeader(parsing: UnsafeRawBufferPointer(rebasing: frame[Int(sdpcm.dataOffset)...]))
        else { return }
        pending.removeAll()
        let credit = sdpcm.sequence &+ 8
        guard scripted, at < input.count else {
            // Default: success, zeros (the request's length, at most 64: enough for every
            // value the driver reads and cheap; longer defaults only slow the fuzzer).
            pending.append(reply(cdc, id: cdc.id, error: false, status: 0, credit: credit,
                                 payload: [UInt8](repeating: 0, count: Int(min(cdc.length, 64)))))
            return
        }
        let mode = input[at]
        let status = at + 1 < input.count ? Int32(Int8(bitPattern: input[at + 1])) : 0
        let len = at + 3 < input.count ? Int(input[at + 2]) | Int(input[at + 3]) << 8 : 0
        let start = min(at + 4, input.count)
        let end = min(start + len, input.count)
        let payload = Array(input[start..<end])
        at = end
        if mode & 0x04 != 0 { return }
        if mode & 0x08 != 0 { pending.append(payload); return }
        if mode & 0x02 != 0 {
            pending.append(reply(cdc, id: cdc.id &- 1, error: false, status: 0, credit: credit, payload: []))
        }
        let id = mode & 0x10 != 0 ? cdc.id &+ 1 : cdc.id
        pending.append(reply(cdc, id: id, error: mode & 0x01 != 0, status: status, credit: credit, payload: payload))
    }

    /// A 12-byte SDPCM header alone: credit and flow control only (§4.1).
    func creditOnly(_ credit: UInt8) -> [UInt8] {
        var f = [UInt8](repeating: 0, count: SDPCMHeader.size)
        f.withUnsafeMutableBytes { b in
            SDPCMHeader(length: UInt16(SDPCMHeader.size), sequence: rxSequence, channel: SDPCMChannel.control,
                        dataOffset: UInt8(SDPCMHeader.size), credit: credit).emit(into: b)
        }
        rxSequence &+= 1
        return f
    }

    private func reply(_ request: CDCHeader, id: UInt16, error: Bool, status: Int32, credit: UInt8,
                       payload: [UInt8]) -> [UInt8] {
        let body = Array(payload.prefix(2048 - SDPCMHeader.size - CDCHeader.size))
        let total = SDPCMHeader.size + CDCHeader.size + body.count
        var f = [UInt8](repeating: 0, count: total)
        f.withUnsafeMutableBytes { b in
            SDPCMHeader(length: UInt16(total), sequence: rxSequence, channel: SDPCMChannel.control,
                        dataOffset: UInt8(SDPCMHeader.size), credit: credit).emit(into: b)
            CDCHeader(command: request.command, length: UInt32(body.count), isSet: request.isSet, isError: error,
                      interface: request.interface, id: id, status: status)
                .emit(into: UnsafeMutableRawBufferPointer(rebasing: b[SDPCMHeader.size...]))
            body.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: b[(SDPCMHeader.size + CDCHeader.size)...]).copyMemory(from: $0) }
        }
        rxSequence &+= 1
        return f
    }
}

// Tiny images: the download only has to complete; a 4-byte CLM makes the driver send
// "clmload" and read "clmload_status" (§3.7).
nonisolated(unsafe) let fuzzResources = MemoryResources(firmware: fuzzFirmware, nvram: Array("boardtype=0x0887\0\0".utf8),
                                                       clm: [0x43, 0x4C, 0x4D, 0x00])

func freshDriver(scriptBringUp: Bool, input: UnsafeRawBufferPointer) -> (Driver<ScriptedBus>, ScriptedBus) {
    let bus = ScriptedBus()
    bus.input = input
    bus.scripted = scriptBringUp
    let d = Driver(bus: bus, log: Log(FuzzNullSink()))
    d.ioctlTimeout = .milliseconds(3)
    return (d, bus)
}

/// The driver still answers: one more ioctl with a clean default reply. Unanswered or
/// dropped requests may have used up the SDPCM credit window (§4.2: credit only comes
/// with frames from the firmware), so the chip first sends a credit-only frame, as
/// firmware does when it frees buffers (found by a long run: eleven unanswered requests).
func requireAlive(_ d: Driver<ScriptedBus>, _ bus: ScriptedBus) {
    guard d.isUp else { return }
    bus.scripted = false
    bus.pending.removeAll()
    if !d.runner.hasCredit { bus.pending.append(bus.creditOnly(d.runner.txSequence &+ 8)) }
    do throws(IoctlError) { _ = try d.getIovarU32("arp_ol") } catch {
        preconditionFailure("driver wedged after a malformed reply")
    }
}

func runOffloadOp(_ op: UInt8, _ d: Driver<ScriptedBus>, arg: UInt8) {
    switch op {
    case 1:
        _ = try? d.tkoMaxConnections()
    case 2:
        if let p = try? d.tkoParameters() {
            var b = [UInt8](repeating: 0xA5, count: TkoParameters.size)
            b.withUnsafeMutableBytes { p.emit(into: $0) }
            precondition(b.withUnsafeBytes { try? TkoParameters(parsing: $0) } == p, "PARAM round trip")
        }
    case 3:
        if let s = try? d.tkoStatus() { precondition(s.statuses.count <= 96 - 1, "STATUS longer than its buffer") }
    case 4:
        if let c = try? d.tkoConnection(index: arg) {
            precondition(c.size <= 1496, "CONNECT longer than its buffer")
            precondition(c.emitted.map { $0.count } == c.size, "CONNECT emit size")
        }
    case 5:
        let caps = d.offloadCapabilities()
        if !caps.tcpKeepalive.isSupported { precondition(caps.tcpKeepaliveMaxConnections == 0, "max without tko") }
    case 6:
        _ = try? d.arpOffloadFeatures()
        if let ips = try? d.arpOffloadHostIPs() {
            precondition(ips.count <= 8 && !ips.contains(where: { $0.isUnspecified }), "host IP list")
        }
    default:
        _ = try? d.pm2SleepReturn()
        var out = [UInt8](repeating: 0, count: 8)
        let n = out.withUnsafeMutableBytes { o in
            try? d.ioctl(.getPM, set: false, value: UnsafeRawBufferPointer(start: nil, count: 0), into: o)
        }
        if let n { precondition(n >= 0 && n <= 8, "ioctl copied beyond its buffer") }
    }
}

extension TkoConnect {
    var emitted: [UInt8]? { try? bytes() }
}

/// Op 8: the offload record parsers on their own, with round trips (byte 0 of `input` picks).
func wireRoundTrips(_ input: UnsafeRawBufferPointer) {
    guard let sel = input.first else { return }
    let b = UnsafeRawBufferPointer(rebasing: input[1...])
    var copy = Array(b)
    switch sel % 5 {
    case 4:
        guard let f = try? PacketFilterPattern(parsing: b) else { return }
        precondition(f.size <= b.count && f.mask.count == f.pattern.count, "pkt_filter_add size")
        copy.withUnsafeMutableBytes { f.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? PacketFilterPattern(parsing: $0) } == f, "pkt_filter_add round trip")
    case 0:
        guard let h = try? TkoHeader(parsing: b) else { return }
        copy.withUnsafeMutableBytes { h.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? TkoHeader(parsing: $0) } == h, "wl_tko_t round trip")
    case 1:
        guard let s = try? TkoStatus(parsing: b) else { return }
        precondition(s.size <= b.count, "STATUS size")
        copy.withUnsafeMutableBytes { s.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? TkoStatus(parsing: $0) } == s, "STATUS round trip")
    case 2:
        guard let p = try? TkoParameters(parsing: b) else { return }
        copy.withUnsafeMutableBytes { p.emit(into: $0) }
        precondition(copy.withUnsafeBytes { try? TkoParameters(parsing: $0) } == p, "PARAM round trip")
    default:
        guard let c = try? TkoConnect(parsing: b) else { return }
        precondition(c.size <= b.count, "CONNECT size")
        let ok: Bool = copy.withUnsafeMutableBytes { o in (try? c.emit(into: o)) != nil }
        precondition(ok, "CONNECT emit failed on a parsed record")
        precondition(copy.withUnsafeBytes { try? TkoConnect(parsing: $0) } == c, "CONNECT round trip")
    }
}

/// For ops 1...9: one driver brought up once on default replies and reused (bring-up is
/// half the cost of an input); `requireAlive` checks after every input that it still works.
nonisolated(unsafe) let sharedRig: (Driver<ScriptedBus>, ScriptedBus) = {
    let rig = freshDriver(scriptBringUp: false, input: UnsafeRawBufferPointer(start: nil, count: 0))
    do throws(BringUpError) { try rig.0.bringUp(resources: fuzzResources) } catch {
        preconditionFailure("bring-up failed on default replies")
    }
    return rig
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let op = data[0] % 10
    let rest = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if op == 8 { wireRoundTrips(rest); return 0 }
    if op == 0 {
        let (d, bus) = freshDriver(scriptBringUp: true, input: rest)
        do throws(BringUpError) { try d.bringUp(resources: fuzzResources) } catch {
            precondition(!d.isUp, "up after a failed bring-up")
            return 0
        }
        precondition(d.isUp, "bring-up returned without isUp")
        requireAlive(d, bus)
        return 0
    }
    var arg: UInt8 = 0
    var records = rest
    if op == 4, let first = rest.first { arg = first; records = UnsafeRawBufferPointer(rebasing: rest[1...]) }
    let (d, bus) = sharedRig
    bus.input = records
    bus.at = 0
    bus.pending.removeAll()
    bus.scripted = true
    if op == 9 { for o in UInt8(1)...7 { runOffloadOp(o, d, arg: 0) } } else { runOffloadOp(op, d, arg: arg) }
    requireAlive(d, bus)
    bus.input = UnsafeRawBufferPointer(start: nil, count: 0)
    return 0
}
