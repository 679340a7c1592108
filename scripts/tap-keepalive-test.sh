#!/usr/bin/env bash
# The Linux kernel as the network (tcp-keepalive --tap): inside a network namespace this
# script creates (never the root namespace), a TAP interface with a private address,
# dnsmasq serving DHCP on it, and a kernel TCP server that echoes what the device sends and,
# 12 s after accepting, sends 12 bytes of its own while the device's host sleeps. Runs
# `tcp-keepalive --tap` for 30 s with --interval 2 --retry-interval 1 --retry-count 3,
# captures with tcpdump, and judges with tshark (the kernel's view) and the run's JSON
# report plus its own air capture (the device's view, for the wakes):
#   - the server's data is ACKed by the device within 0.5 s of its first transmission
#     (a DTIM-3 beacon period is 0.3 s), with at most one kernel retransmission;
#   - no duplicate-ACK bursts (the same pure ACK twice from the device with no segment of
#     the server's in between);
#   - every host wake has a cause in the world (a data wake follows new data from the
#     server; no spurious/other/timer wakes);
#   - keepalives every <= 2.6 s, each one answered by the kernel within 0.5 s; no RST.
# Prints data-to-ACK latency, retransmissions and wakes by reason. Removes everything
# afterwards, also on failure. Root only: prints why and exits 0 (skipped) otherwise.
set -u
BIN=${1:-.build/debug/tcp-keepalive}
DURATION=${TAP_DURATION:-30s}
say() { echo "tap-keepalive-test: $*"; }
if [ "$(id -u)" != 0 ]; then say "SKIPPED: needs root (network namespace + TAP)"; exit 0; fi
for t in ip dnsmasq tcpdump tshark python3; do
  command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || { say "SKIPPED: $t not installed"; exit 0; }
done
[ -x "$BIN" ] || { say "FAIL: $BIN not built"; exit 1; }
[ -e /dev/net/tun ] || { say "SKIPPED: no /dev/net/tun"; exit 0; }
NS="tko-tap-$$"; TAP=tkotap0; DIR=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null
  ip netns del "$NS" 2>/dev/null
  [ -n "${KEEP_DIR:-}" ] && { cp -r "$DIR"/. "$KEEP_DIR"/ 2>/dev/null; }
  rm -rf "$DIR"
}
trap cleanup EXIT
ip netns add "$NS" || { say "SKIPPED: cannot create a network namespace"; exit 0; }
NX="ip netns exec $NS"
$NX ip link set lo up
$NX ip tuntap add dev $TAP mode tap || { say "FAIL: cannot create the TAP"; exit 1; }
$NX ip addr add 10.213.7.1/24 dev $TAP
# The device speaks IPv4 only: keep the kernel's IPv6 multicast (MLD, router
# solicitations) off this link, as a quiet network for the example would.
$NX sh -c "echo 1 > /proc/sys/net/ipv6/conf/$TAP/disable_ipv6" 2>/dev/null
$NX ip link set $TAP up
# The TAP exists only inside the namespace.
if ip link show $TAP >/dev/null 2>&1; then say "FAIL: $TAP visible in the root namespace"; exit 1; fi
$NX /usr/sbin/dnsmasq --no-daemon --conf-file=/dev/null --interface=$TAP --bind-interfaces \
    --dhcp-range=10.213.7.100,10.213.7.150,1h --no-resolv --port=0 --pid-file=$DIR/dnsmasq.pid \
    --dhcp-leasefile=$DIR/leases > $DIR/dnsmasq.log 2>&1 &
PIDS+=($!)
$NX python3 -u -c '
import socket, threading, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.213.7.1", 50007)); s.listen(1)
def later(c):
    time.sleep(12)
    try: c.sendall(b"hello, host!"); print("sent 12 bytes", flush=True)
    except OSError as e: print("send failed:", e, flush=True)
while True:
    c, a = s.accept()
    print("accepted", a, flush=True)
    threading.Thread(target=later, args=(c,), daemon=True).start()
    while True:
        d = c.recv(4096)
        if not d: break
        c.sendall(d)
    c.close()
' > $DIR/server.log 2>&1 &
PIDS+=($!)
$NX tcpdump -i $TAP -U -w $DIR/cap.pcap > $DIR/tcpdump.log 2>&1 &
PIDS+=($!)
sleep 1
say "running tcp-keepalive --tap $TAP for $DURATION (interval 2 s, retry 1 s x 3; the server sends 12 bytes 12 s after accepting)"
$NX timeout 120 "$BIN" --tap $TAP --server 10.213.7.1:50007 --interval 2 --retry-interval 1 --retry-count 3 \
    --duration "$DURATION" --trace-limit 5 --report $DIR/report.json --pcap $DIR/air.pcap > $DIR/run.log 2>&1
rc=$?
sleep 1
kill "${PIDS[2]}" 2>/dev/null; sleep 0.5
tail -n 12 $DIR/run.log
[ $rc = 0 ] || { say "FAIL: tcp-keepalive exited $rc"; exit 1; }
fields="-e frame.time_epoch -e ip.src -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.flags -e tcp.window_size_value -e tcp.analysis.keep_alive"
tshark -r $DIR/cap.pcap -Y "tcp.port == 50007" -T fields -E separator=, $fields > $DIR/kernel.csv 2>/dev/null
tshark -r $DIR/air.pcap -Y "tcp.port == 50007" -T fields -E separator=, $fields > $DIR/air.csv 2>/dev/null
python3 - "$DIR/kernel.csv" "$DIR/air.csv" "$DIR/report.json" "$DIR/server.log" <<'PY' || exit 1
import sys, json
SERVER = "10.213.7.1"
def load(path):
    out = []
    for l in open(path):
        r = l.strip().split(",")
        if len(r) < 7: continue
        out.append(dict(t=float(r[0]), dev=r[1] != SERVER, seq=int(r[2]), ack=int(r[3]), len=int(r[4] or 0),
                        flags=int(r[5], 16), win=int(r[6] or 0), ka=len(r) > 7 and r[7] != ""))
    return out
k, air, rep = load(sys.argv[1]), load(sys.argv[2]), json.load(open(sys.argv[3]))
if "host_wakes" not in rep: print("tap-keepalive-test: FAIL: the report has no host_wakes"); sys.exit(1)
say = lambda s: print("tap-keepalive-test: " + s)
fails = []
if not k: say("FAIL: nothing captured on the connection"); sys.exit(1)
t0 = k[0]["t"]
rel = lambda t: t - t0
def seq_end(f): return (f["seq"] + f["len"]) & 0xFFFFFFFF
def acks(a, b): return ((a - b) & 0xFFFFFFFF) < 0x80000000   # a >= b in sequence space

# 1. The server's 12 bytes: first transmission, retransmissions, the device's ACK.
twelve = [f for f in k if not f["dev"] and f["len"] == 12]
if not twelve:
    fails.append("the server's 12 bytes never went out (server log: %s)" % open(sys.argv[4]).read().strip())
else:
    first = twelve[0]; end = seq_end(first)
    retx = len([f for f in twelve if f["seq"] == first["seq"]]) - 1
    ack = next((f for f in k if f["dev"] and f["t"] >= first["t"] and not f["ka"] and acks(f["ack"], end)), None)
    if ack is None:
        fails.append("the device never ACKed the server's data")
    else:
        lat = ack["t"] - first["t"]
        say("server data at %.3f s: ACKed after %.0f ms, %d kernel retransmission(s)" % (rel(first["t"]), lat * 1000, retx))
        if lat > 0.5: fails.append("data-to-ACK %.0f ms (limit 500 ms)" % (lat * 1000))
        if retx > 1: fails.append("%d kernel retransmissions of the data (limit 1)" % retx)

# 2. Duplicate-ACK bursts: the same pure ACK from the device twice with no server segment between.
bursts = []
last = None
for f in k:
    if not f["dev"]: last = None; continue
    if f["len"] or f["ka"] or f["flags"] != 0x010: continue
    key = (f["seq"], f["ack"], f["win"])
    if last == key: bursts.append(rel(f["t"]))
    last = key
say("duplicate device ACKs with no cause: %d %s" % (len(bursts), " ".join("%.3f" % t for t in bursts)))
if bursts: fails.append("duplicate-ACK burst(s) at " + " ".join("%.3f s" % t for t in bursts))

# 3. Wakes: by reason; a data wake must follow new data from the server on the air.
by = rep["host_wakeups_by_reason"]
say("host wakes: %d (%s)" % (rep["host_wakeups"], ", ".join("%s %d" % (r, n) for r, n in sorted(by.items()) if n)))
for r in ("other", "spurious", "timer", "recovery", "link_down", "keepalive_failure"):
    if by.get(r, 0): fails.append("%d %s wake(s): no such cause in this world" % (by[r], r))
highest = None   # highest ack the device sent on the air so far
events = sorted([("f", f["t"], f) for f in air] + [("w", w["at"], w) for w in rep["host_wakes"]], key=lambda e: (e[1], e[0] == "w"))
new_data_at = []
for kind, t, x in events:
    if kind == "f":
        if x["dev"] and not x["ka"] and x["flags"] & 0x10:
            highest = x["ack"] if highest is None or acks(x["ack"], highest) else highest
        elif not x["dev"] and x["len"] and (highest is None or not acks(highest, seq_end(x))):
            new_data_at.append(t)
    elif x["reason"] == "data":
        if not any(0 <= t - d <= 0.05 for d in new_data_at):
            fails.append("data wake at %.3f s with no new data from the server just before it" % (t - air[0]["t"] if air else t))

# 4. Keepalives: every ~2 s, each answered by the kernel within 0.5 s.
kas = [f for f in k if f["dev"] and f["ka"]]
kacks = [f for f in k if not f["dev"] and f["len"] == 0 and f["flags"] == 0x010]
gaps = [b["t"] - a["t"] for a, b in zip(kas, kas[1:])]
unanswered = [rel(x["t"]) for x in kas if not any(0 <= a["t"] - x["t"] <= 0.5 for a in kacks)]
rst = [f for f in k if f["flags"] & 0x04]
say("keepalives %d, answered %d, gaps (s): %s" % (len(kas), len(kas) - len(unanswered), " ".join("%.2f" % g for g in gaps)))
if len(kas) < 10: fails.append("expected about 14 keepalives, saw %d" % len(kas))
if any(g > 2.6 for g in gaps): fails.append("a keepalive came late")
if unanswered: fails.append("keepalives the kernel did not answer at " + " ".join("%.3f s" % t for t in unanswered))
if rst: fails.append("RST on the connection")
for f in fails: say("FAIL: " + f)
sys.exit(1 if fails else 0)
PY
say "PASS"
