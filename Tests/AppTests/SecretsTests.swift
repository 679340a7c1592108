import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The passphrase is configuration: it reaches the chip (the firmware supplicant needs
/// it) and nothing else — not the serial log, not the air capture.
@Suite struct SecretsTests {
    @Test func thePassphraseIsNeitherLoggedNorOnTheAir() throws {
        let secret = Array("correct-horse-battery-staple".utf8)
        var board = try Boards.default
        board.wifi.passphrase = secret
        let h = try KitHarness(board: board) {
            $0.capturePcap = true
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(1)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(2)), .apReturns(0))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(5))
        #expect(h.kit.stats.joins >= 2)
        let log: [UInt8] = h.lines.lines.flatMap { (l: [UInt8]) -> [UInt8] in l + [0x0A] }
        #expect(!contains(log, secret))
        let pcap = h.kit.world.pcap?.bytes ?? []
        #expect(pcap.count > 1000)
        #expect(!contains(pcap, secret))
    }

    func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}
