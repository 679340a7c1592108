import Testing
@testable import Net
import Runtime

/// The initial sequence number is clock-driven (RFC 9293 §3.4.1 MUST-8; RFC 6528 §3:
/// ISN = M + F(4-tuple, secret), M ticking every 4 µs), so a reconnect on the same
/// 4-tuple lands beyond the old connection, as a peer's TIME-WAIT requires to accept it.
@Suite struct TcpInitialSequenceTests {
    static let remote = TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort)

    private func synSequence(_ s: TcpSocket, _ script: TcpScript, at ms: UInt64,
                             to remote: TcpEndpoint = Self.remote) throws -> UInt32 {
        s.abort()
        try s.connect(to: remote, localPort: 3353, now: tms(ms))
        let syn = try #require(script.recvOne(time: ms))
        #expect(syn.flags == .syn)
        return syn.seq
    }

    @Test func aReconnectOnTheSameFourTupleAdvancesWithTheClock() throws {
        for seed in UInt64(1)...32 {
            let s = TcpSocket(seed: seed)
            let script = TcpScript(s)
            let first = try synSequence(s, script, at: 0)
            let second = try synSequence(s, script, at: 1_000)
            let third = try synSequence(s, script, at: 61_000)
            // 1 s = 250,000 ticks of the 4 µs clock; F is the same for the same 4-tuple.
            #expect(second &- first == 250_000, "seed \(seed)")
            #expect(third &- second == 15_000_000, "seed \(seed)")
        }
    }

    @Test func aReconnectStartsBeyondThePreviousConnectionEvenWhenTheClockDoesNot() throws {
        // RFC 1122 §4.2.2.13 (1): the server holds the old connection in TIME-WAIT and takes
        // a SYN only beyond it. A connection older than half the 4 µs clock's wrap (2.4 h), or
        // one that sent more bytes than the clock advanced, leaves the clock ISN behind it.
        let s = TcpSocket(seed: 3)
        let script = TcpScript(s)
        let clockAtZero = try synSequence(s, script, at: 0)
        s.abort()
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: clockAtZero &+ 1_000_000)
        #expect(script.recv(time: 0).map(\.flags) == [.syn])
        let next = try synSequence(s, script, at: 1_000)        // the clock says clockAtZero + 250,000
        #expect(next == clockAtZero &+ 1_000_001 &+ 65_537)
        // Ahead of the old space already: the clock's value as it is.
        #expect(try synSequence(s, script, at: 61_000) == clockAtZero &+ 15_250_000)
        // Another 4-tuple is another connection: no floor.
        let other = TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort + 1)
        s.abort()
        try s.connect(to: other, localPort: 3353, now: tms(0), isn: 4_000_000_000)
        _ = script.recv(time: 0)
        let fresh = try synSequence(s, script, at: 1_000, to: Self.remote)
        #expect(fresh == clockAtZero &+ 250_000)
    }

    @Test func anotherFourTupleOrSocketSecretGivesAnotherOffset() throws {
        let s = TcpSocket(seed: 7)
        let script = TcpScript(s)
        let a = try synSequence(s, script, at: 0)
        let b = try synSequence(s, script, at: 0,
                                to: TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort + 1))
        #expect(a != b)
        let other = TcpSocket(seed: 8)
        let c = try synSequence(other, TcpScript(other), at: 0)
        #expect(a != c)
    }
}
