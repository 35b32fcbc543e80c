#!/bin/bash
# Guest side of `make rtnl-bench`: how long enslave, release and a failover
# hold RTNL (the system call that does each, timed by bondtool), per driver.
#   usage: rtnl-bench-guest.sh KDIR N NAME=KO...
set -u
kdir=$1 n=$2; shift 2
export PATH=/usr/sbin:/sbin:$PATH
udevadm control --exit 2>/dev/null || true
for m in drivers/net/veth.ko; do insmod "$kdir/$m" 2>/dev/null; done
for spec in "$@"; do
  name=${spec%%=*} ko=${spec#*=}
  insmod "$ko" mode=active-backup miimon=100 max_bonds=1 || { echo "$name: load failed"; continue; }
  ip link add veth0 type veth peer name veth0p
  ip link add veth1 type veth peer name veth1p
  ip link set veth0p up; ip link set veth1p up
  ip link set bond0 up
  ip link set veth1 master bond0
  sleep 1
  echo "$name $("$BONDTOOL" rtnl-times "$n" bond0 veth0 veth1)"
  ip link del veth0; ip link del veth1
  rmmod "$(basename "$ko" .ko | tr - _)" 2>/dev/null || rmmod bonding_rs 2>/dev/null || rmmod bonding
done
