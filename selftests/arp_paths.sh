#!/bin/bash
# The ARP and NS monitors' route and device path handling (bond_arp_send_all(),
# bond_ns_send_all(), bond_verify_device_path(), bond_handle_vlan()),
# bonding_rs against bonding.ko in the same boot.  The probe to a target goes
# where the route to it leaves: through the bond itself, through VLANs
# stacked on it (the frame gets their tags, the outermost as the hwaccel tag),
# not at all when the route's device is not above the bond, and from 0.0.0.0
# (::) untagged when there is no route (warned about once with arp_validate).
#
# Topology, kept for the whole test: bond0 in active-backup over veth0/veth1,
# whose peers p0/p1 are ports of br0 (no address, no multicast snooping) in
# namespace "peer"; on br0 the peer answers on br0.100 (802.1Q 100:
# 192.0.2.2, 2001:db8:100::2) and br0.ad.200 (802.1Q 200 inside 802.1ad 100:
# 198.51.100.2); dpath0 (a dummy, 203.0.113.1/24) is a device here that is
# not above the bond.  tcpdump on the peer ports records what each slave
# sends (p0 and p1, inbound) and what veth0 receives (p0, outbound).  Cutting
# veth0 = dropping everything p0 sends it (a tc flower filter on p0's
# egress, added and deleted without RTNL, which the ARP monitor needs for
# every state change; taking p0 out of the bridge instead held it long
# enough under emulation to take the backup down too): the carrier stays up
# and veth0's probes still reach the bridge and the backup, only the replies
# stop.  Each driver is loaded once (max_bonds=0) and the scenarios run one
# after another on one bond0 (created over netlink with bond0.100 and
# bond0.ad.200 on it), each setting its targets over netlink:
#   vlan     arp_ip_target reachable only through bond0.100 (802.1Q 100),
#            arp_validate all: slaves up, probes tagged 100, failover on a
#            cut, back after it
#   qinq     through bond0.ad.200 (802.1Q 200 on 802.1ad 100 on bond0): probes
#            carry S-tag 100 and C-tag 200; the peer's replies come back
#            double-tagged, which bond_rcv_validate() does not take for ARP
#            (skb->protocol is the inner 802.1Q), so under arp_validate all no
#            slave comes up (as with bonding.ko); with arp_validate none the
#            replies count as traffic and both are up
#   dummy    a target routed through dpath0: never probed; no slave up; a
#            target through bond0.100 added is probed and brings them up
#   noroute  (with dummy) targets without a route (IPv4 and IPv6): ARP from
#            0.0.0.0 and NS from :: untagged through both slaves, one "no
#            route ... and arp_validate is set" warning each
#   ns-vlan  vlan with ns_ip6_target (2001:db8:100::1 on bond0.100, nodad)
#            and no arp_ip_target
# Per scenario the transcript (the slaves' MII Status, Link Failure Counts
# counted from a settled start, the active slave, /proc/net/bonding/bond0
# without the counts, the probes and replies seen on the wire, the warnings)
# must be the same for both drivers, and the expected lines must be in both;
# when state lines fail, all runs once more (see run_both).
. "$(dirname "$0")/lib.sh"
unload_all
mods=$'\n'$(< /proc/modules)
for m in net/8021q/8021q net/sched/sch_ingress net/sched/cls_flower net/sched/act_gact; do
  [[ $mods == *$'\n'"${m##*/} "* ]] || insmod "$KDIR/$m.ko" || { fail "insmod $m"; finish; }
done
command -v tcpdump > /dev/null || { fail "no tcpdump in the guest"; finish; }

P=/proc/net/bonding/bond0
declare -A base
# state [base|coarse]: in ST, the active slave and per slave its MII Status
# and Link Failure Count since the "base" call; coarse: "up" or "not-up" and
# no counts (with no valid replies a slave cycles through down, going back
# and going down at the probe's pace, and which slave went down once at
# start-up is the emulator's timing).  No subshell: the polling loops below
# fork nothing (a fork costs the emulated guest enough to delay the monitor),
# and neither do the other helpers that set a variable (W, F, MII).
state() {
  local line slave="" out="" c m
  while IFS= read -r line; do
    case $line in
      "Currently Active Slave: "*) out="active=${line#*: }";;
      "Slave Interface: "*) slave=${line#*: };;
      "MII Status: "*)
        if [ -n "$slave" ]; then
          m=${line#*: }
          [ "${1:-}" = coarse ] && [ "$m" != up ] && m=not-up
          out="$out $slave:$m"
        fi;;
      "Link Failure Count: "*)
        c=${line#*: }
        case ${1:-} in
          base) base[$slave]=$c;;
          coarse) ;;
          *) out="$out/+$((c - ${base[$slave]:-0}))";;
        esac;;
    esac
  done < $P
  ST=$out
}
# proc_view TAG [coarse]: /proc/net/bonding/bond0 without the Link Failure
# Counts (see state), MII Status values coarse if asked, prefixed "TAG proc|".
proc_view() {
  local line
  while IFS= read -r line; do
    case $line in
      "Link Failure Count: "*) continue;;
      "MII Status: "*) [ "${2:-}" = coarse ] && [ "$line" != "MII Status: up" ] && line="MII Status: not-up";;
    esac
    echo "$1 proc| $line"
  done < $P
}
wait_state() { # wait_state COARSE-STATE SECONDS
  local end=$(( ${EPOCHREALTIME/./} + $2 * 1000000 ))
  while [ ${EPOCHREALTIME/./} -lt $end ]; do
    state coarse; [ "$ST" = "$1" ] && return
    nap 0.05
  done
}

# --- the capture: p0.in and p1.in what veth0/veth1 send, p0.out what veth0 gets
CAPS="p0.in p1.in p0.out"
cap_pids=()
declare -A capfd cappart
cap_start() {
  local c n fd
  for c in $CAPS; do
    : > "$WORK/cap.$c"
    exec {fd}< "$WORK/cap.$c"
    capfd[$c]=$fd cappart[$c]=""
    ip netns exec peer tcpdump -l --immediate-mode -B 256 -n -e -t -Q "${c#*.}" -i "${c%.*}" \
      >> "$WORK/cap.$c" 2> "$WORK/cap.$c.err" &
    cap_pids+=($!)
  done
  for c in $CAPS; do
    n=600
    while [ $n -gt 0 ] && [[ $(< "$WORK/cap.$c.err") != *"listening on"* ]]; do nap 0.05; n=$((n - 1)); done
    [ $n -gt 0 ] || { fail "tcpdump on ${c%.*} did not start: $(< "$WORK/cap.$c.err")"; return 1; }
  done
}
# cap_drain CAP ARRAY: the lines tcpdump wrote since the last drain, read on
# from where that one stopped (a line not complete yet is completed next time).
cap_drain() {
  local -n a=$2
  local x
  a=()
  while IFS= read -r -u "${capfd[$1]}" x; do a+=("${cappart[$1]}$x"); cappart[$1]=""; done
  cappart[$1]+=$x
}
cap_mark() { # the capture from here on is the next scenario's
  local c junk
  for c in $CAPS; do cap_drain $c junk; done
}
cap_take() { # the lines since the mark, in cap_p0_in, cap_p1_in, cap_p0_out
  local c
  for c in $CAPS; do cap_drain $c "cap_${c/./_}"; done
}
# cap_take_until CAP KEY SECONDS: cap_take, then more lines of every capture
# until CAP holds KEY or SECONDS pass (a frame that must come, and may come
# a tick after the state the scenario waited for).
cap_take_until() {
  local c end=$(( ${EPOCHREALTIME/./} + $3 * 1000000 ))
  cap_take
  frames "$1" "$2"
  while [ "$F" = 0 ] && [ ${EPOCHREALTIME/./} -lt $end ]; do
    nap 0.1
    for c in $CAPS; do cap_append $c; done
    frames "$1" "$2"
  done
}
cap_append() { # cap_append CAP: the lines since the last drain, added to those taken
  local more
  cap_drain "$1" more
  local -n arr=cap_${1/./_}
  arr+=("${more[@]}")
}
# wire CAP GOOD KEY: in W, "seen" or "none" for lines taken holding GOOD,
# and how many other lines hold KEY (the first of them quoted).
wire() {
  local good=0 other=0 first="" x
  local -n l=cap_${1/./_}
  for x in "${l[@]}"; do
    if [[ $x == *"$2"* ]]; then good=$((good + 1))
    elif [[ $x == *"$3"* ]]; then other=$((other + 1)); [ -n "$first" ] || first=" (\"$x\")"; fi
  done
  W="none, $other other$first"
  [ $good = 0 ] || W="seen, $other other$first"
}

frames() { # frames CAP KEY: in F, how many lines taken hold KEY
  local n=0 x
  local -n l=cap_${1/./_}
  for x in "${l[@]}"; do [[ $x == *"$2"* ]] && n=$((n + 1)); done
  F=$n
}

# The frames, as tcpdump -e prints them (the bond's MAC is veth0's).
BMAC=02:00:00:00:00:10
ARP_Q="$BMAC > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 46: vlan 100, p 0, ethertype ARP (0x0806), Request who-has 192.0.2.2 tell 192.0.2.1, length 28"
ARP_Q_R="vlan 100, p 0, ethertype ARP (0x0806), Reply 192.0.2.2 is-at 02:00:00:00:00:fe,"
ARP_QQ="$BMAC > ff:ff:ff:ff:ff:ff, ethertype 802.1Q-QinQ (0x88a8), length 50: vlan 100, p 0, ethertype 802.1Q (0x8100), vlan 200, p 0, ethertype ARP (0x0806), Request who-has 198.51.100.2 tell 198.51.100.1, length 28"
ARP_QQ_R="ethertype 802.1Q-QinQ (0x88a8), length 50: vlan 100, p 0, ethertype 802.1Q (0x8100), vlan 200, p 0, ethertype ARP (0x0806), Reply 198.51.100.2 is-at 02:00:00:00:00:fe,"
ARP_0="$BMAC > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 198.18.5.5 tell 0.0.0.0, length 28"
NS_0="$BMAC > 33:33:ff:00:00:05, ethertype IPv6 (0x86dd), length 78: :: > ff02::1:ff00:5: ICMP6, neighbor solicitation, who has 2001:db8:dead::5, length 24"
NS_Q="$BMAC > 33:33:ff:00:00:02, ethertype 802.1Q (0x8100), length 90: vlan 100, p 0, ethertype IPv6 (0x86dd), 2001:db8:100::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8:100::2, length 32"
NS_Q_R="vlan 100, p 0, ethertype IPv6 (0x86dd), 2001:db8:100::2 > 2001:db8:100::1: ICMP6, neighbor advertisement, tgt is 2001:db8:100::2,"

UP="active=veth0 veth0:up veth1:up"
NOTUP="active=None veth0:not-up veth1:not-up"
# tmark WHAT: a "time" line (not compared): ms since the previous mark.
tprev=${EPOCHREALTIME/./}
tmark() { local n=${EPOCHREALTIME/./}; echo "time ${T:-} $1 $(( (n - tprev) / 1000 ))"; tprev=$n; }
bond_opt() { ip link set bond0 type bond "$@"; } # bond_opt OPTION VALUE...: over netlink

# The bond runs with arp_missed_max 10: at 100 ms a guest stalled for a few
# hundred ms (TCG on a busy host: one tick in ten came more than 150 ms after
# the previous one, some a second later) misses replies, and with the
# default 2 that took slaves down and back at random for either driver (the
# backup after a restore worst: it is validated by the new active slave's
# requests only once that one got a reply after becoming active,
# bond_arp_rcv() case b, two intervals later, with half an interval to spare
# at arp_missed_max 2).  A slave coming up needs no such margin: a reply
# within one interval and a half of the inspection, nine ticks in ten.
#
# failover TAG: from both slaves up with veth0 active (the primary), the
# replies to veth0 stop, and come back.
failover() {
  local T=$1
  # Slaves are up at enslave (or from the previous scenario's targets)
  # before any reply to these: up again after the time a slave without
  # replies takes to go down (a first reply late under emulation takes one
  # down once, for either driver), the counts start.
  wait_state "$UP" 10
  nap 1.5
  wait_state "$UP" 10
  tmark up
  state base
  state; echo "$T start: $ST"
  tc -n peer filter add dev p0 egress pref 1 protocol all flower action drop &
  echo "$T cut veth0: $(watch veth0 up down 10)"
  wait $!; wait_active veth1 5
  tmark cut
  state; echo "$T after cut: $ST"
  tc -n peer filter del dev p0 egress pref 1 &
  echo "$T restore veth0: $(watch veth0 down up 10)"
  wait $!; wait_active veth0 5
  tmark restored
  state; echo "$T after restore: $ST"
  proc_view "$T"
}

# The scenarios, one after another on one bond (creating and deleting a bond
# with its VLANs and slaves costs seconds under emulation): each changes the
# targets (and what else it needs) over netlink and takes what the
# capture got meanwhile.
s_vlan() {
  local T=vlan
  cap_mark
  ip -batch - <<EOF
link add bond0 type bond mode active-backup arp_interval 100 arp_missed_max 10 arp_ip_target 192.0.2.2 arp_validate all primary veth0
link add link bond0 name bond0.100 type vlan id 100
addr add 192.0.2.1/24 dev bond0.100
addr add 2001:db8:100::1/64 dev bond0.100 nodad
link add link bond0 name bond0.ad type vlan proto 802.1ad id 100
link add link bond0.ad name bond0.ad.200 type vlan id 200
addr add 198.51.100.1/24 dev bond0.ad.200
link set bond0 up
link set bond0.100 up
link set bond0.ad up
link set bond0.ad.200 up
link set veth0 master bond0
link set veth1 master bond0
EOF
  tmark created
  failover $T
  cap_take
  wire p0.in "$ARP_Q" 'who-has 192.0.2.2 '; echo "$T probes from veth0: $W"
  wire p1.in "$ARP_Q" 'who-has 192.0.2.2 '; echo "$T probes from veth1: $W"
  wire p0.out "$ARP_Q_R" 'Reply 192.0.2.2 '; echo "$T replies to veth0: $W"
}

s_qinq() {
  local T=qinq
  cap_mark
  bond_opt arp_ip_target 198.51.100.2
  # No slave keeps up or comes up on double-tagged replies: 5 more probe
  # rounds once both are down.
  wait_state "$NOTUP" 10
  nap 0.5
  tmark down
  state coarse; echo "$T validate all: $ST"
  proc_view $T coarse
  bond_opt arp_validate none
  wait_state "$UP" 10
  tmark up
  state coarse; echo "$T validate none: $ST"
  cap_take
  wire p0.in "$ARP_QQ" 'who-has 198.51.100.2 '; echo "$T probes from veth0: $W"
  wire p1.in "$ARP_QQ" 'who-has 198.51.100.2 '; echo "$T probes from veth1: $W"
  wire p0.out "$ARP_QQ_R" 'Reply 198.51.100.2 '; echo "$T replies to veth0: $W"
}

# The dummy and noroute scenarios at once: a target routed through dpath0
# and one (each family) without a route; then the target behind bond0.100
# added.
s_dummy() {
  local T=dummy l n=0 seen=0 mk="arp_paths: noroute $EPOCHREALTIME"
  cap_mark
  echo "<4>$mk" > /dev/kmsg
  bond_opt arp_validate all arp_ip_target 203.0.113.2,198.18.5.5 ns_ip6_target 2001:db8:dead::5
  wait_state "$NOTUP" 10
  nap 0.5
  tmark down
  state coarse; echo "$T target via dpath0: $ST"
  state coarse; echo "noroute: $ST"
  proc_view noroute coarse
  bond_opt arp_ip_target 203.0.113.2,198.18.5.5,192.0.2.2
  wait_state "$UP" 10
  tmark up
  state coarse; echo "$T and a target via bond0.100: $ST"
  # veth0 can come up on the replies to veth1's probes (the bridge sends
  # them to the port that last sent the bond's MAC) and send its own only
  # as the active slave, a tick later: that probe is waited for (CI saw it
  # missing once, for bonding_rs).
  cap_take_until p0.in 'who-has 192.0.2.2 ' 3
  frames p0.in 203.0.113.2; l=$F
  frames p1.in 203.0.113.2
  echo "$T frames about 203.0.113.2: veth0 $l, veth1 $F"
  wire p0.in "$ARP_Q" 'who-has 192.0.2.2 '; echo "$T probes from veth0: $W"
  # The kernel log's warnings after the marker: "LEVEL message" of each
  # (read from a file: bash reads a pipe a byte at a time).
  dmesg -r -l warn > "$WORK/dmesg"
  while IFS= read -r l; do
    if [[ $l == *"$mk" ]]; then seen=1
    elif [ $seen = 1 ] && [[ $l == *"no route to"* ]] &&
      [[ $l =~ ^\<([0-9]+)\>\[[^]]*\]\ ?(.*)$ ]]; then
      echo "noroute log: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"; n=$((n + 1))
    fi
  done < "$WORK/dmesg"
  echo "noroute warnings: $n"
  wire p0.in "$ARP_0" 'who-has 198.18.5.5 '; echo "noroute ARP from veth0: $W"
  wire p1.in "$ARP_0" 'who-has 198.18.5.5 '; echo "noroute ARP from veth1: $W"
  wire p0.in "$NS_0" 'who has 2001:db8:dead::5'; echo "noroute NS from veth0: $W"
  wire p1.in "$NS_0" 'who has 2001:db8:dead::5'; echo "noroute NS from veth1: $W"
}

s_ns_vlan() {
  local T=ns-vlan
  cap_mark
  # No IPv4 target left: the NS monitor alone.
  bond_opt arp_ip_target "" ns_ip6_target 2001:db8:100::2
  failover $T
  ip link del bond0
  nap 0.2
  cap_take
  tmark deleted
  wire p0.in "$NS_Q" 'who has 2001:db8:100::2'; echo "$T probes from veth0: $W"
  wire p1.in "$NS_Q" 'who has 2001:db8:100::2'; echo "$T probes from veth1: $W"
  wire p0.out "$NS_Q_R" 'neighbor advertisement, tgt is 2001:db8:100::2'; echo "$T replies to veth0: $W"
}

SCENARIOS="vlan qinq dummy noroute ns-vlan"
run_driver() { # run_driver KO: every scenario's transcript, the driver loaded once
  local T t=$SECONDS
  insmod "$1" max_bonds=0 || { echo "insmod failed"; return; }
  echo "time load $((SECONDS - t))"
  for T in vlan qinq dummy ns-vlan; do
    t=$SECONDS; "s_${T//-/_}"; tmark wire; echo "time $T total $((SECONDS - t))"
  done
  t=$SECONDS; unload_all; echo "time unload $((SECONDS - t))"
}
# Lines each driver's transcript must hold, per scenario.
declare -A expect
expect[vlan]="vlan start: active=veth0 veth0:up/+0 veth1:up/+0
vlan cut veth0: up -> down
vlan after cut: active=veth1 veth0:down/+1 veth1:up/+0
vlan restore veth0: down -> up
vlan after restore: active=veth0 veth0:up/+1 veth1:up/+0
vlan proc| ARP IP target/s (n.n.n.n form): 192.0.2.2
vlan probes from veth0: seen, 0 other
vlan probes from veth1: seen, 0 other
vlan replies to veth0: seen, 0 other"
expect[qinq]="qinq validate all: $NOTUP
qinq proc| ARP IP target/s (n.n.n.n form): 198.51.100.2
qinq validate none: $UP
qinq probes from veth0: seen, 0 other
qinq probes from veth1: seen, 0 other
qinq replies to veth0: seen, 0 other"
expect[dummy]="dummy target via dpath0: $NOTUP
dummy and a target via bond0.100: $UP
dummy frames about 203.0.113.2: veth0 0, veth1 0
dummy probes from veth0: seen, 0 other"
expect[noroute]="noroute: $NOTUP
noroute proc| ARP IP target/s (n.n.n.n form): 203.0.113.2, 198.18.5.5
noroute proc| NS IPv6 target/s (xx::xx form): 2001:db8:dead::5
noroute log: 4 bond0: no route to arp_ip_target 198.18.5.5 and arp_validate is set
noroute log: 4 bond0: no route to ns_ip6_target 2001:db8:dead::5 and arp_validate is set
noroute warnings: 2
noroute ARP from veth0: seen, 0 other
noroute ARP from veth1: seen, 0 other
noroute NS from veth0: seen, 0 other
noroute NS from veth1: seen, 0 other"
expect[ns-vlan]="ns-vlan start: active=veth0 veth0:up/+0 veth1:up/+0
ns-vlan cut veth0: up -> down
ns-vlan after cut: active=veth1 veth0:down/+1 veth1:up/+0
ns-vlan restore veth0: down -> up
ns-vlan after restore: active=veth0 veth0:up/+1 veth1:up/+0
ns-vlan proc| ARP IP target/s (n.n.n.n form):
ns-vlan proc| NS IPv6 target/s (xx::xx form): 2001:db8:100::2
ns-vlan probes from veth0: seen, 0 other
ns-vlan probes from veth1: seen, 0 other
ns-vlan replies to veth0: seen, 0 other"

# --- topology
peer_setup 2 bridge
ip -n peer -batch - <<EOF
addr flush dev br0
link set br0 type bridge mcast_snooping 0
link add link br0 name br0.100 type vlan id 100
addr add 192.0.2.2/24 dev br0.100
addr add 2001:db8:100::2/64 dev br0.100 nodad
link set br0.100 up
link add link br0 name br0.ad type vlan proto 802.1ad id 100
link set br0.ad up
link add link br0.ad name br0.ad.200 type vlan id 200
addr add 198.51.100.2/24 dev br0.ad.200
link set br0.ad.200 up
EOF
[ $? = 0 ] || fail "peer topology"
tc -n peer qdisc add dev p0 clsact || fail "clsact on p0"
ip -batch - <<EOF
link add dpath0 type dummy
addr add 203.0.113.1/24 dev dpath0
link set dpath0 up
EOF
[ $? = 0 ] || fail "dpath0"
# The scenarios' premises about the routes here.
r=$(printf 'route get %s\n' 203.0.113.2 198.18.5.5 2001:db8:dead::5 | ip -force -batch - 2>&1)
[[ $r == "203.0.113.2 dev dpath0 "* ]] && pass "route to 203.0.113.2 through dpath0" || fail "route to 203.0.113.2: $r"
[[ $r == *$'\n'*"Network is unreachable"*$'\n'*"Network is unreachable"* && $r != *"198.18.5.5 "* &&
  $r != *"2001:db8:dead::5 "* ]] && pass "no route to 198.18.5.5 nor to 2001:db8:dead::5" ||
  fail "routes to 198.18.5.5 or 2001:db8:dead::5: $r"
cap_start

# Both drivers, every scenario.  If a state line failed (see timing_line),
# everything runs once more for both drivers, each loaded afresh: at 100 ms
# the ARP monitor's counts still depend on how long an emulated guest
# stalls.  A scenario fails if it fails in the last run; the first run's
# outcome is shown.
run_both() { # run_both SUFFIX
  local t=$SECONDS t1
  run_driver "$C_KO" > "$WORK/t$1.c" 2>> "$WORK/t.c.err"
  t1=$SECONDS
  run_driver "$RS_KO" > "$WORK/t$1.rs" 2>> "$WORK/t.rs.err"
  echo "  run $1: bonding.ko $((t1 - t)) s, bonding_rs $((SECONDS - t1)) s"
}
declare -A TR
split() { # split SUFFIX: each transcript's lines by scenario, in TR[c:TAG], TR[rs:TAG]
  local d x tag
  for d in c rs; do
    for tag in $SCENARIOS; do TR[$d:$tag]=""; done
    while IFS= read -r x; do
      tag=${x%% *}; tag=${tag%:}
      [ -n "${TR[$d:$tag]+set}" ] && TR[$d:$tag]+="$x"$'\n'
    done < "$WORK/t$1.$d"
  done
}
# A failed line is the monitor's timing when it is a state line: one with the
# active slave or a sequence of MII Status values.
timing_line() { [[ $1 == *"active="* || $1 == *" -> "* ]]; }
# lines NAME STRING: NAME=(the non-empty lines of STRING); no here-string,
# which bash reads back a byte at a time.
lines() {
  local -n a=$1
  local IFS=$'\n'
  set -f; a=($2); set +f
}
# verdict TAG: prints the outcome; status 0 if all checks passed, 2 if a
# state line failed, 1 if only other lines did.
verdict() {
  local T=$1 want=${TR[c:$1]} got=${TR[rs:$1]} drv x e missing bad=0 timing=0
  local -a wl gl el
  local -A in_c in_rs
  lines wl "$want"; lines gl "$got"; lines el "${expect[$T]}"
  for x in "${wl[@]}"; do in_c[$x]=1; done
  for x in "${gl[@]}"; do in_rs[$x]=1; echo "  [$T] $x"; done
  for drv in c rs; do
    local -n have=in_$drv
    missing=""
    for e in "${el[@]}"; do
      [ -n "${have[$e]+set}" ] && continue
      missing+=$'\n'"    missing: $e"
      timing_line "$e" && timing=1
    done
    [ $drv = c ] && x=bonding.ko || x=bonding_rs
    if [ -z "$missing" ]; then echo "ok: [$T] $x: as expected"; else
      echo "FAIL: [$T] $x: not as expected$missing"; bad=1; fi
    unset -n have
  done
  if [ "$want" == "$got" ]; then echo "ok: [$T] same transcript as bonding.ko"; else
    echo "FAIL: [$T] bonding_rs differs from bonding.ko (< bonding.ko, > bonding_rs):"
    diff <(echo -n "$want") <(echo -n "$got") | sed 's/^/    /'; bad=1
    for e in "${wl[@]}"; do
      [ -n "${in_rs[$e]+set}" ] || { timing_line "$e" && timing=1; }
    done
    for e in "${gl[@]}"; do
      [ -n "${in_c[$e]+set}" ] || { timing_line "$e" && timing=1; }
    done
  fi
  [ $bad = 0 ] || return $((1 + timing))
}

: > "$WORK/t.c.err"; : > "$WORK/t.rs.err"
run_both 1
split 1
again=0
declare -A first
for T in $SCENARIOS; do
  first[$T]=$(verdict "$T"); rc=$?
  [ $rc = 2 ] && again=1
  first[$T:rc]=$rc
done
if [ $again = 1 ]; then
  for T in $SCENARIOS; do echo "${first[$T]}" | sed 's/^/  first run| /'; done
  run_both 2
  split 2
fi
for T in $SCENARIOS; do
  if [ $again = 1 ]; then out=$(verdict "$T"); rc=$?; else out=${first[$T]}; rc=${first[$T:rc]}; fi
  echo "$out"
  [ $rc = 0 ] && pass "[$T] bonding_rs as bonding.ko, as expected" || fail "[$T]"
done
for d in c rs; do
  x=""
  for f in "$WORK"/t[12].$d; do
    while IFS= read -r l; do
      [[ $l == "time "* ]] && x+="${l#time } ;"
    done < "$f"
  done
  echo "  times ($d, ms or s): $x"
done
for c in "${cap_pids[@]}"; do kill "$c" 2>/dev/null; wait "$c" 2>/dev/null; done
ip link del dpath0
peer_teardown
# Commands that complained (none should).
[ -s "$WORK/t.rs.err" ] && { fail "bonding_rs run: errors"; sed 's/^/    /' "$WORK/t.rs.err"; }
[ -s "$WORK/t.c.err" ] && { fail "bonding.ko run: errors"; sed 's/^/    /' "$WORK/t.c.err"; }
echo "  arp_paths.sh: $SECONDS s"
finish
