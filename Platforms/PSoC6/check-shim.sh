#!/bin/sh
# CI check without ModusToolbox: compiles the PSoC 6 C shim (Platforms/PSoC6/shim) for
# every kit against the fake PDL in fake-mtb/ (ours) with arm-none-eabi-gcc -Wall -Wextra
# -Werror, then checks that every external symbol the objects need is a link-time function
# the fake headers declare (a PDL/BSP/HAL call; what the real PDL has as static inline is
# static inline there too, so it never shows up here), fake register state (fake_hw_*,
# cy_device: the real inline accessors reach registers through cy_device) or a newlib/libgcc
# routine, and prints the PDL/HAL functions each kit links against. This proves the shim is
# complete for each kit's pin set and SDIO host; behaviour is check-shim-behaviour.sh's job,
# the link check-flow.sh's.
# Exit 0 = all kits passed; 1 = a kit failed; 0 with "SKIP" if arm-none-eabi-gcc is missing.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${ARM_CC:-arm-none-eabi-gcc}
NM=${ARM_NM:-arm-none-eabi-nm}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: $CC not installed (apt-get install --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi)"; exit 0; }
OUT=${WORK:-$HERE/../../.build/psoc6-shim-check}
rm -rf "$OUT"; mkdir -p "$OUT"
ARCH="-mcpu=cortex-m4 -mthumb -mfloat-abi=softfp -mfpu=fpv4-sp-d16"
CFLAGS="$ARCH -std=c11 -Os -ffunction-sections -fdata-sections -fshort-enums -Wall -Wextra -Werror
        -Werror=implicit-function-declaration -I$HERE/CPSoC6 -I$HERE/shim"
F="$HERE/fake-mtb/mtb_shared"
INC="-I$F/mtb-pdl-cat1/release-v0.0.0/drivers/include -I$F/core-lib/release-v0.0.0/include
     -I$F/cmsis/release-v0.0.0/Core/Include -I$F/mtb-hal-cat1/release-v0.0.0/include -I$HERE/fake-mtb/bsp"
CFLAGS="$CFLAGS $INC"
# newlib / libgcc routines and BSP linker-script symbols the shim may use; __real_malloc/__real_free
# are newlib's malloc/free under psoc6.mk's -Wl,--wrap=malloc,--wrap=free (the allocation counter),
# malloc_usable_size is newlib-nano's
ALLOWED="memalign memset memcpy errno __errno __aeabi_uldivmod __aeabi_memclr __aeabi_memclr4 __aeabi_memcpy __HeapBase __HeapLimit __real_malloc __real_free malloc_usable_size"
STUB_DECLS=$(cat "$F"/mtb-pdl-cat1/release-v0.0.0/drivers/include/cy_pdl.h "$F"/mtb-hal-cat1/release-v0.0.0/include/cyhal.h \
             "$HERE"/fake-mtb/bsp/cybsp.h)

KITS="CY8CPROTO-062-4343W CY8CKIT-062S2-43012 CY8CKIT-062-WIFI-BT CY8CKIT-064B0S2-4343W
      CY8CPROTO-062S3-4343W CYW9P62S1-43438EVB-01 CYW9P62S1-43012EVB-01 CY8CEVAL-062S2-LAI-4373M2
      CY8CEVAL-062S2-MUR-43439M2 CY8CEVAL-062S2-LAI-43439M2 CY8CPROTO-062S2-43439 CYSBSYSKIT-DEV-01"
UDB_KITS="CY8CKIT-062-WIFI-BT CYW9P62S1-43438EVB-01 CYW9P62S1-43012EVB-01"
failed=0
for kit in $KITS; do
    macro=PSOC6_KIT_$(echo "$kit" | tr '-' '_')
    extra=""
    case " $UDB_KITS " in *" $kit "*) extra="-DCY_USING_HAL -DCYHAL_UDB_SDIO" ;; esac
    dir="$OUT/$kit"; mkdir -p "$dir"
    ok=1
    for c in "$HERE"/shim/*.c; do
        # shellcheck disable=SC2086
        if ! "$CC" $CFLAGS -D"$macro" $extra -c "$c" -o "$dir/$(basename "$c" .c).o" 2>"$dir/err.txt"; then
            echo "FAIL $kit: $(basename "$c")"; sed 's/^/    /' "$dir/err.txt"; ok=0
        fi
    done
    if [ $ok = 1 ]; then
        missing=""
        "$NM" --defined-only "$dir"/*.o | awk 'NF == 3 {print $3}' | sort -u >"$dir/defined.txt"
        for sym in $("$NM" -u "$dir"/*.o | awk '{print $2}' | sort -u | comm -23 - "$dir/defined.txt"); do
            case " $ALLOWED " in *" $sym "*) continue ;; esac
            case "$sym" in _binary_*|fake_hw_*|cy_device) continue ;; esac   # linked images; register state
            echo "$STUB_DECLS" | grep -q "\b$sym\b" || missing="$missing $sym"
        done
        if [ -n "$missing" ]; then echo "FAIL $kit: undeclared externals:$missing"; ok=0; fi
    fi
    if [ $ok = 1 ]; then
        pdl=$("$NM" -u "$dir"/*.o | awk '{print $2}' | sort -u | comm -23 - "$dir/defined.txt" \
              | grep -E '^(Cy_|cyhal_|cybsp_)' | tr '\n' ' ')
        sdio=SDHC0; [ -n "$extra" ] && sdio="UDB (HAL)"
        printf 'ok   %-28s sdio=%-9s PDL/HAL/BSP functions linked: %s\n' "$kit" "$sdio" "$(echo $pdl | wc -w)"
        [ -n "${VERBOSE:-}" ] && echo "     $pdl"
    else
        failed=1
    fi
done
# The kit table must reject a build without a kit.
if "$CC" $CFLAGS -c "$HERE/shim/psoc6_board.c" -o "$OUT/nokit.o" 2>/dev/null; then
    echo "FAIL: a build without -DPSOC6_KIT_* compiled"; failed=1
fi
[ $failed = 0 ] && echo "PASS: PSoC 6 shim compiles for all 12 kits against the fake PDL" || exit 1
