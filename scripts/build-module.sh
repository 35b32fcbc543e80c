#!/usr/bin/env bash
# Build bonding_rs.ko against the project's test or bench kernel.
#   usage: scripts/build-module.sh [test|bench] [extra make args, e.g. CLIPPY=1]
# Output goes outside the clone, to the kernel's cache dir (module/<tree>/), so the
# source tree stays clean; prints the path of bonding_rs.ko.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
flavor=${1:-test}; shift || true
kdir=$(bash "$here/scripts/build-kernel.sh" "$flavor")
# One output dir per source tree, so that two checkouts (git worktrees) never share objects.
out="$kdir/module/$(printf %s "$here" | sha256sum | cut -c1-12)"
mkdir -p "$out"
RUST_LIB_SRC=$(cat "${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}/rust-lib-src")
make -s -C "$kdir" M="$here" MO="$out" LLVM=-19 RUST_LIB_SRC="$RUST_LIB_SRC" "$@" modules >&2
echo "$out/bonding_rs.ko"
