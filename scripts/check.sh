#!/usr/bin/env bash
# `make check`: everything bonding_rs is tested with, from a bare machine.
#   1. host unit tests of the pure-logic files (cargo test, no kernel)
#   2. style gates: rustfmt (kernel rules) and clippy (CLIPPY=1 kernel build)
#   3. the module builds warning-free against the debug test kernel
#   4. selftests in one boot of that kernel under virtme-ng (KTAP)
# Ends with the line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
passed=0 failed=0
t0=$(date +%s)
result() { # result ok|fail NAME
  if [ "$1" = ok ]; then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi
}
summary() {
  echo "check took $(( $(date +%s) - t0 )) s"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

bash scripts/setup-host.sh || { result fail "host setup"; summary; }

# 1. Host unit tests.
log=$(mktemp)
(cd hosttest && cargo test --quiet 2>&1) | tee "$log"
if grep -q '^test result:' "$log"; then
  p=$(awk '/^test result:/ {s += $4} END {print s+0}' "$log")
  f=$(awk '/^test result:/ {s += $6} END {print s+0}' "$log")
  passed=$((passed + p)); failed=$((failed + f))
  echo "host unit tests: $p passed, $f failed"
else
  result fail "host unit tests (did not build)"
fi

# 2a. rustfmt with the kernel's rules.
kdir=$(bash scripts/build-kernel.sh test) || { result fail "test kernel build"; summary; }
src=$(readlink -f "$kdir/source")
if rustfmt --check --edition 2021 --config-path "$src/.rustfmt.toml" bonding_rs.rs hosttest/lib.rs; then
  result ok "rustfmt"
else
  result fail "rustfmt (run: make fmt)"
fi

# 3. Module build; the kernel has CONFIG_WERROR, so any warning fails it.
if ko=$(bash scripts/build-module.sh test); then result ok "module build (-Werror/-Dwarnings)"; else
  result fail "module build"; summary; fi

# 2b. clippy through the kernel build (CLIPPY=1), warnings are errors.
clippy_out=$(mktemp -d)
if make -s -C "$kdir" M="$here" MO="$clippy_out" LLVM=-19 CLIPPY=1 \
     RUST_LIB_SRC="$(cat "$CACHE/rust-lib-src")" modules; then
  result ok "clippy"
else
  result fail "clippy"
fi
rm -rf "$clippy_out"

# 4. Selftests in the VM (bondtool: the in-guest helper, built on the host).
export CARGO_TARGET_DIR="$CACHE/bondtool-target"
if ! cargo build --quiet --release --manifest-path selftests/bondtool/Cargo.toml; then
  result fail "bondtool build"; summary
fi
vmlog=$(mktemp) console=$(mktemp)
# The guest's console (warnings and worse) and vm-run's own messages go to a
# file, shown below when the run did not complete: a guest that panics says why.
BONDING_RS_VM_MEM=${BONDING_RS_VM_MEM:-1G} BONDING_RS_VM_CONSOLE=1 \
  bash scripts/vm-run.sh "$kdir" \
  "BONDTOOL=$CARGO_TARGET_DIR/release/bondtool bash $here/selftests/run.sh $kdir $ko" 2>"$console" | tee "$vmlog"
vmrc=${PIPESTATUS[0]}
grep '^vm-run:' "$console"
p=$(grep -cE '^ok [0-9]+ ' "$vmlog")
f=$(grep -cE '^not ok [0-9]+ ' "$vmlog")
planned=$(sed -nE 's/^1\.\.([0-9]+)$/\1/p' "$vmlog" | head -1)
passed=$((passed + p)); failed=$((failed + f))
if [ -z "$planned" ] || [ $((p + f)) -ne "$planned" ]; then
  result fail "VM selftests ran to completion (planned ${planned:-?}, reported $((p + f)), vm-run status $vmrc)"
  echo "# the guest console's last 200 lines (of $(wc -l < "$console")):"
  tail -n 200 "$console" | sed 's/^/#   /'
fi
rm -f "$console"
summary
