import Testing
import Runtime
@testable import CYW43

// Fixtures are written from docs/tko-offload.md §1.2-1.6 (cited per test), not from our emitter.

@Test func tkoHeaderParsesAndEmits() throws {
    // §1.2: subcmd_id LE @0, len LE @2. ENABLE with WHD's header-inclusive len 8 (§1.4).
    let fixture: [UInt8] = [0x03, 0x00, 0x08, 0x00]
    let h = try fixture.withUnsafeBytes { try TkoHeader(parsing: $0) }
    #expect(h == TkoHeader(subcommand: .enable, length: 8))
    #expect(emitted(4) { h.emit(into: $0) } == fixture)
    #expect(throws: OffloadWireError.truncated(need: 4, have: 3)) {
        try [UInt8](fixture.prefix(3)).withUnsafeBytes { try TkoHeader(parsing: $0) }
    }
}

@Test func tkoRequestsMatchWHDLayouts() {
    // §1.4 ENABLE: {3, len 8} + u8 enable + pad[3]; + 4 trailing bytes (len counts the header).
    #expect(TkoHeader.request(.enable, payload: [1, 0, 0, 0]) == [3, 0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    // §1.4 PARAM: {1, len 12} + interval 5, retry_interval 3, retry_count 3, pad[2], all LE.
    let param = TkoHeader.request(.param, payload: TkoParameters(interval: 5, retryInterval: 3, retryCount: 3).bytes)
    #expect(param == [1, 0, 12, 0, 5, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0])
    // §1.4 MAX_TCP GET: {0, len 8} + u8 max + pad[3].
    #expect(TkoHeader.request(.maxTCP, payload: [0, 0, 0, 0]).prefix(4) == [0, 0, 8, 0])
}

@Test func tkoParametersParseAndEmit() throws {
    // §1.4: interval 0x0102, retry_interval 0x0304, retry_count 0x0506, pad.
    let fixture: [UInt8] = [0x02, 0x01, 0x04, 0x03, 0x06, 0x05, 0x00, 0x00]
    let p = try fixture.withUnsafeBytes { try TkoParameters(parsing: $0) }
    #expect(p == TkoParameters(interval: 0x0102, retryInterval: 0x0304, retryCount: 0x0506))
    #expect(emitted(8) { p.emit(into: $0) } == fixture)
    for n in 0..<8 {
        #expect(throws: OffloadWireError.truncated(need: 8, have: n)) {
            try [UInt8](fixture.prefix(n)).withUnsafeBytes { try TkoParameters(parsing: $0) }
        }
    }
}

@Test func tkoConnectMatchesTheWorkedExample() throws {
    // §1.5/§1.6: parse the golden iovar data after its 4-byte wl_tko_t header.
    let payload = Array(exampleConnectIovar.dropFirst(4))
    let c = try payload.withUnsafeBytes { try TkoConnect(parsing: $0) }
    #expect(c.index == 0 && c.localPort == 3353 && c.remotePort == 3360)
    #expect(c.localSeq == 0x1234_5678 && c.remoteSeq == 0x9ABC_DEF0)
    #expect(c.localIP == IPv4Address(192, 168, 0, 15) && c.remoteIP == IPv4Address(192, 168, 0, 10))
    #expect(c.request == exampleRequest && c.response == exampleResponse)
    #expect(c.size == 136)
    // Emit into a 0xA5 buffer: all 136 bytes are written (pad as 0).
    #expect(emitted(136) { try! c.emit(into: $0) } == payload)
    // And the whole SET request: header {2, 140} + payload + 4 trailing zero bytes (§1.2 quirk).
    #expect(TkoHeader.request(.connect, payload: payload) == exampleConnectIovar + [0, 0, 0, 0])
}

@Test func tkoConnectTruncationAndIPv6Throw() {
    let payload = Array(exampleConnectIovar.dropFirst(4))
    for n in [0, 1, 19, 27] {
        #expect(throws: OffloadWireError.truncated(need: 28, have: n)) {
            try [UInt8](payload.prefix(n)).withUnsafeBytes { try TkoConnect(parsing: $0) }
        }
    }
    #expect(throws: OffloadWireError.truncated(need: 136, have: 135)) {
        try [UInt8](payload.prefix(135)).withUnsafeBytes { try TkoConnect(parsing: $0) }
    }
    var v6 = payload
    v6[1] = 1  // ip_addr_type IPv6 (§1.5)
    #expect(throws: OffloadWireError.unsupportedAddressType(1)) {
        try v6.withUnsafeBytes { try TkoConnect(parsing: $0) }
    }
}

@Test func tkoStatusParses() throws {
    // §1.4: u8 count, u8 status[count]; §3 values.
    let fixture: [UInt8] = [4, 0, 1, 6, 255]
    let s = try fixture.withUnsafeBytes { try TkoStatus(parsing: $0) }
    #expect(s.statuses == [.normal, .noResponse, .tcpData, .unavailable])
    #expect(emitted(5) { s.emit(into: $0) } == fixture)
    #expect(throws: OffloadWireError.truncated(need: 5, have: 4)) {
        try [UInt8](fixture.prefix(4)).withUnsafeBytes { try TkoStatus(parsing: $0) }
    }
}

@Test func packetFilterAddLayout() throws {
    // docs/cyw43-bus.md §7.7: {u32 id, u32 type 0, u32 negate, u32 offset, u32 size, mask, pattern}, LE.
    let fixture: [UInt8] = [7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 12, 0, 0, 0, 2, 0, 0, 0,
                            0xFF, 0xFF, 0x08, 0x06]
    let f = try fixture.withUnsafeBytes { try PacketFilterPattern(parsing: $0) }
    #expect(f == PacketFilterPattern(id: 7, negate: true, offset: 12, mask: [0xFF, 0xFF], pattern: [0x08, 0x06]))
    #expect(emitted(24) { f.emit(into: $0) } == fixture)
    #expect(throws: OffloadWireError.truncated(need: 24, have: 23)) {
        try [UInt8](fixture.prefix(23)).withUnsafeBytes { try PacketFilterPattern(parsing: $0) }
    }
}
