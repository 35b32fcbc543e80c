// SPDX-License-Identifier: GPL-2.0

//! balance-rr: slaves in turn, `packets_per_slave` frames each
//! (`bond_xmit_roundrobin_slave_get()`); IGMP goes to the active slave.
//!
//! The turn indexes the RCU-published array of usable slaves (the one
//! balance-xor hashes into), so the cost per frame does not grow with the
//! number of slaves and no slave's carrier is read per frame: the C driver
//! walks its slave list from the chosen index, testing each slave until one
//! can transmit.  With every slave usable both pick the same slave; with
//! some down, the C walk gives the slave after a down one a double share,
//! while the array spreads the frames evenly over the usable slaves.

use core::sync::atomic::Ordering;

use super::{hash, BondMode};
use crate::bond::Bond;
use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::options::BondParams;

pub(super) struct RoundRobin;

impl BondMode for RoundRobin {
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        let usable = bond.usable(rcu).map_or(&[][..], |u| &u.slaves[..]);
        let (head, meta) = super::frame(&skb);
        if hash::is_igmp(head, &meta) {
            // IGMP to the current active slave, else the first usable one.
            let target = bond.curr_active(rcu).or(usable.first().map(|s| &**s));
            return match target {
                Some(s) => s.dev.xmit(skb),
                None => dev.tx_drop(skb),
            };
        }
        // The C driver counts per CPU (`this_cpu_inc_return()`); a relaxed
        // load and store is as cheap and, when two CPUs race, only makes both
        // pick the same slave once: no locked read-modify-write per frame.
        // Incremented first, as `this_cpu_inc_return()`: the first frame of a
        // new bond goes to the second slave, as with the C driver.
        let counter = bond.rr_counter().load(Ordering::Relaxed).wrapping_add(1);
        bond.rr_counter().store(counter, Ordering::Relaxed);
        let pps = u32::try_from(bond.params(rcu).packets_per_slave).unwrap_or(1);
        match hash::rr_pick(counter, pps, usable.len()).and_then(|i| usable.get(i)) {
            Some(s) => s.dev.xmit(skb),
            None => dev.tx_drop(skb),
        }
    }

    fn queue_override(&self) -> bool {
        true
    }

    fn lag_tx_type(&self) -> u32 {
        super::LAG_TX_ROUNDROBIN
    }

    fn uses_usable(&self, _p: &BondParams) -> bool {
        true
    }

    fn igmp_resend(&self, _new_active: bool) -> bool {
        // Every IGMP frame went out on the active slave.
        true
    }
}
