#!/bin/bash
# /sys/class/net/bonding_masters: listing, "+name" creates, "-name" deletes,
# and the C driver's errors and messages for bad commands.  Each step runs
# against bonding.ko and bonding_rs.ko; the transcripts must be equal.
. "$(dirname "$0")/lib.sh"
unload_all
M=/sys/class/net/bonding_masters
transcript() { # transcript KO
  insmod "$1" max_bonds=2
  dmesg -C
  for cmd in "+bond5" "+bond5" "-bond9" "bond3" "+" "-bond0" "+bond/x" "+abcdefghijklmnopqrst"; do
    # A write's status shows as the shell's error text.
    out=$( (echo "$cmd" > $M) 2>&1 ); echo "write '$cmd': ${out##*: }"
    echo "  masters: $(cat $M)"
  done
  norm_dmesg
  unload_all
  test -e $M && echo "bonding_masters left after unload"
}
want=$(transcript "$C_KO")
got=$(transcript "$RS_KO")
echo "$got" | sed 's/^/  /'
if [ "$want" == "$got" ]; then pass "bonding_masters behaves as bonding.ko's"; else
  fail "bonding_masters differs from bonding.ko's"; diff <(echo "$want") <(echo "$got"); fi
finish
