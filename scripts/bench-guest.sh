#!/bin/bash
# Guest side of `make bench` (scripts/bench.sh boots the VM and runs this once).
#   usage: bench-guest.sh KDIR RS_KO OUTDIR
# Packets per second that pktgen pushes through bond0, the C bonding.ko against
# bonding_rs.ko, in one boot and on one topology:
#   veth0..veth31, each paired with p0..p31 in namespace "peer" (up, no
#   address: the frames are received there and dropped as not for this host,
#   so every packet really leaves through a slave and is consumed by a peer).
# Configurations (name:mode:slaves): bare veth0 (the ceiling, no bond), then
# balance-rr, active-backup, balance-xor (xmit_hash_policy=layer3+4) and
# broadcast over 2 slaves, then balance-rr and balance-xor over 8 and 32.
# Each round runs every configuration once per driver, the two drivers
# interleaved (C first on odd rounds, bonding_rs first on even rounds).
# One run: load the driver (miimon=100), enslave, bond0 up, pktgen on bond0
# (60-byte UDP packets, clone_skb 0, random UDP source port so layer3+4 has
# flows to spread, single kpktgend thread) for BENCH_SECONDS, read the
# "Result: ... pps" line, count what the slaves transmitted, unload.
# Writes OUTDIR/raw.csv, one line per run:
#   round,driver,config,mode,slaves,pps,sent,errors,slave_tx,slaves_used,note
# slave_tx/sent is 1 (N for broadcast) when every packet left through a slave;
# slaves_used counts slaves that carried >= 1% of the packets.
# Environment: BENCH_ROUNDS (3), BENCH_SECONDS (3),
#   BENCH_CONFIGS (space-separated names, default all of them),
#   BENCH_PERF (configs to profile, default "rr-2 bc-2"; "" for none): after
#   the measured rounds, one more run of each per driver under
#   `perf record -e cpu-clock -a` (not in raw.csv: the profiler perturbs the
#   rate), its flat profile in OUTDIR/perf-<driver>-<config>.txt.
set -u
KDIR=$1 RS_KO=$2 OUT=$3
C_KO=$KDIR/drivers/net/bonding/bonding.ko
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-3}
ALL_CONFIGS="bare rr-2 ab-2 xor-2 bc-2 rr-8 xor-8 rr-32 xor-32"
CONFIGS=${BENCH_CONFIGS:-$ALL_CONFIGS}
NVETH=32
export PATH=/usr/sbin:/sbin:$PATH
t0=$(date +%s)
log() { echo "[bench $(( $(date +%s) - t0 ))s] $*" >&2; }

unload_all() {
  grep -q '^bonding_rs ' /proc/modules && rmmod bonding_rs
  grep -q '^bonding ' /proc/modules && rmmod bonding
  return 0
}

# --- topology, built once -------------------------------------------------
for m in drivers/net/veth.ko net/core/pktgen.ko; do
  insmod "$KDIR/$m" 2>/dev/null
done
[ -d /proc/net/pktgen ] || { log "pktgen not available"; exit 1; }
# No IPv6 autoconfiguration traffic (DAD, MLD, RS) on the devices under test.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns add peer
ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
{
  for i in $(seq 0 $((NVETH - 1))); do
    # Address set at creation: udevd's MACAddressPolicy leaves it alone.
    printf 'link add veth%d address 02:00:00:00:01:%02x type veth peer name p%d netns peer\n' $i $i $i
  done
} | ip -batch - || { log "veth setup failed"; exit 1; }
for i in $(seq 0 $((NVETH - 1))); do echo "link set p$i up"; done | ip -n peer -batch -
log "topology: $NVETH veth pairs, peers up in netns peer"

# --- pktgen ---------------------------------------------------------------
PG=/proc/net/pktgen
pgset() { # pgset FILE CMD
  echo "$2" > "$1" || log "pktgen: '$2' > $1 failed"
}
# pgrun DEV SECONDS -> sets PPS SENT ERR (NA when pktgen gave no result).
# Shell builtins only where it is cheap to do so: an exec costs ~0.3 s in a
# debug kernel under TCG.
pgrun() {
  local dev=$1 secs=$2 f=$PG/$1 res=
  PPS=NA SENT=NA ERR=NA
  pgset $PG/kpktgend_0 rem_device_all
  pgset $PG/kpktgend_0 "add_device $dev"
  pgset "$f" "count 0"           # run until stopped
  pgset "$f" "clone_skb 0"       # a fresh skb for every packet
  pgset "$f" "pkt_size 60"
  pgset "$f" "delay 0"
  pgset "$f" "dst 192.0.2.2"
  pgset "$f" "dst_mac 02:00:00:00:ff:ff"
  pgset "$f" "src_min 192.0.2.1"
  pgset "$f" "src_max 192.0.2.1"
  pgset "$f" "udp_src_min 1024"
  pgset "$f" "udp_src_max 65000"
  pgset "$f" "flag UDPSRC_RND"
  echo start > $PG/pgctrl &      # blocks until the thread stops
  local starter=$!
  sleep "$secs"
  echo stop > $PG/pgctrl
  wait $starter
  IFS= read -r -d '' res < "$f"
  [[ $res =~ usec,\ ([0-9]+)\  ]] && SENT=${BASH_REMATCH[1]}
  [[ $res =~ \ ([0-9]+)pps\  ]] && PPS=${BASH_REMATCH[1]}
  [[ $res =~ errors:\ ([0-9]+) ]] && ERR=${BASH_REMATCH[1]}
  pgset $PG/kpktgend_0 rem_device_all
}

# snap N -> SNAP=(tx_packets of veth0..veth(N-1))
snap() {
  local i v
  SNAP=()
  for ((i = 0; i < $1; i++)); do
    read -r v < /sys/class/net/veth$i/statistics/tx_packets; SNAP+=("$v")
  done
}
carrier() { local c=0; read -r c < /sys/class/net/$1/carrier 2>/dev/null; [ "$c" = 1 ]; }

# --- one run ----------------------------------------------------------------
# run_one ROUND DRIVER CONFIG [PERF_OUT] -> appends a line to raw.csv (or,
# with PERF_OUT, writes the run's flat profile to PERF_OUT.txt and records
# nothing)
run_one() {
  local round=$1 drv=$2 cfg=$3 perf_out=${4:-} mode n ko extra=() note= start=$SECONDS i
  case $cfg in
    bare) mode=none n=1 ;;
    rr-*) mode=balance-rr n=${cfg#*-} ;;
    ab-*) mode=active-backup n=${cfg#*-} ;;
    xor-*) mode=balance-xor n=${cfg#*-}; extra=(xmit_hash_policy=layer3+4) ;;
    bc-*) mode=broadcast n=${cfg#*-} ;;
    *) log "unknown config $cfg"; return ;;
  esac
  local dev=bond0
  if [ "$cfg" = bare ]; then
    dev=veth0; drv=none
    ip link set veth0 up
  else
    [ "$drv" = C ] && ko=$C_KO || ko=$RS_KO
    unload_all
    if ! out=$(insmod "$ko" mode=$mode miimon=100 "${extra[@]}" 2>&1); then
      log "$drv $cfg: insmod failed: $out"
      echo "$round,$drv,$cfg,$mode,$n,NA,NA,NA,NA,NA,insmod failed" >> "$OUT/raw.csv"
      return
    fi
    for ((i = 0; i < n; i++)); do
      echo "link set veth$i down"; echo "link set veth$i master bond0"
    done | ip -batch - >/dev/null 2>&1 || note="enslave failed;"
    ip link set bond0 up
    ip addr add 192.0.2.1/24 dev bond0
    for ((i = 0; i < 50; i++)); do carrier bond0 && break; sleep 0.1; done
    carrier bond0 || note="${note}no carrier;"
  fi
  local before after pps sent err
  snap "$n"; before=("${SNAP[@]}")
  local perf_pid=
  if [ -n "$perf_out" ]; then
    # The data file in the guest's /tmp: perf record fails on the shared
    # results directory (a host mount).
    "$PERF" record -q -e cpu-clock -F 2000 -a -o /tmp/perf.data 2>/dev/null &
    perf_pid=$!
    sleep 3   # perf takes seconds to start sampling in the guest
  fi
  pgrun $dev "$SECS"
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"; wait "$perf_pid"
    # Reported while the module is loaded, so that its symbols resolve
    # from /proc/kallsyms; a flat profile by symbol, where the drivers'
    # own symbols are their share of a packet's cost.
    "$PERF" report -q -i /tmp/perf.data --kallsyms=/proc/kallsyms --stdio --sort sym --no-children \
      --percent-limit 0.3 2>&1 | grep -v '^$' | head -60 > "$perf_out.txt"
    rm -f /tmp/perf.data
  fi
  snap "$n"; after=("${SNAP[@]}")
  pps=$PPS sent=$SENT err=$ERR
  local stx=0 used=0 d
  for ((i = 0; i < n; i++)); do
    d=$(( ${after[$i]} - ${before[$i]} ))
    stx=$((stx + d))
    [ "$sent" != NA ] && [ $((d * 100)) -ge "$sent" ] && [ "$d" -gt 0 ] && used=$((used + 1))
  done
  if [ "$cfg" = bare ]; then
    ip link set veth0 down
  else
    unload_all
  fi
  log "round $round $drv $cfg: $pps pps (sent $sent, errors $err, slaves tx $stx over $used/$n) $note[$((SECONDS - start)) s]"
  [ -n "$perf_out" ] && return
  echo "$round,$drv,$cfg,$mode,$n,$pps,$sent,$err,$stx,$used,$note" >> "$OUT/raw.csv"
}

echo "round,driver,config,mode,slaves,pps,sent,errors,slave_tx,slaves_used,note" > "$OUT/raw.csv"
unload_all
# Warm-up (not recorded): first-touch costs of pktgen and veth (slab and
# page pools growing); with a 1 s warm-up the first measured run was still
# a third slower than the same run later in the boot.
ip link set veth0 up; pgrun veth0 "$SECS"; pgrun veth0 "$SECS"; ip link set veth0 down
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="C RS"; else order="RS C"; fi
  for cfg in $CONFIGS; do
    if [ "$cfg" = bare ]; then run_one "$round" none bare; continue; fi
    for drv in $order; do run_one "$round" "$drv" "$cfg"; done
  done
done
# Profiles (BENCH_PERF): where the CPU time of one run goes, per driver.
PERF_CONFIGS=${BENCH_PERF-rr-2 bc-2}
PERF=$(command -v perf)
if [ -n "$PERF_CONFIGS" ] && [ -n "$PERF" ]; then
  echo 0 > /proc/sys/kernel/kptr_restrict
  echo -1 > /proc/sys/kernel/perf_event_paranoid
  for cfg in $PERF_CONFIGS; do
    for drv in C RS; do
      f=$OUT/perf-$drv-$cfg
      run_one perf "$drv" "$cfg" "$f"
      log "profile $drv $cfg: $(wc -l < "$f.txt") symbols in $f.txt"
    done
  done
elif [ -n "$PERF_CONFIGS" ]; then
  log "perf not found: no profiles"
fi
unload_all
log "done in $(( $(date +%s) - t0 )) s"
