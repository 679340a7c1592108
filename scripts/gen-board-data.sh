#!/bin/sh
# Writes Sources/Boards/BuiltInBoard/ (each board as code, one file per board, for kit images
# that carry only their own board) from the compiled-in catalog, through the run-time parser.
# Run after scripts/gen-board-catalog.sh whenever a Boards/*/board.conf changes:
#     scripts/gen-board-catalog.sh && scripts/gen-board-data.sh
# BuiltInBoardTests fails when the output is stale. The generator is built against a stub, so
# a stale folder that no longer compiles (a BoardConfig field changed) is no obstacle.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/Sources/Boards/BuiltInBoard"
bak="$root/.build/BuiltInBoard.bak"   # outside Sources/: SwiftPM would compile it
cd "$root"
mkdir -p "$root/.build"; rm -rf "$bak"; [ -d "$dir" ] && mv "$dir" "$bak"
mkdir -p "$dir"; printf 'public enum BuiltInBoard {}\n' > "$dir/BuiltInBoard.swift"
out="$root/.build/BuiltInBoard.out"
if swift build -q --product board-data-gen && "$(swift build --show-bin-path)/board-data-gen" > "$out"; then
    rm -f "$dir/BuiltInBoard.swift"
    awk -v dir="$dir" '/^\/\/\/\/ FILE / { f = dir "/" $3; next } { print > f }' "$out"
    rm -rf "$out" "$bak"
    echo "wrote $dir/ ($(ls "$dir" | wc -l) files)"
else
    rm -rf "$dir" "$out"; [ -d "$bak" ] && mv "$bak" "$dir"
    echo "gen-board-data.sh: failed, $dir left as it was" >&2; exit 1
fi
