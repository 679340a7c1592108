import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

@Suite struct DebugTests {
    @Test func debugIdle() throws {
        let h = try KitHarness()
        let t0 = try h.kit.runToFirstSleep()
        let n = h.log.count
        h.kit.run(until: t0 + .hours(1))
        for l in h.log[n...].prefix(60) { print(l) }
        print("chip wakes", h.kit.chip.wakeCount(.data), h.kit.chip.wakeCount(.event), h.kit.chip.wakeCount(.linkDown), h.kit.chip.wakeCount(.keepaliveFailure), h.kit.chip.wakeCount(.other))
    }
}
