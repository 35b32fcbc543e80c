#!/bin/bash
# 20 load/unload cycles across modes and bond counts: every bond and its
# /proc file appear on load and disappear on unload; nothing is left behind.
# Leaks (kmemleak) and splats are checked by the runner after this test.
. "$(dirname "$0")/lib.sh"
unload_all
exec "$BONDTOOL" cycles "$RS_KO" 20
