#!/bin/sh
# Lays out the FAITHFUL fake ModusToolbox tree (fake-mtb/, ours; see check-flow.sh for what it
# models) in DIR for one kit:
#   DIR/mtb_shared/{mtb-pdl-cat1,core-lib,cmsis,cat1cm0p,mtb-hal-cat1,udb-sdio-whd}/release-v0.0.0,
#   DIR/bsp (the kit's BSP: startup for its die, linker script with its part's flash and RAM),
#   DIR/tools/gcc/bin (links to this machine's arm-none-eabi-*).
# For psoc6.mk: MTB_PDL=DIR/mtb_shared/mtb-pdl-cat1/release-v0.0.0 MTB_BSP=DIR/bsp MTB_TOOLS=DIR/tools.
# Used by check-flow.sh and scripts/size.sh. An image built from it is the kit's own Swift,
# shim, C libraries and layout; its PDL, BSP and CM0+ image are stand-ins.
# usage: fake-mtb.sh DIR [KIT]   (KIT default CY8CPROTO-062-4343W)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
M=${1:?usage: fake-mtb.sh DIR [KIT]}; kit=${2:-CY8CPROTO-062-4343W}
# kit -> die, IRQ count, part family, flash and CM4 RAM lengths (docs/psoc6-platform.md §1.3)
case $kit in
    CY8CKIT-062-WIFI-BT|CYW9P62S1-*) die=01 irqs=147 part=cy8c6xx7 flash=0x100000 ram=0x45800 ;;
    CY8CPROTO-062S3-4343W)            die=03 irqs=147 part=cy8c6xx5 flash=0x80000  ram=0x3D800 ;;
    CY8CKIT-064B0S2-4343W) echo "fake-mtb.sh: no fake BSP for the secure PSoC 64 kit (CM0P_SECURE layout)" >&2; exit 2 ;;
    *)                                die=02 irqs=168 part=cy8c6xxa flash=0x200000 ram=0xFD800 ;;
esac
rm -rf "$M"; mkdir -p "$M/tools/gcc/bin"
cp -R "$HERE/fake-mtb/mtb_shared" "$M/mtb_shared"
cp -R "$HERE/fake-mtb/bsp" "$M/bsp"
g="$M/bsp/COMPONENT_CM4/TOOLCHAIN_GCC_ARM"
sed "s/@IRQS@/$irqs/; s/@DIE@/psoc6_$die/" "$g/startup_cm4.S.in" > "$g/startup_psoc6_${die}_cm4.S"
sed "s/@FLASH_LEN@/$flash/; s/@RAM_LEN@/$ram/; s/@PART@/$part/" "$g/linker.ld.in" > "$g/linker.ld"
rm "$g/startup_cm4.S.in" "$g/linker.ld.in"
for t in gcc ar objcopy size; do ln -s "$(command -v arm-none-eabi-$t)" "$M/tools/gcc/bin/arm-none-eabi-$t"; done
