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

/// A host build passes no -D BOARD_<KIT>: no built-in board (the Linux executables use the catalog).
@Test func hostBuildHasNoCurrentBoard() {
    #expect(BuiltInBoard.current == nil)
}
