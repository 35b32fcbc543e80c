// SPDX-License-Identifier: GPL-2.0

//! broadcast: every usable slave gets the frame; clones for all but the
//! last (`bond_xmit_broadcast()`).
//!
//! The usable slaves come from the RCU-published array the monitors and
//! the netdevice events keep (`bond_slave_is_up() && link == UP`, which in
//! broadcast, where every slave is active, is `bond_slave_can_tx()`), so
//! no slave's state is read per frame.

use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;

pub(super) fn xmit(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
    let Some((last, others)) = bond.usable.get(rcu).and_then(|u| u.slaves.split_last()) else {
        return dev.tx_drop(skb);
    };
    for s in others {
        if let Some(c) = skb.clone_atomic() {
            s.dev.xmit(c);
        }
    }
    last.dev.xmit(skb);
}
