#!/bin/bash
# The data path in every mode, bonding_rs against bonding.ko on the same
# topology: bond0 over veth0/veth1 whose peers are ports of a bridge in
# namespace "peer" (192.0.2.2).  For each mode and driver: ping across the
# bond, the per-slave tx spread, /proc/net/bonding/bond0 (diffed against the
# C driver's), release restoring MAC and MTU, rmmod with slaves attached.
. "$(dirname "$0")/lib.sh"
unload_all
setup() { peer_setup 2 bridge mtu 1400; }
teardown() { peer_teardown; }
txp() { cat /sys/class/net/$1/statistics/tx_packets; }

scenario() { # scenario KO MODE -> transcript on stdout
  local ko=$1 mode=$2
  setup
  insmod "$ko" mode=$mode miimon=100 || { echo "insmod failed"; teardown; return; }
  ip link set veth0 master bond0; echo "enslave veth0: $?"
  ip link set veth1 master bond0; echo "enslave veth1: $?"
  ip link set bond0 up
  ip addr add 192.0.2.1/24 dev bond0
  echo "veth0 mac while enslaved: $(cat /sys/class/net/veth0/address) = bond $( [ "$(cat /sys/class/net/veth0/address)" = "$(cat /sys/class/net/bond0/address)" ] && echo yes || echo no)"
  echo "veth0 mtu: $(cat /sys/class/net/veth0/mtu)"
  sleep 1
  local a0 a1 b0 b1
  a0=$(txp veth0); a1=$(txp veth1)
  ping -c 20 -i 0.05 -W 2 192.0.2.2 > /tmp/ping.out 2>&1
  echo "ping: $(grep -o "[0-9]* received" /tmp/ping.out)"; grep -q " 0% packet loss" /tmp/ping.out || sed "s/^/    ping: /" /tmp/ping.out >&2
  b0=$(txp veth0); b1=$(txp veth1)
  echo "spread: $((b0 - a0)) $((b1 - a1))" >&2
  case $mode in
    balance-rr) [ $((b0 - a0)) -ge 8 ] && [ $((b1 - a1)) -ge 8 ] && echo "spread: even" || echo "spread: UNEVEN $((b0-a0)) $((b1-a1))";;
    active-backup) [ $((b0 - a0)) -ge 20 ] && [ $((b1 - a1)) -le 1 ] && echo "spread: one slave" || echo "spread: BAD $((b0-a0)) $((b1-a1))";;
    broadcast) [ $((b0 - a0)) -ge 20 ] && [ $((b1 - a1)) -ge 20 ] && echo "spread: duplicated" || echo "spread: BAD $((b0-a0)) $((b1-a1))";;
    # The ICMP flow stays on one slave; ARP (another ethertype, so another
    # layer2 hash) may take the other.
    balance-xor) { [ $((b0 - a0)) -ge 20 ] && [ $((b1 - a1)) -le 3 ]; } || { [ $((b1 - a1)) -ge 20 ] && [ $((b0 - a0)) -le 3 ]; } && echo "spread: one flow, one slave" || echo "spread: BAD $((b0-a0)) $((b1-a1))";;
  esac
  echo "--- proc"; cat /proc/net/bonding/bond0; echo "---"
  # Frames arriving on a backup slave are not delivered to the bond.
  ip link set veth1 nomaster; echo "release veth1: $?"
  echo "veth1 after release: mac $(cat /sys/class/net/veth1/address) mtu $(cat /sys/class/net/veth1/mtu)"
  echo "--- proc after release"; cat /proc/net/bonding/bond0; echo "---"
  unload_all
  echo "veth0 after rmmod: mac $(cat /sys/class/net/veth0/address) mtu $(cat /sys/class/net/veth0/mtu) master $(basename "$(readlink /sys/class/net/veth0/master 2>/dev/null)" 2>/dev/null)"
  teardown
}

for mode in balance-rr active-backup balance-xor broadcast; do
  want=$(scenario "$C_KO" $mode 2>/dev/null)
  got=$(scenario "$RS_KO" $mode)
  echo "$got" | grep -E "ping|spread|release|enslave" | sed "s/^/  [$mode] /"
  check "[$mode] ping across the bond" bash -c "echo '$got' | grep -q 'ping: 20 received'"
  check "[$mode] tx spread as the mode wants" bash -c "echo '$got' | grep -qE 'spread: (even|one slave|duplicated|one flow, one slave)$'"
  if [ "$want" == "$got" ]; then pass "[$mode] transcript and /proc identical to bonding.ko"; else
    fail "[$mode] differs from bonding.ko"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
done
finish
