#!/bin/bash
# Guest side of `make demo` (not a test: run.sh skips files named demo-*).
kdir=$1 ko=$2
export PATH=/usr/sbin:/sbin:$PATH
run() { echo "\$ $*"; "$@"; }
insmod "$kdir/drivers/net/veth.ko" 2>/dev/null
run insmod "$ko" mode=active-backup miimon=100 primary=veth0
ip netns add peer
for i in 0 1; do
  ip link add veth$i type veth peer name p$i netns peer
  ip -n peer link set p$i up
done
for i in 0 1; do
  run ip link set veth$i master bond0 || echo "(enslaving needs the data path issue: not implemented yet)"
done
run ip link set bond0 up
run cat /proc/net/bonding/bond0
run rmmod bonding_rs
