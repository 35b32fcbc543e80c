#!/bin/bash
# Fault injection: every allocation of enslave, release, bond creation and
# deletion (over rtnetlink and bonding_masters) fails in turn (failslab via
# /proc/thread-self/fail-nth, from the one system call of the operation).
# After each failed operation the bond and its slaves must be as before it;
# after one that completed anyway, as after a clean run.  No splat, no leak
# (the runner checks both after the test).  `make check` fails the first ten
# allocations of each operation and every BONDING_RS_FAULT_STRIDE-th after
# them (default 11);
# `make soak` fails every one (stride 1).
. "$(dirname "$0")/lib.sh"
unload_all
FS=/sys/kernel/debug/failslab
[ -d $FS ] || { fail "no failslab in this kernel"; finish; }
MAX=3000
STRIDE=${BONDING_RS_FAULT_STRIDE:-11}
sweep() { # sweep DEVS OP ARGS...: one sweep, its summary line
  local out rc
  out=$("$BONDTOOL" fault-sweep $MAX/$STRIDE "$@" 2>&1); rc=$?
  echo "$out" | sed 's/^/  /'
  [ $rc -eq 0 ] && pass "fault sweep: $*" || fail "fault sweep: $*"
}
setup() { # setup MODE
  insmod "$RS_KO" mode=$1 miimon=100 max_bonds=1
  ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth0p
  ip link add veth1 address 02:00:00:00:00:11 type veth peer name veth1p
  ip link set veth0p up; ip link set veth1p up
}
teardown() {
  ip link del veth0 2>/dev/null; ip link del veth1 2>/dev/null
  unload_all
}
for mode in active-backup balance-xor; do
  echo "# $mode"
  setup $mode
  D=bond0,veth0,veth1
  sweep $D enslave veth0 bond0                 # first slave, bond down
  ip link set bond0 up
  sweep $D enslave veth0 bond0                 # first slave, bond up
  ip link set veth1 master bond0
  sweep $D enslave veth0 bond0                 # second slave
  ip link set veth0 master bond0
  sweep $D release veth0 bond0                 # one of two
  sweep $D,bond5 create bond5
  sweep $D,bond6 masters-create bond6
  ip link add bond7 type bond
  sweep $D,bond7 delete bond7
  echo +bond8 > /sys/class/net/bonding_masters
  sweep $D,bond8 masters-delete bond8
  teardown
done
finish
