#!/bin/bash
# Shared helpers for bonding_rs selftests (run inside the test VM).
# Environment (set by run.sh): RS_KO (bonding_rs.ko), C_KO (the C bonding.ko),
# KDIR (kernel build dir); WORK (a scratch dir, /tmp/bonding-rs-work in the
# guest unless set).

# A scratch dir of the guest's own (the root is the host's, shared).
: "${WORK:=/tmp/bonding-rs-work}"
mkdir -p "$WORK"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
check() { # check DESCRIPTION COMMAND...
  local d=$1; shift
  if "$@"; then pass "$d"; else fail "$d"; fi
}
finish() { [ "$fails" = 0 ]; exit $?; }

# Unload whichever bonding driver is loaded.
unload_all() {
  grep -q '^bonding_rs ' /proc/modules && rmmod bonding_rs
  grep -q '^bonding ' /proc/modules && rmmod bonding
  return 0
}

# The kernel log since the last `dmesg -C`, one message a line with its level,
# the driver prefix ("bonding: " or "bonding_rs: ") made neutral and the
# out-of-tree taint notice dropped.
norm_dmesg() {
  dmesg -r | sed -E 's/^<([0-9]+)>(\[ *[0-9.]+\] ?)?/\1 /; s/ bonding(_rs)?: / DRV: /' |
    grep -vE 'taints kernel|clocksource:|used greatest stack depth' || true
}

# Everything a user sees of one load: insmod's status and message, the bonds
# created, each /proc/net/bonding file and the kernel log lines.
snapshot_load() { # snapshot_load KO [params...]
  local ko=$1; shift
  dmesg -C
  local out rc
  out=$(insmod "$ko" "$@" 2>&1) && rc=0 || rc=$?
  echo "insmod rc=$rc ${out##*: }"
  echo "bonds: $(cd /sys/class/net && ls -d bond* 2>/dev/null | tr '\n' ' ')"
  local f
  for f in /proc/net/bonding/*; do
    [ -e "$f" ] || continue
    echo "== $f"; cat "$f"
  done
  norm_dmesg
  unload_all
}

# A sleep without fork/exec (each exec costs ~0.3 s in the TCG guest).
exec {nap_fd}<> <(:)
nap() { read -r -t "$1" -u "$nap_fd" || true; }

# Samplers of the bond's /proc file $P, with builtins (no fork a sample):
# mii_of SLAVE sets MII to the slave's MII Status ("" when not listed).
mii_of() {
  local line slave=""
  MII=""
  while IFS= read -r line; do
    case $line in
      "Slave Interface: "*) slave=${line#*: };;
      "MII Status: "*) [ "$slave" = "$1" ] && { MII=${line#*: }; return; };;
    esac
  done < $P
}
# watch SLAVE FROM WANT SECONDS: samples the slave's MII Status every 20 ms
# until it reads WANT or SECONDS of wall time have passed (a count of samples
# would not bound it: one sample, a read of /proc in bash, costs more than the
# 20 ms under emulation); prints the distinct values seen after FROM (the
# state before the change, which a sample may or may not catch depending on
# how long the triggering command took).
watch() {
  local s=$1 from=$2 want=$3 end=$(( ${EPOCHREALTIME/./} + $4 * 1000000 )) seq="" last="$2" v
  while [ ${EPOCHREALTIME/./} -lt $end ]; do
    mii_of "$s"; v=$MII
    [ "$v" != "$last" ] && { seq="$seq${seq:+ -> }$v"; last=$v; }
    [ "$v" = "$want" ] && break
    nap 0.02
  done
  echo "$from -> ${seq:-(no change)}"
}
# wait_active SLAVE SECONDS: until $P names SLAVE the active slave, or
# SECONDS of wall time have passed.
wait_active() {
  local end=$(( ${EPOCHREALTIME/./} + $2 * 1000000 )) all
  while [ ${EPOCHREALTIME/./} -lt $end ]; do
    read -r -d '' all < $P
    [[ $all == *"Currently Active Slave: $1"* ]] && return
    nap 0.05
  done
}

# peer_setup N [bridge] [ip-link options for the veths]: veth0..veth<N-1>
# in this namespace, their peers p0.. in namespace "peer".  Addresses are
# given at creation (addr_assign_type "set"): udevd's MACAddressPolicy would
# otherwise race with a later "ip link set address" and may replace it on a
# device it still sees as random.  With "bridge" the peers are ports of br0
# (192.0.2.2/24) whose own address is fixed too: a bridge without one takes
# its lowest port's, so deleting that port would change the address a
# neighbour entry on this side still points at, and unicast to it would be
# flooded instead of delivered until the entry expires.
# The bridge module and its dependencies (from the build dir), if not loaded.
load_bridge() {
  local m
  for m in net/llc/llc net/802/stp net/bridge/bridge; do insmod "$KDIR/$m.ko" 2>/dev/null; done
  true
}
PEER_N=0 PEER_BRIDGE= PEER_OPTS=()
peer_setup() {
  local n=$1 bridge=${2:-} i; shift; [ $# -gt 0 ] && shift
  PEER_N=$n PEER_BRIDGE=$bridge PEER_OPTS=("$@")
  ip netns add peer
  if [ "$bridge" = bridge ]; then
    load_bridge
    ip -n peer -batch - <<EOF
link add br0 address 02:00:00:00:00:fe type bridge
link set br0 up
addr add 192.0.2.2/24 dev br0
EOF
  fi
  for ((i = 0; i < n; i++)); do peer_pair $i; done
}
# peer_pair I: (re)creates veth<I> and its peer p<I> as peer_setup does.
peer_pair() {
  ip link add veth$1 address 02:00:00:00:00:1$1 "${PEER_OPTS[@]}" type veth \
    peer name p$1 address 02:00:00:00:01:1$1 netns peer
  if [ "$PEER_BRIDGE" = bridge ]; then
    ip -n peer link set p$1 master br0 up
  else
    ip -n peer link set p$1 up
  fi
}
# Deletes the pairs first (synchronous), then the namespace (its cleanup is
# asynchronous), and waits until the names are free for the next scenario.
peer_teardown() {
  local i j busy
  for ((i = 0; i < PEER_N; i++)); do ip link del veth$i 2>/dev/null; done
  ip netns del peer 2>/dev/null
  for i in $(seq 50); do
    busy=0
    for ((j = 0; j < PEER_N; j++)); do [ -e /sys/class/net/veth$j ] && busy=1; done
    [ $busy = 0 ] && [ ! -e /run/netns/peer ] && break
    nap 0.1
  done
  true
}
