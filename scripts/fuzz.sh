#!/bin/sh
# Builds and runs libFuzzer targets (docs/build-recipes.md §6).
#
#   scripts/fuzz.sh TARGET SECONDS     one target
#   scripts/fuzz.sh all SECONDS        every target in the table, one after another (CI: all 5)
#   scripts/fuzz.sh long [SECONDS]     every target for SECONDS (default 300), then a table
#                                      "target seconds runs execs/s cov result"
#   scripts/fuzz.sh replay TARGET|all  only replay Fuzz/regressions/<Target>/ (no fuzzing)
#   scripts/fuzz.sh list               the table's target names
#
# A target is a file Fuzz/<Target>.swift with `@_cdecl("LLVMFuzzerTestOneInput")`, a seed
# corpus in Fuzz/corpus/<Target>/ (real packets), and one line in TARGETS below naming
# the modules it imports, in dependency order, as Module:dir[+dir...]. Each module is
# compiled from every .swift file under its dirs with -sanitize=fuzzer,address at -Onone
# (bounds checks on UnsafeRawBufferPointer stay on), then the entry file, with the helpers in
# Fuzz/Shared/<Module>/ of each module it imports, is linked against them. Before a target is fuzzed, every file in Fuzz/regressions/<Target>/ (crashes
# found earlier, kept after the fix) is executed once; a crash there fails the target
# without fuzzing. New inputs go to Fuzz/.build/<Target>/corpus, never into the committed
# seeds; crashes to Fuzz/.build/<Target>/crash-*. Exit status: non-zero if any target
# crashed, failed a regression or failed to build. Env: FUZZ_OPT (default -Onone),
# FUZZ_ARGS (extra libFuzzer flags, e.g. "-max_len=2048"), FUZZ_STOP_AT (HHMM, UTC: `long`
# and `all` start no new target after it).

# target         modules (dependency order)
TARGETS='
NetEthernet      Runtime:Sources/Runtime Net:Sources/Net
NetArp           Runtime:Sources/Runtime Net:Sources/Net
NetIPv4          Runtime:Sources/Runtime Net:Sources/Net
NetIcmp          Runtime:Sources/Runtime Net:Sources/Net
NetUdp           Runtime:Sources/Runtime Net:Sources/Net
NetDhcp          Runtime:Sources/Runtime Net:Sources/Net
NetInterface     Runtime:Sources/Runtime Net:Sources/Net
NetTcp           Runtime:Sources/Runtime Net:Sources/Net
CYW43Wire        Runtime:Sources/Runtime CYW43:Sources/CYW43
CYW43Dispatch    Runtime:Sources/Runtime CYW43:Sources/CYW43
CYW43Iovar       Runtime:Sources/Runtime CYW43:Sources/CYW43
CYW43Events      Runtime:Sources/Runtime Net:Sources/Net Boards:Sources/Boards CYW43:Sources/CYW43 Offload:Sources/Offload
CYW43GSPIRx      Runtime:Sources/Runtime CYW43:Sources/CYW43
CYW43SDIORx      Runtime:Sources/Runtime CYW43:Sources/CYW43
ChipOffload      Runtime:Sources/Runtime ChipModel:Sources/ChipModel
BoardConfig      Runtime:Sources/Runtime Boards:Sources/Boards
'

set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
BUILD="$ROOT/Fuzz/.build"
OPT=${FUZZ_OPT:--Onone}
SWIFTC=${SWIFTC:-swiftc}
# Same language features as the package's `portable` targets.
FLAGS="-sanitize=fuzzer,address -parse-as-library -enable-experimental-feature Extern $OPT"
BUILT_MODULES=" "

usage() { echo "usage: $0 TARGET|all SECONDS  |  $0 long [SECONDS]  |  $0 replay TARGET|all  |  $0 list" >&2; exit 2; }

modules_of() { printf '%s\n' "$TARGETS" | awk -v t="$1" '$1 == t { $1 = ""; print }'; }

# build_module Name dir+dir -> $BUILD/modules/Name.{o,swiftmodule}; once per script run.
build_module() {
    name=$1; dirs=$(printf '%s' "$2" | tr '+' ' ')
    case "$BUILT_MODULES" in *" $name "*) return 0;; esac
    mkdir -p "$BUILD/modules"
    files=$(for d in $dirs; do find "$d" -name '*.swift' | sort; done)
    [ -n "$files" ] || { echo "fuzz: no sources for module $name in $dirs" >&2; return 1; }
    echo "fuzz: compiling module $name ($(printf '%s\n' $files | wc -l) files)"
    # shellcheck disable=SC2086
    "$SWIFTC" $FLAGS -wmo -module-name "$name" -emit-module -emit-module-path "$BUILD/modules/$name.swiftmodule" \
        -I "$BUILD/modules" -c $files -o "$BUILD/modules/$name.o" || return 1
    BUILT_MODULES="$BUILT_MODULES$name "
}

build_target() {
    t=$1
    [ -f "Fuzz/$t.swift" ] || { echo "fuzz: Fuzz/$t.swift missing" >&2; return 1; }
    specs=$(modules_of "$t")
    [ -n "$specs" ] || { echo "fuzz: $t is not in the TARGETS table of $0" >&2; return 1; }
    objs=""; shared=""
    for spec in $specs; do
        build_module "${spec%%:*}" "${spec#*:}" || return 1
        objs="$objs $BUILD/modules/${spec%%:*}.o"
        [ -d "Fuzz/Shared/${spec%%:*}" ] && shared="$shared $(find "Fuzz/Shared/${spec%%:*}" -name '*.swift' | sort)"
    done
    mkdir -p "$BUILD/$t"
    # shellcheck disable=SC2086
    "$SWIFTC" $FLAGS -I "$BUILD/modules" "Fuzz/$t.swift" $shared $objs -o "$BUILD/$t/fuzz-$t" 2>&1 \
        | grep -v "Cannot export local symbol" >&2
    [ -x "$BUILD/$t/fuzz-$t" ]
}

# replay_regressions Target: runs the fuzz binary once over every file in
# Fuzz/regressions/<Target>/ (libFuzzer executes file arguments once each and exits
# non-zero on the first crash). No directory or no files: nothing to do.
replay_regressions() {
    t=$1; dir="Fuzz/regressions/$t"
    [ -d "$dir" ] || return 0
    files=$(find "$dir" -type f ! -name '.*' ! -name '*.md' | sort)
    [ -n "$files" ] || return 0
    n=$(printf '%s\n' $files | wc -l | tr -d ' ')
    log="$BUILD/$t/regressions.log"
    # shellcheck disable=SC2086
    if SWIFT_BACKTRACE=enable=no "$BUILD/$t/fuzz-$t" -artifact_prefix="$BUILD/$t/regression-" $files >"$log" 2>&1; then
        echo "fuzz: $t: $n regression input(s) replayed, no crash"
        return 0
    fi
    echo "fuzz: $t: REGRESSION: a file in $dir crashes; log $log"
    grep -E "^(==|Fatal error|SUMMARY|Running: )|Fatal error" "$log" | tail -8
    return 1
}

# Result of the last run_target, for the `long` table.
R_RUNS=""; R_EPS=""; R_COV=""; R_RESULT=""

run_target() {
    t=$1; secs=$2
    R_RUNS="-"; R_EPS="-"; R_COV="-"; R_RESULT="build failed"
    rm -f "$BUILD/$t/fuzz-$t"
    build_target "$t" || { echo "fuzz: $t: BUILD FAILED"; return 1; }
    R_RESULT="regression"
    replay_regressions "$t" || return 1
    mkdir -p "$BUILD/$t/corpus" "Fuzz/corpus/$t"
    log="$BUILD/$t/run.log"
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no "$BUILD/$t/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$BUILD/$t/" ${FUZZ_ARGS:-} "$BUILD/$t/corpus" "Fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    R_RUNS=${runs:--}; R_EPS=${eps:--}; R_COV=${cov#cov: }; R_COV=${R_COV:--}
    if [ $rc -ne 0 ]; then
        R_RESULT="CRASH"
        echo "fuzz: $t: CRASH (exit $rc) after ${runs:-?} runs; log $log"
        grep -E "^(==|Fatal error|SUMMARY|.*Fatal error)|Test unit written" "$log" | head -8
        return 1
    fi
    R_RESULT="ok"
    echo "fuzz: $t: ok, ${secs}s, ${runs:-?} runs, ${eps:-?} execs/s, ${cov:-cov: ?}"
}

past_stop_time() {
    [ -n "${FUZZ_STOP_AT:-}" ] || return 1
    [ "$(date -u +%H%M)" -ge "$FUZZ_STOP_AT" ]
}

targets() { printf '%s\n' "$TARGETS" | awk 'NF { print $1 }'; }

[ $# -ge 1 ] || usage
case "$1" in
list) targets; exit 0;;
replay)
    [ $# -eq 2 ] || usage
    if [ "$2" = all ]; then list=$(targets); else list=$2; fi
    status=0
    for t in $list; do
        rm -f "$BUILD/$t/fuzz-$t"
        if build_target "$t"; then replay_regressions "$t" || status=1; else echo "fuzz: $t: BUILD FAILED"; status=1; fi
    done
    exit $status;;
long)
    [ $# -le 2 ] || usage
    secs=${2:-300}; mode=long;;
*)
    [ $# -eq 2 ] || usage
    secs=$2; mode=$1;;
esac
case "$secs" in ''|*[!0-9]*) usage;; esac
status=0
if [ "$mode" = all ] || [ "$mode" = long ]; then
    table=""
    for t in $(targets); do
        if past_stop_time; then
            echo "fuzz: $t: skipped (past FUZZ_STOP_AT $FUZZ_STOP_AT UTC)"
            table="$table$t $secs - - - skipped
"
            continue
        fi
        [ "$mode" = long ] && echo "fuzz: $t: start $(date -u +%H:%M:%S) UTC"
        run_target "$t" "$secs" || status=1
        table="$table$t $secs $R_RUNS $R_EPS $R_COV $R_RESULT
"
    done
    if [ "$mode" = long ]; then
        echo
        { echo "target seconds runs execs/s cov result"; printf '%s' "$table"; } | awk '{ printf "%-16s %7s %10s %8s %6s  %s\n", $1, $2, $3, $4, $5, $6 }'
    fi
else
    run_target "$mode" "$secs" || status=1
fi
exit $status
