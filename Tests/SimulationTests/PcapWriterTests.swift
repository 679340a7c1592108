import Testing
import Runtime
@testable import Simulation

/// pcap-savefile(5) / draft-ietf-opsawg-pcap §4–§5, little-endian file.
@Suite struct PcapWriterTests {
    @Test func fileHeaderFields() {
        let w = PcapWriter()
        #expect(w.bytes == [0xD4, 0xC3, 0xB2, 0xA1,     // magic 0xA1B2C3D4 (µs), LE
                            0x02, 0x00, 0x04, 0x00,     // version 2.4
                            0, 0, 0, 0,                 // thiszone
                            0, 0, 0, 0,                 // sigfigs
                            0xFF, 0xFF, 0x00, 0x00,     // snaplen 65535
                            0x01, 0x00, 0x00, 0x00])    // LINKTYPE_ETHERNET
    }

    @Test func recordHeaderAndData() {
        var w = PcapWriter(epochOffsetSeconds: 100)
        let frame: [UInt8] = Array(0..<60)
        w.append(frame, at: Instant(microseconds: 1_500_123))
        let r = Array(w.bytes[24...])
        #expect(Array(r[0..<4]) == [101, 0, 0, 0])                 // ts_sec = 1 + 100
        #expect(Array(r[4..<8]) == [0x9B, 0xA1, 0x07, 0x00])       // ts_usec = 500123 = 0x07A19B
        #expect(Array(r[8..<12]) == [60, 0, 0, 0])                 // incl_len
        #expect(Array(r[12..<16]) == [60, 0, 0, 0])                // orig_len
        #expect(Array(r[16...]) == frame)
        #expect(w.records == 1)
    }

    @Test func snapLengthCutsLongFrames() {
        var w = PcapWriter(snapLength: 32)
        w.append([UInt8](repeating: 7, count: 100), at: .zero)
        let r = Array(w.bytes[24...])
        #expect(Array(r[8..<12]) == [32, 0, 0, 0])
        #expect(Array(r[12..<16]) == [100, 0, 0, 0])
        #expect(r.count == 16 + 32)
    }
}
