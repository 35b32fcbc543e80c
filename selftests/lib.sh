#!/bin/bash
# Shared helpers for bonding_rs selftests (run inside the test VM).
# Environment (set by run.sh): RS_KO (bonding_rs.ko), C_KO (the C bonding.ko),
# KDIR (kernel build dir), WORK (a scratch dir).

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
check() { # check DESCRIPTION COMMAND...
  local d=$1; shift
  if "$@"; then pass "$d"; else fail "$d"; fi
}
finish() { [ "$fails" = 0 ]; exit $?; }

# Unload whichever bonding driver is loaded.
unload_all() {
  grep -q '^bonding_rs ' /proc/modules && rmmod bonding_rs
  grep -q '^bonding ' /proc/modules && rmmod bonding
  return 0
}

# The kernel log since the last `dmesg -C`, one message a line with its level,
# the driver prefix ("bonding: " or "bonding_rs: ") made neutral and the
# out-of-tree taint notice dropped.
norm_dmesg() {
  dmesg -r | sed -E 's/^<([0-9]+)>(\[ *[0-9.]+\] ?)?/\1 /; s/ bonding(_rs)?: / DRV: /' |
    grep -vE 'taints kernel|clocksource:' || true
}

# Everything a user sees of one load: insmod's status and message, the bonds
# created, each /proc/net/bonding file and the kernel log lines.
snapshot_load() { # snapshot_load KO [params...]
  local ko=$1; shift
  dmesg -C
  local out rc
  out=$(insmod "$ko" "$@" 2>&1) && rc=0 || rc=$?
  echo "insmod rc=$rc ${out##*: }"
  echo "bonds: $(cd /sys/class/net && ls -d bond* 2>/dev/null | tr '\n' ' ')"
  local f
  for f in /proc/net/bonding/*; do
    [ -e "$f" ] || continue
    echo "== $f"; cat "$f"
  done
  norm_dmesg
  unload_all
}
