#!/usr/bin/env bash
# Build (or find in the cache) the bonding_rs test or bench kernel.
#   usage: scripts/build-kernel.sh [test|bench]      prints the build dir on stdout
# The kernel is unpacked and built outside the clone, in
#   ${BONDING_RS_CACHE:-~/.cache/bonding-rs}/kernel-<flavor>-<key>/
# where <key> hashes the linux-source version, the config fragments, rustc,
# bindgen and clang versions and this recipe.  A second run finds the finished
# build and does nothing.  Only one build runs at a time (flock).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
flavor=${1:-test}
case $flavor in test|bench) ;; *) echo "usage: $0 [test|bench]" >&2; exit 2;; esac
CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[kernel] %s\n' "$*" >&2; }

bash "$here/scripts/setup-host.sh" >&2

LLVM_SUFFIX=-19
pkgver=$(dpkg-query -W -f='${Version}' linux-source-7.3)
RUST_LIB_SRC=$(cat "$CACHE/rust-lib-src")
key=$( { echo "recipe-v1 $pkgver LLVM=$LLVM_SUFFIX"; cat "$here/kernel/common.config" "$here/kernel/$flavor.config";
         rustc -vV; bindgen --version; clang$LLVM_SUFFIX --version | head -1; } | sha256sum | cut -c1-16)
out="$CACHE/kernel-$flavor-$key"
if [ -f "$out/.bonding-rs-done" ]; then echo "$out"; exit 0; fi

exec 9>"$CACHE/.build.lock"
flock 9
if [ -f "$out/.bonding-rs-done" ]; then echo "$out"; exit 0; fi

src="$CACHE/src/linux-source-7.3-$pkgver"
if [ ! -f "$src/.unpacked" ]; then
  log "unpacking linux-source-7.3 $pkgver"
  rm -rf "$src"; mkdir -p "$CACHE/src"
  tmp=$(mktemp -d "$CACHE/src/tmp.XXXXXX")
  tar -C "$tmp" -xf /usr/src/linux-source-7.3.tar.xz
  mv "$tmp/linux-source-7.3" "$src"; rmdir "$tmp"
  touch "$src/.unpacked"
fi

# Drop stale builds of this flavor (other keys): they are large.
for d in "$CACHE"/kernel-"$flavor"-*; do [ "$d" != "$out" ] && [ -d "$d" ] && rm -rf "$d"; done
mkdir -p "$out"
mk() { make -C "$src" O="$out" LLVM=$LLVM_SUFFIX RUST_LIB_SRC="$RUST_LIB_SRC" "$@"; }
start=$(date +%s)
log "configuring $flavor kernel in $out"
mk -s defconfig >&2
mk -s kvm_guest.config >&2
cat "$here/kernel/common.config" "$here/kernel/$flavor.config" > "$out/bonding-rs.config"
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$out/bonding-rs.config" >/dev/null
mk -s olddefconfig >&2
# Every option of the fragments must have survived olddefconfig.
bad=0
while IFS= read -r line; do
  case $line in
    CONFIG_*=*) opt=${line%%=*}; grep -qx "$line" "$out/.config" || { log "config: wanted $line, got: $(grep "^$opt=\|# $opt is not set" "$out/.config" || echo unset)"; bad=1; } ;;
    "# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}; grep -q "^$opt=[ym]" "$out/.config" && { log "config: wanted $opt off, got on"; bad=1; } ;;
  esac
done < "$out/bonding-rs.config"
[ $bad = 0 ] || { log "config fragment not honoured"; exit 1; }
log "building (2 jobs)"
mk -j2 -s >&2
log "built in $(( $(date +%s) - start )) s"
touch "$out/.bonding-rs-done"
echo "$out"
