// SPDX-License-Identifier: GPL-2.0

//! active-backup: everything goes out on the current active slave
//! (`bond_xmit_activebackup()`); the others are backups, one of which
//! selection promotes when the active slave fails.  `fail_over_mac` applies
//! here only.

use kernel::prelude::*;
use kernel::sync::Arc;

use super::BondMode;
use crate::bond::{Bond, Slave, SlaveList};
use crate::ffi::{self, NetDev, RcuRead, Rtnl, SkBuff};
use crate::options::{BondParams, FailOverMac};
use crate::slave::Activity;

pub(super) struct ActiveBackup;

impl BondMode for ActiveBackup {
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        match bond.curr_active(rcu) {
            Some(s) => s.dev.xmit(skb),
            None => dev.tx_drop(skb),
        }
    }

    fn queue_override(&self) -> bool {
        true
    }

    fn uses_primary(&self) -> bool {
        true
    }

    fn lag_tx_type(&self) -> u32 {
        super::LAG_TX_ACTIVEBACKUP
    }

    fn fail_over_mac(&self, p: &BondParams) -> FailOverMac {
        p.fail_over_mac
    }

    fn slave_mac_required(&self, p: &BondParams) -> bool {
        p.fail_over_mac != FailOverMac::Active
    }

    fn ignore_updelay(&self, bond: &Bond, _list: &SlaveList, rcu: &RcuRead<'_>) -> bool {
        bond.curr_active(rcu).is_none()
    }

    fn backups_join_ns_groups(&self) -> bool {
        true
    }

    fn link_role(&self, s: &Slave) -> &'static str {
        match s.state.activity() {
            Activity::Active => "active ",
            Activity::Backup => "backup ",
        }
    }

    fn slave_bind(&self, bond: &Bond, s: &Arc<Slave>, _rtnl: &mut Rtnl<'_>) -> Result {
        s.state.set_backup(bond.p().all_slaves_active != 0);
        Ok(())
    }

    fn slave_attached(&self, _bond: &Bond, _dev: &NetDev, _s: &Arc<Slave>, _rtnl: &mut Rtnl<'_>) {
        // Selection, which the core runs for the primary modes, did it.
    }

    fn link_commit(&self, bond: &Bond, s: &Slave, up: bool) {
        // Coming up, a slave stays a backup until selection promotes it.
        if !up {
            s.state.set_backup(bond.p().all_slaves_active != 0);
        }
    }

    fn active_changing(&self, _bond: &Bond, new: Option<&Arc<Slave>>) {
        // The new slave is active before readers see it published.
        if let Some(n) = new {
            n.state.set_active();
        }
    }

    fn active_changed(
        &self,
        bond: &Bond,
        dev: &NetDev,
        old: Option<&Arc<Slave>>,
        new: Option<&Arc<Slave>>,
        running: bool,
        rtnl: &mut Rtnl<'_>,
    ) {
        if let Some(o) = old {
            o.state.set_backup(bond.p().all_slaves_active != 0);
            bond.notify_lower(o, rtnl);
        }
        if let Some(n) = new {
            bond.notify_lower(n, rtnl);
            if bond.p().fail_over_mac != FailOverMac::None {
                bond.do_fail_over_mac(dev, n, old, rtnl);
            }
            dev.notify(ffi::NetdevEvent::Failover, rtnl);
            if running {
                bond.peer_notify_reset();
                bond.peer_notify_may_events(dev, false, rtnl);
            }
        }
    }

    fn arp_monitor(&self, bond: &Bond, dev: &NetDev, delta: u64) -> u64 {
        // `bond_activebackup_arp_mon()`.
        bond.ab_arp_mon(dev, delta)
    }

    fn arp_carrier_lost(&self, bond: &Bond, dev: &NetDev, s: &Slave, rtnl: &mut Rtnl<'_>) {
        bond.arp_carrier_lost(dev, s, rtnl)
    }
}
