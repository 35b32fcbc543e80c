#!/bin/bash
# Hostile frames (issue 11): a deterministic corpus of malformed and unusual
# frames (bondtool hostile-list: random bytes of every length to 130 and
# longer, odd ethertypes, 802.1Q/802.1ad stacks cut at every byte, IPv4 and
# IPv6 cut at every byte, bad IHL, options, fragments, extension header
# chains, ports present or cut, bogus ARP, GRE/IPIP/VXLAN/MPLS/PPPoE
# encapsulations, group destinations, skb->protocol unlike the ethertype)
# goes through bond0 over veth0..veth2 (peers p0..p2 in namespace "peer")
# from a SOCK_RAW packet socket, in balance-rr, active-backup,
# balance-xor (every xmit_hash_policy, set through sysfs) and broadcast; then
# from each peer into its slave with the bond in active-backup under the ARP
# monitor (arp_validate=all), so that the rx handler and the ARP receive
# probe parse every frame.  bondtool records which slave transmitted each
# frame (tx counters) and what the rx handler delivered to the bond; the two
# drivers must agree on every frame (balance-rr: up to a rotation of the
# turn, reported), and run.sh fails the test on a splat or a taint.
. "$(dirname "$0")/../lib.sh"
unload_all
W=/tmp/hostile-frames; rm -rf $W; mkdir -p $W
T=$BONDTOOL
# The peers are plain (no bridge: it would flood every frame back into the
# other slaves); p0 answers the ARP monitor for 192.0.2.2.
peer_setup 3
# No IPv6 on either side: router solicitations and MLD reports would be
# counted as the corpus's.
ip netns exec peer sh -c 'for f in all default; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done
  ip addr add 192.0.2.2/24 dev p0'
for i in 0 1 2; do echo 1 > /proc/sys/net/ipv6/conf/veth$i/disable_ipv6; done

run_driver() { # run_driver KO TAG
  # Transmit: one load, the modes set in turn through sysfs by bondtool
  # (balance-rr first: its turn counter starts fresh).
  if insmod "$1" miimon=100; then
    echo 1 > /proc/sys/net/ipv6/conf/bond0/disable_ipv6
    $T hostile-tx $W/tx.$2 bond0 veth0,veth1,veth2 balance-rr active-backup \
      balance-xor:layer2,layer2+3,layer3+4,encap2+3,encap3+4,vlan+srcmac broadcast ||
      fail "[$2] hostile-tx"
    unload_all
  else fail "[$2] insmod"; fi
  # Receive: active-backup under the ARP monitor, every frame validated.
  if insmod "$1" mode=active-backup arp_interval=1000 arp_validate=all arp_ip_target=192.0.2.2; then
    echo 1 > /proc/sys/net/ipv6/conf/bond0/disable_ipv6
    ip -batch - <<EOB
link set veth0 master bond0
link set veth1 master bond0
link set veth2 master bond0
link set bond0 up
addr add 192.0.2.1/24 dev bond0
EOB
    nap 1
    $T hostile-rx $W/rx.$2 /run/netns/peer bond0 veth0,veth1,veth2 p0,p1,p2 || fail "[$2] hostile-rx"
    unload_all
  else fail "[$2] insmod for rx"; fi
}

echo "setup: $SECONDS s"
t0=$SECONDS; echo "bonding.ko:"; run_driver "$C_KO" c; echo "  ($((SECONDS - t0)) s)"
t0=$SECONDS; echo "bonding_rs:"; run_driver "$RS_KO" rs; echo "  ($((SECONDS - t0)) s)"
echo "transmit (which slave sent each frame):"
$T hostile-compare $W/tx.c $W/tx.rs || fails=$((fails + 1))
echo "receive (what the rx handler delivered to the bond):"
$T hostile-compare $W/rx.c $W/rx.rs || fails=$((fails + 1))
echo "compare done: $SECONDS s"
peer_teardown
finish
