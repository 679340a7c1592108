import Testing
@testable import Runtime

struct FixedArrayTests {
    struct Entry: Equatable {
        var id: Int
        var flag = false
    }

    @Test func changesElementsInPlaceAndKeepsItsCount() {
        var a = FixedArray(repeating: Entry(id: 0), count: 3)
        #expect(a.count == 3 && a.indices == 0..<3 && !a.isEmpty)
        a[1].flag = true
        a[2] = Entry(id: 7)
        #expect(a[0] == Entry(id: 0))
        #expect(a[1] == Entry(id: 0, flag: true))
        #expect(a[2] == Entry(id: 7))
        #expect(Array(a.prefix(2)) == [Entry(id: 0), Entry(id: 0, flag: true)])
        #expect(a.prefix(0).isEmpty)
    }

    @Test func negativeCountIsEmpty() {
        let a = FixedArray(repeating: 1, count: -4)
        #expect(a.count == 0 && a.isEmpty && a.indices.isEmpty)
    }

    final class Token {}

    @Test func releasesItsElementsWhenItEnds() {
        weak var watched: Token?
        do {
            let token = Token()
            watched = token
            let a = FixedArray(repeating: token, count: 4)
            #expect(a[3] === token)
        }
        #expect(watched == nil)   // the four references went with the array
    }
}
