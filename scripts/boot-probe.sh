#!/usr/bin/env bash
# Boots the test kernel N times and reports, per boot, whether the boot log holds a
# KASAN report or any splat, the taint and debug_locks, before any module is loaded.
#   usage: scripts/boot-probe.sh [N]   (default 8)
# BONDING_RS_VM_BOOT_ARGS="kasan_multi_shot" repeats the measurement without no5lvl,
# the boot argument that removes the early KASAN report (see scripts/vm-run.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-8}
kdir=$(bash "$here/scripts/build-kernel.sh" test)
bad=0
for i in $(seq 1 "$n"); do
  # A boot that does not reach the command in 240 s counts as a bad one.
  line=$(BONDING_RS_VM_MEM=1G timeout 240 bash "$here/scripts/vm-run.sh" "$kdir" \
    'k=$(dmesg | grep -cE "KASAN|BUG:|WARNING:|Call Trace:"); t=$(cat /proc/sys/kernel/tainted); d=$(awk "/debug_locks:/ {print \$2}" /proc/lockdep_stats); l=$(grep -c " la57" /proc/cpuinfo); echo "splat_lines=$k tainted=$t debug_locks=$d la57_cpus=$l"; dmesg | grep -m1 -A3 "BUG: KASAN" || true' 2>/dev/null)
  echo "boot $i: ${line:-no answer within 240 s}"
  case $line in *"splat_lines=0 tainted=0 debug_locks=1"*) ;; *) bad=$((bad + 1));; esac
done
echo "boot-probe: $bad of $n boots had a splat, a taint or lock debugging off (boot args: ${BONDING_RS_VM_BOOT_ARGS-no5lvl kasan_multi_shot})"
[ "$bad" = 0 ]
