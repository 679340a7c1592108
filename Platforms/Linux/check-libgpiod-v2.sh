#!/bin/sh
# Shows that the libgpiod v2 branch of Platforms/Linux/CGPIOD/gpiod_shim.h matches the v2
# header, loads and runs (Debian 13 ships libgpiod 2.x; this machine has 1.6.3). The shim
# dlopens libgpiod (nothing of it is needed to build), so this is where its own
# declarations meet the real headers. Recipe: docs/build-recipes.md §4.
#
#   1. pip downloads the PyPI `gpiod` sdist, which bundles libgpiod 2.x's C sources;
#   2. those are built into a shared libgpiod.so.3 (v2's soname), in a work folder;
#   3. the shim is compiled as C with -Wall -Wextra -Werror -DGSHIM_CHECK_AGAINST_HEADER
#      against the v2 header (and the system's v1 header, if present): every prototype,
#      constant and the v1 event layout must match;
#   4. a C program calls every shim function with that library on LD_LIBRARY_PATH and must
#      report API v2 and ENOENT for a missing chip (then the same against the system
#      library, if any); it also checks the "libgpiod not installed" path;
#   5. a throwaway SwiftPM package imports CGPIOD, calls every shim function and must report
#      API v2 / ENOENT.
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
PIP=""
for p in pip3 pip; do command -v $p >/dev/null 2>&1 && { PIP=$p; break; }; done
if [ -z "$PIP" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
    PIP="python3 -m pip"
fi
[ -n "$PIP" ] || skip "pip is not available (needed to fetch the gpiod sdist)"

rm -rf "$WORK"
mkdir -p "$WORK/dl" "$WORK/lib" "$WORK/include"
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

echo "== building libgpiod $VER into $WORK/lib/libgpiod.so.3"
for c in "$SRC"/lib/*.c; do
    "$CC" -O1 -fPIC -D_GNU_SOURCE -I"$SRC/include" -I"$SRC/lib" "-DGPIOD_API_VERSION_STR=\"$VER\"" \
        -c "$c" -o "$WORK/lib/$(basename "$c" .c).o" || fail "compiling $c"
done
"$CC" -shared -Wl,-soname,libgpiod.so.3 -o "$WORK/lib/libgpiod.so.3" "$WORK"/lib/*.o || fail "linking libgpiod.so.3"
cp "$SRC/include/gpiod.h" "$WORK/include/"

echo "== compiling the shim as C (-Wall -Wextra -Werror) against the libgpiod $VER header"
cat >"$WORK/header_check.c" <<'EOF'
#define GSHIM_CHECK_AGAINST_HEADER 1
#include "gpiod_shim.h"
int main(void) { gshim_api a = { 0 }; gshim_check_against_header(&a); return a.chip_close != 0; }
EOF
"$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$SHIM" -I"$WORK/include" -c "$WORK/header_check.c" \
    -o "$WORK/header_check_v2.o" || fail "the shim's declarations do not match the libgpiod $VER header"
SYSINC=""
for d in /usr/include /usr/local/include; do [ -f "$d/gpiod.h" ] && { SYSINC=$d; break; }; done
if [ -n "$SYSINC" ]; then
    echo "== compiling the shim as C against the system header $SYSINC/gpiod.h"
    "$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$SHIM" -I"$SYSINC" -c "$WORK/header_check.c" \
        -o "$WORK/header_check_sys.o" || fail "the shim's declarations do not match $SYSINC/gpiod.h"
fi

echo "== calling every shim function from C with libgpiod $VER on LD_LIBRARY_PATH"
cat >"$WORK/shim_check.c" <<'EOF'
#include "gpiod_shim.h"
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    int expect = argc > 1 ? atoi(argv[1]) : 2;
    gshim_line *in = gshim_request_input("/dev/gpiochip-none", 1, GSHIM_EDGE_BOTH, GSHIM_BIAS_PULL_UP, "check");
    int in_errno = errno;
    gshim_line *out = gshim_request_output("/dev/gpiochip-none", 2, 0, "check");
    if (in) { uint64_t ts; int r; (void)gshim_fd(in); (void)gshim_wait(in, 0); (void)gshim_read_event(in, &ts, &r);
              (void)gshim_get_value(in); gshim_release(in); }
    if (out) { (void)gshim_set_value(out, 1); gshim_release(out); }
    printf("C: libgpiod %s (API v%d), missing chip errno %d\n", gshim_version(), gshim_api_major(), in_errno);
    gshim_api none = { 0 };
    static const char *const bogus[] = { "libgpiod-not-there.so.9", NULL };
    if (gshim_load_from(&none, bogus) || none.major != 0 || !none.error || !strstr(none.error, "not installed")) {
        printf("C: the missing-library path is wrong\n");
        return 1;
    }
    return gshim_api_major() == expect && in == NULL && in_errno == ENOENT ? 0 : 1;
}
EOF
"$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$SHIM" "$WORK/shim_check.c" -ldl -o "$WORK/shim_check" \
    || fail "the shim does not compile as C"
LD_LIBRARY_PATH="$WORK/lib" "$WORK/shim_check" 2 || fail "C check against libgpiod $VER did not report API v2 / ENOENT"
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libgpiod 2>/dev/null; then
    SYSVER=$(pkg-config --modversion libgpiod)
    case "$SYSVER" in 1.*) EXP=1 ;; *) EXP=2 ;; esac
    echo "== the same against the system libgpiod $SYSVER"
    "$WORK/shim_check" $EXP || fail "C check against the system libgpiod $SYSVER failed"
fi

echo "== building a throwaway SwiftPM package that imports CGPIOD (no libgpiod at build time)"
PKG="$WORK/pkg"
mkdir -p "$PKG/Sources/GPIOV2Check"
cp -R "$SHIM" "$PKG/Sources/CGPIOD"
cat >"$PKG/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "GPIOV2Check", targets: [
    .systemLibrary(name: "CGPIOD"),
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
( cd "$PKG" && swift build --scratch-path "$WORK/.build" >"$WORK/swift-build.log" 2>&1 ) \
    || { tail -20 "$WORK/swift-build.log"; fail "swift build of the v2 check package failed (log: $WORK/swift-build.log)"; }
LD_LIBRARY_PATH="$WORK/lib" "$WORK/.build/debug/GPIOV2Check" || fail "the Swift check did not report API v2 / ENOENT"
echo "PASS: the libgpiod v2 path of CGPIOD matches the header, loads and runs (libgpiod $VER)"
