// SPDX-License-Identifier: GPL-2.0

//! balance-xor: `bond_xmit_hash()` modulo the number of usable slaves picks
//! the slave, so a flow stays on one slave (`bond_3ad_xor_xmit()`).

use super::hash;
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;

pub(super) fn xmit(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
    let Some(list) = bond.slaves.get(rcu) else {
        return dev.tx_drop(skb);
    };
    // The C driver keeps an array of usable slaves in slave order; index
    // into the same order.
    let usable = list.slaves.iter().filter(|s| s.can_tx()).count();
    if usable == 0 {
        return dev.tx_drop(skb);
    }
    let h = hash::xmit_hash(bond.params.xmit_policy, skb.head(), &skb.meta());
    let n = h as usize % usable;
    match list.slaves.iter().filter(|s| s.can_tx()).nth(n) {
        Some(s) => s.dev.xmit(skb),
        None => dev.tx_drop(skb),
    }
}
