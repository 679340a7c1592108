import Testing
import Runtime
import Boards
import SimKit
import Simulation
import Net
import CYW43
@testable import App

/// `Log.fill`/`Log.line(_:_:...)` (the app's one-call log lines) write the very bytes of the
/// `text`/`dec` chains they replace, and the lines built from them keep the C example's format.
@Suite struct LogTemplateTests {
    static func bytes(_ write: (Log) -> Void) -> [[UInt8]] {
        let b = LineBuffer()
        write(Log(b))
        return b.lines
    }

    @Test func aTemplateWritesTheSameBytesAsTheChainItReplaces() {
        #expect(Self.bytes { $0.line("Error: Socket[{}]: the server does not answer ARP", 3) }
                == Self.bytes { $0.text("Error: Socket[").dec(3).text("]: the server does not answer ARP").end() })
        #expect(Self.bytes { $0.line("tx_total:{}, rx_total:{}, tx_no_mem:0, rx_no_mem:{}", 0, 1_234_567, Int.max) }
                == Self.bytes { $0.text("tx_total:").dec(0).text(", rx_total:").dec(1_234_567)
                    .text(", tx_no_mem:0, rx_no_mem:").dec(Int.max).end() })
        #expect(Self.bytes { $0.line("{}{}{}", -1, Int.min, 65_535) }
                == Self.bytes { $0.dec(-1).dec(Int.min).dec(65_535).end() })
        // `fill` ends no line: the chain goes on after it.
        #expect(Self.bytes { $0.fill("Info: Socket[{}]: Received {} bytes: ", 0, 17); $0.text("hi").end() }
                == Self.bytes { $0.text("Info: Socket[").dec(0).text("]: Received ").dec(17).text(" bytes: hi").end() })
    }

    @Test func onlyAnOpenCloseBracePairIsAPlaceholder() {
        #expect(Self.bytes { $0.line("{ } {x} }{ {", 7) } == Self.bytes { $0.text("{ } {x} }{ {").end() })
        #expect(Self.bytes { $0.line("a{}b{", 7) } == Self.bytes { $0.text("a").dec(7).text("b{").end() })
        #expect(Self.bytes { $0.line("{}", 42) } == [Array("42".utf8)])
    }

    /// Each case's text, as the per-case `text` calls wrote it (closeReason and joinFailure
    /// now pick an item of one list, bringUpError and joinStartError use templates).
    @Test func everyCaseKeepsItsText() {
        let reasons: [(TcpCloseReason?, String)] = [
            (.normal, "closed by the server"), (.reset, "reset by the server"), (.refused, "refused"),
            (.timedOut, "no answer"), (.keepaliveTimeout, "keepalive timeout"), (.aborted, "aborted"), (nil, "closed")]
        for (r, t) in reasons { #expect(Self.bytes { $0.closeReason(r).text(";").end() } == [Array((t + ";").utf8)]) }
        let joins: [(JoinFailure, String)] = [
            (.noNetwork, "network not found"), (.badPassphrase, "wrong passphrase"),
            (.authRejected, "authentication rejected"), (.timeout, "timeout")]
        for (f, t) in joins { #expect(Self.bytes { $0.joinFailure(f).end() } == [Array(t.utf8)]) }
        let bringUps: [(BringUpError, String)] = [
            (.bus(.transferFailed), "bus transfer failed"),
            (.unknownChip(id: 0xA9A6), "unknown chip id 0xA9A6"),
            (.badFirmwareSize(0), "firmware image missing or too large (0 bytes)"),
            (.badNVRAMSize(9_999), "NVRAM missing or too large (9999 bytes)"),
            (.notFirmware, "could not find valid firmware (no \"Version:\" trailer at the image's end)"),
            (.firmwareForAnotherChip(imageChip: 4373, chipID: 0xA9BF), "the firmware image is for chip 4373, this chip's id is 0xA9BF"),
            (.coreNotUp, "the chip's ARM core did not start"), (.htClockTimeout, "HT clock timeout"),
            (.f2NotReady, "F2 not ready (check NVRAM)"), (.clmLoadStatus(1), "bring-up failed")]
        for (e, t) in bringUps { #expect(Self.bytes { $0.bringUpError(e).end() } == [Array(t.utf8)]) }
        let starts: [(JoinStartError, String)] = [
            (.notUp, "driver not up"), (.badSSID(length: 33), "SSID must be 1-32 bytes, got 33"),
            (.badPassphrase(length: 7), "passphrase must be 8-63 characters, got 7")]
        for (e, t) in starts { #expect(Self.bytes { $0.joinStartError(e).end() } == [Array(t.utf8)]) }
        // An item beyond the list writes nothing.
        #expect(Self.bytes { $0.item(3, of: "a|b|c").end() } == [[]])
    }

    /// The stats block after a data wake (docs/tko-offload.md §6.3: LPA's WHD and bus stats),
    /// written with templates now: the same fields in the same order and format.
    @Test func theStatsBlockAfterAWakeKeepsItsFormat() throws {
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(2)), .serverSends(Array("ping".utf8)))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(3))
        let log = h.log
        guard let i = log.firstIndex(of: "WHD Stats.. ") else { Issue.record("no stats block"); return }
        try #require(log.count > i + 5)
        #expect(log[i - 1] == "=====================================================")
        #expect(log[i + 1].wholeMatch(of: /tx_total:[0-9]+, rx_total:[0-9]+, tx_no_mem:0, rx_no_mem:[0-9]+/) != nil, "\(log[i + 1])")
        #expect(log[i + 2].wholeMatch(of: /tx_fail:[0-9]+, no_credit:[0-9]+, flow_control:[0-9]+/) != nil, "\(log[i + 2])")
        #expect(log[i + 3] == "Bus Stats.. ")
        #expect(log[i + 4].wholeMatch(of: /bus_errors:[0-9]+, rx_drops:[0-9]+, seq_gaps:[0-9]+/) != nil, "\(log[i + 4])")
        #expect(log[i + 5] == "=====================================================")
        #expect(h.contains("Info: Socket[0]: Received 4 bytes: ping"))
    }
}
