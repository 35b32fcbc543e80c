#!/bin/bash
# Options changed on a live bond under a flood while its links flap, against
# bonding.ko on the same script: mode (releasing and re-enslaving, as the
# C driver requires no slaves for it), miimon, arp_interval, arp_ip_target,
# primary and active_slave, over rtnetlink and sysfs, in rounds, while ping
# floods the peer and the peer's ports go down and up.  Then the storm
# stops, one final configuration is set, and the state must be the C
# driver's: the bond's options (`ip -d link`), the bonding/ files, and
# /proc/net/bonding with the failure counts left out (how many flaps each
# driver's monitor caught is timing).  The bond must carry traffic again,
# and the kernel log must stay clean (run.sh checks it: KASAN catches a
# stale slave pointer, lockdep a lock taken wrongly).
. "$(dirname "$0")/lib.sh"
unload_all
peer_setup 2 bridge

S=/sys/class/net/bond0/bonding
ROUNDS=${LIVE_ROUNDS:-6}

# One round of changes, as an `ip -force -batch` file (one exec for all).
round_cmds() { # round_cmds N
  local mode=active-backup
  [ $(($1 % 3)) = 1 ] && mode=balance-rr
  [ $(($1 % 3)) = 2 ] && mode=balance-xor
  cat <<EOF
link set bond0 type bond miimon 50
link set bond0 type bond primary veth1
link set bond0 type bond active_slave veth0
link set bond0 type bond arp_interval 200 arp_ip_target 192.0.2.2
link set bond0 type bond arp_ip_target 192.0.2.2,192.0.2.3 arp_validate none
link set bond0 type bond primary veth0
link set bond0 type bond active_slave veth1
link set bond0 type bond miimon 100
link set bond0 type bond arp_ip_target 192.0.2.2
link set bond0 down
link set veth0 nomaster
link set veth1 nomaster
link set bond0 type bond mode $mode
link set veth0 master bond0
link set veth1 master bond0
link set bond0 up
link set bond0 type bond arp_interval 100
link set bond0 type bond miimon 20 primary veth1
EOF
}

storm() { # storm KO -> the final state
  local ko=$1 r i fp flap
  insmod "$ko" mode=active-backup miimon=100 primary=veth0 || { echo "insmod failed"; return; }
  printf '%s\n' "link set veth0 master bond0" "link set veth1 master bond0" \
    "link set bond0 up" "addr add 192.0.2.1/24 dev bond0" | ip -batch -
  for i in $(seq 50); do grep -q "Currently Active Slave: veth0" /proc/net/bonding/bond0 && break; nap 0.1; done
  ping -f -q 192.0.2.2 > /dev/null 2>&1 &
  fp=$!
  # Flaps in bursts of ten, on both ports in turn, until the rounds end.
  for i in $(seq 10); do echo "link set p$((i % 2)) down"; echo "link set p$((i % 2)) up"; done > "$WORK/flaps"
  rm -f "$WORK/stop"
  while [ ! -e "$WORK/stop" ]; do ip -n peer -force -batch "$WORK/flaps" > /dev/null 2>&1; nap 0.1; done &
  flap=$!
  for ((r = 0; r < ROUNDS; r++)); do
    round_cmds $r > "$WORK/round"
    ip -force -batch "$WORK/round" > /dev/null 2>&1
    # The same kinds of change over sysfs (builtins: no exec).
    echo 100 > $S/miimon 2> /dev/null
    echo veth0 > $S/primary 2> /dev/null
    echo +192.0.2.4 > $S/arp_ip_target 2> /dev/null
    echo 300 > $S/arp_interval 2> /dev/null
    echo -192.0.2.4 > $S/arp_ip_target 2> /dev/null
    echo veth1 > $S/active_slave 2> /dev/null
    echo 50 > $S/miimon 2> /dev/null
    kill -0 $fp 2> /dev/null || { ping -f -q 192.0.2.2 > /dev/null 2>&1 & fp=$!; }
  done
  : > "$WORK/stop"; wait $flap
  kill $fp; wait $fp 2> /dev/null
  # The final configuration, on links that are up.
  ip -n peer link set p0 up; ip -n peer link set p1 up
  ip -force -batch - > /dev/null 2>&1 <<EOF
link set bond0 down
link set veth0 nomaster
link set veth1 nomaster
link set bond0 type bond mode active-backup
link set bond0 type bond arp_interval 0 miimon 100 primary veth0 arp_ip_target 192.0.2.2
link set veth0 master bond0
link set veth1 master bond0
link set bond0 up
EOF
  for i in $(seq 50); do grep -q "Currently Active Slave: veth0" /proc/net/bonding/bond0 && break; nap 0.1; done
  nap 1
  echo "== ip -d link"
  ip -d link show bond0 | grep -oE ' bond mode .*' | sed -E 's/ numtxqueues .*//'
  echo "== $S"
  for f in $S/*; do read -r v < "$f" 2> /dev/null; echo "${f##*/}=$v"; done
  echo "== /proc/net/bonding/bond0"
  grep -v "Link Failure Count" /proc/net/bonding/bond0
  if ping -c 3 -i 0.2 -W 2 192.0.2.2 > /dev/null 2>&1; then echo "traffic: ok"; else echo "traffic: none"; fi
  unload_all
}

t0=$SECONDS
want=$(storm "$C_KO" 2> /dev/null)
echo "  bonding.ko storm of $ROUNDS rounds: $((SECONDS - t0)) s"
t0=$SECONDS
got=$(storm "$RS_KO")
echo "  bonding_rs storm of $ROUNDS rounds: $((SECONDS - t0)) s"
echo "$got" | grep -E "^(traffic|Currently Active|MII Status)" | sed 's/^/  /'
check "traffic over the bond after the storm" grep -q "traffic: ok" <<< "$got"
if [ "$want" == "$got" ]; then pass "state after the storm and the final configuration as bonding.ko's"; else
  fail "state after the storm differs from bonding.ko's"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
peer_teardown
finish
