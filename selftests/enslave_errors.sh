#!/bin/bash
# Impossible enslaves: each refusal must carry the C driver's errno and
# netlink extack message, and leave the device as it was.  The same script
# runs against bonding.ko and bonding_rs.ko; the transcripts must be equal.
. "$(dirname "$0")/lib.sh"
unload_all
load_bridge
try() { # try DESCRIPTION COMMAND... : prints the outcome as ip reports it
  local d=$1; shift
  local out; out=$("$@" 2>&1) && echo "$d: ok" || echo "$d: ${out}"
}
transcript() {
  insmod "$1" max_bonds=2 mode=active-backup miimon=100
  # Addresses given at creation: udevd's MACAddressPolicy leaves them alone.
  ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth0p
  ip link add veth1 address 02:00:00:00:00:11 type veth peer name veth1p
  ip link add dum0 type dummy
  ip link add br0 type bridge
  ip link set veth0 up
  try "slave is up" ip link set veth0 master bond0
  echo "  veth0 mac: $(cat /sys/class/net/veth0/address) master: $(readlink /sys/class/net/veth0/master | xargs -r basename)"
  ip link set veth0 down
  try "bond to itself" ip link set bond0 master bond0
  ip link set veth1p master br0
  try "bridge port (rx handler busy)" ip link set veth1p master bond0
  try "bridge device" ip link set br0 master bond0
  try "first slave" ip link set veth0 master bond0
  try "slave of another bond moves" ip link set veth0 master bond1
  echo "  veth0 master: $(readlink /sys/class/net/veth0/master | xargs -r basename)"
  try "dummy" ip link set dum0 master bond0
  try "bond into bond" ip link set bond1 master bond0
  try "release not-enslaved" ip link set veth1 nomaster
  try "release" ip link set dum0 nomaster
  unload_all
  ip link del veth0; ip link del veth1; ip link del dum0; ip link del br0
}
want=$(transcript "$C_KO" 2>&1)
got=$(transcript "$RS_KO" 2>&1)
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "enslave refusals as bonding.ko's"; else
  fail "enslave refusals differ from bonding.ko's"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
finish
