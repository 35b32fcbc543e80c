#!/bin/bash
# Soft-RoCE (rxe) on the slaves of an active-backup bond: RoCE GID management
# (drivers/infiniband/core/roce_gid_mgmt.c) reads the bond through
# bond_option_active_slave_get_rcu(), i.e. the master's private area as
# struct bonding, and puts the bond's IP GIDs on the active slave's RoCE port
# only.  Through a failover and back, the GID tables (which GID, on which
# netdev) must be what they are with bonding.ko, with no KASAN report.
. "$(dirname "$0")/lib.sh"
unload_all
for m in net/ipv4/udp_tunnel net/ipv6/ip6_udp_tunnel drivers/infiniband/core/ib_core drivers/infiniband/sw/rxe/rdma_rxe; do
  [ -d /sys/module/$(basename $m) ] || insmod "$KDIR/$m.ko" || { fail "insmod $m"; finish; }
done
gids() { # the non-zero GIDs of each RoCE port with their netdev, sorted
  local d f n g dev
  for d in /sys/class/infiniband/rxe*; do
    [ -e "$d" ] || continue
    # The first 64 entries of each table (of 1024 a port: reading them all
    # took 5 s a port here): the GID cache puts a new entry in the lowest
    # free slot (find_gid() with its "empty" index in ib_cache_gid_add()),
    # so the entries in use are below the most ever present at once, a
    # handful here.  One grep, the netdevs with builtins: an exec costs
    # ~0.3 s here.
    grep -H -v '^0000:0000:0000:0000:0000:0000:0000:0000$' "$d"/ports/1/gids/{0..63} 2>/dev/null |
      while IFS=: read -r f g; do
        n=${f##*/}
        dev=; read -r dev < "$d/ports/1/gid_attrs/ndevs/$n" 2>/dev/null
        echo "  ${d##*/} gid $n $g on $dev"
      done
  done | sort
}
settle() { # GID changes are made from a work queue: until two looks agree
  local a b i
  a=$(gids)
  for i in $(seq 30); do nap 0.5; b=$(gids); [ "$a" = "$b" ] && break; a=$b; done
}
transcript() {
  insmod "$1" mode=active-backup miimon=100 max_bonds=1
  peer_setup 2 bridge
  ip link set veth0 master bond0
  ip link set veth1 master bond0
  ip link set bond0 up
  ip addr add 192.0.2.1/24 dev bond0
  rdma link add rxe0 type rxe netdev veth0 || echo "rxe0 refused"
  rdma link add rxe1 type rxe netdev veth1 || echo "rxe1 refused"
  settle
  echo "active $(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)"; gids
  ip -n peer link set p0 down
  nap 1; settle
  echo "after failover: active $(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)"; gids
  ip -n peer link set p0 up
  nap 1; settle
  ip link set veth1 nomaster
  settle
  echo "veth1 released: active $(sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/bond0)"; gids
  rdma link del rxe0; rdma link del rxe1
  peer_teardown
  unload_all
}
want=$(transcript "$C_KO")
got=$(transcript "$RS_KO")
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "RoCE GIDs over the bond as with bonding.ko"; else
  fail "RoCE GIDs differ from bonding.ko's"; diff <(echo "$want") <(echo "$got"); fi
check "the bond's address became a GID" grep -q '0000:0000:0000:0000:0000:ffff:c000:0201 on bond0' <<< "$got"
finish
