#!/usr/bin/env bash
# `make bench`: packets per second through bond0, bonding_rs against the C bonding.ko.
# Builds the bench kernel and module if needed (see scripts/bench-common.sh for the
# kernel choice and BONDING_RS_BENCH_KDIR), boots it once under virtme-ng, and runs
# scripts/bench-guest.sh there: pktgen on a bare veth (the ceiling), then through
# bond0 in balance-rr, active-backup, balance-xor (layer3+4) and broadcast over 2
# veth slaves, and balance-rr / balance-xor over 8 and 32, the two drivers
# interleaved round after round.  Prints a table of medians with the ratios
# bonding_rs/C and bonding_rs/bare, and writes to bench-results/pps-<date>-<time>/:
#   raw.csv       one line per pktgen run
#   summary.csv   medians and ratios (also summary.json)
#   pps.svg       bar chart of the medians
#   guest.log     the guest's progress log; info.txt: kernel, module hashes, git rev
# Knobs: BONDING_RS_BENCH_ROUNDS (default 5), BONDING_RS_BENCH_SECONDS per run
# (default 3), BONDING_RS_BENCH_CONFIGS (subset of: bare rr-2 ab-2 xor-2 bc-2 rr-8
# xor-8 rr-32 xor-32), BONDING_RS_BENCH_PERF (configs profiled with perf after the
# measured rounds, default "rr-2 bc-2", "" for none: perf-<driver>-<config>.txt),
# BONDING_RS_BENCH_CLOCK:
#   icount (default)  QEMU runs the guest with -icount shift=2,sleep=off: guest time is
#                     its instruction count (4 ns an instruction), so packets/s is
#                     1/(instructions per packet) of the whole path (pktgen, bond,
#                     veth, the peer's receive), the same whatever else the host is
#                     doing: repeatable to a fraction of a percent, where wall-clock
#                     TCG runs on a shared 2-core host varied by 2x.  It weighs every
#                     instruction alike (TCG models no caches or pipelines).
#   wall              the guest on wall-clock time (multi-threaded TCG): real seconds
#                     on this host, noisy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/bench-common.sh"
bench_select
bench_outdir pps
rounds=${BONDING_RS_BENCH_ROUNDS:-5}
secs=${BONDING_RS_BENCH_SECONDS:-3}
configs=${BONDING_RS_BENCH_CONFIGS:-}
perfcfg=${BONDING_RS_BENCH_PERF-rr-2 bc-2}
bench_clock
echo "bench: kernel $kdir, $rounds rounds of ${secs} s runs ($clock clock), results in $out" >&2
t0=$(date +%s)
set +e
BONDING_RS_VM_MEM=${BONDING_RS_VM_MEM:-1G} BONDING_RS_VM_QEMU_OPTS=$qemu_opts \
  bash "$here/scripts/vm-run.sh" "$kdir" "BENCH_ROUNDS=$rounds BENCH_SECONDS=$secs BENCH_CONFIGS='$configs' BENCH_PERF='$perfcfg' bash $here/scripts/bench-guest.sh $kdir $ko $out" \
  2>&1 | tee "$out/guest.log"
rc=${PIPESTATUS[0]}
set -e
echo "bench: VM time $(( $(date +%s) - t0 )) s (status $rc)" | tee -a "$out/info.txt" >&2
[ -s "$out/raw.csv" ] && [ "$(wc -l < "$out/raw.csv")" -gt 1 ] || { echo "bench: no results" >&2; exit 1; }
python3 "$here/scripts/bench-report.py" pps "$out"
exit $rc
