#!/bin/bash
# Guest side of `make soak` (scripts/soak.sh): a randomized campaign of bond operations under
# traffic, reproducible from its seed, bounded in time.  Each step is one of:
# bond create/delete (rtnetlink and bonding_masters), enslave/release, a link
# flap of a slave's peer, MTU and MAC changes of the bond, a slave's peer
# moved to another namespace and back, a mode change by module reload or at
# run time, options changed on the live bond over rtnetlink and sysfs.  After
# every step: no splat in the kernel log, the debug checks still on, and, if
# a slave of bond0 has a link, a ping through bond0 gets an answer.  kmemleak
# is scanned at the end.
#   usage: soak-guest.sh KDIR RS_KO SEED MINUTES
set -u
KDIR=$1 RS_KO=$2 SEED=$3 MINUTES=$4
export PATH=/usr/sbin:/sbin:$PATH
. "$(dirname "$0")/../selftests/lib.sh"
RANDOM=$SEED
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
udevadm control --exit 2>/dev/null || true
for m in drivers/net/veth.ko drivers/net/dummy.ko; do insmod "$KDIR/$m" 2>/dev/null; done
load_bridge
splat='WARNING:|BUG:|Oops|general protection|Call Trace:|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|KASAN|UBSAN|sleeping function called from invalid context|scheduling while atomic|RCU stall|blocked for more than|refcount_t:|list_(add|del) corruption|ODEBUG|unregister_netdevice: waiting'
KLOG=/tmp/soak-kmsg.log
dd if=/dev/kmsg of=$KLOG bs=65536 conv=noerror status=none 2>/dev/null &
modes=(balance-rr active-backup balance-xor broadcast)
N=3   # slaves veth0..2, peers p0..2 on br0 (192.0.2.2) in namespace peer
start() {
  local mode=${modes[$((RANDOM % 4))]}
  insmod "$RS_KO" mode=$mode miimon=50 max_bonds=1 || return 1
  ip link set bond0 up
  ip addr add 192.0.2.1/24 dev bond0
  echo "mode $mode"
}
peer_setup $N bridge
start
ops=0 bad=0 pings=0 t_end=$(( $(date +%s) + MINUTES * 60 ))
declare -A count
fail_step() { echo "FAIL after step $ops ($1): $2"; bad=$((bad + 1)); }
while [ "$(date +%s)" -lt $t_end ]; do
  ops=$((ops + 1))
  i=$((RANDOM % N))
  case $((RANDOM % 13)) in
    0|1) op="enslave veth$i"; ip link set veth$i master bond0 2>/dev/null ;;
    2)   op="release veth$i"; ip link set veth$i nomaster 2>/dev/null ;;
    3)   op="flap p$i"; ip -n peer link set p$i down; nap 0.$((RANDOM % 3)); ip -n peer link set p$i up ;;
    4)   op="mtu"; ip link set bond0 mtu $((1280 + RANDOM % 220)) 2>/dev/null ;;
    5)   op="mac"; ip link set bond0 address 02:00:00:aa:$(printf %02x $((RANDOM % 256))):01 2>/dev/null
         ip -n peer neigh flush dev br0 ;;   # the peer would answer the old address
    6)   op="bond1 create/enslave/delete"
         ip link add bond1 type bond 2>/dev/null; ip link add dumy type dummy 2>/dev/null
         ip link set dumy master bond1 2>/dev/null; ip link del bond1 2>/dev/null; ip link del dumy 2>/dev/null ;;
    7)   op="masters +bond2/-bond2"; echo +bond2 > /sys/class/net/bonding_masters; echo -bond2 > /sys/class/net/bonding_masters ;;
    8)   op="move veth$i's peer away and back"
         ip netns add away 2>/dev/null; ip -n peer link set p$i netns away
         ip -n away link set p$i netns peer; ip netns del away
         ip -n peer link set p$i master br0 up ;;
    9)   op="reload"
         ip link del veth0; ip link del veth1; ip link del veth2
         rmmod bonding_rs || fail_step "$op" "rmmod failed"
         for ((j = 0; j < N; j++)); do peer_pair $j; done
         start >/dev/null || fail_step "$op" "reload failed"
         ip -n peer neigh flush dev br0 ;;
    10)  op="netlink-option"
         case $((RANDOM % 9)) in
           0) a="miimon $((20 + RANDOM % 80))" ;;
           1) a="updelay $(( (RANDOM % 3) * 100 )) downdelay $(( (RANDOM % 3) * 100 ))" ;;
           2) a="primary veth$i" ;;
           3) a="primary_reselect $(( RANDOM % 3 ))" ;;
           4) a="all_slaves_active $(( RANDOM % 2 )) num_grat_arp $(( RANDOM % 5 ))" ;;
           5) a="xmit_hash_policy $(( RANDOM % 5 ))" ;;
           6) a="active_slave veth$i" ;;
           7) a="arp_interval 100 arp_ip_target 192.0.2.2" ;;
           8) a="arp_interval 0 miimon 50" ;;
         esac
         ip link set bond0 type bond $a 2>/dev/null ;;
    11)  op="sysfs-option"; B=/sys/class/net/bond0/bonding
         case $((RANDOM % 6)) in
           0) echo $((20 + RANDOM % 80)) > $B/miimon ;;
           1) echo $(( (RANDOM % 3) * 50 )) > $B/updelay ;;
           2) echo veth$i:$(( RANDOM % 3 )) > $B/queue_id ;;
           3) echo $(( RANDOM % 4 )) > $B/packets_per_slave ;;
           4) echo +192.0.2.$(( 2 + RANDOM % 3 )) > $B/arp_ip_target ;;
           5) echo -192.0.2.$(( 2 + RANDOM % 3 )) > $B/arp_ip_target ;;
         esac 2>/dev/null ;;
    12)  op="mode-at-run-time"
         ip link set bond0 down
         for ((j = 0; j < N; j++)); do ip link set veth$j nomaster 2>/dev/null; done
         ip link set bond0 type bond mode ${modes[$((RANDOM % 4))]} arp_interval 0 miimon 50 2>/dev/null
         ip link set bond0 up
         for ((j = 0; j < N; j++)); do ip link set veth$j master bond0 2>/dev/null; done
         ip -n peer neigh flush dev br0 ;;
  esac
  count[${op%% *}]=$(( ${count[${op%% *}]:-0} + 1 ))
  # The link of a slave with a carrier takes up to a miimon tick to be used.
  up=$(grep -c '^MII Status: up' /proc/net/bonding/bond0 2>/dev/null)
  if [ "${up:-0}" -gt 1 ]; then   # the bond's own line, and a slave's
    ok=0
    for k in 1 2 3 4 5 6; do
      ping -c1 -W1 -q -I bond0 192.0.2.2 >/dev/null 2>&1 && { ok=1; break; }
      nap 0.3
    done
    pings=$((pings + 1))
    [ $ok = 1 ] || fail_step "$op" "no traffic through bond0 with $((up - 1)) slave(s) up"
  fi
  b=$(sed -n 's/^[0-9]*,[0-9]*,[0-9]*,[^;]*;//p' $KLOG | grep -E "$splat" | head -3)
  if [ -n "$b" ]; then fail_step "$op" "kernel log: $b"; break; fi
  t=$(cat /proc/sys/kernel/tainted)
  [ $(( t & ~((1 << 12) | (1 << 13)) )) -eq 0 ] || { fail_step "$op" "tainted $t"; break; }
done
peer_teardown
unload_all
echo scan > /sys/kernel/debug/kmemleak; sleep 6; echo scan > /sys/kernel/debug/kmemleak
leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
echo "soak: seed $SEED, $MINUTES min, $ops operations ($(for k in "${!count[@]}"; do printf '%s %s, ' "$k" "${count[$k]}"; done)), $pings traffic checks, $bad failed, $leaks leaks"
[ $bad = 0 ] && [ "$leaks" = 0 ]
