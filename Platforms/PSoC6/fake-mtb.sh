#!/bin/sh
# Lays out a FAKE ModusToolbox tree in DIR from test-stubs/ (ours: declarations plus do-nothing
# definitions, a 2-entry vector table, a linker script shaped like the BSP's):
#   DIR/mtb_shared/{mtb-pdl-cat1,core-lib,cmsis,cat1cm0p,mtb-hal-cat1,udb-sdio-whd}/r, DIR/bsp,
#   DIR/tools/gcc/bin (links to this machine's arm-none-eabi-*).
# For psoc6.mk: MTB_PDL=DIR/mtb_shared/mtb-pdl-cat1/r MTB_BSP=DIR/bsp MTB_TOOLS=DIR/tools.
# Used by check-flow.sh and scripts/size.sh. Nothing built from it says anything about the real
# PDL, BSP or CM0+ image.
# usage: fake-mtb.sh DIR
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
FAKE="$HERE/test-stubs/fake-mtb"
M=${1:?usage: fake-mtb.sh DIR}; S="$M/mtb_shared"
rm -rf "$M"
mkdir -p "$S/mtb-pdl-cat1/r/drivers/include" "$S/mtb-pdl-cat1/r/drivers/source" \
         "$S/mtb-pdl-cat1/r/devices/COMPONENT_CAT1A/include/ip" "$S/core-lib/r/include" "$S/cmsis/r/Core/Include" \
         "$S/cat1cm0p/r/COMPONENT_CAT1A/COMPONENT_CM0P_SLEEP" "$S/mtb-hal-cat1/r/include" "$S/mtb-hal-cat1/r/source" \
         "$S/udb-sdio-whd/r/COMPONENT_UDB_SDIO_P2" "$M/bsp/config/GeneratedSource" \
         "$M/bsp/COMPONENT_CM4/TOOLCHAIN_GCC_ARM" "$M/tools/gcc/bin"
cp "$HERE/test-stubs/cy_pdl.h" "$S/mtb-pdl-cat1/r/drivers/include/"
cp "$FAKE/fake_pdl.c" "$S/mtb-pdl-cat1/r/drivers/source/"
cp "$HERE/test-stubs/cyhal.h" "$S/mtb-hal-cat1/r/include/"
cp "$FAKE/fake_hal.c" "$S/mtb-hal-cat1/r/source/"
echo "/* fake */" > "$S/udb-sdio-whd/r/SDIO_HOST.h"
cp "$FAKE/cm0p_image.c" "$S/cat1cm0p/r/COMPONENT_CAT1A/COMPONENT_CM0P_SLEEP/psoc6_02_cm0p_sleep.c"
cp "$HERE/test-stubs/cybsp.h" "$FAKE/cybsp.c" "$M/bsp/"
echo "int cycfg_fake;" > "$M/bsp/config/GeneratedSource/cycfg.c"
cp "$FAKE/startup_fake_cm4.S" "$M/bsp/COMPONENT_CM4/TOOLCHAIN_GCC_ARM/startup_psoc6_02_cm4.S"
cp "$FAKE/linker.ld" "$M/bsp/COMPONENT_CM4/TOOLCHAIN_GCC_ARM/linker.ld"
for t in gcc ar objcopy size; do ln -s "$(command -v arm-none-eabi-$t)" "$M/tools/gcc/bin/arm-none-eabi-$t"; done

