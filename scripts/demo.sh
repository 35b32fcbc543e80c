#!/usr/bin/env bash
# `make demo`: set everything up if needed, boot the test VM, load bonding_rs
# in active-backup with the MII monitor, enslave two veth links whose peers
# live in another network namespace, and show /proc/net/bonding/bond0.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ko=$(bash "$here/scripts/build-module.sh" test)
kdir=$(bash "$here/scripts/build-kernel.sh" test)
BONDING_RS_VM_MEM=${BONDING_RS_VM_MEM:-1G} exec bash "$here/scripts/vm-run.sh" "$kdir" "bash $here/selftests/demo-guest.sh $kdir $ko"
