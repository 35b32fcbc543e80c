#!/bin/bash
# Guest-side test runner: runs selftests one after another in this VM and
# reports KTAP.  A test fails if its script fails, or if the kernel log it
# caused holds a splat (WARNING, BUG, Oops, lockdep, RCU, KASAN, sleeping in
# atomic context, ...), or if kmemleak finds a new leak after it.
#   usage: run.sh KDIR RS_KO [test.sh ...]
set -u
export KDIR=$1 RS_KO=$2; shift 2
export BONDTOOL=${BONDTOOL:?BONDTOOL must name the bondtool binary}
export C_KO=$KDIR/drivers/net/bonding/bonding.ko
export PATH=/usr/sbin:/sbin:$PATH
here=$(cd "$(dirname "$0")" && pwd)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("$here"/*.sh)
tests=($(for t in "${tests[@]}"; do case $(basename "$t") in lib.sh|run.sh|demo-*) ;; *) echo "$t";; esac; done))

splat='WARNING:|BUG:|Oops|general protection|Call Trace:|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|lockdep|KASAN|UBSAN|kmemleak:.*leak|sleeping function called from invalid context|scheduling while atomic|RCU stall|rcu_sched detected|blocked for more than|refcount_t:|list_(add|del) corruption|ODEBUG'
KML=/sys/kernel/debug/kmemleak
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
# udevd has done its part (virtme-ng's console ports exist by now).  Left
# running, it handles every uevent of the tests (each module load, bond, veth
# and namespace) with rule runs and execs, which under TCG doubled the cost of
# a module load and unload; it also rewrote veth MACs behind the tests' back.
# No test needs it, so it is stopped for the run.
udevadm control --exit 2>/dev/null || pkill -x systemd-udevd 2>/dev/null || true
# Modules the tests use, loaded once (from the build dir: no modules_install).
for m in drivers/net/veth.ko drivers/net/dummy.ko; do
  [ -f "$KDIR/$m" ] && insmod "$KDIR/$m" 2>/dev/null
done
kml_scan() { # prints new unreferenced objects, then forgets them
  [ -w $KML ] || return 0
  echo scan > $KML; cat $KML; echo clear > $KML
}
kml_scan >/dev/null   # boot-time objects are not ours

echo "TAP version 13"
echo "1..$(( ${#tests[@]} + 1 ))"
i=0
for t in "${tests[@]}"; do
  i=$((i + 1)); name=$(basename "$t" .sh)
  dmesg -C
  start=$(date +%s)
  out=$(timeout 1200 bash "$t" 2>&1); rc=$?
  bad=$(dmesg | grep -E "$splat" | head -20)
  leaks=$(kml_scan | head -40)
  echo "$out" | sed 's/^/# /'
  echo "# ($(( $(date +%s) - start )) s)"
  if [ $rc -eq 0 ] && [ -z "$bad" ] && [ -z "$leaks" ]; then
    echo "ok $i $name"
  else
    [ $rc -ne 0 ] && echo "# exit status $rc"
    [ -n "$bad" ] && { echo "# kernel log splat:"; dmesg | sed 's/^/#   /' | tail -80; }
    [ -n "$leaks" ] && { echo "# kmemleak:"; echo "$leaks" | sed 's/^/#   /'; }
    echo "not ok $i $name"
  fi
done
# kmemleak reports objects only once they are a few seconds old: a last scan
# after a pause catches leaks of the final tests.
i=$((i + 1))
sleep 6
leaks=$(kml_scan | head -40)
if [ -z "$leaks" ]; then echo "ok $i kmemleak_final"; else
  echo "$leaks" | sed 's/^/#   /'; echo "not ok $i kmemleak_final"; fi
