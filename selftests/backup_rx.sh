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

transcript() { # transcript KO [params]
  local ko=$1; shift
  insmod "$ko" mode=active-backup miimon=100 "$@"
  printf 'link set %s\n' "veth0 master bond0" "veth1 master bond0" "bond0 up" | ip -batch -
  nap 0.5
  local mac; mac=$(cat /sys/class/net/bond0/address)
  echo "active $(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)"
  # Frames of ethertype 0x88b5 sent into one slave from its peer, counted
  # on a packet socket on bond0 (backup_rx.py).
  ip netns exec peer $PY "$(dirname "$0")/backup_rx.py" "$mac" 3< /proc/self/ns/net
  unload_all
}

# The topology stays up; each transcript loads and unloads a driver.
peer_setup 2
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
peer_teardown
finish
