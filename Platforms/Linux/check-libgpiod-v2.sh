#!/bin/sh
# Shows that the libgpiod v2 branch of Platforms/Linux/CGPIOD/gpiod_shim.h compiles, links
# and runs (Debian 13 ships libgpiod 2.x; this machine has 1.6.3). Recipe: docs/build-recipes.md §4.
#
#   1. pip downloads the PyPI `gpiod` sdist, which bundles libgpiod 2.x's C sources;
#   2. those are built into a static libgpiod.a with a libgpiod.pc, in a work folder;
#   3. the shim header is compiled as C with -Wall -Wextra -Werror against v2 (and v1, if
#      the system has it), so every static inline function body is checked;
#   4. a throwaway SwiftPM package imports CGPIOD through PKG_CONFIG_PATH, calls every
#      shim function and must report API v2.
#
# Exit 0 = passed or skipped (the message says which; SKIP_IS_FAILURE=1 turns a skip into
# exit 77 for CI that wants to notice), 1 = the v2 path is broken.
# Env: WORK (default ${TMPDIR:-/tmp}/libgpiod-v2-check), GPIOD_SDIST_VERSION (pin a version),
#      CC (default cc).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SHIM="$HERE/CGPIOD"
WORK=${WORK:-${TMPDIR:-/tmp}/libgpiod-v2-check}
CC=${CC:-cc}

skip() {
    echo "SKIP: libgpiod v2 check: $*"
    if [ "${SKIP_IS_FAILURE:-0}" = 1 ]; then exit 77; fi
    exit 0
}
fail() { echo "FAIL: libgpiod v2 check: $*" >&2; exit 1; }

command -v "$CC" >/dev/null 2>&1 || skip "no C compiler ($CC)"
command -v swift >/dev/null 2>&1 || skip "no swift toolchain in PATH"
command -v pkg-config >/dev/null 2>&1 || skip "pkg-config is not installed"
PIP=""
for p in pip3 pip; do command -v $p >/dev/null 2>&1 && { PIP=$p; break; }; done
if [ -z "$PIP" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
    PIP="python3 -m pip"
fi
[ -n "$PIP" ] || skip "pip is not available (needed to fetch the gpiod sdist)"

rm -rf "$WORK"
mkdir -p "$WORK/dl" "$WORK/lib" "$WORK/pc"
SPEC=gpiod${GPIOD_SDIST_VERSION:+==$GPIOD_SDIST_VERSION}
echo "== downloading the $SPEC sdist (bundled libgpiod C sources)"
if ! $PIP download --no-deps --no-binary :all: "$SPEC" -d "$WORK/dl" >"$WORK/pip.log" 2>&1; then
    tail -3 "$WORK/pip.log" | sed 's/^/   /'
    skip "pip download failed (no network or no package index); log: $WORK/pip.log"
fi
TARBALL=$(ls "$WORK"/dl/gpiod-*.tar.gz 2>/dev/null | head -1)
[ -n "$TARBALL" ] || skip "pip gave no sdist tarball"
tar -xzf "$TARBALL" -C "$WORK"
SRC=$(ls -d "$WORK"/gpiod-*/ | head -1)
[ -f "$SRC/include/gpiod.h" ] && [ -d "$SRC/lib" ] || skip "this gpiod sdist does not bundle the libgpiod C sources"
VER=$(cat "$SRC/libgpiod-version.txt" 2>/dev/null || echo 2)
case "$VER" in 2.*|2) ;; *) fail "sdist bundles libgpiod $VER, not 2.x" ;; esac

echo "== building libgpiod $VER into $WORK/lib/libgpiod.a"
for c in "$SRC"/lib/*.c; do
    "$CC" -O1 -fPIC -D_GNU_SOURCE -I"$SRC/include" -I"$SRC/lib" "-DGPIOD_API_VERSION_STR=\"$VER\"" \
        -c "$c" -o "$WORK/lib/$(basename "$c" .c).o" || fail "compiling $c"
done
ar rcs "$WORK/lib/libgpiod.a" "$WORK"/lib/*.o
mkdir -p "$WORK/include"
cp "$SRC/include/gpiod.h" "$WORK/include/"
cat >"$WORK/pc/libgpiod.pc" <<EOF
prefix=$WORK
Name: libgpiod
Description: libgpiod $VER (static, from the PyPI gpiod sdist; check only)
Version: $VER
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -lgpiod
EOF

echo "== compiling the shim header as C (-Wall -Wextra -Werror) against v2"
cat >"$WORK/shim_check.c" <<'EOF'
#include "gpiod_shim.h"
#include <stdio.h>
int main(void) {
    gshim_line *in = gshim_request_input("/dev/gpiochip-none", 1, GSHIM_EDGE_BOTH, GSHIM_BIAS_PULL_UP, "check");
    gshim_line *out = gshim_request_output("/dev/gpiochip-none", 2, 0, "check");
    if (in) { uint64_t ts; int r; (void)gshim_fd(in); (void)gshim_wait(in, 0); (void)gshim_read_event(in, &ts, &r);
              (void)gshim_get_value(in); gshim_release(in); }
    if (out) { (void)gshim_set_value(out, 1); gshim_release(out); }
    printf("C: libgpiod %s (API v%d), missing chip errno %d\n", gshim_version(), gshim_api_major(), errno);
    return gshim_api_major() == GSHIM_EXPECT ? 0 : 1;
}
EOF
"$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -DGSHIM_EXPECT=2 -I"$SHIM" -I"$WORK/include" \
    "$WORK/shim_check.c" "$WORK/lib/libgpiod.a" -o "$WORK/shim_check_v2" || fail "shim does not compile against libgpiod $VER"
"$WORK/shim_check_v2" || fail "C check did not report API v2"
if pkg-config --exists libgpiod 2>/dev/null; then
    SYSVER=$(pkg-config --modversion libgpiod)
    echo "== compiling the shim header as C against the system libgpiod $SYSVER"
    case "$SYSVER" in 1.*) EXP=1 ;; *) EXP=2 ;; esac
    "$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -DGSHIM_EXPECT=$EXP -I"$SHIM" $(pkg-config --cflags libgpiod) \
        "$WORK/shim_check.c" $(pkg-config --libs libgpiod) -o "$WORK/shim_check_sys" || fail "shim does not compile against system libgpiod $SYSVER"
    "$WORK/shim_check_sys" || fail "C check against the system libgpiod failed"
fi

echo "== building a throwaway SwiftPM package that imports CGPIOD through PKG_CONFIG_PATH"
PKG="$WORK/pkg"
mkdir -p "$PKG/Sources/GPIOV2Check"
cp -R "$SHIM" "$PKG/Sources/CGPIOD"
cat >"$PKG/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "GPIOV2Check", targets: [
    .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod"),
    .executableTarget(name: "GPIOV2Check", dependencies: ["CGPIOD"]),
])
EOF
cat >"$PKG/Sources/GPIOV2Check/main.swift" <<'EOF'
import CGPIOD
import Glibc

let version = String(cString: gshim_version())
print("Swift: libgpiod \(version) (API v\(gshim_api_major()))")
let input = gshim_request_input("/dev/gpiochip-none", 25, GSHIM_EDGE_RISING, GSHIM_BIAS_PULL_DOWN, "v2check")
let inputErrno = errno
let output = gshim_request_output("/dev/gpiochip-none", 24, 0, "v2check")
if let l = input { _ = gshim_fd(l); _ = gshim_get_value(l); gshim_release(l) }
if let l = output { _ = gshim_set_value(l, 1); gshim_release(l) }
print("missing chip: input \(input == nil ? "nil" : "opened") errno \(inputErrno), output \(output == nil ? "nil" : "opened")")
exit(gshim_api_major() == 2 && input == nil && inputErrno == ENOENT ? 0 : 1)
EOF
( cd "$PKG" && PKG_CONFIG_PATH="$WORK/pc" swift build --scratch-path "$WORK/.build" >"$WORK/swift-build.log" 2>&1 ) \
    || { tail -20 "$WORK/swift-build.log"; fail "swift build of the v2 check package failed (log: $WORK/swift-build.log)"; }
"$WORK/.build/debug/GPIOV2Check" || fail "the Swift check did not report API v2 / ENOENT"
echo "PASS: the libgpiod v2 path of CGPIOD compiles, links and runs (libgpiod $VER)"
