#!/usr/bin/env bash
# The Linux SBC path end to end without hardware (`make virtual-sbc`): the unmodified
# `tcp-keepalive run --board LINUX-SBC-43439` binary, with real libgpiod, runs against a
# virtual board. Platforms/Linux/VirtualSBC/vsbc.c (LD_PRELOAD) serves /dev/spidev0.0 and
# /dev/gpiochip0 with the kernel's ioctl ABI and forwards them to virtual-sbc-chip (the chip
# model on the wall clock: WL_REG_ON powers it, host-wake drives edge events), whose radio side
# is bridged to a TAP in a network namespace this script creates: dnsmasq is the DHCP
# server, a kernel TCP server at the board's 192.168.0.114:3360 echoes and, 8 s after the
# device connects, sends 12 bytes. Runs: 4-wire (30 s), SPI_3WIRE (20 s) and, when
# check-libgpiod-v2.sh has built libgpiod.so.3, 4-wire with libgpiod 2 (20 s, GPIO v2 ioctls).
# Judged per run: bring-up over SPI_IOC_MESSAGE framing (the first command in the chip's
# 16-bit start-up word order), join, DHCP from dnsmasq, the TCP connection, offload, the host
# asleep in epoll_wait and woken by a host-wake edge event for the server's data, the data
# delivered, keepalives ACKed by the kernel (tcpdump + tshark); prints the ioctl counts.
# Everything is removed afterwards, also on failure. Root only: prints why and exits 0
# (skipped) otherwise.
#
# Usage: scripts/virtual-sbc-test.sh [tcp-keepalive] [virtual-sbc-chip]
set -u
BIN=${1:-.build/debug/tcp-keepalive}
CHIP=${2:-.build/debug/virtual-sbc-chip}
HERE=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "virtual-sbc: $*"; }
if [ "$(id -u)" != 0 ]; then say "SKIPPED: needs root (network namespace + TAP)"; exit 0; fi
for t in ip dnsmasq tcpdump tshark python3 cc; do
  command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || { say "SKIPPED: $t not installed"; exit 0; }
done
[ -e /dev/net/tun ] || { say "SKIPPED: no /dev/net/tun"; exit 0; }
for b in "$BIN" "$CHIP"; do [ -x "$b" ] || { say "FAIL: $b not built"; exit 1; }; done
ldd "$BIN" >/dev/null 2>&1 || { say "FAIL: $BIN is not a dynamic executable (LD_PRELOAD cannot reach it)"; exit 1; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/virtual-sbc.XXXXXX")
NS=""; PIDS=()
teardown() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  PIDS=()
  sleep 0.3
  if [ -n "$NS" ]; then
    ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null
    sleep 0.2
    ip netns del "$NS" 2>/dev/null
  fi
  NS=""
}
cleanup() { teardown; rm -rf "$DIR"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap 'teardown; echo "virtual-sbc: kept $DIR"' EXIT

say "building the interposer"
cc -std=gnu11 -shared -fPIC -O2 -Wall -Wextra -Werror -o "$DIR/libvsbc.so" \
   "$HERE/Platforms/Linux/VirtualSBC/vsbc.c" -ldl -lpthread || { say "FAIL: the interposer does not build"; exit 1; }
mkdir -p "$DIR/fw"
"$CHIP" --write-firmware "$DIR/fw" > "$DIR/fw.log" 2>&1 || { cat "$DIR/fw.log"; say "FAIL: placeholder firmware"; exit 1; }

# Two boards that must NOT come up, and say why (no network needed: the chip process without a TAP).
# A controller without SPI_3WIRE (spi_setup refuses the mode bit, as on a Pi 5's RP1) asked for
# 3-wire; and SPI mode 1, which samples on the other clock edge than the chip drives and reads.
# No --duration: a board that cannot come up must end the run by itself (exit 2 within 30 s).
negative() {  # negative NAME EXPECTED-TEXT ENV... -- ARGS...
  local name=$1 want=$2; shift 2
  local envs=(); while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  local R="$DIR/neg-$name"; mkdir -p "$R"
  "$CHIP" --socket "$R/chip.sock" > "$R/chip.log" 2>&1 &
  local CHIPPID=$!
  PIDS+=($CHIPPID)
  for _ in $(seq 50); do [ -S "$R/chip.sock" ] && break; sleep 0.1; done
  timeout 30 env LD_PRELOAD="$DIR/libvsbc.so" VSBC_SOCKET="$R/chip.sock" VSBC_COUNTS="$R/counts" "${envs[@]}" \
      "$BIN" run --board LINUX-SBC-43439 --firmware "$DIR/fw" "$@" > "$R/run.log" 2>&1
  local rc=$?
  kill -TERM $CHIPPID 2>/dev/null; wait $CHIPPID 2>/dev/null
  if [ $rc = 2 ] && grep -q "$want" "$R/run.log"; then
    say "ok   $name: refused with exit 2: $(grep -o "$want.\{0,60\}" "$R/run.log" | head -1)"
  else
    tail -5 "$R/run.log"; say "FAIL: $name: expected exit 2 and '$want', got exit $rc"; return 1
  fi
}
negative no-3wire-controller "does not do SPI_3WIRE" VSBC_SPI_MODE_BITS=0x47 -- --spi-wiring 3 || exit 1
negative spi-mode-1 "Wi-Fi initialization failed" -- --spi-mode 1 || exit 1
grep -q "firmware running false" "$DIR/neg-spi-mode-1/chip.log" && grep -q "bit-corrupted by the SPI mode [1-9]" "$DIR/neg-spi-mode-1/chip.log" \
  || { say "FAIL: spi-mode-1: the chip did not see corrupted bits / booted anyway"; exit 1; }

SERVER=192.168.0.114; PORT=3360; TAP=vsbctap0
# run_board NAME WIRING SECONDS [LIBDIR]: one namespace, one TAP, dnsmasq, server, capture,
# chip, binary (LIBDIR first on LD_LIBRARY_PATH: where the binary's dlopen finds libgpiod).
run_board() {
  local name=$1 w=$2 secs=$3 lib=${4:-} R="$DIR/$1"
  mkdir -p "$R"
  NS="vsbc-$$-$name"
  ip netns add "$NS" || { say "SKIPPED: cannot create a network namespace"; exit 0; }
  local NX="ip netns exec $NS"
  $NX ip link set lo up
  $NX ip tuntap add dev $TAP mode tap || { say "FAIL: cannot create the TAP"; return 1; }
  $NX ip addr add $SERVER/24 dev $TAP
  $NX sh -c "echo 1 > /proc/sys/net/ipv6/conf/$TAP/disable_ipv6" 2>/dev/null
  $NX ip link set $TAP up
  if ip link show $TAP >/dev/null 2>&1; then say "FAIL: $TAP visible in the root namespace"; return 1; fi
  $NX /usr/sbin/dnsmasq --no-daemon --conf-file=/dev/null --interface=$TAP --bind-interfaces \
      --dhcp-range=192.168.0.100,192.168.0.110,1h --no-resolv --port=0 --log-dhcp \
      --pid-file="$R/dnsmasq.pid" --dhcp-leasefile="$R/leases" > "$R/dnsmasq.log" 2>&1 &
  PIDS+=($!)
  $NX python3 -u -c '
import socket, threading, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("'$SERVER'", '$PORT')); s.listen(1)
def later(c):
    time.sleep(8)
    print("send-data %.6f" % time.time(), flush=True)
    try: c.sendall(b"wake-up-data")
    except OSError: pass
while True:
    c, a = s.accept()
    print("accept %.6f %s:%d" % (time.time(), a[0], a[1]), flush=True)
    threading.Thread(target=later, args=(c,), daemon=True).start()
    while True:
        try: d = c.recv(4096)
        except OSError: break
        if not d: break
        c.sendall(d)
    c.close()
' > "$R/server.log" 2>&1 &
  PIDS+=($!)
  $NX tcpdump -i $TAP -U -w "$R/cap.pcap" > "$R/tcpdump.log" 2>&1 &
  local TCPDUMP=$!
  PIDS+=($TCPDUMP)
  $NX "$CHIP" --socket "$R/chip.sock" --tap $TAP > "$R/chip.log" 2>&1 &
  local CHIPPID=$!
  PIDS+=($CHIPPID)
  for _ in $(seq 50); do [ -S "$R/chip.sock" ] && break; sleep 0.1; done
  [ -S "$R/chip.sock" ] || { cat "$R/chip.log"; say "FAIL: the chip process did not start"; return 1; }
  sleep 0.5
  say "[$name] tcp-keepalive run --board LINUX-SBC-43439 --firmware <placeholders> --spi-wiring $w --duration ${secs}s${lib:+ (libgpiod from $lib)}"
  $NX timeout $((secs + 30)) env ${lib:+LD_LIBRARY_PATH="$lib"} LD_PRELOAD="$DIR/libvsbc.so" VSBC_SOCKET="$R/chip.sock" \
      VSBC_COUNTS="$R/counts" VSBC_TRACE="$R/trace" "$BIN" run --board LINUX-SBC-43439 --firmware "$DIR/fw" --spi-wiring $w \
      --duration ${secs}s > "$R/run.log" 2>&1
  echo $? > "$R/rc"
  sleep 0.5
  kill -TERM $CHIPPID 2>/dev/null; wait $CHIPPID 2>/dev/null
  kill $TCPDUMP 2>/dev/null; wait $TCPDUMP 2>/dev/null
  tshark -r "$R/cap.pcap" -Y "tcp.port == $PORT" -T fields -E separator=, -e frame.time_epoch -e ip.src \
      -e tcp.len -e tcp.flags -e tcp.analysis.keep_alive -e tcp.seq -e tcp.ack > "$R/frames.csv" 2>/dev/null
  teardown
  return 0
}

ok=1; runs="4 3"
run_board 4 4 30 || ok=0
[ $ok = 1 ] && { run_board 3 3 20 || ok=0; }
# libgpiod 2 (GPIO chardev v2 ioctls): the shared libgpiod.so.3 check-libgpiod-v2.sh builds
# (make test runs that step first); the binary dlopens .so.3 before .so.2.
V2LIB=${LIBGPIOD_V2_LIB:-${TMPDIR:-/tmp}/libgpiod-v2-check/lib}
if [ $ok = 1 ] && [ -f "$V2LIB/libgpiod.so.3" ]; then
  run_board v2 4 20 "$V2LIB" || ok=0
  runs="$runs v2"
elif [ $ok = 1 ]; then
  say "note: no libgpiod 2 at $V2LIB (run make check-libgpiod-v2 first): the GPIO v2 run is left out"
fi
[ $ok = 1 ] || { for f in "$DIR"/*/run.log "$DIR"/*/chip.log; do echo "== $f"; tail -20 "$f"; done; say "FAIL"; exit 1; }

python3 "$HERE/scripts/virtual-sbc-judge.py" "$DIR" $runs || { say "FAIL"; exit 1; }
say "PASS"
