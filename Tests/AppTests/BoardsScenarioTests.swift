import Testing
import Runtime
import Boards
import App
import SimKit

/// Every kit of the seed (and the Linux SBC and QEMU boards) boots its chip, joins,
/// connects and reaches an offloaded deep sleep in the simulation.
@Suite struct BoardsScenarioTests {
    static var names: [String] { Boards.names.map { $0.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } } }

    @Test(arguments: names)
    func everyBoardReachesOffloadedSleep(_ name: String) throws {
        let board = try Boards.named(Array(name.utf8))
        let h = try KitHarness(board: board)
        _ = try h.kit.runToFirstSleep()
        #expect(h.kit.phase == .suspended)
        #expect(h.contains("whd_tko_toggle: Successfully enabled"))
        #expect(h.kit.stats.connections >= 1)
    }
}
