#!/bin/bash
# Guest-side test runner: runs selftests one after another in this VM and
# reports KTAP.  A test fails if its script fails, or if the kernel log it
# caused holds a splat (WARNING, BUG, Oops, lockdep, RCU, KASAN, sleeping in
# atomic context, ...), or if kmemleak finds a new leak after it.  A test
# is stopped after BONDING_RS_TEST_TIMEOUT seconds (1200; make soak's
# sweeps with every allocation take longer).
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

# The kernel log of the whole run, from the first record of the boot, read from
# /dev/kmsg: a reader there keeps its own position, so the `dmesg -C` that tests do
# for their own comparisons cannot hide a splat from the runner.
KLOG=/tmp/bonding-rs-kmsg.log
dd if=/dev/kmsg of=$KLOG bs=65536 conv=noerror status=none 2>/dev/null &
klog_pid=$!
trap 'kill $klog_pid 2>/dev/null' EXIT
klog_mark() { # writes a marker into the kernel log and waits until the reader has it
  local n=0
  echo "bonding_rs-selftest: $1" > /dev/kmsg
  until grep -qF "bonding_rs-selftest: $1" $KLOG; do
    n=$((n + 1)); [ $n -gt 200 ] && { echo "# kernel log reader is behind"; break; }; sleep 0.05
  done
}
klog_since() { # the messages after byte offset $1 of the log, without the record prefix
  tail -c +$(( $1 + 1 )) $KLOG | sed -n 's/^[0-9]*,[0-9]*,[0-9]*,[^;]*;//p'
}

# The debug checks themselves must be on, or a test that passes proves nothing.
# The first KASAN report, WARN or BUG, and any other taint but the two that loading
# an out-of-tree module sets (O, E), prints "Disabling lock debugging due to kernel
# taint": debug_locks drops to 0 and lockdep and PROVE_RCU stay off for the rest of
# the boot, and KASAN in its default mode reports only once.  So the boot log is
# checked before the first test (test 1), and the taint, debug_locks, KASAN's
# multi-shot mode and kmemleak before and after every test.
ALLOWED_TAINT=$(( (1 << 12) | (1 << 13) ))   # O: out-of-tree module, E: unsigned module
debug_state() { # prints what is wrong with the debug checking; nothing when all is on
  local t dl
  t=$(cat /proc/sys/kernel/tainted)
  [ $(( t & ~ALLOWED_TAINT )) -eq 0 ] || echo "kernel tainted ($t): debug checking is unreliable"
  dl=$(awk '/debug_locks:/ {print $2}' /proc/lockdep_stats 2>/dev/null)
  [ "$dl" = 1 ] || echo "debug_locks is ${dl:-unknown}: lockdep and PROVE_RCU are off"
  grep -qw kasan_multi_shot /proc/cmdline || echo "KASAN is not in multi-shot mode (kasan_multi_shot)"
  [ -w $KML ] || echo "kmemleak is not available ($KML)"
  grep -q 'kmemleak: Kernel memory leak detector disabled' $KLOG && echo "kmemleak disabled itself"
}

echo "TAP version 13"
echo "1..$(( ${#tests[@]} + 2 ))"
klog_mark "boot checked"
i=1
# Lines of a healthy debug boot that the splat pattern would match.
boot_benign='RCU lockdep checking is enabled|kmemleak: Kernel memory leak detector initialized'
bootbad=$(klog_since 0 | grep -E "$splat" | grep -vE "$boot_benign" | head -20)
state=$(debug_state)
if [ -z "$bootbad" ] && [ -z "$state" ]; then
  echo "ok 1 boot_debug_checks"
else
  [ -n "$state" ] && echo "$state" | sed 's/^/# /'
  [ -n "$bootbad" ] && { echo "# boot log splat:"; echo "$bootbad" | sed 's/^/#   > /'
    klog_since 0 | grep -vE "$boot_benign" | grep -E -B5 -A40 "$splat" | head -100 | sed 's/^/#   /'; }
  echo "not ok 1 boot_debug_checks"
fi
for t in "${tests[@]}"; do
  i=$((i + 1)); name=$(basename "$t" .sh)
  dmesg -C
  klog_mark "start $name"
  off=$(stat -c %s $KLOG)
  start=$(date +%s)
  before=$(debug_state)
  out=$(timeout "${BONDING_RS_TEST_TIMEOUT:-1200}" bash "$t" 2>&1); rc=$?
  klog_mark "end $name"
  bad=$(klog_since "$off" | grep -E "$splat" | head -20)
  leaks=$(kml_scan | head -40)
  after=$(debug_state)
  echo "$out" | sed 's/^/# /'
  # Memory left after the test: a guest that runs short dies of the OOM
  # killer (init included) with no KTAP line to say why.
  echo "# ($(( $(date +%s) - start )) s, MemAvailable $(awk '/^MemAvailable:/ {print $2}' /proc/meminfo) kB)"
  [ -n "$before" ] && echo "$before" | sed 's/^/# before the test: /'
  [ -n "$after" ] && echo "$after" | sed 's/^/# after the test: /'
  if [ $rc -eq 0 ] && [ -z "$bad" ] && [ -z "$leaks" ] && [ -z "$before" ] && [ -z "$after" ]; then
    echo "ok $i $name"
  else
    [ $rc -ne 0 ] && echo "# exit status $rc"
    [ -n "$bad" ] && { echo "# kernel log splat:"; klog_since "$off" | grep -E -B5 -A40 "$splat" | head -120 | sed 's/^/#   /'; }
    [ -n "$leaks" ] && { echo "# kmemleak:"; echo "$leaks" | sed 's/^/#   /'; }
    echo "not ok $i $name"
  fi
done
# kmemleak reports objects only once they are a few seconds old: a last scan
# after a pause catches leaks of the final tests.
i=$((i + 1))
sleep 6
leaks=$(kml_scan | head -40)
state=$(debug_state)
if [ -z "$leaks" ] && [ -z "$state" ]; then echo "ok $i kmemleak_final"; else
  [ -n "$state" ] && echo "$state" | sed 's/^/# /'
  echo "$leaks" | sed 's/^/#   /'; echo "not ok $i kmemleak_final"; fi
