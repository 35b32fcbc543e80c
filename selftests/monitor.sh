#!/bin/bash
# Link monitoring and failover, bonding_rs against bonding.ko on the same
# script: bond0 (192.0.2.1) in active-backup over veth0/veth1 whose peers
# p0/p1 are ports of a bridge in namespace "peer" (192.0.2.2).  Cutting a
# slave's carrier = setting its peer down.  For each scenario the sequence
# of distinct "MII Status" values of the cut slave, the active slave and the
# Link Failure Counts must be the same for both drivers: the MII monitor
# (miimon=100) and the ARP monitor (arp_interval=500), each plain, with
# primary and every primary_reselect policy, and with updelay/downdelay.
. "$(dirname "$0")/lib.sh"
unload_all
setup() { peer_setup 2 bridge; }
teardown() { peer_teardown; }

P=/proc/net/bonding/bond0
declare -A base
# The /proc fields a scenario compares: the active slave, and per slave its
# MII Status and Link Failure Count (counted from the "start" snapshot, so
# that start-up timing under emulation does not enter the comparison).
state() {
  local line slave="" out="" c
  while IFS= read -r line; do
    case $line in
      "Currently Active Slave: "*) out="active=${line#*: } $out";;
      "Slave Interface: "*) slave=${line#*: };;
      "MII Status: "*) [ -n "$slave" ] && out="$out $slave:${line#*: }";;
      "Link Failure Count: "*)
        c=${line#*: }
        if [ "${1:-}" = base ]; then base[$slave]=$c; else out="$out/+$((c - ${base[$slave]:-0}))"; fi;;
    esac
  done < $P
  echo "$out"
}

# The topology stays up across scenarios; each loads and unloads a driver.
# ns=ADDR in PARAMS is no module parameter (bonding.ko has none for NS
# targets): it is set over netlink, and the bond gets 2001:db8::1.
scenario() { # scenario KO NAME PARAMS... -> transcript on stdout
  local ko=$1 name=$2 a ns="" nl=() mod=(); shift 2
  # With NS targets only, arp_interval and arp_validate go over netlink too:
  # at load, arp_interval without arp_ip_target is reset to 0 (a warning),
  # which leaves the bond with no monitor at all, and arp_validate is
  # refused.
  for a in "$@"; do case $a in ns=*) ns=${a#ns=};; esac; done
  for a in "$@"; do
    case $a in
      ns=*) ;;
      arp_interval=*|arp_validate=*) [ -n "$ns" ] && nl+=("${a%%=*}" "${a#*=}") || mod+=("$a");;
      *) mod+=("$a");;
    esac
  done
  insmod "$ko" mode=active-backup "${mod[@]}" || { echo "insmod failed"; return; }
  [ -n "$ns" ] && ip link set bond0 type bond ns_ip6_target "$ns" "${nl[@]}"
  case "$*" in
    *arp_interval=*)
      # The ARP monitor judges a slave by replies since it was enslaved:
      # the bond is up with its address (a route to the target) first, so
      # that each slave's first probe is answered.
      { [ -n "$ns" ] && echo "addr add 2001:db8::1/64 dev bond0 nodad"
        printf '%s\n' "addr add 192.0.2.1/24 dev bond0" "link set bond0 up" \
        "link set veth0 master bond0" "link set veth1 master bond0"; } | ip -batch -
      wait_active veth0 5
      nap 2.5;;
    *)
      printf '%s\n' "link set veth0 master bond0" "link set veth1 master bond0" \
        "link set bond0 up" "addr add 192.0.2.1/24 dev bond0" | ip -batch -
      wait_active veth0 5
      nap 1.5;;
  esac
  state base > /dev/null
  echo "start: $(state)"
  ip -n peer link set p0 down &
  echo "cut veth0: $(watch veth0 up down 5)"
  wait; wait_active veth1 3
  echo "after cut: $(state)"
  ip -n peer link set p0 up &
  echo "restore veth0: $(watch veth0 down up 5)"
  wait; nap 1
  echo "after restore: $(state)"
  [ -n "$ns" ] && echo "NS groups: $(ns_groups)"
  unload_all
}
# ns_groups: the solicited-node Ethernet groups (33:33:ff:..) each slave has.
ns_groups() {
  local v
  for v in veth0 veth1; do
    echo -n "$v[$(ip maddr show dev $v | awk '$2 ~ /^33:33:ff:/ {printf "%s ", $2}')] "
  done
}

compare() { # compare NAME PARAMS...
  local name=$1; shift
  local want got
  local t0=$SECONDS
  want=$(scenario "$C_KO" "$name" "$@" 2>/dev/null)
  got=$(scenario "$RS_KO" "$name" "$@")
  case $name in arp*|ns*)
    # Which slave is active when the ARP monitor's start-up settles is
    # the emulated machine's timing (a first probe answered late flips it,
    # for either driver); what follows the cut does not depend on it.
    want=$(echo "$want" | sed -E 's#^start: active=[^ ]*#start: active=*#')
    got=$(echo "$got" | sed -E 's#^start: active=[^ ]*#start: active=*#');;
  esac
  echo "$got" | sed "s/^/  [$name] /"
  echo "  [$name] both drivers in $((SECONDS - t0)) s"
  # Identical transcripts prove little if the monitor never acted: the cut
  # must take the slave down and move the bond to the other one.
  local took=$'cut veth0: up -> [^\n]*down\nafter cut: active=veth1 '
  if [[ $got =~ $took ]]; then pass "[$name] the cut takes veth0 down and veth1 over"; else
    fail "[$name] the cut did not take veth0 down and veth1 over"; fi
  if [ "$want" == "$got" ]; then pass "[$name] same MII sequence, failure counts and active slave as bonding.ko"; else
    fail "[$name] differs from bonding.ko"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
}

setup
compare "miimon" miimon=100
compare "primary always" miimon=100 primary=veth0
compare "primary failure" miimon=100 primary=veth0 primary_reselect=failure
compare "primary better" miimon=100 primary=veth0 primary_reselect=better
compare "updelay+downdelay" miimon=100 updelay=1000 downdelay=1000 primary=veth0
# The ARP monitor at 500 ms: a backup is trusted while it hears anything
# within missed_max + 1 intervals, so one slow emulated tick cannot flap it
# and the failure counts are as exact as the MII monitor's.  updelay and
# downdelay have no effect without miimon (the C driver warns at load and
# its ARP monitor ignores them): the same sequence as without them.
arp="arp_interval=500 arp_ip_target=192.0.2.2"
compare "arp monitor" $arp
compare "arp validate all" $arp arp_validate=all primary=veth0
compare "arp primary always" $arp primary=veth0
compare "arp primary failure" $arp primary=veth0 primary_reselect=failure
compare "arp primary better" $arp primary=veth0 primary_reselect=better
compare "arp updelay+downdelay" $arp updelay=1000 downdelay=1000 primary=veth0
# The same monitor probing an IPv6 target with neighbour solicitations
# (ns_ip6_target), answered by the peer bridge's 2001:db8::2.
ip -n peer addr add 2001:db8::2/64 dev br0 nodad
ns="arp_interval=500 ns=2001:db8::2"
compare "ns monitor" $ns
compare "ns validate all" $ns arp_validate=all primary=veth0
compare "ns validate active" $ns arp_validate=active

# ARP validation takes down slaves that get no valid replies: a target
# nobody answers (an IPv4 one, then an IPv6 one).
novalid() { # novalid KO [NS-TARGET]
  if [ -n "${2:-}" ]; then
    # (At load, arp_interval without arp_ip_target would be reset to 0 and
    # arp_validate refused; over netlink neither is.)
    insmod "$1" mode=active-backup
    ip link set bond0 type bond ns_ip6_target "$2" arp_interval 100 arp_validate all
    ip addr add 2001:db8::1/64 dev bond0 nodad
  else
    insmod "$1" mode=active-backup arp_interval=100 arp_ip_target=192.0.2.99 arp_validate=all
  fi
  ip link set veth0 master bond0; ip link set veth1 master bond0
  ip link set bond0 up; ip addr add 192.0.2.1/24 dev bond0
  nap 3
  local m0 m1; mii_of veth0; m0=$MII; mii_of veth1; m1=$MII
  echo "no valid replies: veth0 $m0, veth1 $m1, $(grep -c 'Currently Active Slave: None' $P) without active"
  unload_all
}
# With no valid reply no slave stays up; the probing moves each through
# "going back" (probed) and "going down" (no reply), so a snapshot shows
# either, for both drivers.
nolink='veth0 (down|going down|going back), veth1 (down|going down|going back), 1 without'
want=$(novalid "$C_KO" 2>/dev/null); got=$(novalid "$RS_KO")
echo "  bonding.ko: $want"
echo "  bonding_rs: $got"
check "arp_validate takes down slaves without valid replies" bash -c "echo '$got' | grep -qE '$nolink'"
check "... as bonding.ko does" bash -c "echo '$want' | grep -qE '$nolink'"
# An IPv6 target nobody answers: the same.
want=$(novalid "$C_KO" 2001:db8::99 2>/dev/null); got=$(novalid "$RS_KO" 2001:db8::99)
echo "  bonding.ko: $want"
echo "  bonding_rs: $got"
check "arp_validate takes down slaves without valid NS replies" bash -c "echo '$got' | grep -qE '$nolink'"
check "... as bonding.ko does" bash -c "echo '$want' | grep -qE '$nolink'"

# The NS targets' solicited-node groups on the slaves (slave_set_ns_maddrs):
# with arp_validate the backups of active-backup join them; through
# enslave, a forced active slave, a failure, validation off and on, the
# target list replaced and extended, and a release.  Under the MII monitor, so that the roles do not
# depend on probe timing.
groups_seq() { # groups_seq KO
  insmod "$1" mode=active-backup miimon=100
  ip link set bond0 type bond arp_validate all ns_ip6_target 2001:db8::2,2001:db8::3
  ip link set veth0 master bond0; ip link set veth1 master bond0; ip link set bond0 up
  wait_active veth0 5
  echo "enslaved: $(ns_groups)"
  ip link set bond0 type bond active_slave veth1; wait_active veth1 3
  echo "veth1 made active: $(ns_groups)"
  ip -n peer link set p1 down; wait_active veth0 3
  echo "veth1 failed: $(ns_groups)"
  ip -n peer link set p1 up; nap 0.5
  ip link set bond0 type bond arp_validate none
  echo "validate none: $(ns_groups)"
  ip link set bond0 type bond arp_validate backup
  echo "validate backup: $(ns_groups)"
  ip link set bond0 type bond ns_ip6_target 2001:db8::4
  echo "targets replaced: $(ns_groups)"
  ip link set bond0 type bond ns_ip6_target 2001:db8::4,2001:db8::5
  echo "target added: $(ns_groups)"
  ip link set veth1 nomaster
  echo "veth1 released: $(ns_groups)"
  unload_all
}
want=$(groups_seq "$C_KO" 2>&1); got=$(groups_seq "$RS_KO" 2>&1)
echo "$got" | sed 's/^/  [ns groups] /'
if [ "$want" == "$got" ]; then pass "NS target groups on the slaves as bonding.ko's"; else
  fail "NS target groups differ from bonding.ko's"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi

# Gratuitous ARPs on the peer side after a failover (num_grat_arp=3).
grat() { # grat KO -> number of gratuitous ARPs for 192.0.2.1 seen on p1
  insmod "$1" mode=active-backup miimon=100 num_grat_arp=3
  ip link set veth0 master bond0; ip link set veth1 master bond0
  ip link set bond0 up; ip addr add 192.0.2.1/24 dev bond0
  wait_active veth0 5; nap 1
  : > /tmp/grat.err
  ip netns exec peer tcpdump -l -n -i p1 arp > /tmp/grat.out 2> /tmp/grat.err &
  local td=$! n=600
  # tcpdump says "listening on" once its socket is bound; under a loaded
  # emulator that took more than a fixed 2 s once (0 frames for both drivers).
  while [ $n -gt 0 ] && [[ $(< /tmp/grat.err) != *"listening on"* ]]; do nap 0.05; n=$((n - 1)); done
  nap 0.5
  ip -n peer link set p0 down
  wait_active veth1 5
  nap 1.5
  kill $td; wait $td 2>/dev/null
  grep -c "Request who-has 192.0.2.1 tell 192.0.2.1" /tmp/grat.out
  unload_all
  ip -n peer link set p0 up
}
c_grat=$(grat "$C_KO" 2>/dev/null); rs_grat=$(grat "$RS_KO")
echo "  gratuitous ARPs after failover: bonding.ko $c_grat, bonding_rs $rs_grat"
check "gratuitous ARPs captured on the peer after failover" test "${rs_grat:-0}" -ge 1
check "... as many as bonding.ko sends" test "${rs_grat:-0}" -ge "${c_grat:-0}"

# 200 carrier flaps under traffic (bonding_rs only): no splat (run.sh checks
# the kernel log), the bond still carries traffic, /proc stays consistent:
# 100 on each slave's peer in turn, then 100 more on the primary's.
insmod "$RS_KO" mode=active-backup miimon=10 primary=veth0
ip link set veth0 master bond0; ip link set veth1 master bond0
ip link set bond0 up; ip addr add 192.0.2.1/24 dev bond0
wait_active veth0 5
ping -q -i 0.01 192.0.2.2 > /dev/null 2>&1 &
pp=$!
t0=$SECONDS
for i in $(seq 100); do echo "link set p$((i % 2)) down"; echo "link set p$((i % 2)) up"; done > /tmp/flaps
ip -n peer -batch /tmp/flaps
for i in $(seq 100); do echo "link set p0 down"; echo "link set p0 up"; done > /tmp/flaps
ip -n peer -batch /tmp/flaps
kill $pp; wait $pp 2>/dev/null
nap 1
echo "  after 200 flaps ($((SECONDS - t0)) s): $(state)"
check "bond carries traffic after 200 flaps" ping -c 3 -i 0.2 -W 2 192.0.2.2
check "primary active again after the flaps" grep -q "Currently Active Slave: veth0" $P
unload_all
teardown
finish
