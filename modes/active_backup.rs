// SPDX-License-Identifier: GPL-2.0

//! active-backup: everything goes out on the current active slave
//! (`bond_xmit_activebackup()`).

use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;

pub(super) fn xmit(bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
    match bond.curr_active.get(rcu) {
        Some(s) => s.dev.xmit(skb),
        None => dev.tx_drop(skb),
    }
}
