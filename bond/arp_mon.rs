// SPDX-License-Identifier: GPL-2.0

//! The ARP monitor (`bond_arp_monitor()`: load-balancing and active-backup
//! flavours) with its NS probes of the `ns_ip6_target`s, the receive probe
//! (`bond_rcv_validate()`), the backups' NS solicited-node groups, and the
//! ARP monitor's share of the event-driven failover.  The decisions are
//! `crate::arp`'s.

use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use kernel::sync::rcu;

use super::probe::{self, Probe};
use super::{Bond, Slave, SlaveList};
use crate::arp::{self, ArpTimes, RxProbe};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, NetDev, RcuRead, Rtnl, RxFrame};
use crate::log::KernelLog;
use crate::options::values::ArpAllTargets;
use crate::options::ArpValidate;
use crate::params::{Level, Log};
use crate::slave::{Activity, LinkState};
use crate::util::addr::ns_target_index;
use crate::util::fmt::{CStrDisplay, Ipv6Display};
use crate::util::jiffies;

/// `ETH_P_ARP`.
const ETH_P_ARP: u16 = 0x0806;
/// `ETH_P_IPV6`.
const ETH_P_IPV6: u16 = 0x86dd;

/// `pr_warn_once` of the missing route to an ARP target.
static NO_ROUTE_WARNED: AtomicBool = AtomicBool::new(false);
/// `pr_warn_once` of the missing route to an NS target.
static NO_ROUTE6_WARNED: AtomicBool = AtomicBool::new(false);

impl Bond {
    fn arp_delta(&self) -> u64 {
        ffi::msecs_to_jiffies(u32::try_from(self.p().arp_interval).unwrap_or(0))
    }

    /// The active-backup ARP monitor's share of the event-driven failover: a
    /// slave that is up and lost its carrier (or went down) cannot carry
    /// a frame, so it is taken down now, as `bond_ab_arp_commit()` would
    /// after `missed_max` silent intervals.  Coming back up stays the ARP
    /// monitor's verdict (a valid reply within an interval).
    pub(crate) fn arp_carrier_lost(&self, bond: &NetDev, s: &Slave, rtnl: &mut Rtnl<'_>) {
        if s.state.link() != LinkState::Up || s.dev.running_carrier() || s.dev.needs_ops_lock() {
            return;
        }
        // What it heard before the cut must not bring it back up at the
        // next tick: its receive times are put two intervals back.
        let delta = self.arp_delta();
        s.state
            .init_times(ffi::jiffies().wrapping_sub(2 * delta + 1));
        if self.ab_arp_down(bond, s, rtnl) {
            self.select_active(bond, rtnl);
        }
        self.set_carrier(bond, rtnl);
    }

    /// `bond_ab_arp_commit()` for a slave going down; true when it was the
    /// active one (a new one is to be selected).
    fn ab_arp_down(&self, bond: &NetDev, s: &Slave, rtnl: &mut Rtnl<'_>) -> bool {
        s.state.count_failure();
        s.state.set_link(LinkState::Down, 0);
        s.state.set_backup(self.p().all_slaves_active != 0);
        self.notify_lower(s, rtnl);
        bond.slave_log(
            &s.dev,
            KernLevel::Info,
            format_args!("link status definitely down, disabling slave"),
        );
        if self.curr_active.holds(s) {
            self.current_arp_slave.set(None, rtnl);
            return true;
        }
        false
    }

    /// `slave_last_rx()`: with `arp_all_targets all`, the oldest reply of
    /// any target.
    fn slave_last_rx(&self, s: &Slave) -> u64 {
        let p = self.p();
        if p.arp_all_targets == ArpAllTargets::All {
            s.state.oldest_target_rx(p.arp_targets().count())
        } else {
            s.state.last_rx()
        }
    }

    fn arp_times(&self, s: &Slave, now: u64, delta: u64) -> ArpTimes {
        ArpTimes {
            now,
            delta,
            last_tx: s.state.last_tx(),
            last_rx: self.slave_last_rx(s),
            last_link_up: s.state.last_link_up(),
        }
    }

    /// `bond_send_validate()`: an ARP request to every target through `s`.
    ///
    /// One parameter snapshot for the whole round: an option request
    /// published between the ARP and the NS targets must not give this
    /// round new NS targets with the old ARP ones (bond_changelink() sets
    /// arp_validate after both lists, so a round that warns sees both).
    fn send_validate(&self, bond: &NetDev, s: &Slave, rcu: &RcuRead<'_>) {
        let p = self.p();
        let validate = p.arp_validate != ArpValidate::None;
        for t in p.arp_targets.into_iter().take_while(|t| *t != [0; 4]) {
            match probe::arp_probe(bond, &s.dev, t, rcu) {
                Probe::Sent => s.state.touch_tx(ffi::jiffies()),
                Probe::SentNoRoute => {
                    if validate && !NO_ROUTE_WARNED.swap(true, Relaxed) {
                        let name = CStrDisplay(bond.name());
                        let [a, b, c, d] = t;
                        KernelLog::plain().log(
                            Level::Warn,
                            format_args!(
                                "{}: no route to arp_ip_target {}.{}.{}.{} and arp_validate is set",
                                name, a, b, c, d
                            ),
                        );
                    }
                    s.state.touch_tx(ffi::jiffies());
                }
                Probe::NotOurs | Probe::Failed => {}
            }
        }
        // bond_ns_send_all(): a neighbour solicitation to every NS target.
        for t in p.ns_targets.iter().take_while(|t| **t != [0; 16]) {
            match probe::ns_probe(bond, &s.dev, t, rcu) {
                Probe::Sent => s.state.touch_tx(ffi::jiffies()),
                Probe::SentNoRoute => {
                    if validate && !NO_ROUTE6_WARNED.swap(true, Relaxed) {
                        KernelLog::plain().log(
                            Level::Warn,
                            format_args!(
                                "{}: no route to ns_ip6_target {} and arp_validate is set",
                                CStrDisplay(bond.name()),
                                Ipv6Display(*t)
                            ),
                        );
                    }
                    s.state.touch_tx(ffi::jiffies());
                }
                Probe::NotOurs | Probe::Failed => {}
            }
        }
    }

    /// `bond_slave_ns_maddrs_add()`/`_del()`: with `arp_validate` set, a
    /// backup of a mode whose backups join them joins (`add`) or leaves the
    /// groups of every NS target's solicited-node address.
    pub(super) fn ns_maddrs(&self, s: &Slave, add: bool, rtnl: &Rtnl<'_>) {
        if self.p().arp_validate == ArpValidate::None {
            return;
        }
        self.set_ns_maddrs(s, add, rtnl);
    }

    /// `slave_can_set_ns_maddr()`.
    fn ns_maddr_ok(&self, s: &Slave) -> bool {
        self.mode_ops().backups_join_ns_groups()
            && s.state.activity() == Activity::Backup
            && s.dev.facts_flags() & ffi::IFF_MULTICAST != 0
    }

    /// `slave_set_ns_maddrs()`.
    pub(super) fn set_ns_maddrs(&self, s: &Slave, add: bool, rtnl: &Rtnl<'_>) {
        if !self.ns_maddr_ok(s) {
            return;
        }
        for t in self.p().ns_targets() {
            probe::ns_group(&s.dev, &t, add, rtnl);
        }
    }

    /// The NS target table changes from `old` to `new` (one slot added, or
    /// every slot cleared: `clear`), `_bond_options_ns_ip6_target_set()`
    /// per slot written: each slave's time of that (shared) target slot is set, now for
    /// a new target and 0 for a cleared one, and with `arp_validate` a
    /// backup leaves the old target's group and joins the new one's.
    pub(super) fn ns_targets_changed(
        &self,
        old: &[[u8; 16]],
        new: &[[u8; 16]],
        clear: bool,
        rtnl: &Rtnl<'_>,
    ) {
        let Some(l) = self.slaves.get_rtnl(rtnl) else {
            return;
        };
        let validate = self.p().arp_validate != ArpValidate::None;
        let now = ffi::jiffies();
        for (i, (o, n)) in old.iter().zip(new).enumerate() {
            if !clear && o == n {
                continue;
            }
            let t = if *n == [0; 16] { 0 } else { now };
            for s in l.slaves.iter() {
                s.state.set_target_rx(i, t);
                if validate && o != n && self.ns_maddr_ok(s) {
                    probe::ns_group(&s.dev, o, false, rtnl);
                    probe::ns_group(&s.dev, n, true, rtnl);
                }
            }
        }
    }

    /// What `bond_arp_rcv()` and `bond_na_rcv()` trust a backup's frame
    /// on: whether the active slave has received since it became active,
    /// and whether the probing slave sent within the last interval.
    fn rx_trust(&self, now: u64, rcu: &RcuRead<'_>) -> (bool, bool) {
        let active_rx_since_up = self
            .curr_active
            .get(rcu)
            .is_some_and(|c| jiffies::after(self.slave_last_rx(c), c.state.last_link_up()));
        let delta = self.arp_delta();
        let probing_sent = self
            .current_arp_slave
            .get(rcu)
            .is_some_and(|c| arp::in_interval(now, c.state.last_tx(), delta, 1));
        (active_rx_since_up, probing_sent)
    }

    /// The receive probe (`bond_rcv_validate()`), from the rx handler.
    pub(crate) fn arp_rx(&self, s: &Slave, f: &RxFrame<'_>, rcu: &RcuRead<'_>) {
        let backup = s.state.activity() == Activity::Backup;
        let is_arp = f.protocol == ETH_P_ARP;
        let is_ipv6 = f.protocol == ETH_P_IPV6;
        let validate = self.params.get(rcu).arp_validate;
        match arp::rx_probe(validate, backup, is_arp, is_ipv6) {
            RxProbe::Ignore => {}
            RxProbe::Touch => s.state.touch_rx(ffi::jiffies()),
            RxProbe::ValidateArp => {
                let Some(a) = arp::parse_arp(f.network, s.addr_len, f.pkt_type) else {
                    return;
                };
                let now = ffi::jiffies();
                let (active_rx_since_up, probing_sent) = self.rx_trust(now, rcu);
                let Some((sip, tip)) = arp::trust(&a, !backup, active_rx_since_up, probing_sent)
                else {
                    return;
                };
                // bond_validate_arp().
                if sip == [0; 4] || !probe::has_this_ip(&s.bond_dev, tip, rcu) {
                    return;
                }
                if let Some(i) = arp::target_index(&self.params.get(rcu).arp_targets, sip) {
                    s.state.touch_target(i, now);
                }
            }
            // bond_na_rcv(), where IPv6 is enabled.
            RxProbe::ValidateNa if ffi::ipv6_enabled() => {
                let Some(na) = arp::parse_na(f.network, f.pkt_type) else {
                    return;
                };
                let now = ffi::jiffies();
                let (active_rx_since_up, probing_sent) = self.rx_trust(now, rcu);
                let Some((saddr, daddr)) =
                    arp::trust_na(&na, !backup, active_rx_since_up, probing_sent)
                else {
                    return;
                };
                // bond_validate_na().
                if saddr == [0; 16]
                    || (daddr != arp::LINKLOCAL_ALLNODES
                        && !probe::has_this_ip6(&s.bond_dev, &daddr, rcu))
                {
                    return;
                }
                if let Some(i) = ns_target_index(&self.params.get(rcu).ns_targets, &saddr) {
                    s.state.touch_target(i, now);
                }
            }
            RxProbe::ValidateNa => {}
        }
    }

    /// `bond_arp_monitor()`: one tick; returns the delay to the next.
    pub(super) fn arp_monitor(&self, bond: &NetDev) -> Option<u64> {
        if self.p().arp_interval <= 0 {
            return None;
        }
        let delta = self.arp_delta();
        Some(self.mode_ops().arp_monitor(self, bond, delta))
    }

    /// `bond_loadbalance_arp_mon()`.
    pub(crate) fn lb_arp_mon(&self, bond: &NetDev, delta: u64) {
        let missed = u64::from(self.p().missed_max);
        let (changed, failover) = {
            let g = rcu::read_lock();
            let rcu = RcuRead::from_guard(&g);
            let Some(list) = self.slaves.get(&rcu) else {
                return;
            };
            let have_current = self.curr_active.get(&rcu).is_some();
            let now = ffi::jiffies();
            let (mut changed, mut failover) = (false, false);
            for s in list.slaves.iter() {
                let t = self.arp_times(s, now, delta);
                let verdict = arp::lb_verdict(s.state.link(), &t, missed);
                s.state.propose(verdict);
                match verdict {
                    Some(LinkState::Up) => {
                        changed = true;
                        if !have_current {
                            bond.slave_log(
                                &s.dev,
                                KernLevel::Info,
                                format_args!("link status definitely up"),
                            );
                            failover = true;
                        } else {
                            bond.slave_log(
                                &s.dev,
                                KernLevel::Info,
                                format_args!("interface is now up"),
                            );
                        }
                    }
                    Some(_) => {
                        changed = true;
                        s.state.count_failure();
                        bond.slave_log(
                            &s.dev,
                            KernLevel::Info,
                            format_args!("interface is now down"),
                        );
                        if self.curr_active.holds(s) {
                            failover = true;
                        }
                    }
                    None => {}
                }
                if s.dev.running_carrier() {
                    self.send_validate(bond, s, &rcu);
                }
            }
            (changed, failover)
        };
        if !changed && !failover {
            return;
        }
        // As the C driver, a busy RTNL waits for the next interval.
        let _ = ffi::rtnl_trylock(|rtnl| {
            let Some(slaves) = self.slaves_snapshot(rtnl) else {
                return;
            };
            for s in slaves.iter() {
                s.state.commit_proposed();
            }
            if changed {
                // bond_slave_state_change().
                for s in slaves.iter() {
                    match s.state.link() {
                        LinkState::Up => s.state.set_backup_bit(false),
                        LinkState::Down => s.state.set_backup_bit(true),
                        _ => continue,
                    }
                    self.notify_lower(s, rtnl);
                }
            }
            if failover {
                self.select_active(bond, rtnl);
            }
            self.refresh_usable(rtnl);
        });
    }

    /// `bond_ab_arp_inspect()`.
    fn ab_arp_inspect(&self, list: &SlaveList, delta: u64, rcu: &RcuRead<'_>) -> bool {
        let missed = u64::from(self.p().missed_max);
        let probing = self.current_arp_slave.get(rcu).is_some();
        let now = ffi::jiffies();
        let mut commit = false;
        for s in list.slaves.iter() {
            let t = self.arp_times(s, now, delta);
            let active = s.state.activity() == Activity::Active;
            let v = arp::ab_verdict(s.state.link(), active, probing, &t, missed);
            s.state.propose(v);
            commit |= v.is_some();
        }
        commit
    }

    /// `bond_ab_arp_commit()`.
    fn ab_arp_commit(&self, bond: &NetDev, delta: u64, rtnl: &mut Rtnl<'_>) {
        let Some(slaves) = self.slaves_snapshot(rtnl) else {
            return;
        };
        let asa = self.p().all_slaves_active != 0;
        let mut failover = false;
        for s in slaves.iter() {
            let proposed = s.state.take_proposed();
            match proposed {
                None => {}
                Some(LinkState::Up) => {
                    let no_curr = self.curr_active.get_rtnl(rtnl).is_none();
                    let is_curr = self.curr_active.holds(s);
                    let recent = arp::in_interval(ffi::jiffies(), s.state.last_tx(), delta, 1);
                    if !is_curr || (no_curr && recent) {
                        s.state.set_link(LinkState::Up, 0);
                        self.notify_lower(s, rtnl);
                        if let Some(c) = self.current_arp_slave.get_rtnl(rtnl) {
                            c.state.set_backup(asa);
                        }
                        if self.current_arp_slave.get_rtnl(rtnl).is_some() {
                            self.current_arp_slave.set(None, rtnl);
                        }
                        bond.slave_log(
                            &s.dev,
                            KernLevel::Info,
                            format_args!("link status definitely up"),
                        );
                        if no_curr || self.primary.holds(s) {
                            failover = true;
                        }
                    }
                }
                Some(LinkState::Down) => failover |= self.ab_arp_down(bond, s, rtnl),
                Some(l) => {
                    // Fail: a slave probed as a candidate got no reply.
                    s.state.set_link(l, 0);
                    s.state.set_backup(asa);
                    self.notify_lower(s, rtnl);
                    if self.curr_active.get_rtnl(rtnl).is_some() {
                        self.current_arp_slave.set(None, rtnl);
                    }
                }
            }
        }
        if failover {
            self.select_active(bond, rtnl);
        }
        self.set_carrier(bond, rtnl);
    }

    /// `bond_ab_arp_probe()` with no active slave (RTNL held: it moves the
    /// probing role, `current_arp_slave`, to the next slave that is up).
    fn ab_arp_probe_next(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        let Some(slaves) = self.slaves_snapshot(rtnl) else {
            return;
        };
        let curr_arp = match self.current_arp_slave.get_rtnl(rtnl) {
            Some(c) => c.dev.clone(),
            None => slaves[0].dev.clone(),
        };
        let asa = self.p().all_slaves_active != 0;
        let (mut before, mut new, mut found) = (None, None, false);
        for s in slaves.iter() {
            let up = s.dev.running_carrier();
            if !found && before.is_none() && up {
                before = Some(s.clone());
            }
            if found && new.is_none() && up {
                new = Some(s.clone());
            }
            // Simultaneous failures can leave a slave marked up.
            if !up && s.state.link() == LinkState::Up {
                s.state.set_link(LinkState::Down, 0);
                s.state.count_failure();
                s.state.set_backup(asa);
                self.notify_lower(s, rtnl);
                bond.slave_log(
                    &s.dev,
                    KernLevel::Info,
                    format_args!("backup interface is now down"),
                );
            }
            if *s.dev == *curr_arp {
                found = true;
            }
        }
        let Some(new) = new.or(before) else {
            return;
        };
        new.state.set_link(LinkState::Back, 0);
        new.state.set_active();
        self.notify_lower(&new, rtnl);
        {
            let g = rcu::read_lock();
            self.send_validate(bond, &new, &RcuRead::from_guard(&g));
        }
        new.state.set_last_link_up(ffi::jiffies());
        self.current_arp_slave.set(Some(new), rtnl);
    }

    /// `bond_activebackup_arp_mon()`; returns the delay to the next tick.
    pub(crate) fn ab_arp_mon(&self, bond: &NetDev, delta: u64) -> u64 {
        let commit = {
            let g = rcu::read_lock();
            let rcu = RcuRead::from_guard(&g);
            let Some(list) = self.slaves.get(&rcu) else {
                return delta;
            };
            self.ab_arp_inspect(list, delta, &rcu)
        };
        if commit && ffi::rtnl_trylock(|rtnl| self.ab_arp_commit(bond, delta, rtnl)).is_none() {
            return 1;
        }
        // Probe: through the active slave, or (no active slave) move the
        // probing role on, which needs RTNL.
        let active = {
            let g = rcu::read_lock();
            let rcu = RcuRead::from_guard(&g);
            let curr = self.curr_active.get(&rcu);
            if let (Some(c), Some(a)) = (self.current_arp_slave.get(&rcu), curr) {
                let (cn, an) = (c.dev.name(), a.dev.name());
                bond.bond_log(
                    KernLevel::Info,
                    format_args!(
                        "PROBE: c_arp {} && cas {} BAD",
                        CStrDisplay(cn),
                        CStrDisplay(an)
                    ),
                );
            }
            if let Some(c) = curr {
                self.send_validate(bond, c, &rcu);
            }
            curr.is_some()
        };
        let notify = self.peer_notif_pending();
        if !active || notify {
            let done = ffi::rtnl_trylock(|rtnl| {
                if !active && self.curr_active.get_rtnl(rtnl).is_none() {
                    self.ab_arp_probe_next(bond, rtnl);
                }
                if self.peer_notif_pending() {
                    self.peer_notify_may_events(bond, true, rtnl);
                }
            });
            if done.is_none() {
                return 1;
            }
        }
        delta
    }
}
