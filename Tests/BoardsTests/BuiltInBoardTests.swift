import Testing
import Runtime
@testable import Boards

private func name(_ s: StaticString) -> String { s.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }

/// The code a kit image carries instead of its board file must build exactly what the
/// run-time parser makes of that file, for every board; stale after a board.conf edit
/// until scripts/gen-board-data.sh is run.
@Test func everyBuiltInBoardEqualsItsParsedFile() throws {
    #expect(BuiltInBoard.all.map { name($0.name) } == Boards.names.map(name),
            "boards added or removed: run scripts/gen-board-data.sh")
    for (n, config) in BuiltInBoard.all {
        let parsed = try Boards.named(n)
        #expect(config() == parsed, "\(name(n)) drifted from its board.conf: run scripts/gen-board-data.sh")
    }
}

/// The symbols a kit link can point psoc6_kit_board at build the same board.
@Test func theLinkTimeSymbolsBuildTheirBoards() throws {
    #expect(builtinBoard_CY8CPROTO_062_4343W() == (try Boards.named("CY8CPROTO-062-4343W")))
    #expect(builtinBoard_CYW9P62S1_43012EVB_01() == (try Boards.named("CYW9P62S1-43012EVB-01")))
}
