#!/bin/sh
# Builds and runs libFuzzer targets (build-recipes.md §6).
#
#   scripts/fuzz.sh TARGET SECONDS     one target
#   scripts/fuzz.sh all SECONDS        every target in the table, one after another
#   scripts/fuzz.sh list               the table's target names
#
# A target is a file Fuzz/<Target>.swift with `@_cdecl("LLVMFuzzerTestOneInput")`, a seed
# corpus in Fuzz/corpus/<Target>/ (real packets), and one line in TARGETS below naming
# the modules it imports, in dependency order, as Module:dir[+dir...]. Each module is
# compiled from every .swift file under its dirs with -sanitize=fuzzer,address at -Onone
# (bounds checks on UnsafeRawBufferPointer stay on), then the entry file is linked
# against them. New inputs go to Fuzz/.build/<Target>/corpus, never into the committed
# seeds; crashes to Fuzz/.build/<Target>/crash-*. Exit status: non-zero if any target
# crashed or failed to build. Env: FUZZ_OPT (default -Onone), FUZZ_ARGS (extra
# libFuzzer flags, e.g. "-max_len=2048").

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
CYW43GSPIRx      Runtime:Sources/Runtime CYW43:Sources/CYW43
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

usage() { echo "usage: $0 TARGET|all SECONDS  |  $0 list" >&2; exit 2; }

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
    objs=""
    for spec in $specs; do
        build_module "${spec%%:*}" "${spec#*:}" || return 1
        objs="$objs $BUILD/modules/${spec%%:*}.o"
    done
    mkdir -p "$BUILD/$t"
    # shellcheck disable=SC2086
    "$SWIFTC" $FLAGS -I "$BUILD/modules" "Fuzz/$t.swift" $objs -o "$BUILD/$t/fuzz-$t" 2>&1 \
        | grep -v "Cannot export local symbol" >&2
    [ -x "$BUILD/$t/fuzz-$t" ]
}

run_target() {
    t=$1; secs=$2
    rm -f "$BUILD/$t/fuzz-$t"
    build_target "$t" || { echo "fuzz: $t: BUILD FAILED"; return 1; }
    mkdir -p "$BUILD/$t/corpus" "Fuzz/corpus/$t"
    log="$BUILD/$t/run.log"
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no "$BUILD/$t/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$BUILD/$t/" ${FUZZ_ARGS:-} "$BUILD/$t/corpus" "Fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        echo "fuzz: $t: CRASH (exit $rc) after ${runs:-?} runs; log $log"
        grep -E "^(==|Fatal error|SUMMARY|.*Fatal error)|Test unit written" "$log" | head -8
        return 1
    fi
    echo "fuzz: $t: ok, ${secs}s, ${runs:-?} runs, ${eps:-?} execs/s, ${cov:-cov: ?}"
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then printf '%s\n' "$TARGETS" | awk 'NF { print $1 }'; exit 0; fi
[ $# -eq 2 ] || usage
secs=$2
case "$secs" in ''|*[!0-9]*) usage;; esac
status=0
if [ "$1" = all ]; then
    for t in $(printf '%s\n' "$TARGETS" | awk 'NF { print $1 }'); do run_target "$t" "$secs" || status=1; done
else
    run_target "$1" "$secs" || status=1
fi
exit $status
