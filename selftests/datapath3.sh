#!/bin/bash
# Three slaves and TCP, bonding_rs in every mode: bond0 over veth0..veth2
# whose peers are bridged in namespace "peer" (192.0.2.2).  For each mode a
# TCP transfer across the bond arrives whole, the per-slave tx counters show
# the mode's spread, and a slave deleted in the middle of a transfer leaves
# the bond carrying traffic (run.sh fails the test on any kernel splat).
. "$(dirname "$0")/lib.sh"
unload_all
PY=/usr/bin/python3
setup() { peer_setup 3 bridge; }
teardown() { peer_teardown; }
txp() { cat /sys/class/net/$1/statistics/tx_packets 2>/dev/null || echo 0; }

# A TCP sink in the peer namespace: prints "<bytes> <sha256>" of what came.
start_sink() {
  ip netns exec peer $PY -c '
import hashlib, socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 5001)); s.listen(1)
c, _ = s.accept(); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
print(n, h.hexdigest(), flush=True)
' > /tmp/sink.out 2>&1 &
  sink=$!
  nap 1.5
}
# send BYTES [HOOK_AT_BYTES HOOK_CMD]: sends deterministic data, running
# HOOK_CMD once when HOOK_AT_BYTES have gone; prints "<bytes> <sha256>".
send() {
  $PY -c '
import hashlib, os, socket, sys
total = int(sys.argv[1]); at = int(sys.argv[2]); hook = sys.argv[3]
c = socket.create_connection(("192.0.2.2", 5001), timeout=20)
h = hashlib.sha256(); sent = 0; block = bytes(range(256)) * 64
while sent < total:
    b = block[: min(len(block), total - sent)]
    c.sendall(b); h.update(b); sent += len(b)
    if at and sent >= at and hook:
        os.system(hook); hook = ""
c.shutdown(socket.SHUT_WR); c.recv(1); c.close()
print(sent, h.hexdigest())
' "$@"
}

for mode in balance-rr active-backup balance-xor broadcast; do
  setup
  extra=; [ $mode = balance-xor ] && extra=xmit_hash_policy=layer3+4
  insmod "$RS_KO" mode=$mode miimon=50 $extra
  for i in 0 1 2; do ip link set veth$i master bond0; done
  ip link set bond0 up; ip addr add 192.0.2.1/24 dev bond0
  nap 1
  check "[$mode] ping over three slaves" ping -c 5 -i 0.1 -W 2 192.0.2.2
  a=($(txp veth0) $(txp veth1) $(txp veth2))
  start_sink
  got=$(send 1500000 0 "")
  wait $sink; want=$(cat /tmp/sink.out)
  b=($(txp veth0) $(txp veth1) $(txp veth2))
  d=($((b[0]-a[0])) $((b[1]-a[1])) $((b[2]-a[2])))
  echo "  [$mode] 1.5 MB over TCP: sent '$got' received '$want'; tx per slave ${d[*]}"
  check "[$mode] TCP transfer arrives whole" test -n "$got" -a "$got" == "$want"
  # The bond's counters are the slaves' folded (bond_get_stats()), and its
  # ethtool speed the sum of the usable slaves' (veth: 10000Mb/s each), the
  # slowest one's in broadcast, the active one's in active-backup.
  btx=$(cat /sys/class/net/bond0/statistics/tx_packets)
  sum=$((d[0] + d[1] + d[2]))
  check "[$mode] bond tx_packets ($btx) covers what the slaves sent ($sum)" test "$sum" -gt 0 -a "$btx" -ge "$sum"
  # The same counters through rtnetlink (ip -s link), whose stats64 buffer
  # inside a netlink attribute may be only 4-byte aligned.
  iptx=$(ip -s link show bond0 | awk '/TX:/ { getline; print $2 }')
  check "[$mode] ip -s link shows bond0's tx packets ($iptx >= $btx)" test -n "$iptx" -a "${iptx:-0}" -ge "$btx"
  speed=$(ethtool bond0 2>/dev/null | sed -n 's/^[[:space:]]*Speed: //p')
  case $mode in balance-rr|balance-xor) want_speed=30000Mb/s;; *) want_speed=10000Mb/s;; esac
  check "[$mode] ethtool speed $speed (want $want_speed)" test "$speed" = "$want_speed"
  busy=0; for x in "${d[@]}"; do [ "$x" -ge 10 ] && busy=$((busy + 1)); done
  case $mode in
    balance-rr|broadcast) check "[$mode] all three slaves carry the flow" test $busy = 3;;
    active-backup|balance-xor) check "[$mode] one slave carries the flow" test $busy = 1;;
  esac
  # Delete a slave in the middle of a transfer (veth2; in active-backup the
  # active one, veth0, so that the flow fails over).
  victim=veth2; [ $mode = active-backup ] && victim=veth0
  start_sink
  got=$(send 1500000 500000 "ip link del $victim" 2>&1 | tail -1)
  wait $sink; want=$(cat /tmp/sink.out)
  echo "  [$mode] deleting $victim mid-transfer: sent '$got' received '$want'"
  check "[$mode] $victim is gone from /proc" bash -c "! grep -q 'Slave Interface: $victim' /proc/net/bonding/bond0"
  check "[$mode] bond still carries traffic" ping -c 3 -i 0.1 -W 2 192.0.2.2
  if [ $mode = active-backup ]; then
    # Compare with bonding.ko on the same script: the active slave deleted
    # mid-transfer.
    unload_all; teardown; setup
    insmod "$C_KO" mode=$mode miimon=50
    for i in 0 1 2; do ip link set veth$i master bond0; done
    ip link set bond0 up; ip addr add 192.0.2.1/24 dev bond0
    nap 1; start_sink
    cgot=$(send 1500000 500000 "ip link del $victim" 2>&1 | tail -1)
    wait $sink; cwant=$(cat /tmp/sink.out)
    echo "  [$mode] bonding.ko, deleting $victim mid-transfer: sent '$cgot' received '$cwant'"
    check "[$mode] bonding.ko's transfer survives deleting the active slave" test -n "$cgot" -a "$cgot" == "$cwant"
  fi
  check "[$mode] transfer survives deleting $victim under traffic" test -n "$got" -a "$got" == "$want"
  unload_all
  teardown
done
finish
