import Testing
import Runtime
import Boards
import ChipModel
import SimKit

/// What the app says when a join cannot succeed, from the events real firmware sends
/// (a wrong key: association, then PSK_SUP 8/14 and DEAUTH_IND 2 after the AP gives up): each
/// attempt ends with its reason within one attempt, the seed's three tries, then its failure
/// line and a backed-off retry. Never a silent loop.
@Suite struct JoinFailureScenarioTests {
    func harness(ssid: [UInt8]? = nil, passphrase: [UInt8]) throws -> KitHarness {
        let board = try Boards.default
        return try KitHarness(board: board) {
            $0.accessPoint = VirtualAP(ssid: ssid ?? board.wifi.ssid, security: .wpa2, passphrase: passphrase,
                                       channel: 6, rssi: -45, bssid: MACAddress(0x02, 0x11, 0x22, 0x33, 0x44, 0x55))
        }
    }

    @Test func wrongPassphraseIsReportedPerAttemptThenTheRoundFails() throws {
        let h = try harness(passphrase: Array("not the board's key".utf8))
        // One attempt: 120 ms scan + 25 ms association + 4 s until the AP deauthenticates us.
        h.kit.run(until: Instant(microseconds: 5_000_000))
        #expect(h.kit.stats.joinFailures == 1)
        #expect(h.log.filter { $0.contains("Join failed: wrong passphrase") }.count == 1)
        h.kit.run(until: Instant(microseconds: 16_000_000))
        #expect(h.kit.stats.joinFailures == 3 && h.kit.stats.joins == 0)
        #expect(h.log.filter { $0.contains("Join failed: wrong passphrase") }.count == 3)
        #expect(h.contains("Error: Wi-Fi connection failed."))
        #expect(h.contains("Info: Trying again in 10 s"))
        #expect(!h.contains("authentication rejected") && !h.contains("Successfully joined"))
    }

    @Test func unknownSSIDIsNetworkNotFound() throws {
        let h = try harness(ssid: Array("SomeoneElsesNet".utf8), passphrase: Array("whatever-key".utf8))
        h.kit.run(until: Instant(microseconds: 2_000_000))
        #expect(h.kit.stats.joinFailures == 3)
        #expect(h.log.filter { $0.contains("Join failed: network not found") }.count == 3)
        #expect(h.contains("Error: Wi-Fi connection failed."))
    }
}
