#!/bin/sh
# Writes Platforms/QEMU/toolset.json (gitignored) with this machine's newlib/libgcc
# paths and absolute paths to the linker script and the map file, so `swift build
# --toolset Platforms/QEMU/toolset.json` works from the package root.
# Needs: arm-none-eabi-gcc + libnewlib-arm-none-eabi (docs/build-recipes.md, install).
# usage: gen-toolset.sh [toolset.json path] [map file path]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-$HERE/toolset.json}
MAP=${2:-$ROOT/.build/qemu-last.map}
ARCH="-mcpu=cortex-m4 -mthumb -mfloat-abi=softfp -mfpu=fpv4-sp-d16"
LIBC=$(arm-none-eabi-gcc $ARCH -print-file-name=libc_nano.a)
LIBM=$(arm-none-eabi-gcc $ARCH -print-file-name=libm.a)
LIBGCC=$(arm-none-eabi-gcc $ARCH -print-libgcc-file-name)
SWIFT_EMB=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/swift/embedded/armv7em-none-none-eabi
for f in "$LIBC" "$LIBM" "$LIBGCC" "$SWIFT_EMB/libswiftUnicodeDataTables.a"; do
  [ -f "$f" ] || { echo "gen-toolset.sh: missing $f" >&2; exit 1; }
done
mkdir -p "$(dirname "$MAP")"
cat > "$OUT" <<JSON
{
  "schemaVersion": "1.0",
  "swiftCompiler": {
    "extraCLIOptions": [
      "-enable-experimental-feature", "Embedded",
      "-enable-experimental-feature", "Extern",
      "-wmo", "-Osize",
      "-Xfrontend", "-function-sections",
      "-Xfrontend", "-disable-stack-protector",
      "-enforce-exclusivity=unchecked",
      "-Xcc", "-mcpu=cortex-m4", "-Xcc", "-mfloat-abi=softfp", "-Xcc", "-mfpu=fpv4-sp-d16",
      "-Xcc", "-fshort-enums",
      "-use-ld=lld",
      "-Xclang-linker", "-nostdlib"
    ]
  },
  "cCompiler": {
    "extraCLIOptions": [
      "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=softfp", "-mfpu=fpv4-sp-d16",
      "-Os", "-ffreestanding", "-fshort-enums", "-ffunction-sections", "-fdata-sections",
      "-Wall", "-Werror"
    ]
  },
  "linker": {
    "extraCLIOptions": [
      "-T", "$HERE/mps2-an386.ld", "--gc-sections",
      "--wrap=malloc", "--wrap=free",
      "-Map=$MAP",
      "$SWIFT_EMB/libswiftUnicodeDataTables.a",
      "$LIBM", "$LIBC", "$LIBGCC"
    ]
  }
}
JSON
echo "wrote $OUT"
