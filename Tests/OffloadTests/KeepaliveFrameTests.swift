import Testing
import Runtime
import Net
import CYW43
@testable import Offload

@Test func requestFrameMatchesTheWorkedExampleByteForByte() {
    // docs/tko-offload.md §1.6: seq = snd_nxt - 1.
    let frame = emitted(54) { KeepaliveFrame.emit(exampleState, seq: exampleState.sndNxt &- 1, into: $0) }
    #expect(frame == exampleRequest)
}

@Test func responseFrameMatchesTheWorkedExampleByteForByte() {
    // §1.6: seq = snd_nxt, TCP checksum 1a79.
    #expect(KeepaliveFrame.bytes(exampleState, seq: exampleState.sndNxt) == exampleResponse)
}

@Test func connectRecordFromTcpStateMatchesTheWorkedExampleByteForByte() throws {
    // §1.5-1.6: the whole CONNECT iovar data LPA sends, built from the live TCP state.
    let record = TkoConnect(slot: 0, state: exampleState)
    let payload = try record.bytes()
    #expect(TkoHeader.request(.connect, payload: payload).prefix(140) == exampleConnectIovar[...])
}

@Test func sequenceWrapsAtZero() {
    var s = exampleState
    s.sndNxt = 0
    let record = TkoConnect(slot: 2, state: s)
    #expect(record.request[38..<42] == [0xFF, 0xFF, 0xFF, 0xFF])
    #expect(record.response[38..<42] == [0, 0, 0, 0])
    #expect(record.index == 2)
}
