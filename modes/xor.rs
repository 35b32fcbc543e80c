// SPDX-License-Identifier: GPL-2.0

//! balance-xor: `bond_xmit_hash()` modulo the number of usable slaves picks
//! the slave, so a flow stays on one slave (`bond_3ad_xor_xmit()`).

use super::{hash, BondMode};
use crate::bond::{Bond, SlaveList};
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::options::BondParams;

pub(super) struct Xor;

impl BondMode for Xor {
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        // The usable slaves in slave order, as the C driver's usable_slaves
        // array: the same hash picks the same index, in constant time.
        let Some(usable) = bond.usable(rcu) else {
            return dev.tx_drop(skb);
        };
        let slaves = &usable.slaves;
        let (head, meta) = super::frame(&skb);
        let h = hash::xmit_hash(bond.params(rcu).xmit_policy, head, &meta);
        match slaves.get(h as usize % slaves.len().max(1)) {
            Some(s) => {
                let target = &s.dev;
                target.xmit(skb)
            }
            None => dev.tx_drop(skb),
        }
    }

    fn lag_tx_type(&self) -> u32 {
        super::LAG_TX_HASH
    }

    fn lag_hash_type(&self, p: &BondParams) -> u32 {
        super::lag_hash(p.xmit_policy)
    }

    fn uses_usable(&self, _p: &BondParams) -> bool {
        true
    }

    fn ignore_updelay(&self, _bond: &Bond, list: &SlaveList, _rcu: &RcuRead<'_>) -> bool {
        // No slave can transmit (the usable-slave array is empty).
        !list.slaves.iter().any(|s| s.can_tx())
    }
}
