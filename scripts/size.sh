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

if [ -n "${MTB_PDL:-}" ]; then
    out="$ROOT/.build/psoc6/$BOARD"
    run $MAKE --no-print-directory -f Platforms/PSoC6/psoc6.mk psoc6-board BOARD="$BOARD" >&2
    echo "== size: $BOARD, the image make board links (MTB_PDL=$MTB_PDL)"
    note=""
else
    out="$ROOT/.build/size/$BOARD"
    fake="$ROOT/.build/size/fake-mtb"
    sh Platforms/PSoC6/fake-mtb.sh "$fake" "$BOARD"; mkdir -p "$out"
    # PSOC6_BUILD apart from make board's, so a real build is never mixed with this one.
    run $MAKE --no-print-directory -f Platforms/PSoC6/psoc6.mk psoc6-board BOARD="$BOARD" PSOC6_BUILD="$out" \
        MTB_PDL="$fake/mtb_shared/mtb-pdl-cat1/release-v0.0.0" MTB_BSP="$fake/bsp" MTB_TOOLS="$fake/tools" >"$out.log" 2>&1 \
        || { tail -30 "$out.log"; echo "size: build failed (log $out.log)" >&2; exit 1; }
    echo "== size: $BOARD, PSoC6App linked against the fake ModusToolbox tree (no MTB_PDL given)"
    note="--stand-in"
fi
# shellcheck disable=SC2086
python3 scripts/image-size.py $SIZE_ARGS $note "$out/app.elf" "$out/app.map"
