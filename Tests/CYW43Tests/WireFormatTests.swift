import Testing
@testable import CYW43
import Runtime

/// Parses `bytes` with a typed-throwing parser, returning the value or the error.
func parse<T>(_ bytes: [UInt8], _ p: (UnsafeRawBufferPointer) throws(WireError) -> T) -> Result<T, WireError> {
    bytes.withUnsafeBytes { b in
        do throws(WireError) { return .success(try p(b)) } catch { return .failure(error) }
    }
}

/// Byte fixtures written by hand from the layouts in docs/cyw43-bus.md (sections cited per
/// test), never produced by our emitters.
@Suite struct WireFormatTests {
    // §4.1 (tx): length 48 = 0x0030, check ~0x0030 = 0xFFCF, seq 5, channel 0, next length 0,
    // data offset 12, flow control 0, credit 0, reserved 0.
    static let sdpcmTx: [UInt8] = [0x30, 0x00, 0xCF, 0xFF, 0x05, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x00]
    // §4.1 (rx): length 18, seq 0x21, channel 2, data offset 14, flow control 0x01, credit 0x2A,
    // then 2 pad bytes and a BDC header (§5.3) 20 00 00 00.
    static let sdpcmRx: [UInt8] = [0x12, 0x00, 0xED, 0xFF, 0x21, 0x02, 0x00, 0x0E, 0x01, 0x2A, 0x00, 0x00,
                                   0x00, 0x00, 0x20, 0x00, 0x00, 0x00]

    @Test func sdpcmTxFixture() throws {
        let frame = Self.sdpcmTx + [UInt8](repeating: 0, count: 36)
        let h = try parse(frame) { b throws(WireError) in try SDPCMHeader(parsing: b) }.get()
        #expect(h == SDPCMHeader(length: 48, sequence: 5, channel: 0, dataOffset: 12))
        #expect(h.payload == 12..<48)
        #expect(emitted(12) { h.emit(into: $0) } == Self.sdpcmTx)
    }

    @Test func sdpcmRxFixture() throws {
        let h = try parse(Self.sdpcmRx) { b throws(WireError) in try SDPCMHeader(parsing: b) }.get()
        #expect(h.length == 18 && h.sequence == 0x21 && h.channel == 2 && h.flags == 0)
        #expect(h.dataOffset == 14 && h.flowControl == 1 && h.credit == 0x2A && h.nextLength == 0)
        #expect(emitted(12) { h.emit(into: $0) } == Array(Self.sdpcmRx[0..<12]))
    }

    @Test func sdpcmChannelFlagsSplit() throws {
        // §4.1: channel = byte 5 bits 3..0, flags bits 7..4 (0x80 glom descriptor).
        var f = Self.sdpcmRx
        f[5] = 0x83
        let h = try parse(f) { b throws(WireError) in try SDPCMHeader(parsing: b) }.get()
        #expect(h.channel == 3 && h.flags == 0x80)
    }

    @Test func sdpcmEveryTruncationThrows() {
        for n in 0..<12 {
            let r = parse(Array(Self.sdpcmRx[0..<n])) { b throws(WireError) in try SDPCMHeader(parsing: b) }
            #expect(r.failureValue == .truncated(need: 12, have: n))
        }
        // Length says 18, only 17 bytes arrived.
        let r = parse(Array(Self.sdpcmRx[0..<17])) { b throws(WireError) in try SDPCMHeader(parsing: b) }
        #expect(r.failureValue == .badLength(length: 18, available: 17))
    }

    @Test func sdpcmLengthComplementChecked() {
        var f = Self.sdpcmRx
        f[2] = 0xEE
        let r = parse(f) { b throws(WireError) in try SDPCMHeader(parsing: b) }
        #expect(r.failureValue == .lengthCheck(length: 18, check: 0xFFEE))
    }

    // §5.1: WLC_SET_VAR (263 = 0x107), len 20, flags = SET (bit 1) | id 3 << 16, status 0.
    static let cdcSet: [UInt8] = [0x07, 0x01, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
                                  0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00]
    // §5.1 reply: GET_VAR (262), len 4, flags = ERROR (bit 0) | interface 1 << 12 | id 0x1234 << 16,
    // status -23 (BCME_UNSUPPORTED) = 0xFFFFFFE9.
    static let cdcError: [UInt8] = [0x06, 0x01, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
                                    0x01, 0x10, 0x34, 0x12, 0xE9, 0xFF, 0xFF, 0xFF]

    @Test func cdcFixtures() throws {
        let s = try parse(Self.cdcSet) { b throws(WireError) in try CDCHeader(parsing: b) }.get()
        #expect(s == CDCHeader(command: 263, length: 20, isSet: true, id: 3))
        #expect(emitted(16) { s.emit(into: $0) } == Self.cdcSet)
        let e = try parse(Self.cdcError) { b throws(WireError) in try CDCHeader(parsing: b) }.get()
        #expect(e == CDCHeader(command: 262, length: 4, isSet: false, isError: true, interface: 1, id: 0x1234, status: -23))
        #expect(emitted(16) { e.emit(into: $0) } == Self.cdcError)
        for n in 0..<16 {
            #expect(parse(Array(Self.cdcSet[0..<n])) { b throws(WireError) in try CDCHeader(parsing: b) }.failureValue
                    == .truncated(need: 16, have: n))
        }
        #expect(IoctlError.firmware(status: e.status).isUnsupported)
        #expect(!IoctlError.firmware(status: -2).isUnsupported)
    }

    // §5.3: tx BDC = flags 0x20 (version 2), priority 0, flags2 0, offset 0; rx with
    // SUM_GOOD (0x04), priority 5, interface 1, 2 words of TLVs.
    @Test func bdcFixtures() throws {
        let tx: [UInt8] = [0x20, 0x00, 0x00, 0x00]
        #expect(emitted(4) { BDCHeader().emit(into: $0) } == tx)
        let rx = try parse([0x24, 0x05, 0x01, 0x02]) { b throws(WireError) in try BDCHeader(parsing: b) }.get()
        #expect(rx.priority == 5 && rx.interface == 1 && rx.dataOffsetWords == 2 && rx.headerLength == 12)
        #expect(parse([0x20, 0x00, 0x00]) { b throws(WireError) in try BDCHeader(parsing: b) }.failureValue
                == .truncated(need: 4, have: 3))
    }

    /// §6.1 layout, big-endian: LINK (16) event, status 0, flags 0x0001 (link up),
    /// reason 0, auth type 0, datalen 0, address 02:11:22:33:44:55, ifidx 0, bsscfg 0.
    static var linkEvent: [UInt8] {
        var b: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,   // destination
                          0x00, 0x90, 0x4C, 0x00, 0x00, 0x01,   // source
                          0x88, 0x6C,                           // ethertype
                          0x80, 0x01,                           // subtype 0x8001
                          0x00, 0x3A,                           // length
                          0x00,                                 // version
                          0x00, 0x10, 0x18,                     // OUI
                          0x00, 0x01,                           // user subtype
                          0x00, 0x02,                           // event version
                          0x00, 0x01,                           // flags: LINK
                          0x00, 0x00, 0x00, 0x10,               // event type 16
                          0x00, 0x00, 0x00, 0x00,               // status
                          0x00, 0x00, 0x00, 0x00,               // reason
                          0x00, 0x00, 0x00, 0x00,               // auth type
                          0x00, 0x00, 0x00, 0x00,               // datalen
                          0x02, 0x11, 0x22, 0x33, 0x44, 0x55]   // address
        b += [UInt8](repeating: 0, count: 16)                   // ifname
        b += [0x00, 0x00]                                       // ifidx, bsscfgidx
        return b
    }

    @Test func eventFixture() throws {
        let e = try parse(Self.linkEvent) { b throws(WireError) in try EventMessage(parsing: b) }.get()
        #expect(e.eventType == .link && e.status == 0 && e.flags == 1 && e.reason == 0)
        #expect(e.address == MACAddress(0x02, 0x11, 0x22, 0x33, 0x44, 0x55))
        #expect(e.data == 72..<72)
        for n in [0, 13, 40, 71] {
            #expect(parse(Array(Self.linkEvent[0..<n])) { b throws(WireError) in try EventMessage(parsing: b) }.failureValue
                    == .truncated(need: 72, have: n))
        }
    }

    /// docs/tko-offload.md §3: WLC_E_TKO (151 = 0x97), status NO_ACK (5), datalen 4, data {index 2, pad}.
    @Test func tkoEventFixture() throws {
        var b = Self.linkEvent
        b[26] = 0; b[27] = 0
        b[28...31] = [0x00, 0x00, 0x00, 0x97]
        b[32...35] = [0x00, 0x00, 0x00, 0x05]
        b[44...47] = [0x00, 0x00, 0x00, 0x04]
        b += [0x02, 0x00, 0x00, 0x00]
        let e = try parse(b) { b throws(WireError) in try EventMessage(parsing: b) }.get()
        #expect(e.eventType == .tko && e.status == 5 && e.data == 72..<76 && b[e.data.lowerBound] == 2)
        // datalen larger than what arrived: dropped (WHD, §6.1).
        let cut = Array(b[0..<74])
        #expect(parse(cut) { b throws(WireError) in try EventMessage(parsing: b) }.failureValue
                == .eventDataTruncated(datalen: 4, available: 2))
    }

    @Test func eventHeaderChecks() {
        var b = Self.linkEvent
        b[12] = 0x08; b[13] = 0x00
        #expect(parse(b) { b throws(WireError) in try EventMessage(parsing: b) }.failureValue == .notEvent(etherType: 0x0800))
        b = Self.linkEvent
        b[20] = 0x11
        #expect(parse(b) { b throws(WireError) in try EventMessage(parsing: b) }.failureValue == .badEventHeader(field: 0x001118))
    }

    // §1.1/§1.2 worked example: read F0 0x14, 4 bytes, incrementing = 0x4000A004,
    // start-up order A0 04 40 00; the reply FEEDBEAD arrives as BE AD FE ED.
    @Test func gspiCommandWord() {
        let c = GSPICommand(write: false, incrementing: true, function: 0, address: 0x14, length: 4)
        #expect(c.word == 0x4000_A004)
        #expect(GSPICommand(word: 0x4000_A004) == c)
        #expect(emitted(4) { GSPICommand.emitSwapped(c.word, into: $0) } == [0xA0, 0x04, 0x40, 0x00])
        let reply: [UInt8] = [0xBE, 0xAD, 0xFE, 0xED]
        #expect(reply.withUnsafeBytes { GSPICommand.readSwapped($0) } == 0xFEED_BEAD)
        // Write F1 0x1000E (clock CSR), 1 byte: 1<<31 | 1<<30 | 1<<28 | 0x1000E<<11 | 1.
        #expect(GSPICommand(write: true, function: 1, address: 0x1000E, length: 1).word == 0xD800_7001)
        // F2 read of 2047 bytes: the 11-bit length field is full.
        #expect(GSPICommand(write: false, function: 2, address: 0, length: 2047).word == 0x6000_07FF)
    }

    // §2.3: CMD52 write F1 0x1000E = 0x08: 1<<31 | 1<<28 | 0x1000E<<9 | 0x08.
    // CMD53 read F2 address 0, block mode, incrementing, 2 blocks: 2<<28 | 1<<27 | 1<<26 | 2.
    @Test func sdioArguments() {
        #expect(SDIOCommand.cmd52Argument(write: true, function: 1, address: 0x1000E, value: 0x08) == 0x9200_1C08)
        #expect(SDIOCommand.cmd53Argument(write: false, function: 2, address: 0, incrementing: true, blockMode: true, count: 2)
                == 0x2C00_0002)
        #expect(SDIOCommand.cmd53Argument(write: true, function: 1, address: 0x8020, incrementing: true, blockMode: false, count: 4)
                == 0x9500_4004)  // 1<<31 | 1<<28 | 1<<26 | 0x8020<<9 | 4
    }

    // §3.5: 744 bytes of NVRAM -> 0x00BA words -> token 0xFF4500BA.
    @Test func nvramToken() {
        #expect(NVRAMImage.lengthToken(paddedLength: 744) == 0xFF45_00BA)
        let bin = NVRAMImage.binary(fromText: Array("# c\nNVRAMRev=$Rev$\n  manfid=0x2d0 \r\n\n".utf8))
        #expect(bin == Array("NVRAMRev=$Rev$\0manfid=0x2d0\0\0".utf8) + [0, 0, 0])
        #expect(bin.count % 4 == 0)
    }

    // The in-place form the kit uses: the worst case (one line, no newline, no blanks, 3 pad
    // bytes: "abc") fills the bound exactly; an empty or all-comment text is one padded NUL
    // word; a last line without a newline counts.
    @Test func nvramConvertInPlaceStaysInItsBound() {
        func convert(_ text: String) -> [UInt8] {
            let t = Array(text.utf8)
            let cap = NVRAMImage.maxBinaryCount(textCount: t.count)
            var out = [UInt8](repeating: 0xEE, count: cap)
            let n = t.withUnsafeBytes { src in out.withUnsafeMutableBytes { NVRAMImage.convert(src, into: $0) } }
            #expect(n <= cap)
            return Array(out[..<n])
        }
        #expect(convert("abcd") == Array("abcd".utf8) + [0, 0, 0, 0])
        #expect(NVRAMImage.maxBinaryCount(textCount: 4) == 9)
        #expect(convert("abc") == Array("abc".utf8) + [0, 0, 0, 0, 0])
        #expect(convert("abc").count == NVRAMImage.maxBinaryCount(textCount: 3))
        #expect(convert("") == [0, 0, 0, 0])
        #expect(convert("# only a comment\n\n \t\r\n") == [0, 0, 0, 0])
        #expect(convert("a=1\nbb=2") == Array("a=1\0bb=2\0\0".utf8) + [0, 0])
        #expect(convert(" x \n#y\n") == NVRAMImage.binary(fromText: Array(" x \n#y\n".utf8)))
    }

    // §6.2: bit n = byte n/8, bit n%8. LINK (16) -> byte 2 bit 0; TKO (151) -> byte 18 bit 7.
    @Test func eventMaskBits() {
        var m = EventMask()
        m.enable(.link); m.enable(.tko); m.enable(.setSSID)
        #expect(m.bytes[0] == 0x01 && m.bytes[2] == 0x01 && m.bytes[18] == 0x80)
        #expect(m.bytes.count == 24)
        m.disable(.link)
        #expect(m.bytes[2] == 0 && !m.isEnabled(.link) && m.isEnabled(.tko))
        // The bytes the driver writes into the iovar are the same bytes.
        var out = [UInt8](repeating: 0xEE, count: 30)
        out.withUnsafeMutableBytes { m.write(into: $0, at: 3) }
        #expect(Array(out[3..<27]) == m.bytes && out[0..<3].allSatisfy { $0 == 0xEE } && out[27...].allSatisfy { $0 == 0xEE })
        #expect((0..<EventMask.byteCount).map { m.byte($0) } == m.bytes)
        var n = EventMask(); n.enable(.tko); n.enable(.setSSID)
        #expect(n == m)
        n.enable(.link)
        #expect(n != m)
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { return f }; return nil }
}
