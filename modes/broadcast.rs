// SPDX-License-Identifier: GPL-2.0

//! broadcast: every usable slave gets the frame; clones for all but the
//! last (`bond_xmit_broadcast()`).

use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;
use crate::slave::LinkState;

pub(super) fn xmit(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
    let Some(list) = bond.slaves.get(rcu) else {
        return dev.tx_drop(skb);
    };
    let ok =
        |s: &crate::netdev_ops::Slave| s.dev.running_carrier() && s.state.link() == LinkState::Up;
    let last = list.slaves.len().saturating_sub(1);
    let mut sent = false;
    for (i, s) in list.slaves.iter().enumerate() {
        if i == last || !ok(s) {
            continue;
        }
        if let Some(c) = skb.clone_atomic() {
            s.dev.xmit(c);
            sent = true;
        }
    }
    match list.slaves.get(last) {
        Some(s) if ok(s) => s.dev.xmit(skb),
        _ if sent => drop(skb),
        _ => dev.tx_drop(skb),
    }
}
