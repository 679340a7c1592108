import Testing
import Runtime
import Boards
import App
import SimKit

@Suite struct FlowTests {
    @Test func defaultBoardReachesFirstSleepWithTheSeedsLog() throws {
        let h = try KitHarness()
        let t = try h.kit.runToFirstSleep()
        for l in h.log { print(l) }
        #expect(h.kit.phase == .suspended)
        #expect(t < .seconds(60))
        #expect(h.contains("Network Stack Suspended, MCU will enter DeepSleep power mode"))
    }
}
