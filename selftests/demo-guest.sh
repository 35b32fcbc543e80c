#!/bin/bash
# Guest side of `make demo` (not a test: run.sh skips files named demo-*).
kdir=$1 ko=$2
export PATH=/usr/sbin:/sbin:$PATH
run() { echo "\$ $*"; "$@"; }
insmod "$kdir/drivers/net/veth.ko" 2>/dev/null
for m in net/llc/llc.ko net/802/stp.ko net/bridge/bridge.ko; do insmod "$kdir/$m" 2>/dev/null; done
run insmod "$ko" mode=active-backup miimon=100 primary=veth0
ip netns add peer
for i in 0 1; do
  ip link add veth$i type veth peer name p$i netns peer
  ip -n peer link set p$i up
done
for i in 0 1; do
  run ip link set veth$i master bond0
done
run ip link set bond0 up
ip addr add 192.0.2.1/24 dev bond0
ip -n peer link add br0 type bridge 2>/dev/null && {
  for i in 0 1; do ip -n peer link set p$i master br0; done
  ip -n peer link set br0 up; ip -n peer addr add 192.0.2.2/24 dev br0
  run ping -c 3 -i 0.2 192.0.2.2
}
run cat /proc/net/bonding/bond0
run rmmod bonding_rs
