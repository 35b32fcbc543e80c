#!/bin/bash
# Runtime configuration over rtnetlink and sysfs, against bonding.ko in the
# same boot: one transcript of option changes (valid values, invalid values,
# forbidden states) is run on each driver; each step records the exit
# status and message of the command, then what a user sees: the bond's
# `ip -d link show` options, each slave's bond_slave line, the bonding/
# sysfs files, /proc/net/bonding and the kernel log lines the step printed.
# The two transcripts must be identical.
. "$(dirname "$0")/lib.sh"
unload_all

OUT=${WORK:-/tmp}/runtime_options
mkdir -p "$OUT"

# The bond's options as `ip -d link show` prints them (from "bond mode" on).
bond_line() { ip -d link show "$1" 2>/dev/null | grep -o ' bond mode .*' | sed -E 's/ (numtxqueues|gso_max_size|tso_max_size|gro_max_size|gso_ipv4_max_size|gro_ipv4_max_size|numrxqueues|parentbus|parentdev) .*//'; }
slave_line() { ip -d link show "$1" 2>/dev/null | grep -o ' bond_slave .*' | sed -E 's/ (numtxqueues|gso_max_size) .*//'; }

# The files of bonding/ (readable ones), name=value.
sysfs_dump() {
  local d=/sys/class/net/$1/bonding f
  [ -d "$d" ] || { echo "(no $d)"; return; }
  for f in "$d"/*; do
    printf '%s=%s|%s\n' "${f##*/}" "$(stat -c %a "$f")" "$(cat "$f" 2>&1 | tr '\n' ' ')"
  done
}

# step CMD...: run, record rc and message, then the state.
step() {
  dmesg -C
  local out rc
  out=$("$@" 2>&1) && rc=0 || rc=$?
  echo "\$ $* -> rc=$rc ${out}"
  local b
  for b in $BONDS; do
    echo "  $b:$(bond_line "$b")"
    [ -n "${SYSFS:-}" ] && sysfs_dump "$b" | sed 's/^/    /'
  done
  for b in $SLAVES; do echo "  $b:$(slave_line "$b")"; done
  norm_dmesg | sed 's/^/  log: /'
}

proc_of() { # proc_of BOND: /proc without the driver version line
  if [ -e /proc/net/bonding/$1 ]; then sed 1d /proc/net/bonding/$1; else echo "(no /proc/net/bonding/$1)"; fi
}

transcript() { # transcript KO
  insmod "$1" max_bonds=0 || { echo "insmod failed"; return; }
  BONDS="bond1" SLAVES=""
  local i
  for i in 0 1 2; do ip link add veth$i address 02:00:00:00:01:0$i type veth peer name pv$i; ip link set pv$i up; done

  # Creation with options, in the C driver's order (miimon before updelay).
  step ip link add bond1 type bond mode active-backup miimon 100 updelay 200 downdelay 300
  proc_of bond1
  step ip link set bond1 type bond updelay 150
  step ip link set bond1 type bond downdelay 250 peer_notif_delay 200
  step ip link set bond1 type bond num_grat_arp 3 resend_igmp 5 all_slaves_active 1 lp_interval 7
  step ip link set bond1 type bond primary_reselect better fail_over_mac active
  step ip link set bond1 type bond xmit_hash_policy layer3+4 min_links 2
  step ip link set bond1 type bond arp_missed_max 3
  # Options of other modes: refused with the mode dependency message.
  step ip link set bond1 type bond packets_per_slave 3
  step ip link set bond1 type bond lacp_rate fast
  step ip link set bond1 type bond ad_actor_sys_prio 100
  step ip link set bond1 type bond tlb_dynamic_lb 0
  # Out of range.
  step ip link set bond1 type bond num_grat_arp 300
  step ip link set bond1 type bond resend_igmp 300
  step ip link set bond1 type bond lp_interval 0
  # ARP monitor: switches the MII monitor off; targets replace the table.
  step ip link set bond1 type bond arp_interval 500 arp_ip_target 192.0.2.1,192.0.2.2 arp_validate active arp_all_targets all
  step ip link set bond1 type bond arp_ip_target 192.0.2.3
  step ip link set bond1 type bond miimon 100
  proc_of bond1

  # Slaves: enslave over netlink, primary and active slave, per-slave options.
  SLAVES="veth0 veth1 veth2"
  step ip link set veth0 master bond1
  step ip link set veth1 master bond1
  step ip link set bond1 up
  step ip link set veth2 master bond1
  nap 0.5
  step ip link set bond1 type bond primary veth1
  nap 0.5
  proc_of bond1
  step ip link set bond1 type bond active_slave veth2
  proc_of bond1
  step ip link set bond1 type bond primary_reselect always
  step ip link set veth0 type bond_slave queue_id 2
  step ip link set veth1 type bond_slave queue_id 2
  step ip link set veth2 type bond_slave prio 10
  # Forbidden states: mode while up / with slaves, fail_over_mac with slaves.
  step ip link set bond1 type bond mode balance-xor
  step ip link set bond1 type bond fail_over_mac none
  step ip link set bond1 down
  step ip link set bond1 type bond mode balance-xor
  step ip link set veth2 nomaster
  step ip link set veth1 nomaster
  step ip link set veth0 nomaster
  step ip link set bond1 type bond mode balance-xor xmit_hash_policy layer2+3
  step ip link set bond1 type bond mode 0 packets_per_slave 5
  step ip link set bond1 type bond mode broadcast
  proc_of bond1

  # A creation that fails on an option leaves no bond behind.
  BONDS="bond2"
  step ip link add bond2 type bond mode active-backup num_grat_arp 300
  step ip link add bond2 type bond miimon 100 packets_per_slave 2 mode active-backup
  step ip link del bond2
  BONDS="bond1"
  step ip link del bond1
  for i in 0 1 2; do ip link del veth$i 2>/dev/null; done
  unload_all
}

transcript "$C_KO" > "$OUT/c.txt" 2>&1
transcript "$RS_KO" > "$OUT/rs.txt" 2>&1
if diff -u "$OUT/c.txt" "$OUT/rs.txt" > "$OUT/diff.txt"; then
  pass "netlink transcript identical to bonding.ko ($(grep -c '^\$' "$OUT/c.txt") steps)"
else
  fail "netlink transcript differs from bonding.ko:"; cat "$OUT/diff.txt"
fi
check "the transcript ran (bonding.ko side made bond1)" grep -q 'bond1: bond mode active-backup' "$OUT/c.txt"

# Modes bonding_rs does not implement yet: refused over netlink with a
# message, nothing created.
insmod "$RS_KO" max_bonds=0
out=$(ip link add bond3 type bond mode 802.3ad 2>&1) && rc=0 || rc=$?
check "mode 802.3ad is refused ($out)" test $rc -ne 0
check "... with a message that says so" bash -c "echo '$out' | grep -q 'does not implement'"
check "... and no bond3 is left" bash -c "! ip link show bond3 >/dev/null 2>&1"
unload_all
finish
