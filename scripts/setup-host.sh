#!/usr/bin/env bash
# Install everything bonding_rs needs on a Debian 12 (bookworm) host, from the
# package registries only.  Idempotent: a second run checks and does nothing.
#
# What and why (see README "How the test kernel is made"):
#   * linux-source-7.3 and rust-src matching rustc come from trixie-backports,
#     pinned low so nothing else on the machine is upgraded;
#   * clang/lld/llvm 19 (bookworm) build the debug kernel with LLVM=-19, because
#     Rust permits KASAN only on a clang-built kernel; libclang 19 serves bindgen;
#   * qemu-system-x86 + udev + virtme-ng (PyPI, in a venv) boot the kernel under TCG;
#   * virtiofsd (crates.io; Debian's needs a newer libc) lets virtme-ng share
#     the root file system over virtio-fs with the guest page cache on instead
#     of 9p without one: under TCG with KASAN an exec costs a third, a Python
#     start 2 s instead of 14 s; libseccomp/libcap-ng are its build deps;
#   * linux-perf profiles the transmit path in the guest (make bench);
#   * iproute2 from bookworm-backports (6.15): bookworm's 6.1 cannot send or print
#     the IFLA_BOND_* attributes added since (coupled_control, broadcast_neighbor,
#     actor_port_prio, lacp_strict); python3-scapy crafts the hostile frames.
set -euo pipefail

CACHE=${BONDING_RS_CACHE:-$HOME/.cache/bonding-rs}
mkdir -p "$CACHE"
STAMP="$CACHE/.host-setup-v2"
log() { printf '[setup] %s\n' "$*" >&2; }

RUSTC_VER=$(rustc --version | awk '{print $2}')      # e.g. 1.95.0
RUSTC_MINOR=${RUSTC_VER%.*}                          # e.g. 1.95
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages (rust-src is added below, at the version matching rustc).
pkgs=(linux-source-7.3 clang-19 lld-19 llvm-19 libclang-19-dev flex bison bc
      libelf-dev libssl-dev cpio qemu-system-x86 udev python3-venv kmod
      busybox-static iputils-ping ethtool tcpdump linux-perf
      libseccomp-dev libcap-ng-dev python3-scapy)
need_apt=0
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || { need_apt=1; break; }
done
[ -d "/usr/src/rustc-$RUSTC_VER/library" ] || need_apt=1
# iproute2: at least 6.15 (backports), see above.
ipv=$(ip -V 2>/dev/null | sed -n 's/.*iproute2-\([0-9]*\.[0-9]*\).*/\1/p')
printf '%s\n6.15\n' "${ipv:-0}" | sort -V -C 2>/dev/null && [ "${ipv:-0}" != 6.15 ] && need_apt=1

if [ $need_apt = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # The Debian mirror is the machine's own: the first main archive URI of its apt sources
  # (deb822 .sources or one-line .list). No registry host is written in this repository.
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
             awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
  [ -n "$mirror" ] || mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
             awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) { print $i; exit } }')
  if [ -z "$mirror" ]; then
    log "ERROR: no Debian archive found in the machine's apt sources (/etc/apt/sources.list,"
    log "       /etc/apt/sources.list.d/*.sources|*.list): add the machine's Debian mirror there first"
    exit 1
  fi
  if [ ! -f /etc/apt/sources.list.d/bonding-rs.sources ]; then
    log "adding trixie, trixie-backports, bookworm-backports at low priority ($mirror)"
    cat > /etc/apt/sources.list.d/bonding-rs.sources <<SRC
Types: deb
URIs: $mirror
Suites: trixie trixie-backports bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat > /etc/apt/preferences.d/bonding-rs <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
  log "apt-get update"
  apt-get update -qq
  # rust-src: the exact rustc version, else the same minor release (loudly).
  rsv=$(apt-cache madison rust-src | awk -v v="$RUSTC_VER" '$3 ~ "^"v"\\+" {print $3; exit}')
  if [ -z "$rsv" ]; then
    rsv=$(apt-cache madison rust-src | awk -v v="$RUSTC_MINOR" '$3 ~ "^"v"\\." {print $3; exit}')
    log "WARNING: no rust-src for rustc $RUSTC_VER; using $rsv of the same minor release"
  fi
  [ -n "$rsv" ] || { log "ERROR: no rust-src package matches rustc $RUSTC_VER"; exit 1; }
  log "installing packages (rust-src=$rsv)"
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" "rust-src=$rsv" >/dev/null
  log "installing iproute2 from bookworm-backports"
  apt-get install -y -qq --no-install-recommends -t bookworm-backports iproute2 >/dev/null
  ipv=$(ip -V | sed -n 's/.*iproute2-\([0-9]*\.[0-9]*\).*/\1/p')
  printf '6.15\n%s\n' "$ipv" | sort -V -C ||
    { log "ERROR: iproute2 $ipv is older than 6.15 (bookworm-backports missing from the mirror?)"; exit 1; }
fi

# The kernel's rust/ build reads library sources at RUST_LIB_SRC.
libsrc=$(ls -d /usr/src/rustc-"$RUSTC_MINOR".*/library 2>/dev/null | sort -V | tail -n1)
[ -n "$libsrc" ] || { log "ERROR: rust-src library not found"; exit 1; }
echo "$libsrc" > "$CACHE/rust-lib-src"

# bindgen 0.72.1 against libclang 19 (the kernel needs >= 0.71.1).
if ! bindgen --version 2>/dev/null | grep -q '0.72.1'; then
  log "cargo install bindgen-cli 0.72.1"
  LIBCLANG_PATH=/usr/lib/llvm-19/lib cargo install --locked -q bindgen-cli --version 0.72.1
fi

# rustfmt/clippy for the style gates.
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

# virtiofsd for virtme-ng (scripts/vm-run.sh puts it on PATH).
if [ ! -x "$CACHE/virtiofsd/bin/virtiofsd" ]; then
  log "cargo install virtiofsd 1.14.0 into $CACHE/virtiofsd"
  cargo install --locked -q virtiofsd --version 1.14.0 --root "$CACHE/virtiofsd"
fi

# virtme-ng in its own venv.
VENV="$CACHE/venv"
if [ ! -x "$VENV/bin/vng" ]; then
  log "virtme-ng 1.42 into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q virtme-ng==1.42
fi

touch "$STAMP"
log "host ready (rustc $RUSTC_VER, rust-src $libsrc, $(bindgen --version))"
