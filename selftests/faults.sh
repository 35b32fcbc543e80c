#!/bin/bash
# Fault injection: every allocation of enslave, release, bond creation and
# deletion (over rtnetlink and bonding_masters), option changes (over sysfs
# and rtnetlink) and rmmod under traffic fails in turn (failslab via
# /proc/thread-self/fail-nth, from the one system call of the operation;
# in a second pass page allocations too: fail_page_alloc, counted by the
# same fail-nth in the order the calls come).
# After each failed operation the bond and its slaves must be as before it;
# after one that completed anyway, as after a clean run.  No splat, no leak
# (the runner checks both after the test).  `make check` fails the first ten
# allocations of each operation and every BONDING_RS_FAULT_STRIDE-th after
# them (default 11; see below for the sweeps it samples less);
# `make soak` fails every one (stride 1) of every sweep in both modes, with
# page allocations counted too (a superset of the failslab-only passes).
. "$(dirname "$0")/lib.sh"
unload_all
FS=/sys/kernel/debug/failslab
[ -d $FS ] || { fail "no failslab in this kernel"; finish; }
MAX=3000
STRIDE=${BONDING_RS_FAULT_STRIDE:-11}
sweep() { # sweep [-s STRIDE] DEVS OP ARGS...: one sweep, its summary line
  local out rc stride=$STRIDE t0=$SECONDS
  [ "$1" = -s ] && { stride=$2; shift 2; }
  out=$(BONDTOOL_FAIL_PAGES=$PAGES "$BONDTOOL" fault-sweep $MAX/$stride "$@" 2>&1); rc=$?
  echo "$out ($((SECONDS - t0)) s)" | sed 's/^/  /'
  local what="fault sweep"; [ "$PAGES" = 1 ] && what="fault sweep (pages too)"
  [ $rc -eq 0 ] && pass "$what: $*" || fail "$what: $*"
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
# make check runs every sweep in active-backup, and in balance-xor only those
# whose code depends on the mode (enslave, release, an option change); the
# sweeps of bond creation and deletion and of rmmod, each point of which
# makes or unloads whole bonds, sample a third as often; the pass with page
# allocations takes enslave, release, an option and creation in
# active-backup.  make soak runs everything in both modes and both passes
# with every allocation.
full=$([ "$STRIDE" = 1 ] && echo 1)
wide=$(( STRIDE == 1 ? 1 : STRIDE * 3 ))
sweeps() { # sweeps MODE: the sweeps of one mode in one pass
  local mode=$1 D=bond0,veth0,veth1 some=
  [ "$PAGES" = 1 ] && [ -z "$full" ] && some=1
  echo "# $mode$([ "$PAGES" = 1 ] && echo ", page allocations too")"
  setup $mode
  [ -z "$some" ] && sweep $D enslave veth0 bond0   # first slave, bond down
  ip link set bond0 up
  [ -z "$some" ] && sweep $D enslave veth0 bond0   # first slave, bond up
  ip link set veth1 master bond0
  sweep $D enslave veth0 bond0                     # second slave
  ip link set veth0 master bond0
  sweep $D release veth0 bond0                     # one of two
  # Options changed on the live bond, over rtnetlink (3 is IFLA_BOND_MIIMON)
  # and sysfs: the bond's bonding/ files are part of the state.
  [ -z "$some" ] && sweep $D nl-u32 bond0 3 200 100
  if [ $mode = active-backup ] || [ -n "$full" ]; then
    sweep $D sysfs bond0 arp_ip_target +192.0.2.9 -192.0.2.9
    [ -z "$some" ] && sweep $D sysfs bond0 miimon 50 100
    [ $mode = active-backup ] && [ -z "$some" ] && sweep $D sysfs bond0 active_slave veth0 veth1
    sweep -s $wide $D,bond5 create bond5
    [ -n "$some" ] && { teardown; return; }
    sweep -s $wide $D,bond6 masters-create bond6
    ip link add bond7 type bond
    sweep -s $wide $D,bond7 delete bond7
    echo +bond8 > /sys/class/net/bonding_masters
    sweep -s $wide $D,bond8 masters-delete bond8
    ip link del bond7; echo -bond8 > /sys/class/net/bonding_masters
    # rmmod under traffic (IPv6 echo to all nodes through the bond, 100 a
    # second, in 2-second runs restarted until the sweep ends, the bond gone
    # or not): undone by loading again and enslaving in the same order.
    ( while [ ! -e $WORK/faults.stop ]; do ping -6 -q -i 0.01 -w 2 -I bond0 ff02::1 > /dev/null 2>&1; nap 0.05; done ) &
    local pinger=$!
    sweep -s $wide $D rmmod "$RS_KO" "mode=$mode miimon=100 max_bonds=1" veth1,veth0
    : > $WORK/faults.stop; wait $pinger; rm -f $WORK/faults.stop
  fi
  teardown
}
# BONDING_RS_FAULT_PASSES picks passes (ab, xor: failslab in active-backup
# and balance-xor; ab-pages, xor-pages: page allocations too), so that the
# hours of make soak's stride-1 sweeps can be run a part at a time.
passes=${BONDING_RS_FAULT_PASSES:-ab xor ab-pages${full:+ xor-pages}}
for pass in $passes; do
  case $pass in
    ab) PAGES=0 sweeps active-backup ;;
    xor) PAGES=0 sweeps balance-xor ;;
    ab-pages) PAGES=1 sweeps active-backup ;;
    xor-pages) PAGES=1 sweeps balance-xor ;;
    *) fail "BONDING_RS_FAULT_PASSES: no pass '$pass' (ab xor ab-pages xor-pages)" ;;
  esac
done
finish
