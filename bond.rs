// SPDX-License-Identifier: GPL-2.0

//! The bond core: the [`Bond`] and [`Slave`] types and everything that
//! changes a bond's state, in safe Rust over the FFI layer.  `Bond`'s fields
//! are private to this tree, and every `impl Bond` lives in it: the device
//! callbacks (`netdev_ops.rs`, `impl ffi::Device for Bond`) and the modes
//! (`modes/`) reach a bond through the accessors below and the methods of
//! the submodules.
//!
//! - [`slave`]: the [`Slave`] type and the bond's RCU-published slave lists
//!   (the slaves in enslave order, the usable-slave array), their updates
//!   and the slave state in-tree readers of `struct slave` see; the pure
//!   per-slave state machines ([`SlaveState`](crate::slave::SlaveState),
//!   the MII link states, stats fold, speed aggregation) stay in the
//!   top-level `slave.rs`, host-tested;
//! - [`enslave`]: enslaving, `bond_enslave()`;
//! - [`release`]: `__bond_release_one()`, and `bond_uninit()`'s release of
//!   every slave;
//! - [`failover`]: the active slave: `bond_change_active_slave()`,
//!   `bond_select_active_slave()` (over the pure selection of `select.rs`),
//!   `bond_set_carrier()`, `fail_over_mac`;
//! - [`dev`]: the device operations that reach the slaves: `bond_open()`'s
//!   role reset, `bond_change_mtu()`, the VLAN ids,
//!   `bond_set_mac_address()`, the link settings' speed and duplex, the
//!   netdevice events on the bond and its slaves;
//! - [`rx_mode`]: `bond_change_rx_flags()`, `bond_set_rx_mode()`;
//! - [`xmit`]: transmit: a `queue_id` override, then the mode;
//! - [`rx`]: receive, `bond_handle_frame()`;
//! - [`stats`]: the counters, `bond_get_stats()`;
//! - [`mii`]: the MII monitor and bonding_rs's event-driven failover;
//! - [`arp_mon`]: the ARP monitor with its NS probes, the receive probe and
//!   the backups' NS groups (its decisions are `arp.rs`'s);
//! - [`probe`]: the probes it sends (route, device path and VLAN tags,
//!   source address) and the receive side's address checks;
//! - [`work`]: the delayed work items (`monitor.rs`'s `Work`): dispatch,
//!   start and stop, peer notification, IGMP resend;
//! - [`options`]: options set on a live bond (`__bond_opt_set()` and the
//!   setters' side effects), for module parameters, sysfs and netlink;
//! - [`show`]: what the sysfs files, rtnetlink (`bond_fill_info()`,
//!   `bond_fill_slave_info()`) and `/proc/net/bonding/<bond>` read of a
//!   live bond;
//! - [`masters`]: `bonding_masters`, the listing and
//!   `bonding_store_bonds()`.

mod arp_mon;
mod dev;
mod enslave;
mod failover;
mod masters;
mod mii;
pub(crate) mod options;
mod probe;
mod release;
mod rx;
mod rx_mode;
pub(crate) mod show;
mod slave;
mod stats;
mod work;
mod xmit;

use core::fmt;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64};

use kernel::prelude::*;
use kernel::sync::Arc;

use crate::ffi::printk::KernLevel;
use crate::ffi::{
    NetDev, RcuArc, RcuBox, RcuBoxed, RcuCell, RcuRead, RcuRef, Registered, Rtnl, STATS_WORDS,
};
use crate::modes::{self, BondMode};
use crate::options::{BondParams, FailOverMac};

pub(crate) use release::Release;
pub(crate) use slave::{Slave, SlaveList};

/// The registration proof of bonding_rs's link kind.
type Reg = Registered<Bond>;

/// What every bond of this module starts from (`bonding_defaults`).
pub(crate) struct Ctx {
    /// Parameters checked at load time, copied into each new bond.
    pub(crate) defaults: BondParams,
    /// `fast_failover`: event-driven failover on top of the MII monitor.
    pub(crate) fast_failover: bool,
}

/// One bond device's state.
pub(crate) struct Bond {
    /// The bond's parameters: readers take a snapshot under RCU, option
    /// setters publish a changed copy under RTNL.
    params: RcuCell<BondParams>,
    /// The slave list, RCU-published; replaced under RTNL.
    slaves: RcuBox<SlaveList>,
    /// `curr_active_slave`.
    curr_active: RcuArc<Slave>,
    /// `usable_slaves`: the slaves that can transmit, in slave order, so
    /// that a hash (balance-xor) or a turn (balance-rr) picks one in
    /// constant time and broadcast reads no slave state per frame.
    usable: RcuBox<SlaveList>,
    /// `primary_slave`.
    primary: RcuArc<Slave>,
    /// `current_arp_slave`: the slave probing for an active one (ARP
    /// monitor, active-backup, no active slave).
    current_arp_slave: RcuArc<Slave>,
    /// balance-rr transmit counter.
    rr_counter: AtomicU32,
    /// `force_primary`: the primary wins the next selection once (set
    /// when it is enslaved).  RTNL.
    force_primary: AtomicBool,
    /// `notifier_ctx`: the bond is recomputing its features for a slave's
    /// `NETDEV_FEAT_CHANGE` (RTNL), so the events that causes are not
    /// followed again.
    notifier_ctx: AtomicBool,
    /// `send_peer_notif`: peer notification rounds left.
    send_peer_notif: AtomicI32,
    /// `igmp_retrans`: IGMP report resends left.
    igmp_retrans: AtomicI32,
    /// Event-driven failover (module parameter `fast_failover`).
    fast_failover: bool,
    /// The bond's counters (`bond_stats`), under the stats lock.
    stats: [AtomicU64; STATS_WORDS],
    /// Some slave has had a queue_id: transmit looks for queue overrides.
    queue_ids: AtomicBool,
    /// `recv_probe` is `bond_rcv_validate`: the ARP monitor's receive
    /// probe runs on received frames.  Set by open with `arp_interval` and
    /// by `arp_interval` set on a running bond; cleared by close, and by
    /// `arp_interval` set to 0 on a running bond with `arp_validate` (so it
    /// outlives the monitor otherwise, as in the C driver).
    recv_probe: AtomicBool,
}

impl Bond {
    /// Whether the ARP monitor's receive probe is on (`bond->recv_probe`).
    pub(crate) fn recv_probe(&self) -> bool {
        self.recv_probe.load(core::sync::atomic::Ordering::Relaxed)
    }

    /// A new bond's state, from the module's defaults.
    pub(crate) fn new(ctx: &Ctx) -> Result<KBox<Self>> {
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
                notifier_ctx: AtomicBool::new(false),
                send_peer_notif: AtomicI32::new(0),
                igmp_retrans: AtomicI32::new(0),
                fast_failover: ctx.fast_failover,
                stats: [const { AtomicU64::new(0) }; STATS_WORDS],
                queue_ids: AtomicBool::new(false),
                recv_probe: AtomicBool::new(false),
            },
            GFP_KERNEL,
        )?)
    }

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

    /// The parameters under the caller's RCU token (the transmit and
    /// receive paths, /proc).
    pub(crate) fn params<'a>(&'a self, rcu: &'a RcuRead<'_>) -> &'a BondParams {
        self.params.get(rcu)
    }

    /// The slaves in enslave order, under RCU.
    pub(crate) fn slaves<'a>(&'a self, rcu: &'a RcuRead<'_>) -> Option<&'a SlaveList> {
        self.slaves.get(rcu)
    }

    /// The slaves in enslave order, under RTNL.
    pub(crate) fn slaves_rtnl<'a>(&'a self, rtnl: &'a Rtnl<'_>) -> Option<&'a SlaveList> {
        self.slaves.get_rtnl(rtnl)
    }

    /// The usable-slave array (`usable_slaves`), under RCU.
    pub(crate) fn usable<'a>(&'a self, rcu: &'a RcuRead<'_>) -> Option<&'a SlaveList> {
        self.usable.get(rcu)
    }

    /// `curr_active_slave`, under RCU.
    pub(crate) fn curr_active<'a>(&'a self, rcu: &'a RcuRead<'_>) -> Option<&'a Slave> {
        self.curr_active.get(rcu)
    }

    /// `curr_active_slave`, under RTNL.
    pub(crate) fn curr_active_rtnl<'a>(&'a self, rtnl: &'a Rtnl<'_>) -> Option<&'a Slave> {
        self.curr_active.get_rtnl(rtnl)
    }

    /// Whether `s` is `curr_active_slave`.
    pub(crate) fn is_curr_active(&self, s: &Slave) -> bool {
        self.curr_active.holds(s)
    }

    /// Publishes `s` as `curr_active_slave` without
    /// `bond_change_active_slave()`: the trunk modes' current slave, which
    /// has no special role.
    pub(crate) fn set_curr_active(&self, s: Option<Arc<Slave>>, rtnl: &mut Rtnl<'_>) {
        self.curr_active.set(s, rtnl);
    }

    /// `primary_slave`, under RCU.
    pub(crate) fn primary<'a>(&'a self, rcu: &'a RcuRead<'_>) -> Option<&'a Slave> {
        self.primary.get(rcu)
    }

    /// The balance-rr transmit counter.
    pub(crate) fn rr_counter(&self) -> &AtomicU32 {
        &self.rr_counter
    }
}
