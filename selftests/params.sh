#!/bin/bash
# Every invalid (and edge) value of every module parameter: bonding_rs must
# reject or reset it exactly as bonding.ko does.  Each case loads the C driver
# and then bonding_rs with the same arguments in this VM and compares insmod's
# outcome, the bonds created, /proc/net/bonding/* and the kernel log lines.
. "$(dirname "$0")/lib.sh"

T=10.0.0.1
cases=(
  ""
  # mode: names, numbers, bad values
  "mode=balance-rr" "mode=active-backup" "mode=balance-xor" "mode=broadcast"
  "mode=0" "mode=1" "mode=2" "mode=3" "mode=default" "mode=7" "mode=-1" "mode=bogus"
  "mode=Active-Backup" "mode=" "mode=18446744073709551617"
  # miimon / updelay / downdelay
  "miimon=-1" "miimon=abc" "miimon=100" "miimon=2147483647" "miimon=2147483648"
  "updelay=-5" "downdelay=-5" "updelay=200" "downdelay=300"
  "miimon=100 updelay=250 downdelay=199" "miimon=100 updelay=200 downdelay=400"
  "mode=1 miimon=100 updelay=150 downdelay=50"
  # use_carrier
  "use_carrier=0" "use_carrier=2" "use_carrier=1" "use_carrier=x"
  # arp_interval / arp_ip_target
  "arp_interval=-1" "arp_interval=100" "arp_interval=100 arp_ip_target=$T"
  "miimon=100 arp_interval=100 arp_ip_target=$T"
  "arp_interval=100 arp_ip_target=$T,10.0.0.2,$T"
  "arp_interval=100 arp_ip_target=255.255.255.255" "arp_interval=100 arp_ip_target=0.1.2.3"
  "arp_interval=100 arp_ip_target=1.2.3" "arp_interval=100 arp_ip_target=1.2.3.256"
  "arp_interval=100 arp_ip_target=1.2.3.4a" "arp_interval=100 arp_ip_target=1.2.3.4x"
  "arp_interval=100 arp_ip_target=bogus,$T" "arp_interval=100 arp_ip_target=$T,,10.0.0.2"
  "arp_interval=100 arp_ip_target=1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9,1.1.1.10,1.1.1.11,1.1.1.12,1.1.1.13,1.1.1.14,1.1.1.15,1.1.1.16"
  "arp_interval=100 arp_ip_target=1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9,1.1.1.10,1.1.1.11,1.1.1.12,1.1.1.13,1.1.1.14,1.1.1.15,1.1.1.16,1.1.1.17"
  "mode=2 arp_interval=200 arp_ip_target=$T,192.168.7.254"
  # arp_validate / arp_all_targets
  "arp_validate=all" "arp_validate=bogus"
  "arp_interval=100 arp_ip_target=$T arp_validate=bogus"
  "arp_interval=100 arp_ip_target=$T arp_validate=filter_backup"
  "arp_interval=100 arp_ip_target=$T arp_validate=3"
  "arp_interval=100 arp_ip_target=$T arp_validate=7"
  "arp_interval=100 arp_ip_target=$T arp_all_targets=bogus"
  "arp_interval=100 arp_ip_target=$T arp_all_targets=all"
  "arp_all_targets=bogus"
  # primary / primary_reselect
  "primary=eth0" "mode=1 primary=eth0" "mode=1 primary=eth0 primary_reselect=bogus"
  "mode=1 primary=eth0 primary_reselect=failure" "mode=1 primary_reselect=bogus"
  "primary=eth0 primary_reselect=bogus" "mode=1 primary=a-very-long-interface-name"
  # fail_over_mac
  "fail_over_mac=bogus" "fail_over_mac=active" "mode=1 fail_over_mac=follow"
  "mode=1 fail_over_mac=1" "mode=1 fail_over_mac=3"
  # xmit_hash_policy
  "xmit_hash_policy=bogus" "mode=2 xmit_hash_policy=bogus" "mode=2 xmit_hash_policy=layer3+4"
  "mode=2 xmit_hash_policy=5" "mode=2 xmit_hash_policy=6" "mode=1 xmit_hash_policy=layer2+3"
  # packets_per_slave
  "packets_per_slave=-1" "packets_per_slave=65536" "packets_per_slave=0" "packets_per_slave=65535"
  # max_bonds
  "max_bonds=-1" "max_bonds=0" "max_bonds=3" "max_bonds=0 miimon=-1"
  # num_grat_arp / num_unsol_na
  "num_grat_arp=-1" "num_grat_arp=256" "num_unsol_na=255" "num_unsol_na=300"
  # all_slaves_active, resend_igmp, tx_queues
  "all_slaves_active=2" "all_slaves_active=-1" "all_slaves_active=1"
  "resend_igmp=-1" "resend_igmp=256" "resend_igmp=255"
  "tx_queues=0" "tx_queues=256" "tx_queues=1"
  # parameters of modes bonding_rs does not implement, in implemented modes
  "lacp_rate=fast" "lacp_rate=bogus" "ad_select=bogus" "ad_select=count" "lp_interval=0"
  "min_links=-1"
  # unknown parameter
  "bogus_param=1"
)

# Modes whose data path bonding_rs does not implement: C loads, we refuse
# with a clear message and -EOPNOTSUPP ("Operation not supported").
unimplemented=("mode=802.3ad" "mode=4" "mode=balance-tlb" "mode=5" "mode=balance-alb" "mode=6")

unload_all
n=0
for c in "${cases[@]}"; do
  # shellcheck disable=SC2086
  want=$(snapshot_load "$C_KO" $c)
  # shellcheck disable=SC2086
  got=$(snapshot_load "$RS_KO" $c)
  n=$((n + 1))
  if [ "$want" == "$got" ]; then
    pass "params [$c]"
  else
    fail "params [$c]"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
  fi
done

for c in "${unimplemented[@]}"; do
  want=$(snapshot_load "$C_KO" $c)
  got=$(snapshot_load "$RS_KO" $c)
  if echo "$want" | grep -q '^insmod rc=0' &&
     echo "$got" | grep -q '^insmod rc=1 Operation not supported' &&
     echo "$got" | grep -q 'DRV: Error: mode .* is not implemented by bonding_rs'; then
    pass "unimplemented [$c] refused"
  else
    fail "unimplemented [$c]"; echo "$got" | sed 's/^/    /'
  fi
done
echo "$n cases compared with bonding.ko"
finish
