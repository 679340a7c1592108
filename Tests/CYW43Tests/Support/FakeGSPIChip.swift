import CYW43
import Runtime

/// A minimal gSPI far side for driver tests: F0 registers, F1 registers with a sparse
/// backplane memory, and an F2 queue that answers ioctls. It records every transaction
/// as one text line (the golden transcript). Built from docs/cyw43-bus.md §1, not from our
/// emitter: it decodes the command word with its own bit arithmetic.
final class FakeGSPIChip: GSPITransport {
    var transcript: [String] = []
    var record = true
    var word32 = false
    var busControl: UInt32 = 0
    var f1Regs: [UInt32: UInt8] = [:]
    var memory: [UInt32: UInt8] = [:]
    var window: UInt32 = 0
    /// Frames the chip has for the host (raw SDPCM, unpadded).
    var toHost: [[UInt8]] = []
    /// Frames the host wrote to F2.
    var fromHost: [[UInt8]] = []
    var chipID: UInt32 = 0x0001_A9AF  // 43439 rev 1
    var mac: [UInt8] = [0x00, 0xA0, 0x50, 0x12, 0x34, 0x56]
    var credit: UInt8 = 8
    var rxSeq: UInt8 = 0
    /// Status override for the next reads (malformed-bus tests).
    var forcedStatus: UInt32?
    var f2Reads = 0
    /// When set, F2 reads return this byte instead of queued frames (malformed-bus tests).
    var garbageF2: UInt8?
    /// Answers by iovar name; unknown names answer status 0 with zeros.
    var iovarAnswers: [String: [UInt8]] = [
        "ver": Array("wl0: Nov 26 2026 version 7.95.49 (fake) FWID 01-00000000\n".utf8) + [0],
        "clmver": Array("API: 12.2 Data: Fake.1\nCompiler: 1.29.4".utf8) + [0],
        "cap": Array("ap sta wme 802.11d sae".utf8) + [0],
    ]
    var iovarStatus: [String: Int32] = [:]
    /// Swallow control requests without answering (ioctl timeout tests).
    var mute = false
    /// Report frames through SDIO intstatus (the SDIO fake needs it; §2.5).
    var frameIndication = false

    func transact(write: UnsafeRawBufferPointer, read: UnsafeMutableRawBufferPointer) throws(BusError) {
        let w = Array(write)
        let cmdWord: UInt32 = word32
            ? UInt32(w[0]) | UInt32(w[1]) << 8 | UInt32(w[2]) << 16 | UInt32(w[3]) << 24
            : UInt32(w[1]) | UInt32(w[0]) << 8 | UInt32(w[3]) << 16 | UInt32(w[2]) << 24
        let isWrite = cmdWord >> 31 == 1
        let fn = (cmdWord >> 28) & 3
        let addr = (cmdWord >> 11) & 0x1FFFF
        let len = Int(cmdWord & 0x7FF)
        let data = Array(w.dropFirst(4))
        for i in 0..<read.count { read[i] = 0 }
        var line = (isWrite ? "W" : "R") + " F\(fn) " + hex(addr, 5) + " n=\(len)"
        if isWrite {
            line += " | " + bytes(data)
            handleWrite(fn: fn, addr: addr, len: len, data: data)
        } else {
            let pad = fn == 1 ? 4 : 0
            let value = handleRead(fn: fn, addr: addr, len: len)
            for i in 0..<min(value.count, read.count - pad) { read[pad + i] = value[i] }
            line += " -> " + bytes(Array(read))
        }
        if record { transcript.append(line) }
    }

    private func le(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    private func word(_ d: [UInt8]) -> UInt32 {
        var v: UInt32 = 0
        for (i, b) in d.prefix(4).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    func handleRead(fn: UInt32, addr: UInt32, len: Int) -> [UInt8] {
        switch fn {
        case 0:
            var v: UInt32 = 0
            switch addr {
            case 0x14: v = 0xFEED_BEAD
            case 0x00: v = busControl
            case 0x04: v = toHost.isEmpty ? 0 : 0x20
            case 0x08: v = forcedStatus ?? status()
            default: v = 0
            }
            if !word32 { return [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF), UInt8(v >> 24), UInt8(v >> 16 & 0xFF)] }
            return le(v)
        case 1:
            if addr >= 0x10000 {
                var v = f1Regs[addr] ?? 0
                if addr == 0x1000E { v |= 0xC0 }  // ALP + HT available at once
                if addr == 0x1001F { v |= 0x02 }
                return [v, 0, 0, 0]
            }
            let base = window + (addr & 0x7FFF)
            if base == 0x1800_0000 { return le(chipID) }
            // SDIO core intstatus: I_HMB_FRAME_IND while frames wait (only when asked for,
            // so the gSPI transcript keeps reading 0 here).
            if base == 0x1800_2020 && frameIndication && !toHost.isEmpty { return le(0x40) }
            return (0..<max(len, 4)).map { memory[base + UInt32($0)] ?? 0 }
        case 2:
            f2Reads += 1
            if let g = garbageF2 { return [UInt8](repeating: g, count: len) }
            guard !toHost.isEmpty else { return [] }
            return toHost.removeFirst()
        default: return []
        }
    }

    private func status() -> UInt32 {
        var s: UInt32 = 0x20  // F2_RX_READY
        if let f = toHost.first { s |= 0x100 | UInt32(f.count) << 9 }
        return s
    }

    func handleWrite(fn: UInt32, addr: UInt32, len: Int, data: [UInt8]) {
        switch fn {
        case 0:
            let v = word32 ? word(data) : UInt32(data[1]) | UInt32(data[0]) << 8 | UInt32(data[3]) << 16 | UInt32(data[2]) << 24
            if addr == 0 { busControl = v; if v & 1 != 0 { word32 = true } }
        case 1:
            if addr >= 0x10000 {
                for i in 0..<len { f1Regs[addr + UInt32(i)] = data[i] }
                if addr == 0x1000A { window = window & 0xFFFF_0000 | UInt32(data[0]) << 8 & 0x8000 }
                if addr == 0x1000B { window = window & 0xFF00_8000 | UInt32(data[0]) << 16 }
                if addr == 0x1000C { window = window & 0x00FF_8000 | UInt32(data[0]) << 24 }
                return
            }
            let base = window + (addr & 0x7FFF)
            for i in 0..<len { memory[base + UInt32(i)] = data[i] }
        case 2:
            let frame = Array(data.prefix(len))
            fromHost.append(frame)
            answer(frame)
        default: break
        }
    }

    /// Replies to a control frame (SDPCM §4.1 + CDC §5.1) with the same cmd and id.
    private func answer(_ f: [UInt8]) {
        guard !mute, f.count >= 28, f[5] & 0x0F == 0 else { return }
        let off = Int(f[7])
        let cmd = word(Array(f[off..<(off + 4)]))
        let plen = Int(word(Array(f[(off + 4)..<(off + 8)])))
        let flags = word(Array(f[(off + 8)..<(off + 12)]))
        let payload = Array(f[(off + 16)..<min(f.count, off + 16 + plen)])
        var value: [UInt8] = []
        var status: Int32 = 0
        if cmd == 262 || cmd == 263 {
            let name = String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
            if let s = iovarStatus[name] { status = s }
            if cmd == 262 {
                if name == "cur_etheraddr" { value = mac } else { value = iovarAnswers[name] ?? [] }
                value += Array(repeating: 0, count: max(0, plen - value.count))
            }
        }
        var reply: [UInt8] = []
        let total = 12 + 16 + value.count
        reply += [UInt8(total & 0xFF), UInt8(total >> 8), UInt8(~total & 0xFF), UInt8((~total >> 8) & 0xFF)]
        reply += [rxSeq, 0, 0, 12, 0, f[4] &+ credit, 0, 0]
        rxSeq &+= 1
        reply += le(cmd) + le(UInt32(value.count)) + le(flags | (status != 0 ? 1 : 0)) + le(UInt32(bitPattern: status))
        reply += value
        toHost.append(reply)
    }

    func hex(_ v: UInt32, _ digits: Int) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    func bytes(_ b: [UInt8]) -> String {
        b.map { let s = String($0, radix: 16, uppercase: true); return s.count == 1 ? "0" + s : s }.joined(separator: " ")
    }
}
