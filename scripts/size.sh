#!/bin/sh
# `make size BOARD=<kit>`: builds the kit image and prints its flash and RAM by part
# (scripts/image-size.py, from the linker map).
#
#   PSoC 6 kit, MTB_PDL/MTB_BSP/MTB_TOOLS given: the real image `make board` links (PDL, BSP,
#       CM0+ image and, with WIFI_FW/WIFI_CLM/WIFI_NVRAM, the chip's images), all measured.
#   PSoC 6 kit, no ModusToolbox: the same PSoC6App, shim and link, against the fake MTB tree
#       (Platforms/PSoC6/fake-mtb.sh). The Swift side, our shim and the C libraries are the
#       kit's own; the PDL + BSP and CM0+ lines are do-nothing stand-ins and say so.
#   QEMU-MPS2-AN386: the qemu-app image (the whole app on the chip model).
# Env: BOARD, SIZE_ARGS (extra image-size.py options, default "--top 12 --dups 10").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BOARD=${BOARD:-CY8CPROTO-062-4343W}
SIZE_ARGS=${SIZE_ARGS:---top 12 --dups 10}
MAKE=${MAKE:-make}
cd "$ROOT"
run() { echo "+ $*" >&2; "$@"; }

# The kit's RAM against issue 16's goal (static + stack + peak heap <= 48 KB), each figure
# from where it is really known: static RAM from the ELF's RAM sections (.data, .bss,
# .ramVectors ...: all but the linker script's .heap/.stack reservations), the stack from the
# ELF's .stack_dummy (the BSP linker script's STACK_SIZE; one stack, the runtime is
# cooperative), the peak heap from an Embedded release run of the same app, driver (SDIO
# bus), stack and runtime in QEMU (qemu-app kit: the CY8CPROTO-062-4343W's board against the
# chip model; the device's own allocations, the model's counted apart), plus newlib-nano's
# 8 B header per live block. That run also gives the stack's measured depth.
ram_line() {  # $1 = the kit's ELF
    elf=$1
    set -- $(arm-none-eabi-size -A "$elf" | awk '
        $3 >= 134217728 && $3 < 268435456 {   # 0x08000000..0x10000000: the CM4 SRAM
            if ($1 == ".heap") next
            if ($1 == ".stack_dummy" || $1 == ".stack") { stack += $2; next }
            static += $2 }
        END { print static + 0, stack + 0 }')
    static=$1 stack=$2
    run $MAKE --no-print-directory qemu-app-build >/dev/null
    log=$ROOT/.build/size/qemu-app-kit.log
    mkdir -p "$ROOT/.build/size"
    run timeout 120 qemu-system-arm -M mps2-an386 -nographic -no-reboot \
        -semihosting-config enable=on,target=native,arg=qemu-app,arg=kit -icount shift=0,sleep=off \
        -kernel .build/armv7em-none-none-eabi/release/qemu-app >"$log" 2>&1 \
        || { tail -20 "$log"; echo "size: the qemu-app kit run failed (log $log)" >&2; return 1; }
    # "device heap (...): to the first sleep A allocations (F freed), L B live, peak P B; after it ...
    #  A2 allocations, F2 frees (must be 0), peak P2 B"
    set -- $(sed -n 's/.*device heap.*to the first sleep \([0-9]*\) allocations (\([0-9]*\) freed), \([0-9]*\) B live, peak \([0-9]*\) B; after it.*: \([0-9]*\) allocations, \([0-9]*\) frees.*peak \([0-9]*\) B$/\1 \2 \3 \4 \5 \6 \7/p' "$log")
    [ $# -eq 7 ] || { cat "$log"; echo "size: no device heap line in $log" >&2; return 1; }
    allocs=$1 frees=$2 peak=$7 after=$5
    headers=$(( (allocs - frees) * 8 ))
    heap=$(( peak + headers ))
    set -- $(sed -n 's/.*stack (.*): peak \([0-9]*\) B .* at \([0-9]*\) B$/\1 \2/p' "$log")
    used_hi=${1:-?} used_lo=${2:-?}
    total=$(( static + stack + heap ))
    goal=49152
    echo "RAM (CY8CPROTO-062-4343W's code path; static and stack from $(basename "$elf"), heap from qemu-app kit):"
    printf '  static (ELF RAM sections but .heap/.stack)  %6d B\n' "$static"
    printf '  stack (ELF .stack_dummy = STACK_SIZE)       %6d B   measured in the qemu-app kit run: device >= %s B, with the chip model below it %s B\n' "$stack" "$used_lo" "$used_hi"
    printf '  peak heap (qemu-app kit, device only)       %6d B   = %d B usable in %d live blocks + %d B headers; after the first sleep %d allocations\n' "$heap" "$peak" $((allocs - frees)) "$headers" "$after"
    printf '  total                                       %6d B\n' "$total"
    if [ "$total" -le "$goal" ]; then
        echo "goal: RAM <= 49,152 B (48 KB): $total B: met, $((goal - total)) B margin"
    else
        echo "goal: RAM <= 49,152 B (48 KB): $total B: NOT met, $((total - goal)) B over"
    fi
    case "$used_lo" in ''|*[!0-9]*) ;; *)
        [ "$used_lo" -lt "$stack" ] || echo "WARNING: the device's measured stack ($used_lo B) does not fit STACK_SIZE ($stack B)"
    esac
}

case "$BOARD" in
QEMU-MPS2-AN386)
    run $MAKE --no-print-directory qemu-app-build >/dev/null
    echo "== size: $BOARD (qemu-app: app + driver + TCP/IP + the chip model and virtual world)"
    # shellcheck disable=SC2086
    exec python3 scripts/image-size.py $SIZE_ARGS .build/armv7em-none-none-eabi/release/qemu-app .build/qemu-app.map
    ;;
LINUX-SBC-43439)
    echo "size: $BOARD runs as a Linux process (tcp-keepalive run), there is no kit image to measure" >&2
    exit 2
    ;;
esac

kits=$($MAKE --no-print-directory -s -f Platforms/PSoC6/psoc6.mk psoc6-kits)
case " $kits " in *" $BOARD "*) ;; *)
    echo "size: BOARD=$BOARD is not a kit; kits: $kits QEMU-MPS2-AN386" >&2; exit 2 ;;
esac

# The kit image is linked twice: as make board links it (PSOC6_LTO=full: the Swift modules
# optimised as one program, one object; its Swift side is the figure against the goal) and
# with each module optimised on its own (PSOC6_LTO=none, an image nobody ships), whose
# per-module split and function lists say where the Swift code comes from.
if [ -n "${MTB_PDL:-}" ]; then
    out="$ROOT/.build/psoc6/$BOARD"
    run $MAKE --no-print-directory -f Platforms/PSoC6/psoc6.mk psoc6-board BOARD="$BOARD" >&2
    run $MAKE --no-print-directory -f Platforms/PSoC6/psoc6.mk psoc6-link BOARD="$BOARD" PSOC6_LTO=none \
        PSOC6_BUILD="$out-per-module" >&2
    echo "== size: $BOARD, the image make board links (MTB_PDL=$MTB_PDL)"
    note=""
else
    out="$ROOT/.build/size/$BOARD"
    fake="$ROOT/.build/size/fake-mtb"
    sh Platforms/PSoC6/fake-mtb.sh "$fake" "$BOARD"; mkdir -p "$out"
    # PSOC6_BUILD apart from make board's, so a real build is never mixed with this one.
    for lto in full none; do
        dir=$out; [ $lto = full ] || dir=$out-per-module
        run $MAKE --no-print-directory -f Platforms/PSoC6/psoc6.mk psoc6-board BOARD="$BOARD" PSOC6_BUILD="$dir" \
            PSOC6_LTO=$lto MTB_PDL="$fake/mtb_shared/mtb-pdl-cat1/release-v0.0.0" MTB_BSP="$fake/bsp" \
            MTB_TOOLS="$fake/tools" >"$dir.log" 2>&1 \
            || { tail -30 "$dir.log"; echo "size: build failed (log $dir.log)" >&2; exit 1; }
    done
    echo "== size: $BOARD, PSoC6App linked against the fake ModusToolbox tree (no MTB_PDL given)"
    note="--stand-in"
fi
python3 scripts/image-size.py $note "$out/app.elf" "$out/app.map" | tee "$out.size.txt"
echo
echo "per module: the same sources with each module optimised on its own (PSOC6_LTO=none), linked the same way;"
echo "where the Swift code comes from, not the image:"
# shellcheck disable=SC2086
python3 scripts/image-size.py $SIZE_ARGS $note "$out-per-module/app.elf" "$out-per-module/app.map" >"$out-per-module.size.txt"
awk '
    state == 0 { if ($0 ~ /^  Swift side/) { printf "%-52s%s\n", "  Swift side, optimised per module", substr($0, 53); state = 1 }
                 else print; next }
    state == 1 { if ($0 ~ /^total/) state = 2; next }
    /^(goal|reserved|of the static|Wi-Fi)/ { next }
    { print }' "$out-per-module.size.txt"
swift_side() { sed -n 's/^  Swift side  *\([0-9,]*\) .*/\1/p' "$1" | tr -d ,; }
whole=$(swift_side "$out.size.txt"); split=$(swift_side "$out-per-module.size.txt")
echo "whole-program optimisation: Swift side $whole B in the image, $split B with each module optimised on its own ($((split - whole)) B less)"
ram_line "$out/app.elf"
