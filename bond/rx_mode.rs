// SPDX-License-Identifier: GPL-2.0

//! The bond's receive filters (`bond_change_rx_flags()`,
//! `bond_set_rx_mode()`): promiscuity and allmulti, and the unicast and
//! multicast lists, to the active slave in the modes with one, to every
//! slave otherwise.

use super::Bond;
use crate::ffi::{NetDev, RcuRead, Rtnl};

impl Bond {
    /// `bond_change_rx_flags()`: a change of the bond's promiscuity
    /// (`promisc`) or allmulti (`allmulti`), `Some(on)` for the flags that
    /// changed, carried to the slaves.
    pub(crate) fn rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>) {
        let step = |x: Option<bool>| x.map_or(0, |on| if on { 1 } else { -1 });
        let (p, a) = (step(promisc), step(allmulti));
        if self.uses_primary() {
            if let Some(s) = self.curr_active_rtnl(rtnl) {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        } else if let Some(l) = self.slaves_rtnl(rtnl) {
            for s in l.slaves.iter() {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        }
    }

    /// `bond_set_rx_mode()`: the bond's unicast and multicast lists synced
    /// to the slaves.
    pub(crate) fn sync_rx_mode(&self, bond: &NetDev, rcu: &RcuRead<'_>) {
        if self.uses_primary() {
            if let Some(s) = self.curr_active(rcu) {
                s.dev.addr_lists(bond, true, true);
            }
        } else if let Some(l) = self.slaves(rcu) {
            for s in l.slaves.iter() {
                s.dev.addr_lists(bond, true, true);
            }
        }
    }
}
