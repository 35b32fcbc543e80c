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

insmod "$C_KO" max_bonds=0
out=$(insmod "$RS_KO" 2>&1); rc=$?
check "bonding_rs refuses to load while bonding.ko holds kind bond ($out)" test $rc -ne 0
check "a clear message says why" bash -c "dmesg | grep -q 'unload bonding.ko first'"
check "no bond left behind by the refused load" test ! -e /proc/net/bonding/bond0
rmmod bonding
finish
