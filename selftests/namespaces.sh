#!/bin/bash
# Network namespaces as bonding.ko does them: /proc/net/bonding and
# bonding_masters per namespace (a bond is listed only in its own), bonds
# created and deleted in namespaces (over rtnetlink and bonding_masters), a
# namespace deleted with bonds and slaves in it, a bond that is a slave renamed,
# and an unprivileged user in its own user+network namespace doing what
# bonding.ko lets it do there and nothing more in the initial namespace.
# The same script runs against bonding.ko and bonding_rs.ko; the transcripts
# must be equal (and the runner fails the test on any splat: bonding_rs used
# to register every namespace's bonds in init_net's /proc/net/bonding, which
# WARNs on a second bond0).
. "$(dirname "$0")/lib.sh"
unload_all
U=65534   # nobody
try() { # try DESCRIPTION COMMAND... : the outcome as the command reports it
  local d=$1; shift
  local out; out=$("$@" 2>&1) && echo "$d: ok" || echo "$d: ${out##*: }"
}
lsproc() { echo "$1 /proc/net/bonding: $(ls "${2:-/proc/net/bonding}" 2>&1 | tr '\n' ' ')"; }
wait_gone() { # wait_gone NETNS: until its cleanup (asynchronous) is done
  local i
  for i in $(seq 100); do
    [ ! -e /run/netns/$1 ] && ! ip link show va >/dev/null 2>&1 && break
    nap 0.1
  done
}
transcript() {
  insmod "$1" max_bonds=1 mode=active-backup miimon=100
  ip netns add nsA
  try "bond0 in nsA (rtnetlink)" ip -n nsA link add bond0 type bond
  try "bond3 in nsA (bonding_masters)" ip netns exec nsA bash -c 'echo +bond3 > /sys/class/net/bonding_masters'
  lsproc init
  echo "nsA $(ip netns exec nsA sh -c 'ls /proc/net/bonding | tr "\n" " "; echo; echo masters: $(cat /sys/class/net/bonding_masters)')"
  echo "init masters: $(cat /sys/class/net/bonding_masters)"
  try "delete nsA's bond3 from init's bonding_masters" bash -c 'echo -bond3 > /sys/class/net/bonding_masters'
  ip -n nsA link add va type veth peer name vb
  try "enslave va in nsA" ip -n nsA link set va master bond0
  echo "nsA bond0: $(ip netns exec nsA grep -E '^(Bonding Mode|Slave Interface)' /proc/net/bonding/bond0 | tr '\n' ' ')"
  echo "init bond0 slaves: $(grep -c '^Slave Interface' /proc/net/bonding/bond0)"
  # A bond that is a slave: renaming it moves its /proc file.
  ip -n nsA link add bond1 type bond
  try "enslave bond1 to bond0" ip -n nsA link set bond1 master bond0
  ip -n nsA link set bond1 name bondy
  echo "nsA after rename: $(ip netns exec nsA ls /proc/net/bonding | tr '\n' ' ')"
  try "bond0 cannot move to init" ip -n nsA link set bond0 netns 1
  # The namespace goes with its bonds and their slaves.
  ip netns del nsA
  wait_gone nsA
  lsproc "init after nsA deleted"
  echo "va left: $(ip link show va 2>&1 | head -1 | cut -c1-40)"

  # An unprivileged user: its own user and network namespace (and a sysfs
  # of that namespace), where it may create, configure and delete bonds.
  echo "userns: $(setpriv --reuid=$U --regid=$U --clear-groups unshare -Urnm sh -c '
      mount -t sysfs none /sys 2>&1
      ip link add bond0 type bond 2>&1 && echo created
      echo +bond4 > /sys/class/net/bonding_masters 2>&1 && echo masters-created
      ls /proc/net/bonding | tr "\n" " "
      cat /sys/class/net/bonding_masters
      ip link add dum0 type dummy 2>&1
      ip link set dum0 master bond0 2>&1 && echo enslaved
      grep -c "^Slave Interface" /proc/net/bonding/bond0
      echo -bond4 > /sys/class/net/bonding_masters 2>&1 && echo masters-deleted
      ip link del bond0 2>&1 && echo deleted
      ls /proc/net/bonding | tr "\n" " "' 2>&1 | tr '\n' '|')"
  # ... and nothing in the initial namespace.
  try "nobody deletes init's bond0 (bonding_masters)" setpriv --reuid=$U --regid=$U --clear-groups sh -c 'echo -bond0 > /sys/class/net/bonding_masters'
  try "nobody in its userns deletes init's bond0 (rtnetlink)" setpriv --reuid=$U --regid=$U --clear-groups unshare -Ur ip link del bond0
  try "nobody in its userns creates in init (bonding_masters)" setpriv --reuid=$U --regid=$U --clear-groups unshare -Ur sh -c 'echo +bond9 > /sys/class/net/bonding_masters'
  lsproc "init at the end"
  unload_all
  test -e /proc/net/bonding && echo "/proc/net/bonding left after unload"
}
modprobe_dummy() { [ -d /sys/module/dummy ] || insmod "$KDIR/drivers/net/dummy.ko" 2>/dev/null; true; }
modprobe_dummy
want=$(transcript "$C_KO")
got=$(transcript "$RS_KO")
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "namespaces behave as with bonding.ko"; else
  fail "namespaces differ from bonding.ko"; diff <(echo "$want") <(echo "$got"); fi
# The test must have exercised something: a bond in nsA and the user's own.
has() { grep -q -- "$1" <<< "$got"; }
check "a bond was made in nsA" has '^bond0 in nsA (rtnetlink): ok'
check "the unprivileged user made its bond" has '^userns: created|'
check "bond0 in nsA listed its slave" has '^nsA bond0: .*Slave Interface: va'
check "init's bonding_masters cannot delete nsA's bond" has "^delete nsA's bond3 from init's bonding_masters: No such device"
finish
