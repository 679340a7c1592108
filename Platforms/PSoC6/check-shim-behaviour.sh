#!/bin/sh
# Host-run tests of the PSoC 6 shim against the fake PDL/HAL model in fake-mtb/ (ours): exact
# ADMA2 lengths (SDHC kit), the HAL's UDB block/byte rule (UDB kit), SysPm deep-sleep callbacks
# and their order, the MCWDT guard loops and elapsed-ticks correction. Built with the host C
# compiler (the shim is plain C11 over the PDL API). Exit 1 on any failure.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${HOST_CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no host C compiler ($CC)"; exit 0; }
OUT=${WORK:-$HERE/../../.build/psoc6-shim-behaviour}
rm -rf "$OUT"; mkdir -p "$OUT"
F="$HERE/fake-mtb/mtb_shared"
INC="-I$F/mtb-pdl-cat1/release-v0.0.0/drivers/include -I$F/core-lib/release-v0.0.0/include
     -I$F/cmsis/release-v0.0.0/Core/Include -I$F/mtb-hal-cat1/release-v0.0.0/include
     -I$HERE/fake-mtb/bsp -I$HERE/CPSoC6 -I$HERE/shim"
CFLAGS="-std=c11 -O1 -g -Wall -Wextra -Werror -DFAKE_PDL_HOST $INC"
SRC="$HERE/shim/psoc6_board.c $HERE/shim/psoc6_uart.c $HERE/shim/psoc6_lptimer.c $HERE/shim/psoc6_sdio_sdhc.c
     $HERE/shim/psoc6_sdio_udb.c $F/mtb-pdl-cat1/release-v0.0.0/drivers/source/fake_pdl.c $HERE/fake-mtb/bsp/cybsp.c
     $HERE/tests/shim_test.c"
failed=0
for kit in CY8CPROTO-062-4343W:SDHC CY8CKIT-062-WIFI-BT:UDB; do
    name=${kit%%:*}; host=${kit#*:}
    macro=PSOC6_KIT_$(echo "$name" | tr '-' '_')
    extra="-DPSOC6_EXPECT_SDHC"
    [ "$host" = UDB ] && extra="-DCY_USING_HAL -DCYHAL_UDB_SDIO $F/mtb-hal-cat1/release-v0.0.0/source/fake_hal.c"
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS -D"$macro" $extra $SRC -o "$OUT/$name" 2>"$OUT/$name.err"; then
        cat "$OUT/$name.err"; echo "FAIL $name: build"; failed=1; continue
    fi
    "$OUT/$name" || failed=1
done
[ $failed = 0 ] && echo "PASS: PSoC 6 shim behaviour against the fake PDL model (SDHC and UDB kits)" || exit 1
