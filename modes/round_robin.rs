// SPDX-License-Identifier: GPL-2.0

//! balance-rr: slaves in turn, `packets_per_slave` frames each
//! (`bond_xmit_roundrobin_slave_get()`); IGMP goes to the active slave.

use core::sync::atomic::Ordering;

use super::hash;
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;

pub(super) fn xmit(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
    let Some(list) = bond.slaves.get(rcu) else {
        return dev.tx_drop(skb);
    };
    let slaves = &list.slaves;
    let (head, meta) = skb.view();
    if hash::is_igmp(head, &meta) {
        // IGMP to the current active slave, else the first usable one.
        let target = bond.curr_active.get(rcu).or_else(|| {
            hash::pick_from(slaves.len(), 0, |i| slaves[i].can_tx()).map(|i| &*slaves[i])
        });
        return match target {
            Some(s) => s.dev.xmit(skb),
            None => dev.tx_drop(skb),
        };
    }
    let pps = u32::try_from(bond.params.packets_per_slave).unwrap_or(1);
    let counter = bond.rr_counter.fetch_add(1, Ordering::Relaxed);
    // packets_per_slave 0 asks for a random slave: the counter's low bits
    // mixed with a multiplicative hash spread as evenly.
    let id = if pps == 0 {
        counter.wrapping_mul(0x9e37_79b9) >> 16
    } else {
        hash::rr_slave_id(counter, pps)
    };
    match hash::pick_from(slaves.len(), id, |i| slaves[i].can_tx()) {
        Some(i) => slaves[i].dev.xmit(skb),
        None => dev.tx_drop(skb),
    }
}
