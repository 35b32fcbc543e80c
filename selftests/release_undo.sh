#!/bin/bash
# What a release undoes on the slave, against bonding.ko in the same boot:
# - the promiscuity and allmulti counts the bond propagated (to the active
#   slave in active-backup, to every slave in balance-xor), released exactly
#   once whether the slave leaving is the active one or not;
# - the MTU the bond set, restored on "ip link set ... nomaster" and, for a
#   slave being deleted (NETDEV_UNREGISTER), without NETDEV_CHANGEMTU on the
#   dying device (which re-creates its IPv4/IPv6 state; unregister then waits
#   for the core's 1 s rebroadcast to tear it down again).
# The transcripts of the two drivers must be identical, and deleting an
# enslaved device must not take 1 s more with bonding_rs.
. "$(dirname "$0")/lib.sh"
unload_all

counts() { # counts DEV...: "DEV promiscuity/allmulti[ PROMISC][ ALLMULTI]"
  local d j f out=
  for d; do
    j=$(ip -d -j link show dev "$d")
    [[ $j =~ \"promiscuity\":([0-9]+) ]] && p=${BASH_REMATCH[1]} || p=?
    [[ $j =~ \"allmulti\":([0-9]+) ]] && a=${BASH_REMATCH[1]} || a=?
    [[ $j =~ \"flags\":\[([^]]*)\] ]] && f=${BASH_REMATCH[1]} || f=
    out+="$d $p/$a"
    [[ $f == *'"PROMISC"'* ]] && out+=" PROMISC"
    [[ $f == *'"ALLMULTI"'* ]] && out+=" ALLMULTI"
    out+="; "
  done
  echo "${out%; }"
}
active() { sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0; }
mtu() { cat /sys/class/net/"$1"/mtu; }
# The kernel's own lines about the slaves' receive modes, in order, and the
# bond's warning about a released slave's address.
rxmode_log() {
  norm_dmesg | grep -E 'promiscuous mode|allmulticast mode|still in use' | sed 's/^[0-9] //'
}

promisc_transcript() { # promisc_transcript KO MODE
  dmesg -C
  insmod "$1" mode="$2" miimon=100
  ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth0p
  ip link add veth1 address 02:00:00:00:00:11 type veth peer name veth1p
  ip link set veth0p up; ip link set veth1p up
  ip link set bond0 up
  ip link set bond0 promisc on
  ip link set bond0 allmulticast on
  echo "$2: before: $(counts veth0 veth1)"
  ip link set veth0 master bond0
  ip link set veth1 master bond0
  local first second
  first=$(active)
  [ -n "$first" ] || first=veth0
  [ "$first" = veth0 ] && second=veth1 || second=veth0
  echo "$2: enslaved: $(counts veth0 veth1) (active ${first})"
  ip link set "$first" nomaster
  echo "$2: $first released: $(counts veth0 veth1) (active $(active))"
  ip link set "$second" nomaster
  echo "$2: $second released: $(counts veth0 veth1)"
  rxmode_log
  unload_all
  ip link del veth0; ip link del veth1
}

# The transcripts run in command substitutions: the duration goes through a file.
DEL_NS_FILE=${WORK:-/tmp}/release_undo.del_ns
mtu_transcript() { # mtu_transcript KO: writes the ip link del's duration (ns) to DEL_NS_FILE
  dmesg -C
  insmod "$1" mode=active-backup miimon=100
  ip link add veth2 mtu 1400 address 02:00:00:00:00:12 type veth peer name veth2p mtu 1400
  ip link add veth3 mtu 1400 address 02:00:00:00:00:13 type veth peer name veth3p mtu 1400
  ip link set bond0 up
  echo "bond0 mtu $(mtu bond0); veth2 mtu $(mtu veth2)"
  ip link set veth2 master bond0
  ip link set veth3 master bond0
  echo "enslaved: veth2 mtu $(mtu veth2), veth3 mtu $(mtu veth3)"
  ip link set veth3 nomaster
  echo "veth3 released: mtu $(mtu veth3)"
  local t0 t1 rc
  t0=$(date +%s%N)
  ip link del veth2 && rc=0 || rc=$?
  t1=$(date +%s%N)
  echo $((t1 - t0)) > "$DEL_NS_FILE"
  echo "ip link del veth2 (enslaved): rc=$rc, gone: $([ -e /sys/class/net/veth2 ] && echo no || echo yes)"
  echo "bond0 slaves: $(sed -n 's/^Slave Interface: //p' /proc/net/bonding/bond0 | tr '\n' ' ')"
  norm_dmesg | grep -E 'Releasing|waiting for|unregister' | sed 's/^[0-9] //'
  unload_all
  ip link del veth3
}

for mode in active-backup balance-xor; do
  want=$(promisc_transcript "$C_KO" $mode 2>&1)
  got=$(promisc_transcript "$RS_KO" $mode 2>&1)
  echo "$got" | sed 's/^/  /'
  if [ "$want" == "$got" ]; then pass "$mode: slaves' promiscuity/allmulti as with bonding.ko"; else
    fail "$mode: slaves' promiscuity/allmulti differ from bonding.ko's"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
done

want=$(mtu_transcript "$C_KO" 2>&1); c_ns=$(< "$DEL_NS_FILE")
got=$(mtu_transcript "$RS_KO" 2>&1); rs_ns=$(< "$DEL_NS_FILE")
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "MTU restore on release and on slave deletion as with bonding.ko"; else
  fail "MTU restore differs from bonding.ko's"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
echo "  ip link del of an enslaved veth: bonding.ko $((c_ns / 1000000)) ms, bonding_rs $((rs_ns / 1000000)) ms"
check "deleting an enslaved veth takes less than 1 s more than with bonding.ko" \
  test $((rs_ns - c_ns)) -lt 1000000000
finish
