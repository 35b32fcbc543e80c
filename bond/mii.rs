// SPDX-License-Identifier: GPL-2.0

//! The MII monitor (`bond_mii_monitor()`) and bonding_rs's event-driven
//! failover.
//!
//! The monitor inspects the slaves under RCU with no lock, proposing link
//! states through the pure state machine in `crate::slave`; only when
//! something changes does it take RTNL, with `rtnl_trylock()` (re-arming one
//! jiffy later when RTNL is busy, since `ndo_stop` cancels the work under
//! RTNL), to commit the states and select a new active slave.

use kernel::sync::rcu;

use super::{Bond, Slave, SlaveList};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, NetDev, RcuRead, Rtnl};
use crate::modes;
use crate::monitor::Work;
use crate::slave::{self, Commit, Delays, LinkState, MiiNote};

impl Bond {
    /// `bond_miimon_inspect()`: proposes new link states; true if any
    /// must be committed.  One parameter snapshot for the whole round: an
    /// option request published meanwhile takes effect at the next tick,
    /// never half in this one.
    fn mii_inspect(&self, bond: &NetDev, list: &SlaveList, rcu: &RcuRead<'_>) -> bool {
        let p = self.params.get(rcu);
        let d = Delays {
            down: p.downdelay,
            up: p.updelay,
            tick_ms: p.miimon,
        };
        // With no active (or usable) slave, a link coming back skips its
        // updelay.
        let mut ignore_updelay = modes::ops(p.mode).ignore_updelay(self, list, rcu);
        let mut commit = false;
        for s in list.slaves.iter() {
            let st = slave::mii_inspect(
                s.state.link(),
                s.state.delay(),
                s.dev.running_carrier(),
                d,
                &mut ignore_updelay,
            );
            s.state.set_delay(st.delay);
            s.state.propose(st.propose);
            commit |= st.commit;
            for n in st.notes.iter().flatten() {
                if ffi::net_ratelimit() {
                    self.log_note(bond, s, *n);
                }
            }
        }
        commit
    }

    fn log_note(&self, bond: &NetDev, s: &Slave, n: MiiNote) {
        let l = |args| bond.slave_log(&s.dev, KernLevel::Info, args);
        match n {
            MiiNote::DownIn(ms) => {
                let role = self.mode_ops().link_role(s);
                l(format_args!(
                    "link status down for {}interface, disabling it in {} ms",
                    role, ms
                ))
            }
            MiiNote::UpAgain(ms) => l(format_args!("link status up again after {} ms", ms)),
            MiiNote::UpIn(ms) => l(format_args!("link status up, enabling it in {} ms", ms)),
            MiiNote::DownAgain(ms) => l(format_args!("link status down again after {} ms", ms)),
        }
    }

    /// `bond_miimon_commit()` for one slave whose proposal was just
    /// applied; returns whether the active slave must be reselected.  A
    /// proposal that changes nothing (an event-driven commit got there
    /// first) does nothing.
    fn commit_slave(&self, bond: &NetDev, s: &Slave, lock_ops: bool, rtnl: &mut Rtnl<'_>) -> bool {
        // One atomic take: the inspection may propose again meanwhile (it
        // runs under RCU only, and this may be the notifier's commit).
        let Some(proposed) = s.state.commit_proposed() else {
            return false;
        };
        let proposed = Some(proposed);
        let have_active = self.curr_active.get_rtnl(rtnl).is_some();
        let ops = self.mode_ops();
        let effect = slave::commit_effect(
            proposed,
            have_active,
            self.primary.holds(s),
            self.curr_active.holds(s),
        );
        match effect {
            Commit::Nothing => false,
            Commit::Up { failover } => {
                s.state.set_speed_duplex(s.dev.speed_duplex(rtnl, lock_ops));
                s.state.set_last_link_up(ffi::jiffies());
                ops.link_commit(self, s, true);
                self.notify_lower(s, rtnl);
                let speed = s.state.speed().unwrap_or(0);
                let duplex = if s.state.duplex() == Some(false) {
                    "half"
                } else {
                    "full"
                };
                bond.slave_log(
                    &s.dev,
                    KernLevel::Info,
                    format_args!(
                        "link status definitely up, {} Mbps {} duplex",
                        speed, duplex
                    ),
                );
                ops.link_changed(self, bond, s, true, rtnl);
                failover
            }
            Commit::Down { failover } => {
                s.state.count_failure();
                ops.link_commit(self, s, false);
                self.notify_lower(s, rtnl);
                bond.slave_log(
                    &s.dev,
                    KernLevel::Info,
                    format_args!("link status definitely down, disabling slave"),
                );
                ops.link_changed(self, bond, s, false, rtnl);
                failover
            }
        }
    }

    /// `bond_miimon_commit()`.
    fn mii_commit(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        let Some(slaves) = self.slaves_snapshot(rtnl) else {
            return;
        };
        let mut failover = false;
        for s in slaves.iter() {
            failover |= self.commit_slave(bond, s, true, rtnl);
        }
        if failover {
            self.select_active(bond, rtnl);
        }
        self.set_carrier(bond, rtnl);
        self.refresh_usable(rtnl);
    }

    /// `bond_mii_monitor()`: one tick; returns the delay to the next.
    pub(super) fn mii_monitor(&self, bond: &NetDev) -> Option<u64> {
        let miimon = u32::try_from(self.p().miimon).ok().filter(|&m| m > 0)?;
        let delay = ffi::msecs_to_jiffies(miimon);
        let commit = {
            let g = rcu::read_lock();
            let rcu = RcuRead::from_guard(&g);
            match self.slaves.get(&rcu) {
                None => return Some(delay),
                Some(list) => self.mii_inspect(bond, list, &rcu),
            }
        };
        let notify = self.peer_notif_pending();
        if commit || notify {
            let done = ffi::rtnl_trylock(|rtnl| {
                if commit {
                    self.mii_commit(bond, rtnl);
                }
                if self.peer_notif_pending() {
                    self.peer_notify_may_events(bond, true, rtnl);
                }
            });
            if done.is_none() {
                // RTNL is busy: look again in a jiffy.
                return Some(1);
            }
        }
        Some(delay)
    }

    /// bonding_rs's event-driven failover: a slave's carrier or
    /// administrative state changed (netdevice notifier, RTNL held).  With
    /// the MII monitor running and no delay to honour in that direction,
    /// the change is committed now instead of at the next tick; the
    /// polling monitor stays the backstop and owns any delayed transition.
    pub(crate) fn link_event(&self, bond: &NetDev, s: &Slave, rtnl: &mut Rtnl<'_>) {
        if !self.fast_failover || bond.facts_flags() & ffi::IFF_UP == 0 {
            return;
        }
        // One snapshot for the decision (dropped before committing).
        let (miimon, arp_interval, downdelay, updelay) = {
            let p = self.p();
            (p.miimon, p.arp_interval, p.downdelay, p.updelay)
        };
        if miimon <= 0 {
            if arp_interval > 0 {
                self.mode_ops().arp_carrier_lost(self, bond, s, rtnl);
            }
            return;
        }
        let carrier = s.dev.running_carrier();
        let target = match (s.state.link(), carrier) {
            (LinkState::Up | LinkState::Fail, false) if downdelay == 0 => LinkState::Down,
            (LinkState::Down | LinkState::Back, true) if updelay == 0 => LinkState::Up,
            _ => return,
        };
        if s.dev.needs_ops_lock() {
            // The notifier holds this slave's instance lock; committing may
            // lock other slaves' (promiscuity, addresses), so let the
            // monitor do it now from its own context.
            bond.mod_work(Work::Mii, 0);
            return;
        }
        s.state.propose(Some(target));
        if self.commit_slave(bond, s, false, rtnl) {
            self.select_active(bond, rtnl);
        }
        self.set_carrier(bond, rtnl);
        self.refresh_usable(rtnl);
    }
}
