#!/usr/bin/env bash
# `make soak`: the randomized operation campaign (scripts/soak-guest.sh) on
# the debug test kernel, under traffic, reproducible from its seed.
#   BONDING_RS_SOAK_SEED (default: the date's seconds), BONDING_RS_SOAK_MINUTES
#   (default 20).  Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
seed=${BONDING_RS_SOAK_SEED:-$(( $(date +%s) % 32768 ))}
minutes=${BONDING_RS_SOAK_MINUTES:-20}
kdir=$(bash "$here/scripts/build-kernel.sh" test) || exit 1
ko=$(bash "$here/scripts/build-module.sh" test) || exit 1
echo "soak: seed $seed, $minutes minutes (BONDING_RS_SOAK_SEED=$seed reproduces it)"
out=$(BONDING_RS_VM_MEM=1G bash "$here/scripts/vm-run.sh" "$kdir" \
  "bash $here/scripts/soak-guest.sh $kdir $ko $seed $minutes" 2>&1)
rc=$?
echo "$out" | grep -E '^(soak:|FAIL|mode )' | tail -40
if [ $rc -eq 0 ] && echo "$out" | grep -q '^soak: .* 0 failed, 0 leaks'; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"; exit 1
fi
