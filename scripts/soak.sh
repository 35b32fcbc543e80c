#!/usr/bin/env bash
# `make soak`: the randomized operation campaign (scripts/soak-guest.sh) on
# the debug test kernel, under traffic, reproducible from its seed.
#   BONDING_RS_SOAK_SEED (default: the date's seconds), BONDING_RS_SOAK_MINUTES
#   (default 20).  Then the fault-injection sweeps of selftests/faults.sh with
#   every allocation failed in turn (stride 1; make check samples them), and
#   the hostile-frames corpus (selftests/campaign/hostile_frames.sh, ~4 min).
#   BONDING_RS_SOAK_PARTS (default "campaign faults frames") picks some of
#   the three; BONDING_RS_FAULT_PASSES picks passes of the sweeps (about 45
#   minutes each under TCG).  The default, "ab-pages xor-pages", is every
#   failure point: with page allocations counted too, fail-nth counts every
#   call the failslab-only passes ("ab", "xor") count, in the same order,
#   and the page allocations those ignore, so stride 1 over it fails each
#   object allocation of theirs as well.  Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
seed=${BONDING_RS_SOAK_SEED:-$(( $(date +%s) % 32768 ))}
minutes=${BONDING_RS_SOAK_MINUTES:-20}
parts=" ${BONDING_RS_SOAK_PARTS:-campaign faults frames} "
fault_passes=${BONDING_RS_FAULT_PASSES:-ab-pages xor-pages}
part() { [[ $parts == *" $1 "* ]]; }
passed=0 failed=0
kdir=$(bash "$here/scripts/build-kernel.sh" test) || exit 1
ko=$(bash "$here/scripts/build-module.sh" test) || exit 1
logdir=${BONDING_RS_SOAK_LOGS:-$CACHE/soak-logs}
mkdir -p "$logdir"
vm() { # vm PART COMMAND: one boot; its whole output, kept in $logdir/PART.log as it comes
  local log=$logdir/$1.log rc
  echo "soak: $1: the whole output goes to $log" >&2
  BONDING_RS_VM_MEM=1G bash "$here/scripts/vm-run.sh" "$kdir" "$2" > "$log" 2>&1
  rc=$?
  cat "$log"
  return $rc
}
if part campaign; then
  echo "soak: seed $seed, $minutes minutes (BONDING_RS_SOAK_SEED=$seed reproduces it)"
  out=$(vm campaign "bash $here/scripts/soak-guest.sh $kdir $ko $seed $minutes")
  rc=$?
  echo "$out" | grep -E '^(soak:|FAIL|mode )' | tail -40
  if [ $rc -eq 0 ] && echo "$out" | grep -q '^soak: .* 0 failed, 0 leaks'; then
    passed=$((passed + 1)); echo "ok - randomized campaign"
  else
    failed=$((failed + 1)); echo "not ok - randomized campaign"
  fi
fi
export CARGO_TARGET_DIR="$CACHE/bondtool-target"
cargo build --quiet --release --manifest-path "$here/selftests/bondtool/Cargo.toml" || exit 1
if part faults; then
  out=$(vm faults "BONDTOOL=$CARGO_TARGET_DIR/release/bondtool BONDING_RS_FAULT_STRIDE=1 BONDING_RS_FAULT_PASSES='$fault_passes' BONDING_RS_TEST_TIMEOUT=28800 bash $here/selftests/run.sh $kdir $ko $here/selftests/faults.sh")
  echo "$out" | grep -E 'allocations failed|FAIL|^(ok|not ok) ' | sed 's/^#  *//'
  if echo "$out" | grep -q '^ok 2 faults' && ! echo "$out" | grep -q '^not ok'; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi
# The hostile-frames corpus (selftests/campaign/): every mode and
# xmit_hash_policy against bonding.ko, frame by frame.
if part frames; then
  out=$(vm frames "BONDTOOL=$CARGO_TARGET_DIR/release/bondtool bash $here/selftests/run.sh $kdir $ko $here/selftests/campaign/hostile_frames.sh")
  echo "$out" | grep -E 'identical|differ|FAIL|^(ok|not ok) ' | sed 's/^#  *//' | head -40
  if echo "$out" | grep -q '^ok 2 hostile_frames' && ! echo "$out" | grep -q '^not ok'; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
