# Sourced by scripts/bench.sh and scripts/failover-bench.sh (host side):
# which kernel to boot, which bonding_rs.ko to load, where results go.
#
#   default                     the "bench" kernel (no debug options), built or found in the
#                               cache by scripts/build-kernel.sh bench, and bonding_rs.ko built
#                               for it by scripts/build-module.sh bench
#   BONDING_RS_BENCH_KDIR=DIR   boot that kernel build dir instead (e.g. the test kernel, to
#                               try the harness); nothing is built then, and the module is
#   BONDING_RS_BENCH_KO=FILE    this one (default DIR/module/<tree>/bonding_rs.ko, as build-module.sh)
#
# The module is copied into the run's results directory before the VM boots, so a
# rebuild during the run cannot change what is measured, and the run records which
# module it measured.  Results: $here/bench-results/<kind>-<date>-<time>/ (not tracked).
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}

# bench_select: sets kdir and ko_src
bench_select() {
  if [ -n "${BONDING_RS_BENCH_KDIR:-}" ]; then
    kdir=$(cd "$BONDING_RS_BENCH_KDIR" && pwd)
    ko_src=${BONDING_RS_BENCH_KO:-$kdir/module/$(printf %s "$here" | sha256sum | cut -c1-12)/bonding_rs.ko}
  else
    kdir=$(bash "$here/scripts/build-kernel.sh" bench)
    ko_src=$(bash "$here/scripts/build-module.sh" bench)
  fi
  local f
  for f in "$kdir/arch/x86/boot/bzImage" "$kdir/drivers/net/bonding/bonding.ko" \
           "$kdir/drivers/net/veth.ko" "$ko_src"; do
    [ -f "$f" ] || { echo "bench: missing $f" >&2; exit 2; }
  done
}

# bench_outdir KIND: creates the results dir, copies the module there; sets out, ko
bench_outdir() {
  out="$here/bench-results/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  ko="$out/bonding_rs.ko"
  cp "$ko_src" "$ko"
  {
    echo "date: $(date -Is)"
    echo "kernel: $kdir"
    echo "bonding_rs.ko: $ko_src sha256 $(sha256sum < "$ko" | cut -c1-16)"
    echo "bonding.ko: sha256 $(sha256sum < "$kdir/drivers/net/bonding/bonding.ko" | cut -c1-16)"
    echo "git: $(git -C "$here" rev-parse --short HEAD 2>/dev/null)$(git -C "$here" diff --quiet HEAD -- '*.rs' ffi modes 2>/dev/null || echo ' (+ uncommitted module changes)')"
    echo "host: $(nproc) cpus, $(uname -r)"
  } > "$out/info.txt"
}

# bench_clock: the guest's clock, BONDING_RS_BENCH_CLOCK; sets clock, qemu_opts
#   icount (default)  QEMU runs the guest with -icount shift=2,sleep=off: guest time is
#                     its instruction count (4 ns an instruction), the same whatever else
#                     the host is doing (see scripts/bench.sh and failover-bench.sh).
#   wall              the guest on wall-clock time (multi-threaded TCG): real time on
#                     this host, with its stalls.
bench_clock() {
  clock=${BONDING_RS_BENCH_CLOCK:-icount}
  case $clock in
    icount) qemu_opts="-icount shift=2,sleep=off";;
    wall) qemu_opts="";;
    *) echo "bench: BONDING_RS_BENCH_CLOCK must be icount or wall" >&2; exit 2;;
  esac
  echo "clock: $clock${qemu_opts:+ ($qemu_opts)}" >> "$out/info.txt"
}
