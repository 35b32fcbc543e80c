#!/bin/bash
# Fault injection: every allocation of enslave, release, bond creation and
# deletion (over rtnetlink and bonding_masters), option changes (over sysfs
# and rtnetlink) and rmmod under traffic fails in turn (failslab via
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
sweep() { # sweep [-s STRIDE] DEVS OP ARGS...: one sweep, its summary line
  local out rc stride=$STRIDE
  [ "$1" = -s ] && { stride=$2; shift 2; }
  out=$("$BONDTOOL" fault-sweep $MAX/$stride "$@" 2>&1); rc=$?
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
  ip link del bond7; echo -bond8 > /sys/class/net/bonding_masters
  # Options changed on the live bond, over sysfs and rtnetlink (3 is
  # IFLA_BOND_MIIMON): the bond's bonding/ files are part of the state.
  sweep $D sysfs bond0 arp_ip_target +192.0.2.9 -192.0.2.9
  sweep $D sysfs bond0 miimon 50 100
  sweep $D nl-u32 bond0 3 200 100
  [ $mode = active-backup ] && sweep $D sysfs bond0 active_slave veth0 veth1
  # rmmod under traffic (IPv6 echo to all nodes through the bond, 100 a
  # second, in 2-second runs restarted until the sweep ends, the bond gone
  # or not): undone by loading again
  # and enslaving in the same order.
  # (make check: in active-backup only.)
  [ $mode = active-backup ] || [ "$STRIDE" = 1 ] || { teardown; continue; }
  ( while [ ! -e $WORK/faults.stop ]; do ping -6 -q -i 0.01 -w 2 -I bond0 ff02::1 > /dev/null 2>&1; nap 0.05; done ) &
  pinger=$!
  # (Each point reloads the module: make check samples a third as often.)
  sweep -s $(( STRIDE == 1 ? 1 : STRIDE * 3 )) $D rmmod "$RS_KO" "mode=$mode miimon=100 max_bonds=1" veth1,veth0
  : > $WORK/faults.stop; wait $pinger; rm -f $WORK/faults.stop
  teardown
done
finish
