#!/bin/bash
# Every invalid (and edge) value of every module parameter: bonding_rs must
# reject or reset it exactly as bonding.ko does.  For each case of
# params.cases, bondtool loads the C driver and then bonding_rs with the same
# arguments in this VM and compares the load's outcome, the bonds created,
# /proc/net/bonding/* and the kernel log lines.
. "$(dirname "$0")/lib.sh"
unload_all
exec "$BONDTOOL" params-compare "$C_KO" "$RS_KO" "$(dirname "$0")/params.cases"
