// SPDX-License-Identifier: GPL-2.0

//! The bond device's callbacks (`net_device_ops`, the rx handler, slave
//! events, /proc and bonding_masters), in safe Rust over the FFI layer:
//! enslave and release follow `bond_enslave()` and `__bond_release_one()`.

use core::fmt;
use core::sync::atomic::{
    AtomicBool, AtomicI32, AtomicU16, AtomicU32, AtomicU64, Ordering::Relaxed,
};

use kernel::prelude::*;
use kernel::str::CStr;
use kernel::sync::{rcu, Arc};

use crate::ffi::printk::KernLevel;
use crate::ffi::{
    self, DevRef, Device, Extack, Net, NetDev, RcuArc, RcuBox, RcuBoxed, RcuCell, RcuRead, RcuRef,
    Registered, Rtnl, RtnlCell, RxFrame, RxVerdict, SkBuff, STATS_WORDS,
};
use crate::log::KernelLog;
use crate::modes::{self, BondMode};
use crate::monitor::Work;
use crate::options::check::OptVal as OptValue;
use crate::options::masters::masters_command;
use crate::options::{BondParams, FailOverMac, OptId};
use crate::params::{Level, Log};
use crate::proc::{self, MasterView, SlaveView};
use crate::select::{self, Candidate, Selection};
use crate::slave::{self, Activity, LinkState, RxAction, SlaveState};
use crate::sysfs;

// The slave link states are the C driver's numbers, which in-tree readers of
// `struct slave` see.
const _: () = assert!(
    LinkState::Up as i8 == ffi::bonding::BOND_LINK_UP
        && LinkState::Fail as i8 == ffi::bonding::BOND_LINK_FAIL
        && LinkState::Down as i8 == ffi::bonding::BOND_LINK_DOWN
        && LinkState::Back as i8 == ffi::bonding::BOND_LINK_BACK
);

/// The registration proof of bonding_rs's link kind.
type Reg = Registered<Bond>;

/// Why a slave is released.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Release {
    /// `ip link set dev nomaster` and the like: may fail (no memory), then
    /// having changed nothing.
    Command,
    /// Its device is being unregistered: must complete.
    Unregister,
    /// The bond is going away (`ndo_uninit`), releasing every slave: must
    /// complete.
    All,
}
use crate::util::fmt::CStrDisplay;

/// What every bond of this module starts from (`bonding_defaults`).
pub(crate) struct Ctx {
    /// Parameters checked at load time, copied into each new bond.
    pub(crate) defaults: BondParams,
    /// `fast_failover`: event-driven failover on top of the MII monitor.
    pub(crate) fast_failover: bool,
}

/// One enslaved device.
pub(crate) struct Slave {
    /// The slave's net_device, held until the `Slave` is dropped (after its
    /// release and a grace period).
    pub(crate) dev: DevRef,
    /// The bond's net_device.
    pub(crate) bond_dev: DevRef,
    /// Link and activity state.
    pub(crate) state: SlaveState,
    perm_hwaddr: [u8; 32],
    pub(crate) addr_len: usize,
    original_mtu: u32,
    /// The slave's counters at the last stats fold (`slave_stats`).
    saved_stats: [AtomicU64; STATS_WORDS],
    /// `queue_id`: the tx queue that selects this slave (option `queue_id`).
    pub(crate) queue_id: AtomicU16,
    /// `prio`: the slave's priority in active-slave selection.
    pub(crate) prio: AtomicI32,
    /// `/sys/class/net/<slave>/bonding_slave/`, removed at release (in
    /// process context, under RTNL: not when the last reference goes,
    /// which may be an RCU callback).
    sysfs: RtnlCell<ffi::SlaveSysfs>,
}

impl Slave {
    /// `bond_slave_can_tx()`.
    pub(crate) fn can_tx(&self) -> bool {
        self.state.can_tx(self.dev.running_carrier())
    }

    pub(crate) fn perm_addr(&self) -> &[u8] {
        &self.perm_hwaddr[..self.addr_len]
    }
}

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

/// The bond's slaves in enslave order (an RCU-published snapshot).
pub(crate) struct SlaveList {
    /// The slaves.
    pub(crate) slaves: KVec<Arc<Slave>>,
}

/// One bond device's state.
pub(crate) struct Bond {
    /// The bond's parameters: readers take a snapshot under RCU, option
    /// setters publish a changed copy under RTNL.
    pub(crate) params: RcuCell<BondParams>,
    /// The slave list, RCU-published; replaced under RTNL.
    pub(crate) slaves: RcuBox<SlaveList>,
    /// `curr_active_slave`.
    pub(crate) curr_active: RcuArc<Slave>,
    /// `usable_slaves`: the slaves that can transmit, in slave order, so
    /// that a hash (balance-xor) or a turn (balance-rr) picks one in
    /// constant time and broadcast reads no slave state per frame.
    pub(crate) usable: RcuBox<SlaveList>,
    /// `primary_slave`.
    pub(crate) primary: RcuArc<Slave>,
    /// `current_arp_slave`: the slave probing for an active one (ARP
    /// monitor, active-backup, no active slave).
    pub(crate) current_arp_slave: RcuArc<Slave>,
    /// balance-rr transmit counter.
    pub(crate) rr_counter: AtomicU32,
    /// `force_primary`: the primary wins the next selection once (set
    /// when it is enslaved).  RTNL.
    force_primary: AtomicBool,
    /// `send_peer_notif`: peer notification rounds left.
    pub(crate) send_peer_notif: AtomicI32,
    /// `igmp_retrans`: IGMP report resends left.
    pub(crate) igmp_retrans: AtomicI32,
    /// Event-driven failover (module parameter `fast_failover`).
    pub(crate) fast_failover: bool,
    /// The bond's counters (`bond_stats`), under the stats lock.
    stats: [AtomicU64; STATS_WORDS],
    /// Some slave has had a queue_id: transmit looks for queue overrides.
    pub(crate) queue_ids: AtomicBool,
}

impl Bond {
    pub(crate) fn log(bond: &NetDev, slave: &NetDev, level: KernLevel, args: fmt::Arguments<'_>) {
        bond.slave_log(slave, level, args);
    }

    /// The parameters, as a snapshot under RCU (see [`RcuCell::read`]).
    /// Readers that take several fields take one snapshot; the transmit
    /// and receive paths use their own RCU token instead.
    pub(crate) fn p(&self) -> RcuRef<'_, BondParams> {
        self.params.read()
    }

    /// The behaviour of the bond's mode (see [`modes::ops`]), from a
    /// parameter snapshot; the transmit and receive paths look it up from
    /// their own RCU token.
    pub(crate) fn mode_ops(&self) -> &'static dyn BondMode {
        modes::ops(self.p().mode)
    }

    /// `bond_uses_primary()`.
    pub(crate) fn uses_primary(&self) -> bool {
        self.mode_ops().uses_primary()
    }

    /// The `fail_over_mac` policy in effect (`none` outside the modes that
    /// honour it).
    pub(crate) fn fail_over_mac(&self) -> FailOverMac {
        let p = self.p();
        modes::ops(p.mode).fail_over_mac(&p)
    }

    pub(crate) fn find<'a>(&'a self, dev: &NetDev, rtnl: &'a Rtnl<'_>) -> Option<&'a Arc<Slave>> {
        self.slaves
            .get_rtnl(rtnl)?
            .slaves
            .iter()
            .find(|s| *s.dev == *dev)
    }

    pub(crate) fn slave_count(&self, rtnl: &Rtnl<'_>) -> usize {
        self.slaves.get_rtnl(rtnl).map_or(0, |l| l.slaves.len())
    }

    /// A slave list with room for `cap` slaves, allocated ahead of the steps
    /// that cannot be undone, so that publishing it cannot fail; `must` for
    /// steps that have to complete (`__GFP_NOFAIL`).
    fn alloc_list(cap: usize, must: bool) -> Result<RcuBoxed<SlaveList>> {
        let slaves = if must {
            ffi::alloc::kvec_nofail(cap)
        } else {
            KVec::with_capacity(cap, GFP_KERNEL)?
        };
        let list = SlaveList { slaves };
        Ok(if must {
            RcuBoxed::new_nofail(list)
        } else {
            RcuBoxed::new(list)?
        })
    }

    /// Fills `out` (allocated for them) with `slaves`; never allocates.
    fn fill<'a>(out: &mut SlaveList, slaves: impl Iterator<Item = &'a Arc<Slave>>) {
        out.slaves.clear();
        for s in slaves {
            // Within the capacity `alloc_list` gave: cannot fail.
            let _ = out.slaves.push_within_capacity(s.clone());
        }
    }

    /// The slave list after adding `add` and removing `remove`, allocated
    /// now (see [`Bond::alloc_list`]) and published later by
    /// [`Bond::publish_slaves`].
    fn slaves_after(
        &self,
        add: Option<&Arc<Slave>>,
        remove: Option<&Slave>,
        must: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result<RcuBoxed<SlaveList>> {
        let cur = self
            .slaves
            .get_rtnl(rtnl)
            .map_or(&[][..], |l| &l.slaves[..]);
        let mut out = Self::alloc_list(cur.len() + usize::from(add.is_some()), must)?;
        let kept = cur
            .iter()
            .filter(|s| !remove.is_some_and(|r| core::ptr::eq(r, &***s)));
        Self::fill(&mut out, Iterator::chain(kept, add));
        Ok(out)
    }

    /// Publishes a list from [`Bond::slaves_after`]; cannot fail.
    fn publish_slaves(&self, list: RcuBoxed<SlaveList>, rtnl: &mut Rtnl<'_>) {
        let list = (!list.slaves.is_empty()).then_some(list);
        self.slaves.replace(list, rtnl);
    }

    /// `bond_get_stats()`: the bond's counters plus what each slave's grew
    /// by since the last fold; `out` gets the result.
    fn fold_stats(&self, bond: &NetDev, out: &mut [u64; STATS_WORDS]) {
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        bond.stats_locked(|| {
            for (o, s) in out.iter_mut().zip(self.stats.iter()) {
                *o = s.load(Relaxed);
            }
            if let Some(l) = self.slaves.get(&rcu) {
                for sl in l.slaves.iter() {
                    let new = sl.dev.stats();
                    let old = sl.saved_stats.each_ref().map(|a| a.load(Relaxed));
                    slave::fold_stats(out, &new, &old);
                    for (a, v) in sl.saved_stats.iter().zip(new) {
                        a.store(v, Relaxed);
                    }
                }
            }
            for (s, o) in self.stats.iter().zip(out.iter()) {
                s.store(*o, Relaxed);
            }
        });
    }

    /// Whether the mode transmits from the usable-slave array.  The C driver
    /// keeps the array for the hash modes only; bonding_rs's balance-rr and
    /// broadcast transmit from it too.
    fn uses_usable(&self) -> bool {
        let p = self.p();
        modes::ops(p.mode).uses_usable(&p)
    }

    /// A list to hold the usable slaves, allocated ahead of the steps that
    /// cannot be undone (`None` in modes without the array).
    fn alloc_usable(
        &self,
        extra: usize,
        must: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result<Option<RcuBoxed<SlaveList>>> {
        if !self.uses_usable() {
            return Ok(None);
        }
        Self::alloc_list(self.slave_count(rtnl) + extra, must).map(Some)
    }

    /// `bond_update_slave_arr()` with the list allocated in advance: fills
    /// it with the slaves that can transmit (less `exclude`) and republishes
    /// it if that changed the array.  Cannot fail.
    fn publish_usable(
        &self,
        list: Option<RcuBoxed<SlaveList>>,
        exclude: Option<&Slave>,
        rtnl: &mut Rtnl<'_>,
    ) {
        let Some(mut list) = list else {
            return;
        };
        let ops = self.mode_ops();
        {
            let cur = self
                .slaves
                .get_rtnl(rtnl)
                .map_or(&[][..], |l| &l.slaves[..]);
            let usable = cur.iter().filter(|s| {
                ops.tx_usable(self, s) && !exclude.is_some_and(|x| core::ptr::eq(x, &***s))
            });
            Self::fill(&mut list, usable);
        }
        let same = match self.usable.get_rtnl(rtnl) {
            Some(u) => {
                u.slaves.len() == list.slaves.len()
                    && u.slaves
                        .iter()
                        .zip(list.slaves.iter())
                        .all(|(a, b)| Arc::ptr_eq(a, b))
            }
            None => list.slaves.is_empty(),
        };
        if !same {
            let list = (!list.slaves.is_empty()).then_some(list);
            self.usable.replace(list, rtnl);
        }
    }

    /// `bond_update_slave_arr()` after a link event.  Without memory for the
    /// new array the old one stays (its slaves stay valid; the C driver
    /// retries from a work item).
    pub(crate) fn refresh_usable(&self, rtnl: &mut Rtnl<'_>) {
        if let Ok(list) = self.alloc_usable(0, false, rtnl) {
            self.publish_usable(list, None, rtnl);
        }
    }

    /// `bond_set_carrier()`: true if the carrier changed.
    pub(crate) fn set_carrier(&self, bond: &NetDev, rtnl: &Rtnl<'_>) -> bool {
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
    fn hw_addr_follow(bond: &NetDev, slave: &NetDev, on: bool) {
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

    /// `bond_lower_state_changed()`, and the slave's state as in-tree readers
    /// of `struct slave` see it.
    pub(crate) fn notify_lower(&self, s: &Slave, rtnl: &mut Rtnl<'_>) {
        let link = s.state.link();
        s.dev.lower_state_changed(
            link as i8,
            matches!(link, LinkState::Up | LinkState::Fail),
            s.state.activity() == Activity::Active,
            s.state.inactive(),
            rtnl,
        );
    }

    /// The slave list as owned references, for loops that need `&mut Rtnl`.
    pub(crate) fn slaves_snapshot(&self, rtnl: &Rtnl<'_>) -> Option<KVec<Arc<Slave>>> {
        let list = self.slaves.get_rtnl(rtnl)?;
        let mut v = KVec::with_capacity(list.slaves.len(), GFP_KERNEL).ok()?;
        for s in list.slaves.iter() {
            v.push(s.clone(), GFP_KERNEL).ok()?;
        }
        Some(v)
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
    pub(crate) fn change_active(
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
                    let early = (self.p().updelay - n.state.delay()) * self.p().miimon;
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

    /// `bond_select_active_slave()` / `bond_find_best_slave()`.
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

    /// `bond->force_primary = true`: the primary wins the next selection.
    pub(crate) fn force_primary_once(&self) {
        self.force_primary.store(true, Relaxed);
    }

    /// `RCU_INIT_POINTER(bond->curr_active_slave, NULL)` of
    /// `bond_option_active_slave_set()`, through [`Bond::change_active`] so
    /// that the old slave's promiscuity and address lists are undone.
    pub(crate) fn curr_active_clear(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        self.change_active(bond, None, rtnl);
    }

    pub(crate) fn select_active(&self, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
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

    /// `__bond_release_one()`.
    fn release(
        &self,
        reg: &Reg,
        bond: &NetDev,
        slave_dev: &NetDev,
        how: Release,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let all = how == Release::All;
        let Some(slave) = self.find(slave_dev, rtnl).cloned() else {
            Self::log(
                bond,
                slave_dev,
                KernLevel::Info,
                format_args!("interface not enslaved"),
            );
            return Err(EINVAL);
        };
        // Everything that allocates, first: a release that fails does so here,
        // having changed nothing.  Releases that must complete (the device is
        // going away, or the bond) cannot fail.
        let must = how != Release::Command;
        let new_slaves = self.slaves_after(None, Some(&slave), must, rtnl)?;
        let new_usable = self.alloc_usable(0, must, rtnl)?;
        let was_active = self.curr_active.holds(&slave);
        let bond_flags = bond.facts_flags();
        slave.state.set_backup(self.p().all_slaves_active != 0);
        reg.rx_handler_unregister(slave_dev, rtnl);
        ffi::link::upper_unlink(slave_dev, bond, rtnl);
        // bond_sysfs_slave_del().
        drop(slave.sysfs.replace(None, rtnl));
        // Read after the slave was made a backup above, as C reads
        // bond_is_active_slave() after bond_set_slave_inactive_flags(): a
        // leaving slave of the modes implemented is always "backup".
        let role = if slave.state.activity() == Activity::Active {
            "active"
        } else {
            "backup"
        };
        Self::log(
            bond,
            slave_dev,
            KernLevel::Info,
            format_args!("Releasing {} interface", role),
        );
        if !all && self.fail_over_mac() != FailOverMac::Active {
            // The bond keeps its address: warn if it is this slave's own
            // and other slaves remain (this one is still counted).
            let p = &slave.perm_hwaddr;
            if bond.facts_addr()[..6] == p[..6] && self.slave_count(rtnl) > 1 {
                Self::log(
                    bond,
                    slave_dev,
                    KernLevel::Warn,
                    format_args!(
                        "the permanent HWaddr of slave - {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x} - is still in use by bond - set the HWaddr of slave to a different address to avoid conflicts",
                        p[0], p[1], p[2], p[3], p[4], p[5]
                    ),
                );
            }
        }
        if self.primary.holds(&slave) {
            self.primary.set(None, rtnl);
        }
        if was_active {
            self.change_active(bond, None, rtnl);
        }
        // After the active role is gone: a backup leaves the NS groups.
        self.ns_maddrs(&slave, false, rtnl);
        self.current_arp_slave.set(None, rtnl);
        // The mode's per-slave teardown, once the slave has lost the active
        // role (which in tlb/alb moves addresses).
        self.mode_ops().slave_unbind(self, bond, &slave, rtnl);
        // Recompute the stats just before removing the slave.
        let mut scratch = [0u64; STATS_WORDS];
        self.fold_stats(bond, &mut scratch);
        // Unpublished: new readers cannot find it; the old list is freed after
        // a grace period (the rx handler is gone already, after one).
        self.publish_slaves(new_slaves, rtnl);
        self.publish_usable(new_usable, Some(&slave), rtnl);
        if was_active && !all {
            self.select_active(bond, rtnl);
        }
        self.set_carrier(bond, rtnl);
        if self.slave_count(rtnl) == 0 {
            bond.new_random_addr(rtnl);
        }
        bond.compute_features(rtnl);
        slave_dev.vlan_vids_del_by_dev(bond, rtnl);
        // Undo what enslave propagated; in the modes that use a primary
        // only the active slave had it, and change_active(None) above
        // undid it already.
        if !self.uses_primary() {
            let promisc = if bond_flags & ffi::IFF_PROMISC != 0 {
                -1
            } else {
                0
            };
            let allmulti = if bond_flags & ffi::IFF_ALLMULTI != 0 {
                -1
            } else {
                0
            };
            let _ = slave_dev.promisc_allmulti(promisc, allmulti);
            if bond_flags & ffi::IFF_UP != 0 {
                slave_dev.addr_lists(bond, false, false);
            }
        }
        slave_dev.close(rtnl);
        slave_dev.slave_priv_flags(false, true, rtnl);
        // Restore the permanent address and the MTU.
        if self.fail_over_mac() != FailOverMac::Active {
            let _ = slave_dev.set_mac(slave.perm_addr(), Extack::none(), rtnl);
        }
        if how == Release::Command {
            let _ = slave_dev.set_mtu(slave.original_mtu, rtnl);
        } else {
            // __bond_release_one(..., unregister): the slave (NETDEV_UNREGISTER)
            // or the bond (bond_uninit()) is going away; on a dying device
            // NETDEV_CHANGEMTU would have the IPv4/IPv6 notifiers rebuild the
            // state they just tore down.
            let _ = slave_dev.set_mtu_unregistering(slave.original_mtu, rtnl);
        }
        slave_dev.slave_priv_flags(false, false, rtnl);
        Ok(())
    }

    /// `bond_enslave()` but its last undo step (`add_slave`).
    fn enslave(
        &self,
        reg: &Reg,
        bond: &NetDev,
        sdev: &NetDev,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let f = sdev.facts(bond, rtnl);
        let err = |msg, e| Self::enslave_err(bond, sdev, extack, msg, e);
        // The C driver's checks, in its order.
        if f.is_can {
            return Err(err(c"CAN devices cannot be enslaved", EPERM));
        }
        if f.is_master_not_bond {
            return Err(err(
                c"Device type (master device) cannot be enslaved",
                EPERM,
            ));
        }
        if f.rx_handler_busy {
            return Err(err(c"Device is in use and cannot be enslaved", EBUSY));
        }
        if bond == sdev {
            return Err(err(c"Cannot enslave bond to itself.", EPERM));
        }
        if f.vlan_challenged {
            if f.bond_uses_vlan {
                return Err(err(
                    c"Can not enslave VLAN challenged device to VLAN enabled bond",
                    EPERM,
                ));
            }
            Self::log(bond, sdev, KernLevel::Warn, format_args!("enslaved VLAN challenged slave. Adding VLANs will be blocked as long as it is part of bond."));
        }
        if f.is_up {
            return Err(err(c"Device can not be enslaved while up", EPERM));
        }
        let first = self.slave_count(rtnl) == 0;
        if f.dev_type != f.bond_type {
            if first {
                // The C driver turns the bond into the slave's type; bonding_rs
                // bonds Ethernet devices only.
                return Err(err(
                    c"bonding_rs: only Ethernet devices can be enslaved",
                    EOPNOTSUPP,
                ));
            }
            return Err(err(c"Device type is different from other slaves", EINVAL));
        }
        if !f.can_set_mac && self.fail_over_mac() != FailOverMac::Active {
            Self::log(
                bond,
                sdev,
                KernLevel::Warn,
                format_args!("The slave device specified does not support setting the MAC address"),
            );
            let required = {
                let p = self.p();
                modes::ops(p.mode).slave_mac_required(&p)
            };
            if required {
                return Err(err(
                    c"Slave device does not support setting the MAC address, but fail_over_mac is not set to active",
                    EOPNOTSUPP,
                ));
            }
        }
        sdev.notify_join(rtnl);
        if first && f.bond_addr_random {
            bond.take_addr_of(sdev, rtnl)?;
        }
        let addr_len = usize::try_from(f.addr_len).unwrap_or(0).min(32);
        let slave = Arc::new(
            Slave {
                dev: DevRef::new(sdev),
                bond_dev: DevRef::new(bond),
                state: SlaveState::new(),
                perm_hwaddr: f.dev_addr,
                addr_len,
                original_mtu: f.mtu,
                saved_stats: sdev.stats().map(AtomicU64::new),
                queue_id: AtomicU16::new(0),
                prio: AtomicI32::new(0),
                sysfs: RtnlCell::new(),
            },
            GFP_KERNEL,
        )?;
        // The lists it will be published in, before anything is changed.
        let new_slaves = self.slaves_after(Some(&slave), None, false, rtnl)?;
        let new_usable = self.alloc_usable(1, false, rtnl)?;
        // Unwinding from here on, as the C driver's error labels do.
        let undo_mtu = |rtnl: &mut Rtnl<'_>| {
            let _ = sdev.set_mtu(f.mtu, rtnl);
        };
        if let Err(e) = sdev.set_mtu(f.bond_mtu, rtnl) {
            Self::log(
                bond,
                sdev,
                KernLevel::Err,
                format_args!("Error {} calling dev_set_mtu", e.to_errno()),
            );
            return Err(e);
        }
        let set_mac = self.fail_over_mac() == FailOverMac::None;
        if set_mac {
            // The bond's address, which may just have been taken from this slave.
            let bond_addr = bond.facts_addr();
            if let Err(e) = sdev.set_mac(&bond_addr[..addr_len], extack, rtnl) {
                Self::log(
                    bond,
                    sdev,
                    KernLevel::Err,
                    format_args!("Error {} calling set_mac_address", e.to_errno()),
                );
                undo_mtu(rtnl);
                return Err(e);
            }
        }
        let undo_mac = |rtnl: &mut Rtnl<'_>| {
            sdev.slave_priv_flags(false, false, rtnl);
            if set_mac {
                let _ = sdev.set_mac(slave.perm_addr(), Extack::none(), rtnl);
            }
            undo_mtu(rtnl);
        };
        sdev.slave_priv_flags(true, false, rtnl);
        if let Err(e) = sdev.open(extack, rtnl) {
            Self::log(
                bond,
                sdev,
                KernLevel::Err,
                format_args!("Opening slave failed"),
            );
            undo_mac(rtnl);
            return Err(e);
        }
        sdev.slave_priv_flags(true, true, rtnl);
        let undo_open = |rtnl: &mut Rtnl<'_>| {
            sdev.close(rtnl);
            undo_mac(rtnl);
        };
        if let Err(e) = sdev.vlan_vids_add_by_dev(bond, rtnl) {
            Self::log(
                bond,
                sdev,
                KernLevel::Err,
                format_args!("Couldn't add bond vlan ids"),
            );
            undo_open(rtnl);
            return Err(e);
        }

        slave.state.set_speed_duplex(sdev.speed_duplex(rtnl, true));
        let (link, delay) = slave::initial_link(
            self.p().miimon,
            self.p().arp_interval,
            self.p().updelay,
            sdev.running_carrier(),
        );
        slave.state.set_link(link, delay);
        let now = ffi::jiffies();
        let arp_delta = ffi::msecs_to_jiffies(u32::try_from(self.p().arp_interval).unwrap_or(0));
        slave.state.init_times(now.wrapping_sub(arp_delta + 1));
        if link != LinkState::Down {
            slave.state.set_last_link_up(now);
        }
        let name = sdev.name();
        if self.uses_primary() && self.p().primary_name() == Some(name) {
            self.primary.set(Some(slave.clone()), rtnl);
            self.force_primary.store(true, Relaxed);
        }
        let ops = self.mode_ops();
        // Take the bond's VLANs back and forget it as the primary (the C
        // driver's err_detach), then the undo steps above.
        let undo_primary = |rtnl: &mut Rtnl<'_>| {
            sdev.vlan_vids_del_by_dev(bond, rtnl);
            if self.primary.holds(&slave) {
                self.primary.set(None, rtnl);
            }
            undo_open(rtnl);
        };
        if let Err(e) = ops.slave_bind(self, &slave, rtnl) {
            undo_primary(rtnl);
            return Err(e);
        }
        if let Err(e) = reg.rx_handler_register(bond, sdev, &slave, rtnl) {
            undo_primary(rtnl);
            return Err(e);
        }
        let (tx_type, hash_type) = {
            let p = self.p();
            (ops.lag_tx_type(), ops.lag_hash_type(&p))
        };
        if let Err(e) = ffi::link::upper_link(sdev, bond, &slave, tx_type, hash_type, extack, rtnl)
        {
            reg.rx_handler_unregister(sdev, rtnl);
            undo_primary(rtnl);
            return Err(e);
        }
        // bond_sysfs_slave_add().
        match ffi::SlaveSysfs::add(sdev, rtnl) {
            Ok(h) => drop(slave.sysfs.replace(Some(h), rtnl)),
            Err(e) => {
                ffi::link::upper_unlink(sdev, bond, rtnl);
                reg.rx_handler_unregister(sdev, rtnl);
                undo_primary(rtnl);
                return Err(e);
            }
        }
        self.notify_lower(&slave, rtnl);
        if !self.uses_primary() {
            Self::hw_addr_follow(bond, sdev, true);
        }
        self.publish_slaves(new_slaves, rtnl);
        bond.compute_features(rtnl);
        self.set_carrier(bond, rtnl);
        // Before selection, which takes them off a slave it makes active.
        self.ns_maddrs(&slave, true, rtnl);
        if ops.uses_primary() {
            self.select_active(bond, rtnl);
        }
        ops.slave_attached(self, bond, &slave, rtnl);
        self.publish_usable(new_usable, None, rtnl);
        let role = if slave.state.activity() == Activity::Active {
            "an active"
        } else {
            "a backup"
        };
        let lk = if slave.state.link() != LinkState::Down {
            "an up"
        } else {
            "a down"
        };
        Self::log(
            bond,
            sdev,
            KernLevel::Info,
            format_args!("Enslaving as {} interface with {} link", role, lk),
        );
        Ok(())
    }

    fn enslave_err(
        bond: &NetDev,
        slave: &NetDev,
        extack: Extack<'_>,
        msg: &'static CStr,
        e: Error,
    ) -> Error {
        // BOND_NL_ERR/SLAVE_NL_ERR: to the extack, else to the log.
        if extack.is_some() {
            extack.set(msg);
        } else {
            let text = core::str::from_utf8(msg.to_bytes()).unwrap_or("");
            Self::log(bond, slave, KernLevel::Err, format_args!("Error: {}", text));
        }
        e
    }
}

impl Device for Bond {
    type Ctx = Ctx;
    type Slave = Slave;
    type Work = Work;

    fn init(ctx: &Ctx, dev: &NetDev) -> Result<KBox<Self>> {
        // `struct bonding`'s mode, for in-tree readers (BOND_MODE_* numbers).
        dev.bonding_set_mode(ctx.defaults.mode as u32);
        Ok(KBox::new(
            Bond {
                params: RcuCell::new(RcuBoxed::new(ctx.defaults.clone())?),
                slaves: RcuBox::new(),
                curr_active: RcuArc::new(),
                usable: RcuBox::new(),
                primary: RcuArc::new(),
                current_arp_slave: RcuArc::new(),
                rr_counter: AtomicU32::new(0),
                force_primary: AtomicBool::new(false),
                send_peer_notif: AtomicI32::new(0),
                igmp_retrans: AtomicI32::new(0),
                fast_failover: ctx.fast_failover,
                stats: [const { AtomicU64::new(0) }; STATS_WORDS],
                queue_ids: AtomicBool::new(false),
            },
            GFP_KERNEL,
        )?)
    }

    fn open(&self, dev: &NetDev) -> Result {
        // bond_open(): reset the slaves' active/backup flags, start the
        // monitors.  ndo_open runs under RTNL.
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        if let Some(l) = self.slaves.get(&rcu) {
            for s in l.slaves.iter() {
                if self.uses_primary() && !self.curr_active.holds(s) {
                    s.state.set_backup(self.p().all_slaves_active != 0);
                } else {
                    s.state.set_active();
                }
            }
        }
        drop(g);
        self.start_monitors(dev);
        Ok(())
    }

    fn stop(&self, dev: &NetDev) -> Result {
        self.stop_monitors(dev);
        Ok(())
    }

    fn work(&self, bond: &NetDev, which: Work) -> Option<u64> {
        self.run_work(bond, which)
    }

    fn get_stats(&self, bond: &NetDev, out: &mut [u64; STATS_WORDS]) {
        self.fold_stats(bond, out);
    }

    fn link_ksettings(&self, _bond: &NetDev, rtnl: &Rtnl<'_>) -> (u32, u8) {
        let Some(list) = self.slaves.get_rtnl(rtnl) else {
            return (slave::SPEED_UNKNOWN, slave::DUPLEX_UNKNOWN);
        };
        let mut usable = list.slaves.iter().filter(|s| s.can_tx()).map(|s| {
            s.state.set_speed_duplex(s.dev.speed_duplex(rtnl, true));
            (s.state.speed(), s.state.duplex())
        });
        self.mode_ops().aggregate_speed(&mut usable)
    }

    fn start_xmit(&self, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
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

    fn set_option(
        &self,
        reg: &Reg,
        dev: &NetDev,
        id: u32,
        val: &ffi::OptVal<'_>,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let Some(id) = OptId::from_raw(id) else {
            return Err(EINVAL);
        };
        if val.is_clear() && matches!(id, OptId::ArpTargets | OptId::NsTargets) {
            return self.clear_targets(id, rtnl);
        }
        let v = OptValue {
            value: val.value,
            str: val.str,
            extra: val.extra,
        };
        self.set_opt(reg, dev, id, v.input(), val.slave, extack, rtnl)
    }

    fn option_show(&self, dev: &NetDev, id: u32, page: &mut [u8], rcu: &RcuRead<'_>) -> usize {
        self.sysfs_show(dev, id, page, rcu)
    }

    fn slave_show(
        &self,
        _dev: &NetDev,
        slave: &Slave,
        which: ffi::SlaveAttr,
        page: &mut [u8],
        _rcu: &RcuRead<'_>,
    ) -> usize {
        self.slave_sysfs_show(slave, which as u32, page)
    }

    fn bond_info(&self, _dev: &NetDev, out: &mut ffi::BondInfo, rcu: &RcuRead<'_>) {
        // bond_fill_info(): the parameters as the C driver keeps them
        // (delays in ms, targets in network order).
        let p = self.params.get(rcu);
        if modes::ops(p.mode).uses_primary() {
            out.active_slave_ifindex = self
                .curr_active
                .get(rcu)
                .map_or(0, |s| s.dev.ifindex() as u32);
        }
        out.primary_ifindex = self.primary.get(rcu).map_or(0, |s| s.dev.ifindex() as u32);
        out.mode = p.mode.value();
        let ms = |ticks: i32| (ticks.wrapping_mul(p.miimon)) as u32;
        out.miimon = p.miimon as u32;
        out.updelay_ms = ms(p.updelay);
        out.downdelay_ms = ms(p.downdelay);
        out.peer_notif_delay_ms = ms(p.peer_notif_delay);
        out.arp_interval = p.arp_interval as u32;
        for (o, t) in out.arp_targets.iter_mut().zip(p.arp_targets.iter()) {
            *o = u32::from_ne_bytes(*t);
        }
        out.ns_targets = p.ns_targets;
        out.arp_validate = u32::from(p.arp_validate.value());
        out.arp_all_targets = u32::from(p.arp_all_targets.value());
        out.primary_reselect = p.primary_reselect.value();
        out.fail_over_mac = p.fail_over_mac.value();
        out.xmit_hash_policy = p.xmit_policy.value();
        out.resend_igmp = p.resend_igmp as u32;
        out.num_peer_notif = p.num_peer_notif;
        out.all_slaves_active = p.all_slaves_active as u8;
        out.min_links = p.min_links;
        out.lp_interval = p.lp_interval;
        out.packets_per_slave = p.packets_per_slave as u32;
        out.lacp_active = p.lacp_active;
        out.lacp_rate = p.lacp_rate.value();
        out.ad_select = p.ad_select.value();
        out.tlb_dynamic_lb = p.tlb_dynamic_lb as u8;
        out.missed_max = p.missed_max;
        out.coupled_control = p.coupled_control;
        out.broadcast_neighbor = p.broadcast_neighbor;
        out.lacp_strict = p.lacp_strict;
        out.ad_actor_sys_prio = p.ad_actor_sys_prio;
        out.ad_user_port_key = p.ad_user_port_key;
        out.ad_actor_system = p.ad_actor_system;
    }

    fn slave_info(&self, _dev: &NetDev, s: &Slave, out: &mut ffi::SlaveInfo, _rtnl: &Rtnl<'_>) {
        // bond_fill_slave_info().
        out.state = match s.state.activity() {
            Activity::Active => 0,
            Activity::Backup => 1,
        };
        out.mii_status = s.state.link() as u8;
        out.link_failure_count = s.state.link_failure_count();
        let a = s.perm_addr();
        out.perm_hwaddr[..a.len()].copy_from_slice(a);
        out.addr_len = a.len() as u8;
        out.queue_id = s.queue_id.load(Relaxed);
        out.prio = s.prio.load(Relaxed);
    }

    fn change_mtu(&self, _dev: &NetDev, old: u32, new: u32, rtnl: &mut Rtnl<'_>) -> Result {
        // bond_change_mtu(): every slave in order; on a failure the ones
        // already changed go back, and the bond keeps its MTU.
        if self.slave_count(rtnl) == 0 {
            return Ok(());
        }
        let Some(list) = self.slaves_snapshot(rtnl) else {
            return Err(ENOMEM);
        };
        for (i, s) in list.iter().enumerate() {
            if let Err(e) = s.dev.set_mtu(new, rtnl) {
                for r in &list[..i] {
                    let _ = r.dev.set_mtu(old, rtnl);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn vlan_rx_vid(
        &self,
        _dev: &NetDev,
        proto: u16,
        vid: u16,
        add: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result {
        // bond_vlan_rx_add_vid() / bond_vlan_rx_kill_vid(): to every slave;
        // an add that fails takes it back from the slaves before that one.
        let Some(list) = self.slaves.get_rtnl(rtnl) else {
            return Ok(());
        };
        if !add {
            for s in list.slaves.iter() {
                s.dev.vlan_vid_del(proto, vid, rtnl);
            }
            return Ok(());
        }
        for (i, s) in list.slaves.iter().enumerate() {
            if let Err(e) = s.dev.vlan_vid_add(proto, vid, rtnl) {
                for u in list.slaves.iter().take(i) {
                    u.dev.vlan_vid_del(proto, vid, rtnl);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn bond_event(&self, reg: &Reg, dev: &NetDev, event: u64, rtnl: &mut Rtnl<'_>) {
        // bond_event_changename(): the /proc file follows the name.
        if event == ffi::NETDEV_CHANGENAME {
            reg.proc_refresh(dev, rtnl);
        }
    }

    fn masters_show(_ctx: &Ctx, reg: &Reg, net: &Net, page: &mut [u8]) -> usize {
        let mut list = sysfs::MastersList::new(page);
        reg.for_each_bond(net, |b| list.push(b.name()));
        list.finish()
    }

    fn masters_store(_ctx: &Ctx, reg: &Reg, net: &Net, buf: &[u8]) -> Result {
        // bonding_store_bonds(): the same parse, messages and errors.
        let cmd = masters_command(buf);
        let name = cmd
            .as_ref()
            .and_then(|c| CStr::from_bytes_with_nul(c.name_with_nul()).ok())
            .filter(|n| reg.dev_valid_name(n));
        let (Some(cmd), Some(name)) = (cmd, name) else {
            pr_err!("no command found in bonding_masters - use +ifname or -ifname\n");
            return Err(EPERM);
        };
        let shown = CStrDisplay(name.to_bytes());
        let mut log = KernelLog::prefixed();
        if cmd.add {
            log.log(Level::Info, format_args!("{} is being created...", shown));
            reg.create_bond(net, Some(name)).inspect_err(|e| {
                let what = if *e == EEXIST {
                    "already exists"
                } else {
                    "creation failed"
                };
                log.log(Level::Info, format_args!("{} {}", shown, what));
            })
        } else {
            let deleting = || {
                KernelLog::prefixed()
                    .log(Level::Info, format_args!("{} is being deleted...", shown));
            };
            match reg.delete_bond(net, name, deleting) {
                Ok(()) => Ok(()),
                Err(e) => {
                    log.log(
                        Level::Err,
                        format_args!("unable to delete non-existent {}", shown),
                    );
                    Err(e)
                }
            }
        }
    }

    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result {
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        let ops = modes::ops(self.params.get(&rcu).mode);
        let curr = self.curr_active.get(&rcu).map(|s| s.dev.name());
        let primary = self.primary.get(&rcu).map(|s| s.dev.name());
        proc::write_master(
            w,
            &MasterView {
                uts_release: ffi::printk::uts_release(),
                params: self.params.get(&rcu),
                curr_active: curr,
                primary_slave: primary,
                carrier: dev.carrier_ok(),
            },
        )?;
        ops.proc_master(self, w, &rcu)?;
        if let Some(list) = self.slaves.get(&rcu) {
            for s in list.slaves.iter() {
                proc::write_slave(
                    w,
                    &SlaveView {
                        name: s.dev.name(),
                        link: s.state.link(),
                        speed: s.state.speed(),
                        duplex: s.state.duplex(),
                        link_failure_count: s.state.link_failure_count(),
                        perm_hwaddr: s.perm_addr(),
                        queue_id: s.queue_id.load(Relaxed),
                    },
                )?;
                ops.proc_slave(self, s, w, &rcu)?;
            }
        }
        Ok(())
    }

    fn add_slave(
        &self,
        reg: &Reg,
        bond: &NetDev,
        sdev: &NetDev,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let r = self.enslave(reg, bond, sdev, extack, rtnl);
        // err_undo_flags: a first slave that failed leaves the bond no
        // address of its own (it may have been taken from the slave).
        if r.is_err()
            && self.slave_count(rtnl) == 0
            && bond.facts_addr()[..6] == sdev.facts_addr()[..6]
        {
            bond.random_addr(rtnl);
        }
        r
    }

    fn del_slave(&self, reg: &Reg, bond: &NetDev, slave: &NetDev, rtnl: &mut Rtnl<'_>) -> Result {
        self.release(reg, bond, slave, Release::Command, rtnl)
    }

    fn uninit(&self, reg: &Reg, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        while let Some(dev) = self
            .slaves
            .get_rtnl(rtnl)
            .and_then(|l| l.slaves.first().map(|s| s.dev.clone()))
        {
            // bond_uninit(): __bond_release_one(..., true, true).
            if self.release(reg, bond, &dev, Release::All, rtnl).is_err() {
                break;
            }
        }
        bond.bond_log(KernLevel::Info, format_args!("Released all slaves"));
    }

    fn set_mac_address(&self, bond: &NetDev, addr: &[u8], rtnl: &mut Rtnl<'_>) -> Result {
        // bond_set_mac_address(): nothing to do with fail_over_mac in
        // active-backup; a valid unicast address; every slave first,
        // unwinding on failure, then the bond.
        if self.fail_over_mac() != FailOverMac::None {
            return Ok(());
        }
        let valid = addr.first().is_some_and(|b| b & 1 == 0) && addr.iter().any(|&b| b != 0);
        if !valid {
            return Err(EADDRNOTAVAIL);
        }
        let old = bond.facts_addr();
        let slaves: KVec<DevRef> = match self.slaves.get_rtnl(rtnl) {
            Some(l) => {
                let mut v = KVec::new();
                for s in l.slaves.iter() {
                    v.push(s.dev.clone(), GFP_KERNEL)?;
                }
                v
            }
            None => KVec::new(),
        };
        for (i, s) in slaves.iter().enumerate() {
            if let Err(e) = s.set_mac(addr, Extack::none(), rtnl) {
                for u in slaves.iter().take(i) {
                    let _ = u.set_mac(&old[..addr.len()], Extack::none(), rtnl);
                }
                return Err(e);
            }
        }
        bond.addr_set(addr, rtnl);
        Ok(())
    }

    fn change_rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>) {
        let step = |x: Option<bool>| x.map_or(0, |on| if on { 1 } else { -1 });
        let (p, a) = (step(promisc), step(allmulti));
        if self.uses_primary() {
            if let Some(s) = self.curr_active.get_rtnl(rtnl) {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        } else if let Some(l) = self.slaves.get_rtnl(rtnl) {
            for s in l.slaves.iter() {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        }
    }

    fn set_rx_mode(&self, bond: &NetDev, rcu: &RcuRead<'_>) {
        if self.uses_primary() {
            if let Some(s) = self.curr_active.get(rcu) {
                s.dev.addr_lists(bond, true, true);
            }
        } else if let Some(l) = self.slaves.get(rcu) {
            for s in l.slaves.iter() {
                s.dev.addr_lists(bond, true, true);
            }
        }
    }

    fn slave_event(
        &self,
        reg: &Reg,
        bond: &NetDev,
        slave: &Arc<Slave>,
        dev: &NetDev,
        event: u64,
        rtnl: &mut Rtnl<'_>,
    ) {
        match event {
            ffi::NETDEV_UNREGISTER => {
                let _ = self.release(reg, bond, dev, Release::Unregister, rtnl);
            }
            ffi::NETDEV_UP | ffi::NETDEV_CHANGE => {
                // The notifier path holds the instance ops lock already.
                slave.state.set_speed_duplex(dev.speed_duplex(rtnl, false));
                self.link_event(bond, slave, rtnl);
            }
            ffi::NETDEV_DOWN => self.link_event(bond, slave, rtnl),
            _ => {}
        }
        // Refresh the usable-slave array on these events, as the C driver
        // does, whether or not a monitor runs.
        if matches!(
            event,
            ffi::NETDEV_UP | ffi::NETDEV_CHANGE | ffi::NETDEV_DOWN
        ) {
            self.refresh_usable(rtnl);
        }
    }

    fn handle_frame(
        &self,
        _bond: &NetDev,
        slave: &Slave,
        frame: &RxFrame<'_>,
        rcu: &RcuRead<'_>,
    ) -> RxVerdict {
        let p = self.params.get(rcu);
        if let Some(v) = modes::ops(p.mode).rx(self, slave, frame, rcu) {
            return v;
        }
        if p.arp_interval > 0 {
            // The ARP monitor's receive probe (`recv_probe`), which follows
            // arp_interval as the option changes.
            self.arp_rx(slave, frame, rcu);
        }
        match slave::rx_action(slave.state.inactive(), frame.link_local) {
            RxAction::Another => RxVerdict::Another,
            RxAction::Exact => RxVerdict::Exact,
            RxAction::Pass => RxVerdict::Pass,
        }
    }
}
