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

# What `ip -d link show` prints for the bond and bond_slave parts of the
# devices named in $BONDS and $SLAVES: one exec for all of them, parsed with
# bash builtins (an exec costs ~0.3 s in the TCG guest).
links() {
  local line dev= want
  declare -A got=()
  while IFS= read -r line; do
    if [[ $line =~ ^[0-9]+:\ ([^:@]+)[:@] ]]; then dev=${BASH_REMATCH[1]}; continue; fi
    if [[ $line =~ \ (bond(_slave)?\ .*) ]]; then
      line=${BASH_REMATCH[1]}
      got[$dev]="${line%% numtxqueues *}"
    fi
  done < <(ip -d link show 2>/dev/null)
  for want in $BONDS $SLAVES; do echo "  $want: ${got[$want]:-}"; done
}

# The files of a sysfs directory, name=value, read with builtins.
sysfs_dump() { # sysfs_dump DIR
  local f v
  [ -d "$1" ] || { echo "    (no $1)"; return; }
  for f in "$1"/*; do
    v=
    IFS= read -r -d '' v < "$f" 2>/dev/null
    echo "    ${f##*/}=${v//$'\n'/ }"
  done
}

# The mode bits of a sysfs directory's files (once: stat is an exec).
sysfs_modes() { stat -c '%n %a' "$1"/* 2>&1 | sed 's|.*/||'; }

# The kernel log since the last call (read and cleared in one exec),
# normalized as lib.sh's norm_dmesg does, with builtins.
step_log() {
  local line
  while IFS= read -r line; do
    [[ $line =~ ^\<([0-9]+)\>(\[\ *[0-9.]+\]\ ?)?(.*)$ ]] && line="${BASH_REMATCH[1]} ${BASH_REMATCH[3]}"
    line=${line/ bonding_rs: / DRV: }
    line=${line/ bonding: / DRV: }
    case $line in *"taints kernel"* | *clocksource:* | *"used greatest stack depth"*) continue ;; esac
    echo "  log: $line"
  done < <(dmesg -r -c)
}

# step CMD...: run, record rc and message, then the state.  Three execs a
# step (the command, ip, dmesg): an exec costs ~0.3 s in the TCG guest.
step() {
  local out rc b
  out=$("$@" 2>&1) && rc=0 || rc=$?
  echo "\$ $* -> rc=$rc ${out}"
  links
  for b in ${SYSFS_BONDS:-}; do sysfs_dump /sys/class/net/$b/bonding; done
  for b in ${SYSFS_SLAVES:-}; do sysfs_dump /sys/class/net/$b/bonding_slave; done
  step_log
}

# wr FILE VALUE: a sysfs write as a script does it (echo), its error text.
wr() { echo "$2" > "$1"; }

proc_of() { # proc_of BOND: /proc without the driver version line, and the sysfs files
  if [ -e /proc/net/bonding/$1 ]; then sed 1d /proc/net/bonding/$1; else echo "(no /proc/net/bonding/$1)"; fi
  sysfs_dump /sys/class/net/$1/bonding
  local sl
  for sl in $SLAVES; do sysfs_dump /sys/class/net/$sl/bonding_slave; done
}

transcript() { # transcript KO
  insmod "$1" max_bonds=0 || { echo "insmod failed"; return; }
  BONDS="bond1" SLAVES=""
  local i
  for i in 0 1 2; do ip link add veth$i address 02:00:00:00:01:0$i type veth peer name pv$i; ip link set pv$i up; done
  dmesg -C

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
  # A failover: the active slave's peer goes down, then comes back.
  ip link set pv2 down; nap 1
  step true failover
  proc_of bond1
  ip link set pv2 up; nap 1
  step true back
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

  sysfs_modes /sys/class/net/bond1/bonding

  # The same over sysfs: a bond made with bonding_masters, configured and
  # torn down by writing its files.
  BONDS="bond3" SLAVES="veth0 veth1" SYSFS_BONDS=bond3 SYSFS_SLAVES="veth0 veth1"
  B=/sys/class/net/bond3/bonding
  step wr /sys/class/net/bonding_masters +bond3
  step wr $B/mode active-backup
  step wr $B/mode 802.3ad-nope
  step wr $B/miimon 100
  step wr $B/updelay 250
  step wr $B/downdelay 200
  step wr $B/num_grat_arp 2
  step wr $B/fail_over_mac follow
  step wr $B/xmit_hash_policy layer2+3
  step wr $B/packets_per_slave 2
  step wr $B/arp_ip_target +192.0.2.9
  step wr $B/arp_ip_target +192.0.2.9
  step wr $B/arp_ip_target -192.0.2.8
  step wr $B/arp_ip_target 192.0.2.7
  step wr $B/arp_ip_target -192.0.2.9
  step wr $B/slaves +veth0
  step wr $B/slaves +veth1
  step wr $B/slaves +nosuchdev
  step wr $B/slaves veth1
  step ip link set bond3 up
  nap 0.5
  step wr $B/primary veth1
  nap 0.5
  step wr $B/active_slave veth0
  step wr $B/active_slave nosuchdev
  ip link set pv0 down; nap 1
  step true failover
  ip link set pv0 up; nap 1
  step true back
  step wr $B/queue_id veth1:3
  step wr $B/queue_id veth0:3
  step wr $B/queue_id nosuchdev:1
  step wr $B/all_slaves_active 1
  step wr $B/min_links 1
  step wr $B/mode balance-rr
  step wr $B/fail_over_mac none
  step wr $B/mii_status up
  proc_of bond3
  step wr $B/slaves -veth1
  step wr $B/slaves -veth0
  step wr /sys/class/net/bonding_masters -bond3
  BONDS="bond1" SLAVES="" SYSFS_BONDS= SYSFS_SLAVES=

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
