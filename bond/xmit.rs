// SPDX-License-Identifier: GPL-2.0

//! Transmit (`__bond_start_xmit()`): a `queue_id` override, then the mode.

use core::sync::atomic::Ordering::Relaxed;

use super::Bond;
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::modes;
use crate::slave::LinkState;

impl Bond {
    /// `ndo_start_xmit`.
    pub(crate) fn xmit(&self, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        let ops = modes::ops(self.params.get(rcu).mode);
        // bond_should_override_tx_queue() / bond_slave_override(): a frame
        // whose queue matches a slave's queue_id goes out on that slave if
        // it can send (checked only once some slave has a queue_id).
        let skb = if self.queue_ids.load(Relaxed) && ops.queue_override() {
            match self.queue_override(skb, rcu) {
                Some(skb) => skb,
                None => return,
            }
        } else {
            skb
        };
        ops.xmit(self, dev, skb, rcu)
    }

    /// `bond_slave_override()`: sends `skb` on the slave whose queue_id is
    /// the frame's queue, if that slave can send; gives it back otherwise.
    fn queue_override(&self, skb: SkBuff, rcu: &RcuRead<'_>) -> Option<SkBuff> {
        let q = skb.queue_mapping();
        if q == 0 {
            return Some(skb);
        }
        let list = self.slaves.get(rcu).map_or(&[][..], |l| &l.slaves[..]);
        match list.iter().find(|s| s.queue_id.load(Relaxed) == q) {
            Some(s) if s.dev.running_carrier() && s.state.link() == LinkState::Up => {
                s.dev.xmit(skb);
                None
            }
            _ => Some(skb),
        }
    }
}
