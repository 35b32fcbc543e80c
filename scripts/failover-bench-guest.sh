#!/bin/bash
# Guest side of scripts/failover-bench.sh: how long active-backup stops delivering
# when the active slave loses its carrier, C bonding.ko against bonding_rs.ko.
#   usage: failover-bench-guest.sh KDIR RS_KO OUTDIR
# Topology (built once): bond0 (192.0.2.1/24) over veth0/veth1, whose peers p0/p1 are
# ports of bridge br0 (192.0.2.2/24) in namespace "peer".
# One trial: load the driver in active-backup with one monitor configuration
#   mii:  miimon=100
#   arp:  arp_interval=100 arp_ip_target=192.0.2.2
# enslave both, wait until both slaves are up and a ping crosses; a receiver in "peer"
# (scripts/failover-probe.py) records every datagram of a UDP stream the sender sends
# through bond0 every FO_INTERVAL_MS; after FO_PRE_S seconds the sender takes the
# active slave's peer down (`link set pN down` to an `ip -n peer -batch` waiting on a
# fifo: veth N loses its carrier) and keeps sending for FO_POST_S seconds after it saw
# the carrier go, the failover window.  Then: blackout (ms
# without delivery across the cut), datagrams lost, whether traffic resumed at all.
# Repetitions interleave the drivers (C first on odd ones, bonding_rs first on even).
# Writes OUTDIR/raw.csv:
#   rep,driver,monitor,active,blackout_ms,lost,sent,received,failed_over,window_ms,pre_received,send_gap_ms,failover_ms,note
# and, per trial, OUTDIR/trials/REP-DRIVER-MONITOR-{send,recv}.json (the stream) and
# -dmesg.txt (the kernel log from the driver's load on), from which failover_ms comes:
# the kernel's own time from the cut to the new active slave (failover-probe.py).
# The whole boot's kernel log goes to OUTDIR/dmesg.txt as it is written (a guest that
# dies leaves its Oops there).
# Environment: FO_REPS (5), FO_INTERVAL_MS (2), FO_PRE_S (1), FO_POST_S (3),
#   FO_MONITORS ("mii arp"), FO_DRIVERS ("C RS": which drivers run), FO_PIN (1: the
#   sender runs on CPU 0 at SCHED_FIFO 50, the receiver and the cut on CPU 1, so the
#   cut's own work does not preempt the sender).
set -u
KDIR=$1 RS_KO=$2 OUT=$3
C_KO=$KDIR/drivers/net/bonding/bonding.ko
REPS=${FO_REPS:-5}
INTERVAL=${FO_INTERVAL_MS:-2}
PRE=${FO_PRE_S:-1}
POST=${FO_POST_S:-3}
MONITORS=${FO_MONITORS:-mii arp}
DRIVERS=${FO_DRIVERS:-C RS}
if [ "${FO_PIN:-1}" = 1 ]; then PIN0="taskset -c 0 chrt -f 50" PIN1="taskset -c 1"; else PIN0= PIN1=; fi
PROBE=$(cd "$(dirname "$0")" && pwd)/failover-probe.py
W=$(mktemp -d)
export PATH=/usr/sbin:/sbin:$PATH
t0=$(date +%s)
log() { echo "[failover $(( $(date +%s) - t0 ))s] $*" >&2; }

unload_all() {
  grep -q '^bonding_rs ' /proc/modules && rmmod bonding_rs
  grep -q '^bonding ' /proc/modules && rmmod bonding
  return 0
}

dmesg -w > "$OUT/dmesg.txt" 2>&1 &
dmesg_pid=$!

# --- topology -----------------------------------------------------------------
insmod "$KDIR/drivers/net/veth.ko" 2>/dev/null
for m in net/llc/llc.ko net/802/stp.ko net/bridge/bridge.ko; do insmod "$KDIR/$m" 2>/dev/null; done
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add peer
ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n peer link set lo up
ip -n peer link add br0 address 02:00:00:00:00:fe type bridge
ip -n peer link set br0 up
ip -n peer addr add 192.0.2.2/24 dev br0
for i in 0 1; do
  ip link add veth$i address 02:00:00:00:00:1$i type veth peer name p$i netns peer
  ip -n peer link set p$i master br0 up
done
log "topology: bond0 over veth0/veth1, peers p0/p1 bridged in netns peer (192.0.2.2)"

# up_slaves -> number of slaves whose MII Status is up
up_slaves() {
  awk '/^Slave Interface:/ {s=1; next} s && /^MII Status: up/ {n++} /^MII Status:/ {s=0} END {print n+0}' \
    /proc/net/bonding/bond0 2>/dev/null
}
active_slave() { sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0 2>/dev/null; }

# trial REP DRIVER MONITOR -> appends a line to raw.csv
trial() {
  local rep=$1 drv=$2 mon=$3 ko params note= start=$SECONDS i
  [ "$drv" = C ] && ko=$C_KO || ko=$RS_KO
  case $mon in
    mii) params=(miimon=100) ;;
    arp) params=(arp_interval=100 arp_ip_target=192.0.2.2) ;;
  esac
  unload_all
  dmesg -C
  if ! out=$(insmod "$ko" mode=active-backup "${params[@]}" 2>&1); then
    log "$drv $mon: insmod failed: $out"
    echo "$rep,$drv,$mon,,NA,NA,NA,NA,NA,NA,NA,NA,NA,insmod failed" >> "$OUT/raw.csv"; return
  fi
  for i in 0 1; do ip link set veth$i down; ip link set veth$i master bond0 || note="${note}enslave veth$i failed;"; done
  ip link set bond0 up
  ip addr add 192.0.2.1/24 dev bond0
  # Ready: both slaves up, an active slave, and a ping across (also resolves ARP).
  local ready=0
  for ((i = 0; i < 30; i++)); do
    if [ "$(up_slaves)" = 2 ] && [ -n "$(active_slave)" ] && [ "$(active_slave)" != None ] &&
       ping -q -c 1 -W 1 192.0.2.2 >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.5
  done
  [ $ready = 1 ] || note="${note}not ready ($(up_slaves) slaves up, active $(active_slave));"
  local act
  act=$(active_slave)
  case $act in veth0|veth1) ;; *) act=veth0 ;; esac
  local peer=p${act#veth}
  rm -f "$W/ready" "$W/recv.json" "$W/send.json" "$W/cut"
  ip netns exec peer $PIN1 python3 "$PROBE" recv 9000 "$W/recv.json" "$W/ready" &
  local rpid=$!
  # The cut is a line the sender writes to an ip -batch already running in "peer".
  mkfifo "$W/cut"
  $PIN1 ip -n peer -batch "$W/cut" &
  local cpid=$!
  for ((i = 0; i < 100; i++)); do [ -e "$W/ready" ] && break; sleep 0.1; done
  $PIN0 python3 "$PROBE" send 192.0.2.2 9000 "$INTERVAL" "$PRE" "$POST" \
    "$W/cut" "link set $peer down" /sys/class/net/$act/carrier "$W/send.json" ||
    { note="${note}sender failed;"; timeout 5 sh -c ": > '$W/cut'"; }  # unblock ip -batch
  wait $cpid
  sleep 0.3
  kill -TERM $rpid; wait $rpid
  local res
  mkdir -p "$OUT/trials"
  dmesg > "$OUT/trials/$rep-$drv-$mon-dmesg.txt"
  cp "$W/send.json" "$OUT/trials/$rep-$drv-$mon-send.json" 2>/dev/null
  cp "$W/recv.json" "$OUT/trials/$rep-$drv-$mon-recv.json" 2>/dev/null
  res=$(python3 "$PROBE" analyze "$W/send.json" "$W/recv.json" 2>&1) || { note="${note}analyze failed: ${res//,/ };"; res=NA,NA,NA,NA,NA,NA,NA,NA; }
  local fo_ms
  fo_ms=$(python3 "$PROBE" failover-ms "$OUT/trials/$rep-$drv-$mon-dmesg.txt" "$peer" "$act" 2>"$W/fo.err") ||
    { fo_ms=NA; note="${note}$(tr ',\n' '; ' < "$W/fo.err");"; }
  res="$res,$fo_ms"
  unload_all
  ip -n peer link set $peer up
  log "rep $rep $drv $mon: cut $act -> blackout_ms,lost,sent,received,failed_over,window_ms,pre_received,send_gap_ms,failover_ms = $res $note[$((SECONDS - start)) s]"
  echo "$rep,$drv,$mon,$act,$res,$note" >> "$OUT/raw.csv"
}

echo "rep,driver,monitor,active,blackout_ms,lost,sent,received,failed_over,window_ms,pre_received,send_gap_ms,failover_ms,note" > "$OUT/raw.csv"
unload_all
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then order="C RS"; else order="RS C"; fi
  order=$(for d in $order; do [[ " $DRIVERS " == *" $d "* ]] && echo "$d"; done)
  for mon in $MONITORS; do
    for drv in $order; do trial "$rep" "$drv" "$mon"; done
  done
done
unload_all
kill $dmesg_pid 2>/dev/null
log "done in $(( $(date +%s) - t0 )) s"
