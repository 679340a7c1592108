#!/bin/sh
# CI check of the whole `make board BOARD=<kit>` flow without ModusToolbox: lays out a FAKE
# ModusToolbox tree (mtb_shared/mtb-pdl-cat1, core-lib, cmsis, cat1cm0p, mtb-hal-cat1,
# udb-sdio-whd, a BSP and a tools/gcc/bin) from test-stubs/ (ours: declarations plus do-nothing
# definitions, a 2-entry vector table, a linker script shaped like the BSP's), then runs
# psoc6.mk in a throwaway SwiftPM package (Runtime + CYW43 + CPSoC6 + PSoC6Platform + a smoke
# app) for one SDHC kit and one UDB kit, and checks the linked ELF: CM0+ image at 0x10000000,
# CM4 vectors at 0x10002000, .got in flash. It proves the make/toolset/link plumbing and the
# Embedded build of the glue; it does NOT prove anything about the real PDL or silicon.
# Env: KITS (default "CY8CPROTO-062-4343W CY8CKIT-062-WIFI-BT"), WORK, CYW43_DIR (default
# Sources/CYW43).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FAKE="$HERE/test-stubs/fake-mtb"
WORK=${WORK:-${TMPDIR:-/tmp}/psoc6-flow-check}
KITS=${KITS:-"CY8CPROTO-062-4343W CY8CKIT-062-WIFI-BT"}
CYW43_DIR=${CYW43_DIR:-$ROOT/Sources/CYW43}
for t in arm-none-eabi-gcc arm-none-eabi-readelf arm-none-eabi-nm swift make; do
    command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 0; }
done

rm -rf "$WORK"
sh "$HERE/fake-mtb.sh" "$WORK/mtb"
M="$WORK/mtb"; S="$M/mtb_shared"

P="$WORK/pkg"
mkdir -p "$P/Sources/PSoC6FlowApp"
ln -s "$ROOT/Sources/Runtime" "$P/Sources/Runtime"
ln -s "$CYW43_DIR" "$P/Sources/CYW43"
ln -s "$HERE/CPSoC6" "$P/Sources/CPSoC6"
ln -s "$HERE/PSoC6Platform" "$P/Sources/PSoC6Platform"
cp "$FAKE/App.swift" "$P/Sources/PSoC6FlowApp/App.swift"
cat >"$P/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "PSoC6Flow", targets: [
    .target(name: "Runtime"),
    .target(name: "CYW43", dependencies: ["Runtime"]),
    .systemLibrary(name: "CPSoC6"),
    .target(name: "PSoC6Platform", dependencies: ["Runtime", "CYW43", "CPSoC6"]),
    .executableTarget(name: "PSoC6FlowApp", dependencies: ["Runtime", "CYW43", "PSoC6Platform"]),
])
EOF

# Stand-in Wi-Fi images (random bytes / a two-line NVRAM) to exercise WIFI_FW/WIFI_CLM/WIFI_NVRAM.
head -c 4096 /dev/urandom >"$WORK/fw.bin"; printf 'CLM!' >"$WORK/clm.bin"
printf 'boardtype=0x0887\nxtalfreq=37400\n' >"$WORK/nvram.txt"

failed=0
for kit in $KITS; do
    echo "== $kit"
    if ! make -C "$P" -f "$HERE/psoc6.mk" psoc6-board BOARD="$kit" PSOC6_PRODUCT=PSoC6FlowApp \
            MTB_PDL="$S/mtb-pdl-cat1/r" MTB_BSP="$M/bsp" MTB_TOOLS="$M/tools" \
            WIFI_FW="$WORK/fw.bin" WIFI_CLM="$WORK/clm.bin" WIFI_NVRAM="$WORK/nvram.txt" >"$WORK/$kit.log" 2>&1; then
        tail -20 "$WORK/$kit.log"; echo "FAIL $kit: make psoc6-board (log $WORK/$kit.log)"; failed=1; continue
    fi
    elf="$P/.build/psoc6/$kit/app.elf"
    sections=$(arm-none-eabi-readelf -SW "$elf")
    addr() { echo "$sections" | awk -v n="$1" '$0 ~ " "n" " { for (i = 1; i <= NF; i++) if ($i == n) { print $(i + 2); exit } }'; }
    m0p=$(addr .cy_m0p_image); text=$(addr .text); got=$(addr .got)
    fwsize=$(arm-none-eabi-nm "$elf" | awk '$3 == "_binary_fw_bin_size" { print $1 }')
    if [ "$m0p" = 10000000 ] && [ "$text" = 10002000 ] && [ -n "$got" ] && [ "${got#100}" != "$got" ] \
       && [ "$fwsize" = 00001000 ] && arm-none-eabi-nm "$elf" | grep -q ' _binary_fw_bin_start$'; then
        echo "ok   $kit: .cy_m0p_image@$m0p .text(vectors)@$text .got@$got (flash), firmware image linked"
    else
        echo "FAIL $kit: .cy_m0p_image@$m0p .text@$text .got@$got fw size '$fwsize'"; failed=1
    fi
done
[ $failed = 0 ] && echo "PASS: psoc6.mk flow builds and links for: $KITS" || exit 1
