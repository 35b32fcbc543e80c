// SPDX-License-Identifier: GPL-2.0

//! Per-mode behaviour: the [`BondMode`] trait the bond core calls wherever
//! the C driver tests `BOND_MODE(bond)`, one implementation per file, and
//! [`ops`], the one place a mode is chosen from its number.

mod active_backup;
mod broadcast;
pub(crate) mod hash;
mod round_robin;
mod xor;

use core::fmt;

use kernel::prelude::*;
use kernel::sync::Arc;

use crate::bond::{Bond, Slave, SlaveList};
use crate::ffi::{NetDev, RcuRead, Rtnl, RxFrame, RxVerdict, SkBuff};
use crate::options::{BondParams, FailOverMac, Mode, XmitHashPolicy};
use crate::slave::{self, LinkState};

/// The frame bytes and skb fields the transmit hash reads.
fn frame(skb: &SkBuff) -> (&[u8], hash::FrameMeta) {
    let v = skb.view();
    let meta = hash::FrameMeta {
        protocol: v.protocol,
        // A negative offset (network header before `head`) becomes
        // `usize::MAX`, which modes/hash.rs reads as "no header there":
        // every offset computation there is checked.
        network_offset: usize::try_from(v.network_offset).unwrap_or(usize::MAX),
        vlan_tci: v.vlan_tci,
        l4_hash: v.l4_hash,
    };
    (v.head, meta)
}

// `NETDEV_LAG_TX_TYPE_*` and `NETDEV_LAG_HASH_*`.
pub(super) const LAG_TX_UNKNOWN: u32 = 0;
pub(super) const LAG_TX_BROADCAST: u32 = 2;
pub(super) const LAG_TX_ROUNDROBIN: u32 = 3;
pub(super) const LAG_TX_ACTIVEBACKUP: u32 = 4;
pub(super) const LAG_TX_HASH: u32 = 5;
const LAG_HASH_NONE: u32 = 0;

/// `bond_lag_hash_type()` of a mode whose tx type is `LAG_TX_HASH`:
/// layer2 1, layer3+4 2, layer2+3 3, encap2+3 4, encap3+4 5, vlan+srcmac 6.
pub(super) fn lag_hash(policy: XmitHashPolicy) -> u32 {
    match policy {
        XmitHashPolicy::Layer2 => 1,
        XmitHashPolicy::Layer34 => 2,
        XmitHashPolicy::Layer23 => 3,
        XmitHashPolicy::Encap23 => 4,
        XmitHashPolicy::Encap34 => 5,
        XmitHashPolicy::VlanSrcMac => 6,
    }
}

/// What a bonding mode decides, one method per place the C driver tests
/// `BOND_MODE(bond)`.  The core calls these through [`ops`]; the defaults
/// are the C driver's `default:` branches, i.e. the trunk modes
/// (balance-rr, balance-xor, broadcast), where every slave is active and
/// there is no active-slave machinery, and "nothing to do" for the hooks
/// only 802.3ad, balance-tlb and balance-alb will fill.
///
/// RTNL-side hooks take `&mut Rtnl`; the transmit and receive hooks run
/// under RCU with the caller's token.
pub(crate) trait BondMode: Sync {
    /// `ndo_start_xmit` (`__bond_start_xmit()`'s switch): transmits (or
    /// drops) one frame; always consumes it.  Runs under RCU.
    fn xmit(&self, bond: &Bond, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>);

    /// `bond_should_override_tx_queue()`: a frame whose queue matches a
    /// slave's `queue_id` goes out on that slave.
    fn queue_override(&self) -> bool {
        false
    }

    /// `bond_uses_primary()`: the mode has an active slave chosen by
    /// selection (`primary`, `primary_reselect`), which alone carries the
    /// bond's promiscuity, allmulti and address lists.
    fn uses_primary(&self) -> bool {
        false
    }

    /// `slave_can_set_ns_maddr()`'s mode part: backups join the groups of
    /// the NS targets' solicited-node addresses (active-backup), so that
    /// with `arp_validate` they hear the probes of the active slave.
    fn backups_join_ns_groups(&self) -> bool {
        false
    }

    /// `bond_lag_tx_type()`, for the upper link.
    fn lag_tx_type(&self) -> u32 {
        LAG_TX_UNKNOWN
    }

    /// `bond_lag_hash_type()`, for the upper link.
    fn lag_hash_type(&self, _p: &BondParams) -> u32 {
        LAG_HASH_NONE
    }

    /// The `fail_over_mac` policy in effect: `p.fail_over_mac` in the modes
    /// that honour it (active-backup), `none` elsewhere.
    fn fail_over_mac(&self, _p: &BondParams) -> FailOverMac {
        FailOverMac::None
    }

    /// Whether a slave that cannot change its MAC address is refused at
    /// enslave (asked only when the policy in effect is not `active`).
    fn slave_mac_required(&self, _p: &BondParams) -> bool {
        false
    }

    /// Whether the mode transmits from the usable-slave array
    /// (`bond->usable_slaves`, kept by `bond_update_slave_arr()`): every
    /// slave that can transmit, rather than the active slave only.
    fn uses_usable(&self, _p: &BondParams) -> bool {
        false
    }

    /// Whether `s` belongs in the usable-slave array (802.3ad: the slaves
    /// of the active aggregator).  RTNL.
    fn tx_usable(&self, _bond: &Bond, s: &Slave) -> bool {
        s.can_tx()
    }

    /// `bond_set_carrier()`'s verdict over `slaves` (802.3ad:
    /// `bond_3ad_set_carrier()`, with `min_links`): some slave's link is up.
    fn carrier(&self, _bond: &Bond, slaves: &[Arc<Slave>], _rtnl: &Rtnl<'_>) -> bool {
        slaves.iter().any(|s| s.state.link() == LinkState::Up)
    }

    /// The bond's `(speed, duplex)` from those of the slaves that can
    /// transmit (`bond_ethtool_get_link_ksettings()`): the speeds add up.
    fn aggregate_speed(
        &self,
        slaves: &mut dyn Iterator<Item = (Option<u32>, Option<bool>)>,
    ) -> (u32, u8) {
        slave::aggregate_speed(false, slaves)
    }

    /// `bond_miimon_inspect()`: whether a link coming back skips its
    /// updelay, the bond having no slave to transmit on.
    fn ignore_updelay(&self, _bond: &Bond, _list: &SlaveList, _rcu: &RcuRead<'_>) -> bool {
        false
    }

    /// The slave's role in the MII monitor's "link status down for
    /// %sinterface" line ("active ", "backup " or nothing).
    fn link_role(&self, _s: &Slave) -> &'static str {
        ""
    }

    /// `bond_enslave()`'s switch: the new slave's activity and the mode's
    /// per-slave setup (802.3ad: `bond_3ad_bind_slave()`; tlb/alb:
    /// `bond_alb_init_slave()`), before its rx handler and upper link.  An
    /// error undoes the enslave.  RTNL.
    fn slave_bind(&self, _bond: &Bond, s: &Arc<Slave>, _rtnl: &mut Rtnl<'_>) -> Result {
        // Always active in trunk mode.
        s.state.set_active();
        Ok(())
    }

    /// The new slave is published (after the primary modes' selection):
    /// the trunk modes make it the current slave if there is none, without
    /// `bond_change_active_slave()` (it has no special role).  RTNL.
    fn slave_attached(&self, bond: &Bond, dev: &NetDev, s: &Arc<Slave>, rtnl: &mut Rtnl<'_>) {
        if bond.curr_active_rtnl(rtnl).is_none() && s.state.link() == LinkState::Up {
            bond.set_curr_active(Some(s.clone()), rtnl);
            dev.bonding_set_active(Some(&s.dev), rtnl);
        }
    }

    /// `__bond_release_one()`: the slave leaves, after it lost the active
    /// role (802.3ad: `bond_3ad_unbind_slave()`; tlb/alb:
    /// `bond_alb_deinit_slave()`).  RTNL.
    fn slave_unbind(&self, _bond: &Bond, _dev: &NetDev, _s: &Slave, _rtnl: &mut Rtnl<'_>) {}

    /// `bond_miimon_commit()`: the slave's activity as its link is
    /// committed up or down, before the lower state is notified.  The trunk
    /// modes use a slave coming up at once.
    fn link_commit(&self, _bond: &Bond, s: &Slave, up: bool) {
        if up {
            s.state.set_active();
        }
    }

    /// `bond_miimon_commit()`, after the "definitely up/down" line
    /// (802.3ad: `bond_3ad_handle_link_change()`; tlb/alb:
    /// `bond_alb_handle_link_change()`).  RTNL.
    fn link_changed(
        &self,
        _bond: &Bond,
        _dev: &NetDev,
        _s: &Slave,
        _up: bool,
        _rtnl: &mut Rtnl<'_>,
    ) {
    }

    /// `bond_change_active_slave()` before `new` is published as the
    /// active slave (tlb/alb: `bond_alb_handle_active_change()`).  RTNL.
    fn active_changing(&self, _bond: &Bond, _new: Option<&Arc<Slave>>) {}

    /// `bond_change_active_slave()` after `new` is published; `running`:
    /// the bond is up.  RTNL.
    fn active_changed(
        &self,
        _bond: &Bond,
        _dev: &NetDev,
        _old: Option<&Arc<Slave>>,
        _new: Option<&Arc<Slave>>,
        _running: bool,
        _rtnl: &mut Rtnl<'_>,
    ) {
    }

    /// Whether a change of active slave resends the IGMP joins: the
    /// primary modes when there is a new active slave (balance-rr always:
    /// they all went through the active slave).
    fn igmp_resend(&self, new_active: bool) -> bool {
        self.uses_primary() && new_active
    }

    /// A frame received on `slave` (`bond->recv_probe`: 802.3ad's LACPDUs,
    /// alb's ARP), before the delivery decision: `Some` is the verdict.
    /// Runs under RCU.
    fn rx(
        &self,
        _bond: &Bond,
        _slave: &Slave,
        _frame: &RxFrame<'_>,
        _rcu: &RcuRead<'_>,
    ) -> Option<RxVerdict> {
        None
    }

    /// The mode's own periodic work (802.3ad's state machines, alb's
    /// monitor): the delay to the next run, `None` when there is none.
    /// No work item runs it yet (802.3ad adds one).
    #[expect(dead_code)]
    fn periodic(&self, _bond: &Bond, _dev: &NetDev) -> Option<u64> {
        None
    }

    /// `bond_arp_monitor()`: one ARP monitor tick
    /// (`bond_loadbalance_arp_mon()`); returns the delay to the next.
    fn arp_monitor(&self, bond: &Bond, dev: &NetDev, delta: u64) -> u64 {
        bond.lb_arp_mon(dev, delta);
        delta
    }

    /// Event-driven failover with the ARP monitor: the slave's carrier or
    /// administrative state changed.  RTNL.
    fn arp_carrier_lost(&self, _bond: &Bond, _dev: &NetDev, _s: &Slave, _rtnl: &mut Rtnl<'_>) {}

    /// What the mode adds to `/proc/net/bonding/<bond>` after the master's
    /// lines (802.3ad: its "802.3ad info" block).  Runs under RCU.
    fn proc_master(
        &self,
        _bond: &Bond,
        _w: &mut dyn fmt::Write,
        _rcu: &RcuRead<'_>,
    ) -> fmt::Result {
        Ok(())
    }

    /// What the mode adds after a slave's lines in `/proc` (802.3ad: the
    /// aggregator and churn lines).  Runs under RCU.
    fn proc_slave(
        &self,
        _bond: &Bond,
        _s: &Slave,
        _w: &mut dyn fmt::Write,
        _rcu: &RcuRead<'_>,
    ) -> fmt::Result {
        Ok(())
    }
}

/// 802.3ad, balance-tlb and balance-alb: not implemented, so no behaviour.
/// A bond never has one of these modes (they are refused at load time and
/// by the mode option, `Mode::implemented()`); should one be reached, it
/// transmits nothing and takes every trunk default, rather than borrowing
/// another mode's data path.
struct Unimplemented;

impl BondMode for Unimplemented {
    fn xmit(&self, _bond: &Bond, dev: &NetDev, skb: SkBuff, _rcu: &RcuRead<'_>) {
        dev.tx_drop(skb)
    }
}

/// The behaviour of `mode`: the only place a mode number picks behaviour.
pub(crate) fn ops(mode: Mode) -> &'static dyn BondMode {
    match mode {
        Mode::RoundRobin => &round_robin::RoundRobin,
        Mode::ActiveBackup => &active_backup::ActiveBackup,
        Mode::Xor => &xor::Xor,
        Mode::Broadcast => &broadcast::Broadcast,
        Mode::Ieee8023ad | Mode::Tlb | Mode::Alb => &Unimplemented,
    }
}
