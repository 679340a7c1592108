import Testing
import Runtime
@testable import ChipModel

/// Bad input from the bus never traps (HELPERS.md: "Bad input ... never traps").
@Suite struct RobustnessTests {
    /// xorshift, seeded: the same garbage every run.
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in byte() } }
    }

    @Test func randomGSPICommandsAndFrames() {
        var r = Rng(s: 0x1234_5678_9ABC_DEF1)
        let h = GSPIHost(.immediate)
        downloadFirmware(profile: h.chip.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        for i in 0..<3000 {
            if i % 3 == 0 {
                // A well-framed SDPCM header around random CDC bytes, or a random F2 body.
                var body = r.bytes(Int(r.next() % 80))
                if i % 2 == 0 { body = HostFrames.sdpcm(seq: r.byte(), channel: r.byte() & 3, dataOffset: 12, payload: body) }
                h.write(2, 0, body)
            } else {
                // Random commands, but never F0 writes that would change the word order.
                var cmd = UInt32(truncatingIfNeeded: r.next())
                if cmd & 0x8000_0000 != 0 && (cmd >> 28) & 3 == 0 { cmd &= 0x7FFF_FFFF }
                _ = spi(h.chip, le32Bytes(cmd) + r.bytes(Int(r.next() % 32)), read: Int(r.next() % 40))
            }
        }
        #expect(h.chip.counters.framesFromHost > 0)
    }

    @Test func randomSDIOCommandsAndIovars() {
        var r = Rng(s: 0xDEAD_BEEF_0BAD_F00D)
        let h = SDIOHost(.cyw43439)
        h.bringUp()
        h.firmwareUp()
        for i in 0..<3000 {
            switch i % 4 {
            case 0:
                _ = h.chip.sdioCmd52(write: r.next() & 1 == 0, function: r.byte() & 7,
                                     address: UInt32(truncatingIfNeeded: r.next()) & 0x1_FFFF, value: r.byte())
            case 1:
                var b = r.bytes(Int(r.next() % 600))
                _ = b.withUnsafeMutableBytes {
                    h.chip.sdioCmd53(write: r.next() & 1 == 0, function: 2, address: 0, incrementing: true,
                                     blockSize: [0, 64, 512][Int(r.next() % 3)], buffer: $0)
                }
            case 2:
                // A valid frame with a random ioctl number and buffer, random flags.
                let f = HostFrames.control(seq: h.txSeq, cmd: UInt32(truncatingIfNeeded: r.next()) % 300,
                                           set: r.next() & 1 == 0, id: 1, buffer: r.bytes(Int(r.next() % 100)))
                _ = h.send(f)
            default:
                let names = ["clmload", "join", "bsscfg:event_msgs_ext", "sae_password", "bsscfg:", "country", "event_msgs"]
                _ = h.setVar(names[Int(r.next() % UInt64(names.count))], r.bytes(Int(r.next() % 40)))
            }
            h.drain()
        }
        #expect(h.chip.counters.ioctls > 0)
    }
}
