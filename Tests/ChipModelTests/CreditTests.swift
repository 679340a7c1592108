import Testing
import Runtime
@testable import ChipModel

/// SDPCM sequence numbers and credits (docs/cyw43-bus.md §4.1-4.2).
@Suite struct CreditTests {
    func up() -> SDIOHost {
        let h = SDIOHost(.cyw43439)
        h.bringUp()
        return h
    }

    @Test func everyHeaderGrantsNextExpectedPlusWindow() {
        let h = up()
        #expect(h.txMax == 1)            // host starts with 1 (§4.2)
        _ = h.getVar("ver", 64)
        let f = h.frames.last!
        #expect(f.sequence == 0)
        #expect(f.credit == 9)           // seq 0 consumed: next 1 + window 8
        _ = h.getVar("ver", 64)
        #expect(h.frames.last!.sequence == 1)
        #expect(h.frames.last!.credit == 10)
        #expect(h.chip.counters.sequenceGaps == 0)
    }

    @Test func frameBeyondTheCreditIsDropped() {
        let h = up()
        // Host has credit for seq 0 only; send seq 1 first.
        _ = h.send(HostFrames.control(seq: 1, cmd: 262, set: false, id: 7, buffer: ascii("ver") + [0] + [UInt8](repeating: 0, count: 60)))
        #expect(h.chip.counters.creditViolations == 1)
        #expect(h.readFrame() == nil)    // no reply
    }

    @Test func windowZeroStallsAndCreditOnlyFrameReopens() {
        let h = up()
        h.chip.creditWindow = 0
        _ = h.getVar("ver", 64)
        #expect(h.frames.last!.credit == 1)  // next expected 1, nothing more
        #expect(!h.hasCredit)
        // Raise the window: a poke (SMB_DEV_INT to tosbmailbox, §4.2) brings a 12-byte credit frame.
        h.chip.creditWindow = 4
        h.bpWrite(h.chip.profile.sdioCoreBase + 0x40, le32Bytes(0x8))
        let f = h.readFrame()!
        #expect(f.length == 12)
        #expect(f.credit == 5)
        #expect(h.hasCredit)
    }

    @Test func dataFramesWithoutRepliesGetACreditUpdate() {
        let h = up()
        h.chip.creditWindow = 2
        _ = h.getVar("ver", 64)          // credit now 1 + 2 = 3
        #expect(h.txMax == 3)
        // Two data frames use the window up (not associated: they are dropped, but consumed).
        _ = h.send(HostFrames.data(seq: h.txSeq, ethernet: [UInt8](repeating: 0xEE, count: 60)))
        _ = h.send(HostFrames.data(seq: h.txSeq, ethernet: [UInt8](repeating: 0xEE, count: 60)))
        #expect(!h.hasCredit)
        let f = h.readFrame()!           // header-only credit update (model: no poke on gSPI)
        #expect(f.length == 12)
        #expect(f.credit == 5)
        #expect(h.chip.counters.droppedToAir == 2)
    }

    @Test func badLengthComplementIsCountedAndDropped() {
        let h = up()
        var frame = HostFrames.control(seq: 0, cmd: 262, set: false, id: 1, buffer: ascii("ver") + [0] + [UInt8](repeating: 0, count: 60))
        frame[2] ^= 0xFF
        _ = h.send(frame)
        #expect(h.chip.counters.badHeaders == 1)
        #expect(h.readFrame() == nil)
    }

    @Test func corruptedLengthToHostAndNAKResend() {
        let h = up()
        h.chip.corruptNextSDPCMLength()
        _ = h.send(HostFrames.control(seq: 0, cmd: 262, set: false, id: 1, buffer: ascii("cur_etheraddr") + [0, 0, 0, 0, 0, 0, 0]))
        let tag = h.cmd53Read(2, 0, 4)!
        #expect(le16(tag, 0) ^ le16(tag, 2) != 0xFFFF)
        // WHD: abort, RF_TERM (F1 0x1000D = 1) drops the frame (§8.3).
        _ = h.cmd52(0, 0x06, write: 2)
        _ = h.cmd52(1, 0x1000D, write: 0x01)
        #expect(h.readFrame() == nil)
        // A second request; read it, then NAK (tosbmailbox SMB_NAK) gets the same frame again.
        _ = h.send(HostFrames.control(seq: 1, cmd: 262, set: false, id: 2, buffer: ascii("cur_etheraddr") + [0, 0, 0, 0, 0, 0, 0]))
        let first = h.readFrame()!
        h.bpWrite(h.chip.profile.sdioCoreBase + 0x40, le32Bytes(0x1))
        let again = h.readFrame()!
        #expect(first.bytes == again.bytes)
    }

    @Test func flowControlBitmapReachesTheHost() {
        let h = up()
        h.chip.setFlowControl(0x01)
        let f = h.readFrame()!
        #expect(f.length == 12)
        #expect(f.bytes[8] == 0x01)
        #expect(h.bpRead32(h.chip.profile.sdioCoreBase + 0x20) & 0x20 == 0x20)   // I_HMB_FC_CHANGE
        h.chip.setFlowControl(0)
        #expect(h.readFrame()!.bytes[8] == 0)
    }

    @Test func ioctlLatencyDelaysTheReply() {
        var t = ChipTiming.immediate
        t.ioctlLatency = .milliseconds(3)
        let h = SDIOHost(.cyw43439, timing: t)
        h.bringUp()
        _ = h.send(HostFrames.control(seq: 0, cmd: 262, set: false, id: 1, buffer: ascii("ver") + [0] + [UInt8](repeating: 0, count: 96)))
        #expect(h.readFrame() == nil)
        #expect(!h.chip.hostWakeAsserted)
        let due = h.chip.now + .milliseconds(3)
        #expect(h.chip.nextDeadline == due)
        h.chip.advance(to: due)
        #expect(h.chip.hostWakeAsserted)
        #expect(h.readFrame()?.channel == 0)
    }
}
