import Testing
@testable import Net

@Suite struct InterfaceCountersTests {
    @Test func countsEveryReason() {
        var c = InterfaceCounters()
        for r in DropReason.allCases { c.count(r) }
        for r in DropReason.allCases { #expect(c.dropped(r) == 1) }
        #expect(c.totalDropped == UInt32(DropReason.allCases.count))
    }
}
