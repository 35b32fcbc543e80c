// SPDX-License-Identifier: GPL-2.0

//! The active slave: `bond_change_active_slave()`,
//! `bond_select_active_slave()` over the pure selection of `crate::select`,
//! `bond_set_carrier()`, and what follows the active slave (promiscuity,
//! address lists, `fail_over_mac`).

use core::sync::atomic::Ordering::Relaxed;

use kernel::sync::Arc;

use super::{Bond, Slave};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, Extack, NetDev, Rtnl};
use crate::monitor::Work;
use crate::options::FailOverMac;
use crate::select::{self, Candidate, Selection};
use crate::slave::{self, LinkState};

/// The slaves as selection reads them (`select::Candidates`).
struct SlaveCandidates<'a>(&'a [Arc<Slave>]);

impl select::Candidates for SlaveCandidates<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, i: usize) -> Candidate {
        let s = &self.0[i];
        Candidate {
            link: s.state.link(),
            delay: s.state.delay(),
            dev_up: s.dev.running_carrier(),
            speed: s.state.speed().unwrap_or(slave::SPEED_UNKNOWN),
            duplex: s.state.duplex_raw(),
        }
    }
}

impl Bond {
    /// `bond_set_carrier()`: true if the carrier changed.
    pub(super) fn set_carrier(&self, bond: &NetDev, rtnl: &Rtnl<'_>) -> bool {
        let slaves = self
            .slaves
            .get_rtnl(rtnl)
            .map_or(&[][..], |l| &l.slaves[..]);
        let up = self.mode_ops().carrier(self, slaves, rtnl);
        if up != bond.carrier_ok() {
            bond.set_carrier(up);
            return true;
        }
        false
    }

    /// Promiscuity/allmulti steps and address lists follow the active
    /// slave in active-backup, every slave otherwise (`bond_hw_addr_swap`).
    pub(super) fn hw_addr_follow(bond: &NetDev, slave: &NetDev, on: bool) {
        let flags = bond.facts_flags();
        let step = if on { 1 } else { -1 };
        let promisc = if flags & ffi::IFF_PROMISC != 0 {
            step
        } else {
            0
        };
        let allmulti = if flags & ffi::IFF_ALLMULTI != 0 {
            step
        } else {
            0
        };
        let _ = slave.promisc_allmulti(promisc, allmulti);
        if flags & ffi::IFF_UP != 0 {
            slave.addr_lists(bond, on, false);
        }
    }

    /// `bond_do_fail_over_mac()`.
    pub(crate) fn do_fail_over_mac(
        &self,
        bond: &NetDev,
        new: &Arc<Slave>,
        old: Option<&Arc<Slave>>,
        rtnl: &mut Rtnl<'_>,
    ) {
        let len = new.addr_len;
        let fail_over_mac = self.p().fail_over_mac;
        match fail_over_mac {
            // active: the bond takes the new active slave's address.
            FailOverMac::Active => {
                if let Err(e) = bond.take_addr_of(&new.dev, rtnl) {
                    Self::log(
                        bond,
                        &new.dev,
                        KernLevel::Err,
                        format_args!("Error {} setting bond MAC from slave", -e.to_errno()),
                    );
                }
            }
            // follow: the new active slave takes the bond's address (swapping
            // with the old active slave, which holds it).
            FailOverMac::Follow => {
                let bond_addr = bond.facts_addr();
                let old = old.cloned().or_else(|| {
                    self.slaves.get_rtnl(rtnl).and_then(|l| {
                        l.slaves
                            .iter()
                            .find(|s| {
                                !Arc::ptr_eq(s, new)
                                    && s.dev.facts_addr()[..len] == bond_addr[..len]
                            })
                            .cloned()
                    })
                });
                let new_addr = new.dev.facts_addr();
                let target = match &old {
                    Some(o) => o.dev.facts_addr(),
                    None => bond_addr,
                };
                if let Err(e) = new.dev.set_mac(&target[..len], Extack::none(), rtnl) {
                    Self::log(
                        bond,
                        &new.dev,
                        KernLevel::Err,
                        format_args!("Error {} setting MAC of new active slave", -e.to_errno()),
                    );
                    return;
                }
                if let Some(o) = old {
                    if let Err(e) = o.dev.set_mac(&new_addr[..len], Extack::none(), rtnl) {
                        Self::log(
                            bond,
                            &o.dev,
                            KernLevel::Err,
                            format_args!("Error {} setting MAC of old active slave", -e.to_errno()),
                        );
                    }
                }
            }
            FailOverMac::None => {}
        }
    }

    /// `bond_change_active_slave()` for the modes implemented.
    pub(super) fn change_active(
        &self,
        bond: &NetDev,
        new: Option<&Arc<Slave>>,
        rtnl: &mut Rtnl<'_>,
    ) {
        let old_dev = self.curr_active.get_rtnl(rtnl).map(|s| &*s.dev);
        if old_dev == new.map(|s| &*s.dev) {
            return;
        }
        let old = old_dev.and_then(|d| self.find(d, rtnl).cloned());
        let ops = self.mode_ops();
        let primary = ops.uses_primary();
        if let Some(n) = new {
            n.state.set_last_link_up(ffi::jiffies());
            if n.state.link() == LinkState::Back {
                if primary {
                    let early = {
                        let p = self.p();
                        (p.updelay - n.state.delay()) * p.miimon
                    };
                    Self::log(
                        bond,
                        &n.dev,
                        KernLevel::Info,
                        format_args!("making interface the new active one {} ms earlier", early),
                    );
                }
                n.state.set_link(LinkState::Up, 0);
                self.notify_lower(n, rtnl);
            } else if primary {
                Self::log(
                    bond,
                    &n.dev,
                    KernLevel::Info,
                    format_args!("making interface the new active one"),
                );
            }
        }
        if primary {
            // bond_hw_addr_swap(): promiscuity, allmulti and address lists
            // follow the active slave.
            // The NS groups go the other way: the backups have them (read
            // before the roles change, as C does: an old active slave that
            // is still active here does not join them).
            if let Some(o) = &old {
                Self::hw_addr_follow(bond, &o.dev, false);
                self.ns_maddrs(o, true, rtnl);
            }
            if let Some(n) = new {
                Self::hw_addr_follow(bond, &n.dev, true);
                self.ns_maddrs(n, false, rtnl);
            }
        }
        ops.active_changing(self, new);
        self.curr_active.set(new.cloned(), rtnl);
        bond.bonding_set_active(new.map(|s| &*s.dev), rtnl);
        let running = bond.facts_flags() & ffi::IFF_UP != 0;
        ops.active_changed(self, bond, old.as_ref(), new, running, rtnl);
        // Resend IGMP joins: the active slave changed (or, in balance-rr,
        // they all went through it).
        if running && self.p().resend_igmp > 0 && ops.igmp_resend(new.is_some()) {
            self.igmp_retrans.store(self.p().resend_igmp, Relaxed);
            bond.queue_work(Work::Mcast, 1);
        }
    }

    /// `bond->force_primary = true`: the primary wins the next selection.
    pub(super) fn force_primary_once(&self) {
        self.force_primary.store(true, Relaxed);
    }

    /// `RCU_INIT_POINTER(bond->curr_active_slave, NULL)` of
    /// `bond_option_active_slave_set()`, through [`Bond::change_active`] so
    /// that the old slave's promiscuity and address lists are undone.
    pub(super) fn curr_active_clear(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        self.change_active(bond, None, rtnl);
    }

    /// `bond_select_active_slave()` / `bond_find_best_slave()`.
    pub(super) fn select_active(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        // Without allocating: selection runs on release paths that must not
        // fail, and a selection skipped for want of memory would leave the
        // bond without an active slave.
        let best: Option<Arc<Slave>> = {
            let slaves = self
                .slaves
                .get_rtnl(rtnl)
                .map_or(&[][..], |l| &l.slaves[..]);
            let sel = Selection {
                primary: slaves.iter().position(|s| self.primary.holds(s)),
                current: slaves.iter().position(|s| self.curr_active.holds(s)),
                reselect: self.p().primary_reselect,
                updelay: self.p().updelay,
            };
            let mut force = self.force_primary.load(Relaxed);
            let best = select::find_best(&SlaveCandidates(slaves), &sel, &mut force);
            self.force_primary.store(force, Relaxed);
            best.map(|i| slaves[i].clone())
        };
        if best.as_ref().map(|s| &*s.dev) == self.curr_active.get_rtnl(rtnl).map(|s| &*s.dev) {
            return;
        }
        let best = best.as_ref();
        self.change_active(bond, best, rtnl);
        if self.set_carrier(bond, rtnl) {
            let msg = if bond.carrier_ok() {
                format_args!("active interface up!")
            } else {
                format_args!("now running without any active interface!")
            };
            bond.bond_log(KernLevel::Info, msg);
        }
    }
}
