#!/bin/bash
# The bond net_device itself: kind "bond", master flag, carrier off without
# slaves, drops (and counts) what it cannot send, ip link add/del, rename,
# options given to ip link add, and refusal while bonding.ko holds the
# "bond" kind.
. "$(dirname "$0")/lib.sh"
unload_all
insmod "$RS_KO" mode=active-backup miimon=100 || { fail insmod; finish; }

check "bond0 is of kind bond" bash -c "ip -d link show bond0 | grep -qw bond"
check "bond0 has the MASTER flag" bash -c "ip link show bond0 | grep -q MASTER"
ip link set bond0 up
check "bond0 has no carrier without slaves" bash -c "ip link show bond0 | grep -q NO-CARRIER"
check "proc MII Status down" grep -q '^MII Status: down$' /proc/net/bonding/bond0

check "ip link add bond7 type bond" ip link add bond7 type bond
check "/proc/net/bonding/bond7 exists" test -e /proc/net/bonding/bond7
check "bond7 inherits the module's mode" grep -q 'active-backup' /proc/net/bonding/bond7
check "ip link add with options" ip link add bond8 type bond mode balance-xor miimon 50
check "... the options are applied" grep -q 'load balancing (xor)' /proc/net/bonding/bond8
check "... ip link del" ip link del bond8
ip link set bond7 name bondx
check "rename moves the /proc file" bash -c "test -e /proc/net/bonding/bondx && ! test -e /proc/net/bonding/bond7"
check "ip link del" ip link del bondx
check "/proc file gone after del" test ! -e /proc/net/bonding/bondx
rmmod bonding_rs

# What bond_setup() gives a new bond (features, max MTU, flags, a namespace
# it cannot leave), with no slave and with a veth, for
# bonding_rs and bonding.ko.  bonding_rs has no xfrmdev_ops, so the IPsec
# offload lines (esp-*), which bonding.ko offers, are left out.
setup_fields() { # setup_fields KO
  insmod "$1" max_bonds=0 || { echo "insmod $1 failed"; return; }
  ip netns add bdtmp
  for mode in balance-rr active-backup; do
    ip link add bondf type bond mode $mode
    echo "== $mode"
    ethtool -k bondf | grep -v -e '^Features for' -e 'esp-'
    ip -d link show bondf | grep -o -e 'maxmtu [0-9]*' -e '<[^>]*>'
    ip link set bondf netns bdtmp 2>&1 | sed 's/^/netns: /'
    ip link add fveth0 type veth peer name fveth1
    ip link set fveth0 master bondf
    echo "-- with a veth"
    ethtool -k bondf | grep -v -e '^Features for' -e 'esp-'
    ip link del fveth0
    ip link del bondf
  done
  ip netns del bdtmp
  unload_all
}
# Events on a slave: a rename moves the primary with the name
# (NETDEV_CHANGENAME), a change of its features reaches the bond's
# (NETDEV_FEAT_CHANGE), and so does its release.
slave_events() { # slave_events KO
  insmod "$1" max_bonds=0 || { echo "insmod $1 failed"; return; }
  dmesg -C
  ip link add bonde type bond mode active-backup
  ip link add sa type veth peer name sa_p
  ip link add sb type veth peer name sb_p
  ip link set sa master bonde
  ip link set sb master bonde
  echo sa > /sys/class/net/bonde/bonding/primary
  grep '^Primary Slave' /proc/net/bonding/bonde
  ip link set sa down; ip link set sa name sx
  echo "-- sa renamed sx"; grep '^Primary Slave' /proc/net/bonding/bonde
  ip link set sb down; ip link set sb name sa
  echo "-- sb renamed sa"; grep '^Primary Slave' /proc/net/bonding/bonde
  ip link set sa down; ip link set sa name sy
  echo "-- sa renamed sy"; grep '^Primary Slave' /proc/net/bonding/bonde
  norm_dmesg | grep 'Primary slave changed'
  ip link set sx nomaster
  echo "-- one slave, sg off on it"
  ethtool -K sy sg off
  ethtool -k bonde | grep -e '^tcp-segmentation-offload' -e '^scatter-gather'
  echo "-- sg on again"
  ethtool -K sy sg on
  ethtool -k bonde | grep -e '^tcp-segmentation-offload' -e '^scatter-gather'
  echo "-- released"
  ip link set sy nomaster
  ethtool -k bonde | grep -e '^tcp-segmentation-offload' -e '^scatter-gather'
  ip link del bonde; ip link del sx; ip link del sy
  unload_all
}
slave_events "$RS_KO" > "$WORK/events-rs.txt" 2>&1
slave_events "$C_KO" > "$WORK/events-c.txt" 2>&1
sed "s/^/events: /" "$WORK/events-rs.txt"
check "slave rename and feature events as bonding.ko" diff -u "$WORK/events-c.txt" "$WORK/events-rs.txt"
check "... the primary followed the names" \
  bash -c "grep -q 'Primary Slave: sa' $WORK/events-rs.txt && grep -q 'Primary slave changed' $WORK/events-rs.txt"
check "... the bond's scatter-gather followed its slave's" \
  bash -c "grep -c '^scatter-gather: off' $WORK/events-rs.txt | grep -qx 2"

setup_fields "$RS_KO" > "$WORK/setup-rs.txt" 2>&1
setup_fields "$C_KO" > "$WORK/setup-c.txt" 2>&1
check "bond_setup()'s fields equal bonding.ko's" diff -u "$WORK/setup-c.txt" "$WORK/setup-rs.txt"
f=$WORK/setup-rs.txt
check "... max MTU 65535" grep -q 'maxmtu 65535' $f
check "... a MASTER" grep -q 'MASTER' $f
check "... that cannot leave its namespace" grep -q '^netns: ' $f
check "... rx-vlan-filter on" grep -q '^rx-vlan-filter: on' $f

insmod "$C_KO" max_bonds=0
out=$(insmod "$RS_KO" 2>&1); rc=$?
check "bonding_rs refuses to load while bonding.ko holds kind bond ($out)" test $rc -ne 0
check "a clear message says why" bash -c "dmesg | grep -q 'unload bonding.ko first'"
check "no bond left behind by the refused load" test ! -e /proc/net/bonding/bond0
rmmod bonding
finish
