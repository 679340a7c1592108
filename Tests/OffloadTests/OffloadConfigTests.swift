import Testing
import Runtime
import Boards
import CYW43
@testable import Offload

private let wake = BoardConfig.HostWake(pin: .psoc(port: 0, pin: 4))
private func socket(_ slot: UInt8, _ local: UInt16, _ ip: IPv4Address = IPv4Address(192, 168, 0, 114), _ remote: UInt16 = 3360) -> KeepaliveSocket {
    KeepaliveSocket(slot: slot, localPort: local, remoteIP: ip, remotePort: remote)
}
private func settings(_ sockets: [KeepaliveSocket], interval: UInt16 = 5, retry: UInt16 = 3, count: UInt16 = 3) -> KeepaliveSettings {
    KeepaliveSettings(interval: interval, retryInterval: retry, retryCount: count, sockets: sockets)
}
private func expectError(_ expected: OffloadConfigError, _ make: () throws(OffloadConfigError) -> OffloadConfig,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try make()
        Issue.record("accepted, expected \(expected)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

@Test func builtFromEveryBoard() throws {
    for name in Boards.names {
        let c = try OffloadConfig(board: try Boards.named(name))
        #expect(c.parameters == (5, 3, 3))
        #expect(c.keepalive.sockets.count == 1 && c.filters.isEmpty)
    }
}

@Test func rejectsBadConfigurations() {
    expectError(.intervalZero) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([], interval: 0), hostWake: wake) }
    expectError(.retryIntervalZero) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([], retry: 0), hostWake: wake) }
    expectError(.retryCountZero) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([], count: 0), hostWake: wake) }
    expectError(.tooManySockets(5)) { () throws(OffloadConfigError) in
        try OffloadConfig(keepalive: settings((0..<5).map { socket(UInt8($0 % 4), 3000 + UInt16($0)) }), hostWake: wake)
    }
    expectError(.localPortZero(slot: 1)) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([socket(1, 0)]), hostWake: wake) }
    expectError(.remotePortZero(slot: 0)) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([socket(0, 1, IPv4Address(10, 0, 0, 1), 0)]), hostWake: wake) }
    for ip in [IPv4Address.any, .broadcast, IPv4Address(224, 0, 0, 1), IPv4Address(127, 0, 0, 1)] {
        expectError(.badRemoteIP(slot: 2)) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([socket(2, 1, ip)]), hostWake: wake) }
    }
    expectError(.duplicateLocalPort(slot: 3)) { () throws(OffloadConfigError) in
        try OffloadConfig(keepalive: settings([socket(0, 3353), socket(3, 3353, IPv4Address(10, 0, 0, 9))]), hostWake: wake)
    }
    expectError(.duplicateSlot(1)) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([socket(1, 1), socket(1, 2)]), hostWake: wake) }
    expectError(.slotOutOfRange(4)) { () throws(OffloadConfigError) in try OffloadConfig(keepalive: settings([socket(4, 1)]), hostWake: wake) }
    expectError(.hostWakePinMissing) { () throws(OffloadConfigError) in
        try OffloadConfig(keepalive: settings([socket(0, 3353)]), hostWake: .init(pin: .none))
    }
    let keep = PacketFilterRule(id: 1, match: .etherType(0x0806), action: .keep, whileSleeping: true, whileAwake: false)
    var discard = keep
    discard.id = 2
    discard.action = .discard
    expectError(.mixedFilterActions(id: 2)) { () throws(OffloadConfigError) in
        try OffloadConfig(keepalive: settings([]), filters: [keep, discard], hostWake: wake)
    }
}

@Test func filterPatternsCoverTheirMatch() {
    let arp = PacketFilterRule(id: 1, match: .etherType(0x0806), action: .discard, whileSleeping: true, whileAwake: false).pattern
    #expect(arp == PacketFilterPattern(id: 1, offset: 12, mask: [0xFF, 0xFF], pattern: [0x08, 0x06]))
    let udp = PacketFilterRule(id: 2, match: .port(.udp, .destination, port: 8000, range: 15), action: .discard,
                               whileSleeping: true, whileAwake: false).pattern
    #expect(udp.offset == 12 && udp.mask.count == 26)
    #expect(Array(udp.mask[24...]) == [0xFF, 0xF0] && Array(udp.pattern[24...]) == [0x1F, 0x40])
    #expect(udp.pattern[11] == 17 && udp.pattern[2] == 0x45)
}
