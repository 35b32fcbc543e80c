#!/usr/bin/env bash
# Boot a bonding_rs kernel under virtme-ng and run one command in the guest.
#   usage: scripts/vm-run.sh KERNEL_BUILD_DIR 'command ...'
# The host root file system is shared read-only; the repository and the cache
# are writable in the guest.  TCG (software emulation) unless a quick probe
# shows that KVM really works here (its /dev/kvm alone proves nothing).
# The command's stdout and exit status come back.
# Environment: BONDING_RS_VM_MEM (default 2G), BONDING_RS_VM_APPEND (kernel
# command line additions to the fixed ones below), BONDING_RS_VM_QEMU_OPTS (extra QEMU options, e.g.
# the benchmark's -icount), BONDING_RS_VM_CONSOLE=1 (the guest's kernel console, messages of
# warning level and worse, comes out on this script's stderr with the command's own stderr:
# a guest that panics or dies otherwise leaves its last words there, where virtme-ng sends
# them to /dev/null by default).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kdir=$1; shift
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
vng="$CACHE/venv/bin/vng"
# vng runs virtme-run from the venv, and shares the root over virtio-fs when
# it finds the Rust virtiofsd (setup-host.sh), else over 9p (much slower).
export PATH="$CACHE/virtiofsd/bin:$CACHE/venv/bin:$PATH"
image="$kdir/arch/x86/boot/bzImage"
[ -f "$image" ] || { echo "vm-run: no kernel image at $image" >&2; exit 2; }

accel=--disable-kvm
probe="$CACHE/kvm-probe-$(qemu-system-x86_64 --version | head -1 | tr -dc '0-9.')"
if [ "${BONDING_RS_KVM:-auto}" != no ] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo && [ -w /dev/kvm ]; then
  if [ ! -f "$probe" ]; then
    if timeout 60 "$vng" --run "$image" --memory 512M --cpus 1 --exec true >/dev/null 2>&1; then
      echo kvm > "$probe"
    else
      echo tcg > "$probe"
    fi
  fi
  [ "$(cat "$probe")" = kvm ] && accel=
fi

args=(--run "$image" $accel --memory "${BONDING_RS_VM_MEM:-2G}" --cpus 2
      --rwdir "$here" --rwdir "$CACHE")
# Kernel arguments every boot gets:
#  - no5lvl: 4-level paging.  QEMU's TCG CPU offers LA57, and 7.3 boots it with 5-level
#    paging; identify_cpu() then zeroes boot_cpu_data.x86_capability and fills it again
#    with interrupts on, so for that window pgtable_l5_enabled() (which reads the LA57
#    bit until alternatives are patched) is false and KASAN's addr_has_metadata()
#    compares against a 4-level KASAN_SHADOW_START.  An interrupt that takes a spinlock
#    in the 5-level direct map (0xff11...) in that window is reported as
#    "wild-memory-access in do_raw_spin_lock" from handle_edge_irq; that report taints
#    the kernel and turns lockdep and KASAN off for the whole run (about 1 boot in 3).
#    With no5lvl the bit and the paging mode agree from the first instruction on.
#  - kasan_multi_shot: every KASAN report is printed, not only the first of the boot.
# (BONDING_RS_VM_BOOT_ARGS replaces them, for scripts/boot-probe.sh's comparison only.)
append="${BONDING_RS_VM_BOOT_ARGS-no5lvl kasan_multi_shot}${BONDING_RS_VM_APPEND:+ $BONDING_RS_VM_APPEND}"
# vng --verbose shows the boot console; loglevel=5: it prints KERN_WARNING and worse (every
# splat, Oops and panic; none of the drivers' info lines, whose serial output would slow a
# TCG guest down).
[ "${BONDING_RS_VM_CONSOLE:-}" = 1 ] && { args+=(--verbose); append+=" loglevel=5"; }
args+=(--append "$append")
[ -n "${BONDING_RS_VM_QEMU_OPTS:-}" ] && args+=(--qemu-opts "$BONDING_RS_VM_QEMU_OPTS")
# The guest's first step creates a marker file.  If vng ends without it, the
# guest never ran the command (QEMU, virtiofsd or vng failed on the host), so
# it is safe to try again: up to three times, the last one over 9p without
# virtiofsd.  Each such failure is reported with vng's exit status.
marker="$CACHE/.vm-started.$$"
rm -f "$marker"
trap 'rm -f "$marker"' EXIT
for attempt in 1 2 3; do
  if [ "$attempt" = 3 ]; then
    PATH=${PATH#"$CACHE/virtiofsd/bin:"}
    echo "vm-run: last attempt without virtiofsd (9p root)" >&2
  fi
  # No stdin: virtme-ng then runs without a terminal, as in CI.
  rc=0
  "$vng" "${args[@]}" --exec ": > $marker; $*" </dev/null || rc=$?
  [ -e "$marker" ] && exit "$rc"
  echo "vm-run: attempt $attempt: vng exited with status $rc before the guest ran the command" >&2
  [ "$attempt" = 3 ] || sleep 5
done
exit "${rc:-1}"
