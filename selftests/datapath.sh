#!/bin/bash
# The data path in every mode, bonding_rs against bonding.ko on the same
# script: bond0 over veth0..veth2 (MTU 1400) whose peers are ports of a
# bridge in namespace "peer" (192.0.2.2).  For each mode and driver:
#   - enslaving gives each slave the bond's MAC and MTU (1500);
#   - ping across the bond, with the per-slave tx spread the mode wants;
#   - /proc/net/bonding/bond0 and the ethtool speed (the sum of the usable
#     slaves', the slowest one's in broadcast, the active one's in
#     active-backup);
#   - 1.5 MB over TCP arrive whole (length and SHA-256), spread as the mode
#     wants (one slave per flow in active-backup and balance-xor);
#   - the bond's tx counters, through sysfs and through rtnetlink (ip -s
#     link, whose stats64 buffer may be only 4-byte aligned), cover what
#     the slaves sent;
#   - a slave deleted in the middle of a second transfer (the active one,
#     veth0, in active-backup, so that the flow fails over; else veth2)
#     leaves the transfer whole, the slave gone from /proc and the bond
#     carrying traffic;
#   - release restores the slave's MAC and MTU, and so does rmmod with a
#     slave still attached.
# The transcripts of the two drivers must be identical; the checks read
# bonding_rs's.  The topology stays up; the deleted pair is made again.
. "$(dirname "$0")/lib.sh"
unload_all
P=/proc/net/bonding/bond0
PY=/usr/bin/python3
rdv() { read -r "$1" < "$2" 2>/dev/null || printf -v "$1" gone; } # rdv VAR FILE
txp() { local v; rdv v /sys/class/net/$1/statistics/tx_packets; echo "$v"; }

scenario() { # scenario KO MODE -> transcript on stdout
  local ko=$1 mode=$2 extra= victim=veth2 kept=veth0 a b v m bm mtu i
  [ $mode = balance-xor ] && extra=xmit_hash_policy=layer3+4
  [ $mode = active-backup ] && victim=veth0 kept=veth2
  insmod "$ko" mode=$mode miimon=50 $extra || { echo "insmod failed"; return; }
  ip -batch - <<EOF
link set veth0 master bond0
link set veth1 master bond0
link set veth2 master bond0
link set bond0 up
addr add 192.0.2.1/24 dev bond0
EOF
  echo "enslave and up: $?"
  rdv bm /sys/class/net/bond0/address
  for i in 0 1 2; do
    rdv m /sys/class/net/veth$i/address; rdv mtu /sys/class/net/veth$i/mtu
    echo "veth$i while enslaved: mac $m (the bond's: $([ "$m" = "$bm" ] && echo yes || echo no)) mtu $mtu"
  done
  nap 1
  a=($(txp veth0) $(txp veth1) $(txp veth2))
  ping -c 20 -i 0.05 -W 2 192.0.2.2 > /tmp/ping.out 2>&1
  b=($(txp veth0) $(txp veth1) $(txp veth2))
  v=$(< /tmp/ping.out)
  [[ $v =~ ([0-9]+)\ received ]] && echo "ping: ${BASH_REMATCH[1]} received"
  local d=($((b[0] - a[0])) $((b[1] - a[1])) $((b[2] - a[2])))
  echo "ping spread: ${d[*]}" >&2
  spread "$mode" 20 1 3 "${d[@]}"
  echo "--- proc"; echo "$(< $P)"; echo "---"
  v=$(ethtool bond0 2>/dev/null); [[ $v =~ Speed:\ ([^[:space:]]+) ]] && echo "ethtool speed: ${BASH_REMATCH[1]}"
  # Two TCP transfers in one Python process (tcp_xfer.py); the second one
  # deletes the victim when 500 kB have gone.
  local btx0; rdv btx0 /sys/class/net/bond0/statistics/tx_packets
  d=(0 0 0)
  local out; out=$($PY "$(dirname "$0")/tcp_xfer.py" $victim veth0 veth1 veth2 3< /run/netns/peer)
  echo "$out" | grep -v "^tx per slave"
  [[ $out =~ tx\ per\ slave:\ ([0-9]+)\ ([0-9]+)\ ([0-9]+) ]] &&
    d=(${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]})
  echo "tcp spread: ${d[*]}" >&2
  spread "$mode" 20 10 10 "${d[@]}" | sed 's/^/tcp /'
  local btx iptx re=$'TX:[^\n]*\n *[0-9]+ +([0-9]+)'; rdv btx /sys/class/net/bond0/statistics/tx_packets
  iptx=$(ip -s link show bond0); [[ $iptx =~ $re ]] && iptx=${BASH_REMATCH[1]} || iptx=0
  local sum=$((d[0] + d[1] + d[2]))
  echo "bond tx counters cover the slaves': sysfs $([ $((btx - btx0)) -ge $sum ] && echo yes || echo "NO ($((btx - btx0)) < $sum)"), ip -s link $([ "$iptx" -ge "$btx" ] && echo yes || echo "NO ($iptx < $btx)")"
  echo "$victim in /proc after deletion: $(grep -c "Slave Interface: $victim" $P)"
  ping -c 3 -i 0.1 -W 2 192.0.2.2 > /dev/null 2>&1 && echo "ping after deletion: ok" || echo "ping after deletion: FAILED"
  ip link set veth1 nomaster; echo "release veth1: $?"
  rdv m /sys/class/net/veth1/address; rdv mtu /sys/class/net/veth1/mtu
  echo "veth1 after release: mac $m mtu $mtu"
  echo "--- proc after release"; echo "$(< $P)"; echo "---"
  unload_all
  rdv m /sys/class/net/$kept/address; rdv mtu /sys/class/net/$kept/mtu
  echo "$kept after rmmod: mac $m mtu $mtu master $([ -e /sys/class/net/$kept/master ] && echo yes || echo none)"
  peer_pair ${victim#veth}
}
# spread MODE MIN SMALL_AB SMALL_XOR D0 D1 D2: the mode's tx spread over the
# three slaves, MIN frames on a slave that carries the traffic, at most
# SMALL_* (ARP, neighbour discovery) on one that does not.  1.5 MB of TCP
# are 23 frames or more on a carrying slave: veth takes GSO frames whole
# (up to 64 kB; seen: 33-556 a slave).
spread() {
  local mode=$1 min=$2 ab=$3 xor=$4 busy=0 idle=0 x; shift 4
  for x in "$@"; do [ "$x" -ge "$min" ] && busy=$((busy + 1)); done
  case $mode in
    balance-rr) [ $1 -ge $((min / 4)) ] && [ $2 -ge $((min / 4)) ] && [ $3 -ge $((min / 4)) ] &&
      echo "spread: even" || echo "spread: UNEVEN $*";;
    broadcast) [ $busy = 3 ] && echo "spread: duplicated" || echo "spread: BAD $*";;
    active-backup) [ $1 -ge $min ] && [ $2 -le $ab ] && [ $3 -le $ab ] &&
      echo "spread: one slave" || echo "spread: BAD $*";;
    # The flow stays on one slave; ARP (another hash) may take another.
    balance-xor) for x in "$@"; do [ "$x" -le $xor ] && idle=$((idle + 1)); done
      [ $busy = 1 ] && [ $idle = 2 ] && echo "spread: one flow, one slave" || echo "spread: BAD $*";;
  esac
}

has() { grep -qE "$1" <<< "$got"; } # has REGEX: a line of bonding_rs's transcript

peer_setup 3 bridge mtu 1400
for mode in balance-rr active-backup balance-xor broadcast; do
  t0=$SECONDS
  want=$(scenario "$C_KO" $mode 2>/dev/null)
  got=$(scenario "$RS_KO" $mode)
  echo "$got" | grep -vE "^(---|veth|Bonding|MII|Curr|Slave|Speed|Duplex|Link|Perm|Up|Down|Peer|Primary|Transmit|ARP|Ethernet|Polling|$)" |
    sed "s/^/  [$mode] /"
  echo "  [$mode] both drivers in $((SECONDS - t0)) s"
  check "[$mode] slaves take the bond's MAC and MTU" test "$(grep -c "the bond's: yes) mtu 1500" <<< "$got")" = 3
  check "[$mode] ping across the bond" has "^ping: 20 received$"
  check "[$mode] ping tx spread as the mode wants" has "^spread: (even|one slave|duplicated|one flow, one slave)$"
  check "[$mode] TCP transfer arrives whole" has "^transfer: ok$"
  check "[$mode] TCP tx spread as the mode wants" has "^tcp spread: (even|one slave|duplicated|one flow, one slave)$"
  check "[$mode] bond tx counters cover the slaves'" has "cover the slaves': sysfs yes, ip -s link yes$"
  check "[$mode] transfer survives deleting a slave under traffic" has "^transfer deleting veth.: ok$"
  check "[$mode] deleted slave gone from /proc" has "in /proc after deletion: 0$"
  check "[$mode] bond carries traffic after the deletion" has "^ping after deletion: ok$"
  check "[$mode] release restores MAC and MTU" has "^veth1 after release: mac 02:00:00:00:00:11 mtu 1400$"
  check "[$mode] rmmod restores MAC and MTU" has "after rmmod: mac 02:00:00:00:00:1. mtu 1400 master none$"
  if [ "$want" == "$got" ]; then pass "[$mode] transcript and /proc identical to bonding.ko"; else
    fail "[$mode] differs from bonding.ko"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
done
peer_teardown
finish
