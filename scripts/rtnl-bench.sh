#!/usr/bin/env bash
# `make rtnl-bench`: the RTNL hold time of enslave, release and an
# event-driven failover (the active slave set down), bonding_rs against
# bonding.ko in the same boot of the test kernel: medians in microseconds of
# the system call that holds RTNL for each, and the C/RS ratios.
#   BONDING_RS_RTNL_N (default 30) repetitions; BONDING_RS_RTNL_OLD_KO=FILE adds
#   another bonding_rs.ko (e.g. an older build) to the same boot.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
kdir=$(bash "$here/scripts/build-kernel.sh" test)
ko=$(bash "$here/scripts/build-module.sh" test)
export CARGO_TARGET_DIR="$CACHE/bondtool-target"
cargo build --quiet --release --manifest-path "$here/selftests/bondtool/Cargo.toml"
specs="C=$kdir/drivers/net/bonding/bonding.ko RS=$ko"
[ -n "${BONDING_RS_RTNL_OLD_KO:-}" ] && specs="$specs RS_OLD=$BONDING_RS_RTNL_OLD_KO"
out=$(BONDING_RS_VM_MEM=1G bash "$here/scripts/vm-run.sh" "$kdir" \
  "BONDTOOL=$CARGO_TARGET_DIR/release/bondtool bash $here/scripts/rtnl-bench-guest.sh $kdir ${BONDING_RS_RTNL_N:-30} $specs" 2>&1)
echo "$out" | grep -E '^(C|RS|RS_OLD) ' || { echo "$out" | tail -20; exit 1; }
echo "$out" | awk '
  $1 == "C" { for (i = 2; i <= 4; i++) c[i] = $i }
  $1 ~ /^RS/ { for (i = 2; i <= 4; i++) r[$1, i] = $i; names[$1] = 1 }
  END {
    printf "%-8s %12s %12s %12s   (median us of the RTNL-holding system call)\n", "driver", "enslave", "release", "failover"
    printf "%-8s %12s %12s %12s\n", "C", c[2], c[3], c[4]
    for (n in names) {
      printf "%-8s %12s %12s %12s\n", n, r[n, 2], r[n, 3], r[n, 4]
      printf "%-8s %12.2f %12.2f %12.2f\n", "C/" n, c[2] / r[n, 2], c[3] / r[n, 3], c[4] / r[n, 4]
    }
  }'
