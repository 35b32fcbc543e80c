// SPDX-License-Identifier: GPL-2.0

//! broadcast: every usable slave gets the frame; clones for all but the
//! last (`bond_xmit_broadcast()`).
//!
//! The usable slaves come from the RCU-published array the monitors and
//! the netdevice events keep (`bond_slave_is_up() && link == UP`, which in
//! broadcast, where every slave is active, is `bond_slave_can_tx()`), so
//! no slave's state is read per frame.

use super::BondMode;
use crate::bond::Bond;
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::options::BondParams;
use crate::slave;

pub(super) struct Broadcast;

impl BondMode for Broadcast {
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        let Some((last, others)) = bond.usable(rcu).and_then(|u| u.slaves.split_last()) else {
            return dev.tx_drop(skb);
        };
        for s in others {
            if let Some(c) = skb.clone_atomic() {
                s.dev.xmit(c);
            }
        }
        last.dev.xmit(skb);
    }

    fn lag_tx_type(&self) -> u32 {
        super::LAG_TX_BROADCAST
    }

    fn uses_usable(&self, _p: &BondParams) -> bool {
        true
    }

    fn aggregate_speed(
        &self,
        slaves: &mut dyn Iterator<Item = (Option<u32>, Option<bool>)>,
    ) -> (u32, u8) {
        // As fast as the slowest slave (`bond_mode_bcast_speed()`).
        slave::aggregate_speed(true, slaves)
    }
}
