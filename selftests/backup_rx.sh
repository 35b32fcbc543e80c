#!/bin/bash
# Frames arriving on a backup slave are not delivered to the bond, frames on
# the active slave are; link-local frames stay on the slave; with
# all_slaves_active=1 the backup delivers too.  bond0 in active-backup over
# veth0 (active) and veth1 (backup); a frame of an unused ethertype is sent
# into exactly one slave from its peer in namespace "peer", and a packet
# socket on bond0 counts what the bond delivers.  Same script on bonding.ko.
. "$(dirname "$0")/lib.sh"
unload_all
PY=/usr/bin/python3
setup() { peer_setup 2; }
teardown() { peer_teardown; }

# count_on_bond DEST_MAC PEER_DEV: sends 5 frames of ethertype 0x88b5 to
# DEST_MAC out of PEER_DEV and prints how many a packet socket on bond0 saw.
count_on_bond() {
  local dst=$1 dev=$2
  $PY - "$dst" "$dev" <<'EOF' &
import os, socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
s.bind(("bond0", 0)); s.settimeout(0.2)
n, end = 0, time.time() + 30
open("/tmp/brx.ready", "w").close()
# Until the sender is done (then half a second more for stragglers).
while time.time() < end:
    if os.path.exists("/tmp/brx.done") and end - time.time() > 0.5:
        end = time.time() + 0.5
    try:
        s.recv(2048); n += 1
    except socket.timeout:
        pass
os.unlink("/tmp/brx.done")
print(n)
EOF
  local rx=$!
  while [ ! -e /tmp/brx.ready ]; do nap 0.05; done
  rm -f /tmp/brx.ready
  ip netns exec peer $PY - "$dst" "$dev" <<'EOF'
import socket, sys
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[2], 0))
frame = dst + bytes.fromhex("02aabbccddee") + b"\x88\xb5" + b"bonding_rs test".ljust(46, b".")
for _ in range(5):
    s.send(frame)
EOF
  : > /tmp/brx.done
  wait $rx
}

transcript() { # transcript KO [params]
  local ko=$1; shift
  setup
  insmod "$ko" mode=active-backup miimon=100 "$@"
  ip link set veth0 master bond0; ip link set veth1 master bond0
  ip link set bond0 up
  nap 0.5
  local mac; mac=$(cat /sys/class/net/bond0/address)
  echo "active $(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)"
  echo "unicast via active slave: $(count_on_bond "$mac" p0)"
  echo "unicast via backup slave: $(count_on_bond "$mac" p1)"
  echo "broadcast via backup slave: $(count_on_bond ff:ff:ff:ff:ff:ff p1)"
  echo "link-local via active slave: $(count_on_bond 01:80:c2:00:00:0e p0)"
  unload_all
  teardown
}

for params in "" "all_slaves_active=1"; do
  want=$(transcript "$C_KO" $params 2>/dev/null)
  got=$(transcript "$RS_KO" $params)
  echo "$got" | sed "s/^/  [${params:-default}] /"
  if [ -z "$params" ]; then
    check "frames on the active slave are delivered" bash -c "echo '$got' | grep -q 'via active slave: 5'"
    check "frames on the backup slave are not delivered" bash -c "echo '$got' | grep -q 'unicast via backup slave: 0'"
  else
    check "all_slaves_active=1 delivers the backup's frames" bash -c "echo '$got' | grep -q 'unicast via backup slave: 5'"
  fi
  if [ "$want" == "$got" ]; then pass "[${params:-default}] same deliveries as bonding.ko"; else
    fail "[${params:-default}] deliveries differ from bonding.ko"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
done
finish
