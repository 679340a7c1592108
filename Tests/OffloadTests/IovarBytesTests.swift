import Testing
import Runtime
@testable import CYW43

/// Records the exact iovar name and value bytes; answers GETs from a table.
final class RecordingFirmware: IovarAccess {
    var sets: [(name: String, value: [UInt8])] = []
    var gets: [(name: String, params: [UInt8])] = []
    var replies: [String: [UInt8]] = [:]
    var status: [String: Int32] = [:]

    func setIovar(_ name: StaticString, _ value: UnsafeRawBufferPointer) throws(IoctlError) {
        sets.append((name.description, Array(value)))
        if let s = status[name.description] { throw .firmware(status: s) }
    }
    func getIovar(_ name: StaticString, params: UnsafeRawBufferPointer,
                  into out: UnsafeMutableRawBufferPointer) throws(IoctlError) -> Int {
        gets.append((name.description, Array(params)))
        if let s = status[name.description] { throw .firmware(status: s) }
        let r = replies[name.description] ?? []
        for i in 0..<min(r.count, out.count) { out[i] = r[i] }
        return min(r.count, out.count)
    }
}

@Test func arpOffloadIovarBytes() throws {
    // docs/cyw43-bus.md §7.6: arp_ol / arpoe u32 LE; arp_hostip 4 bytes network order; clear has no value.
    let fw = RecordingFirmware()
    try fw.arpOffloadSetFeatures(0x5)
    try fw.arpOffloadEnable(true)
    try fw.arpOffloadAddHostIP(IPv4Address(192, 168, 0, 15))
    try fw.arpOffloadClearHostIPs()
    try fw.arpOffloadSetPeerAge(1200)
    #expect(fw.sets.map(\.name) == ["arp_ol", "arpoe", "arp_hostip", "arp_hostip_clear", "arp_peerage"])
    #expect(fw.sets.map(\.value) == [[5, 0, 0, 0], [1, 0, 0, 0], [192, 168, 0, 15], [], [0xB0, 0x04, 0, 0]])
    fw.replies["arp_hostip"] = [192, 168, 0, 15, 10, 0, 0, 1, 0, 0, 0, 0]
    #expect(try fw.arpOffloadHostIPs() == [IPv4Address(192, 168, 0, 15), IPv4Address(10, 0, 0, 1)])
}

@Test func packetFilterIovarBytes() throws {
    // docs/cyw43-bus.md §7.7: enable {u32 id, u32 enable}; delete u32 id; mode u32.
    let fw = RecordingFirmware()
    try fw.packetFilterEnable(id: 0x0102, true)
    try fw.packetFilterDelete(id: 7)
    try fw.packetFilterSetMode(.forwardOnMatch)
    #expect(fw.sets.map(\.name) == ["pkt_filter_enable", "pkt_filter_delete", "pkt_filter_mode"])
    #expect(fw.sets.map(\.value) == [[2, 1, 0, 0, 1, 0, 0, 0], [7, 0, 0, 0], [1, 0, 0, 0]])
}

@Test func tkoIovarBytesAndReplies() throws {
    let fw = RecordingFirmware()
    try fw.tkoEnable(false)
    try fw.tkoSetParameters(TkoParameters(interval: 5, retryInterval: 3, retryCount: 3))
    // §1.4 ENABLE(0) {3, len 8}; PARAM {1, len 12} (header-inclusive, §1.2), + 4 trailing bytes.
    #expect(fw.sets[0] == ("tko", [3, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
    #expect(fw.sets[1] == ("tko", [1, 0, 12, 0, 5, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0]))
    // MAX_TCP GET: the reply starts with wl_tko_t (§1.1), max at byte 4 (§1.4).
    fw.replies["tko"] = [0, 0, 4, 0, 4, 0, 0, 0]
    #expect(try fw.tkoMaxConnections() == 4)
    #expect(fw.gets.last! == ("tko", [0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
    // STATUS GET: WHD sends len 6 (§1.4); firmware answers len 5: count 4 + statuses.
    fw.replies["tko"] = [4, 0, 5, 0, 4, 0, 1, 255, 255]
    #expect(try fw.tkoStatus().statuses == [.normal, .noResponse, .unavailable, .unavailable])
    #expect(fw.gets.last!.params.prefix(4) == [4, 0, 6, 0])
    // CONNECT GET: WHD's len = 4 with the index in data[0] (§1.4).
    fw.replies["tko"] = [2, 0, 0, 0]
    _ = try? fw.tkoConnection(index: 3)
    #expect(fw.gets.last!.params.prefix(8) == [2, 0, 4, 0, 3, 0, 0, 0])
    // A reply for another sub-command is a typed error, not a misparse.
    fw.replies["tko"] = [1, 0, 8, 0, 5, 0, 3, 0, 3, 0, 0, 0]
    #expect(throws: OffloadIovarError.badReply(.unexpectedSubcommand(expected: 4, got: 1))) { try fw.tkoStatus() }
    // A short reply is a typed error too.
    fw.replies["tko"] = [4, 0]
    #expect(throws: OffloadIovarError.badReply(.truncated(need: 4, have: 2))) { try fw.tkoStatus() }
}

@Test func capabilityQueryIsTypedForEveryAnswer() {
    let fw = RecordingFirmware()
    fw.replies["tko"] = [0, 0, 4, 0, 4, 0, 0, 0]
    fw.replies["arp_ol"] = [0, 0, 0, 0]
    fw.status["pkt_filter_list"] = -23
    #expect(fw.offloadCapabilities() == OffloadCapabilities(tcpKeepalive: .supported, tcpKeepaliveMaxConnections: 4,
                                                            arpOffload: .supported, packetFilter: .unsupported))
    fw.status["tko"] = -1
    fw.status["arp_ol"] = -23
    let caps = fw.offloadCapabilities()
    #expect(caps.tcpKeepalive == .unknown(.ioctl(.firmware(status: -1))) && caps.tcpKeepaliveMaxConnections == 0)
    #expect(caps.arpOffload == .unsupported)
}
