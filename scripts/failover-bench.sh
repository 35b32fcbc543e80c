#!/usr/bin/env bash
# `make failover-bench`: active-backup failover time, bonding_rs against the C bonding.ko.
# Same kernel choice as `make bench` (the bench kernel, built if needed; or
# BONDING_RS_BENCH_KDIR / BONDING_RS_BENCH_KO, see scripts/bench-common.sh).  Boots it
# once and runs scripts/failover-bench-guest.sh: bond0 over two veth slaves whose peers
# are bridged in another namespace, a UDP stream through bond0 (one datagram every 2 ms)
# to a receiver there, the active slave's carrier cut; per driver and monitor
# (miimon=100, arp_interval=100 arp_ip_target=<peer>), the blackout (ms without
# delivery) and the datagrams lost, over several interleaved repetitions.  Prints a
# table of medians with the ratio bonding_rs/C and writes to
# bench-results/failover-<date>-<time>/: raw.csv, summary.csv, summary.json, guest.log,
# dmesg.txt (the guest's kernel log) and trials/ (each trial's stream and kernel log).
# A driver that does not fail over within the window is reported as "no failover"
# with the window as its blackout (a lower bound).
# Knobs: BONDING_RS_FAILOVER_REPS (default 5), BONDING_RS_FAILOVER_WINDOW (seconds
# after the cut, default 3), BONDING_RS_FAILOVER_MONITORS (default "mii arp"),
# BONDING_RS_BENCH_CLOCK:
#   icount (default)  guest time is its instruction count (-icount shift=2,sleep=off,
#                     single-threaded TCG): the host's scheduling does not show in the
#                     guest's clock, so the stream's gaps are the guest's own.  Under
#                     the wall clock a busy loop pinned on an idle vCPU of this TCG guest
#                     pauses for up to 6 ms, 10-20 ms while `ip link set down` runs on
#                     the other vCPU, and that floor hides a failover shorter than it.
#   wall              real time, multi-threaded TCG.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/bench-common.sh"
bench_select
bench_outdir failover
reps=${BONDING_RS_FAILOVER_REPS:-5}
window=${BONDING_RS_FAILOVER_WINDOW:-3}
monitors=${BONDING_RS_FAILOVER_MONITORS:-mii arp}
bench_clock
echo "failover-bench: kernel $kdir, $reps repetitions, ${window} s window ($clock clock), results in $out" >&2
t0=$(date +%s)
set +e
BONDING_RS_VM_MEM=${BONDING_RS_VM_MEM:-1G} BONDING_RS_VM_QEMU_OPTS=$qemu_opts \
  bash "$here/scripts/vm-run.sh" "$kdir" \
  "FO_REPS=$reps FO_POST_S=$window FO_MONITORS='$monitors' bash $here/scripts/failover-bench-guest.sh $kdir $ko $out" \
  2>&1 | tee "$out/guest.log"
rc=${PIPESTATUS[0]}
set -e
echo "failover-bench: VM time $(( $(date +%s) - t0 )) s (status $rc)" | tee -a "$out/info.txt" >&2
# A guest kernel splat (of either driver) is reported with the results.
if grep -Eq 'Oops|BUG:|WARNING:|Call Trace' "$out/dmesg.txt" 2>/dev/null; then
  echo "failover-bench: the guest kernel logged a splat, see $out/dmesg.txt:" | tee -a "$out/info.txt" >&2
  grep -E -m 5 'Oops|BUG:|WARNING:|RIP:' "$out/dmesg.txt" | tee -a "$out/info.txt" >&2
fi
[ -s "$out/raw.csv" ] && [ "$(wc -l < "$out/raw.csv")" -gt 1 ] || { echo "failover-bench: no results" >&2; exit 1; }
python3 "$here/scripts/bench-report.py" failover "$out"
exit $rc
