import Testing
import Runtime
@testable import ChipModel

/// The card's SDIO state machine, data width and CMD_NODEC sleep (SDIOCard, docs/cyw43-bus.md
/// §2.7 step 0, §7.9): what a real card does, and the direct-call mode another driver's harness
/// relies on.
@Suite struct SDIOCardStateTests {
    typealias C = SDIOCommandIndex

    /// CMD0, CMD5, CMD3, CMD7 as a host controller does; returns the RCA.
    @discardableResult
    func enumerate(_ h: SDIOHost) -> UInt16 {
        _ = h.chip.sdioCommand(C.goIdle, argument: 0)
        let r4 = h.chip.sdioCommand(C.ioSendOpCond, argument: 0)!
        #expect(r4 & 0x8000_0000 != 0 && r4 >> 28 & 7 == 2)       // ready, F1 + F2
        let rca = UInt16(h.chip.sdioCommand(C.sendRelativeAddress, argument: 0)! >> 16)
        #expect(rca != 0)
        #expect(h.chip.sdioCommand(C.selectCard, argument: UInt32(rca) << 16) == 0)
        return rca
    }

    @Test func aHarnessThatCallsCMD52DirectlyFindsASelectedCard() {
        // cyw43-driver's CMD0/5/3/7 go through its own port function; a harness that routes only
        // CMD52/CMD53 to the model must still get answers.
        let h = SDIOHost(.cyw43439)
        #expect(h.cmd52(0, 0x02, write: 0x02) == 0x02)
        #expect(h.cmd53Read(1, 0x1000E, 2) != nil)
        #expect(h.chip.counters.sdioCommandsBeforeSelect == 0)
    }

    @Test func noCMD52IsAnsweredBeforeTheCardIsSelected() {
        let h = SDIOHost(.cyw43439)
        _ = h.chip.sdioCommand(C.goIdle, argument: 0)             // a host that enumerates
        #expect(h.cmd52(0, 0x00) == nil)                         // no CMD5 yet
        #expect(h.chip.sdioCommand(C.sendRelativeAddress, argument: 0) == nil)  // CMD3 before CMD5
        #expect(h.chip.sdioCommand(C.ioSendOpCond, argument: 0) != nil)
        #expect(h.cmd52(0, 0x00) == nil)                         // ready, not selected
        let rca = UInt16(h.chip.sdioCommand(C.sendRelativeAddress, argument: 0)! >> 16)
        #expect(h.cmd52(0, 0x00) == nil)                         // standby
        #expect(h.chip.sdioCommand(C.selectCard, argument: UInt32(rca &+ 1) << 16) == nil)  // not us
        #expect(h.cmd52(0, 0x00) == nil)
        #expect(h.chip.sdioCommand(C.selectCard, argument: UInt32(rca) << 16) == 0)
        #expect(h.cmd52(0, 0x02, write: 0x02) == 0x02)           // command state: decoded
        #expect(h.chip.counters.sdioCommandsBeforeSelect == 4)
        #expect(h.chip.counters.sdioCommandsOutOfState == 1)
        // Deselect (RCA 0): nobody answers, the card is back in standby.
        #expect(h.chip.sdioCommand(C.selectCard, argument: 0) == nil)
        #expect(h.cmd52(0, 0x02) == nil)
    }

    @Test func eachCMD3PublishesANewRCAAndTheOldOneNoLongerSelects() {
        let h = SDIOHost(.cyw4343W)
        let first = enumerate(h)
        _ = h.chip.sdioCommand(C.selectCard, argument: 0)
        let second = UInt16(h.chip.sdioCommand(C.sendRelativeAddress, argument: 0)! >> 16)
        #expect(second != first)
        #expect(h.chip.sdioCommand(C.selectCard, argument: UInt32(first) << 16) == nil)
        #expect(h.chip.sdioCommand(C.selectCard, argument: UInt32(second) << 16) == 0)
        #expect(h.cmd52(0, 0x03) != nil)
    }

    @Test func aPowerCycleOrRESNeedsANewEnumeration() {
        let h = SDIOHost(.cyw43439)
        enumerate(h)
        #expect(h.cmd52(0, 0x02, write: 0x02) == 0x02)
        h.chip.powered = false
        h.chip.powered = true
        #expect(h.cmd52(0, 0x02) == nil)
        enumerate(h)
        #expect(h.cmd52(0, 0x02) == 0x00)                        // IOEN back at its reset value
        _ = h.cmd52(0, 0x06, write: 0x08)                        // CCCR IOABORT RES
        #expect(h.cmd52(0, 0x02) == nil)
        enumerate(h)
        #expect(h.cmd52(0, 0x07) == 0x00)                        // RES also took BICTRL to 1-bit
    }

    @Test func a4BitCMD53NeedsBICTRLSetTo4BitFirst() {
        let h = SDIOHost(.cyw43439)
        enumerate(h)
        h.chip.sdioHostBusWidth = 4                              // the PSoC 6 hosts run 4 lines
        _ = h.cmd52(0, 0x02, write: 0x02)
        h.setWindow(h.chip.profile.ramBase)
        // Card still 1-bit: a write's block is discarded, a read fails; CMD52 is unaffected.
        #expect(!h.cmd53Write(1, 0x0100, [1, 2, 3, 4]))
        #expect(h.cmd53Read(1, 0x0100, 4) == nil)
        #expect(h.chip.counters.sdioBusWidthMismatches == 2)
        #expect(h.cmd52(0, 0x07, write: 0x02) == 0x02)           // BICTRL: 4-bit
        #expect(h.cmd53Read(1, 0x0100, 4) == [0, 0, 0, 0])       // the earlier write never landed
        #expect(h.cmd53Write(1, 0x0100, [1, 2, 3, 4]))
        #expect(h.cmd53Read(1, 0x0100, 4) == [1, 2, 3, 4])
        // A 1-bit host against a 4-bit card fails the same way.
        h.chip.sdioHostBusWidth = 1
        #expect(h.cmd53Read(1, 0x0100, 4) == nil)
        #expect(h.chip.counters.sdioBusWidthMismatches == 3)
    }

    @Test func withCMDNODECTheSleepingCardDecodesOnlyTheKSOWake() {
        let h = SDIOHost(.cyw43439)
        h.bringUp()
        h.run(.milliseconds(50))
        #expect(h.chip.f2Ready)
        // §7.9: WAKEUP_CTRL, CMD_NODEC, FORCE_HT, KSO on; then KSO off.
        _ = h.cmd52(1, 0x1001E, write: 0x02)
        _ = h.cmd52(0, 0xF0, write: 0x08)
        _ = h.cmd52(1, 0x1001F, write: 0x01)
        _ = h.cmd52(1, 0x1001F, write: 0x00)
        #expect(h.chip.busSleeping)
        #expect(h.cmd52(0, 0x05) == nil)                         // F0 not decoded while asleep
        #expect(h.cmd52(0, 0x02) == nil)
        #expect(h.chip.counters.sdioUndecodedWhileAsleep == 2)
        // The KSO wake still gets through (the first write may wake the always-on part only).
        h.chip.advance(to: h.chip.now + .milliseconds(5))
        var tries = 0
        _ = h.cmd52(1, 0x1001F, write: 0x01)
        while h.cmd52(1, 0x1001F).map({ $0 & 0x03 }) != 0x03 && tries < 10 {
            _ = h.cmd52(1, 0x1001F, write: 0x01)
            h.chip.advance(to: h.chip.now + .milliseconds(1))
            tries += 1
        }
        #expect(!h.chip.busSleeping)
        #expect(h.cmd52(0, 0x02) == 0x06)                        // awake: F0 decoded again
        // Without CMD_NODEC the model keeps answering F0 while asleep (no source says otherwise).
        _ = h.cmd52(0, 0xF0, write: 0x00)
        _ = h.cmd52(1, 0x1001F, write: 0x00)
        #expect(h.cmd52(0, 0x02) == 0x06)
        #expect(h.chip.counters.sdioUndecodedWhileAsleep == 2)
    }
}
