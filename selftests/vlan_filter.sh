#!/bin/bash
# VLANs on the bond reach the VLAN filters of its slaves, as bonding.ko's
# bond_vlan_rx_add_vid()/kill_vid() and vlan_vids_add_by_dev()/del_by_dev()
# at enslave and release put them there.  The slaves are netdevsim ports,
# which filter VLANs and show their filter in debugfs (ports/0/vlan); a veth
# does not filter.  Also: an enslave that fails after the bond's VIDs were
# pushed to the slave (the upper link is refused: nesting deeper than
# MAX_NEST_DEV) takes them back, and a slave deleted while enslaved
# (NETDEV_UNREGISTER of an ops-locked device) is released cleanly.
# The same script runs against bonding.ko and bonding_rs.ko; the transcripts
# must be equal.
. "$(dirname "$0")/lib.sh"
unload_all
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
for m in net/8021q/8021q drivers/net/netdevsim/netdevsim; do
  grep -q "^${m##*/} " /proc/modules || insmod "$KDIR/$m.ko" || { fail "insmod $m"; finish; }
done
NSIM_DFS=/sys/kernel/debug/netdevsim

nsim_new() { # nsim_new ID NAME: a one-port netdevsim device, its netdev renamed NAME
  local n
  echo "$1 1" > /sys/bus/netdevsim/new_device
  for n in /sys/bus/netdevsim/devices/netdevsim$1/net/*; do
    ip link set "${n##*/}" name "$2"
  done
}
nsim_del() { echo "$1" > /sys/bus/netdevsim/del_device; }
vids() { # vids ID:NAME...: each port's VLAN filter, one line
  local a l s out=
  for a; do
    s=
    while read -r l; do s+="$l,"; done < "$NSIM_DFS/netdevsim${a%%:*}/ports/0/vlan"
    out+="${a#*:}[${s%,}] "
  done
  echo "${out% }"
}
try() { # try DESCRIPTION COMMAND...
  local d=$1; shift
  local out; out=$("$@" 2>&1) && echo "$d: ok" || echo "$d: ${out}"
}
master() { local m; m=$(readlink "/sys/class/net/$1/master") && echo "${m##*/}" || echo none; }

transcript() {
  dmesg -C
  insmod "$1" max_bonds=2 mode=active-backup miimon=100
  nsim_new 11 ns0
  nsim_new 12 ns1
  ip link set ns0 mtu 1400
  ip link add link bond0 name bond0.100 type vlan id 100
  echo "bond0.100 on an empty bond: $(vids 11:ns0 12:ns1)"
  try "enslave ns0" ip link set ns0 master bond0
  echo "ns0 enslaved: $(vids 11:ns0 12:ns1), ns0 mtu $(cat /sys/class/net/ns0/mtu)"
  ip link add link bond0 name bond0.200 type vlan id 200
  ip link add link bond0 name bond0.300 type vlan proto 802.1ad id 300
  echo "bond0.200, bond0.300 (802.1ad) added: $(vids 11:ns0 12:ns1)"
  try "enslave ns1" ip link set ns1 master bond0
  echo "ns1 enslaved: $(vids 11:ns0 12:ns1)"
  ip link del bond0.200
  echo "bond0.200 deleted: $(vids 11:ns0 12:ns1)"
  try "release ns1" ip link set ns1 nomaster
  echo "ns1 released: $(vids 11:ns0 12:ns1)"
  # bond1 under 7 stacked VLANs: a slave would nest 9 devices deep, so the
  # upper link fails after the VIDs (10) were pushed to the slave.
  ip link add link bond1 name b1v1 type vlan id 10
  local i
  for i in 2 3 4 5 6 7; do ip link add link b1v$((i - 1)) name b1v$i type vlan id $i; done
  try "enslave ns1 to bond1 (too deep)" ip link set ns1 master bond1
  echo "refused enslave: $(vids 12:ns1), ns1 master $(master ns1)," \
    "bond1 kept ns1's address: $([ "$(cat /sys/class/net/bond1/address)" = "$(cat /sys/class/net/ns1/address)" ] && echo yes || echo no)"
  try "enslave ns1 to bond0 again" ip link set ns1 master bond0
  echo "ns1 enslaved again: $(vids 11:ns0 12:ns1)"
  ip link del bond0.100
  echo "bond0.100 deleted: $(vids 11:ns0 12:ns1)"
  nsim_del 11
  echo "ns0 deleted while enslaved: $(test -e /sys/class/net/ns0 && echo still there || echo gone)," \
    "bond0 slaves: $(sed -n 's/^Slave Interface: //p' /proc/net/bonding/bond0 | tr '\n' ' ')"
  norm_dmesg | grep -E 'vlan|VLAN|Releasing|Enslaving|Error|WARN' | sed 's/^[0-9] //'
  # The unload's own log lines are left out: bonding.ko releases the last
  # slave from its notifier's NETDEV_UNREGISTER replay (unregister_netdevice_
  # notifier() first), bonding_rs from ndo_uninit of the bond being deleted,
  # so its lines read "bond0 (unregistering): ...".  The VIDs must still go.
  unload_all
  echo "bond module unloaded: $(vids 12:ns1), ns1 master $(master ns1)"
  nsim_del 12
}
want=$(transcript "$C_KO" 2>&1)
got=$(transcript "$RS_KO" 2>&1)
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "slaves' VLAN filters as with bonding.ko"; else
  fail "slaves' VLAN filters differ from bonding.ko's"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fi
finish
