// SPDX-License-Identifier: GPL-2.0

//! The bond device's operations that reach its slaves (`bond_main.c`):
//! the fields `bond_setup()` gives a new bond, `bond_open()`'s role reset, `bond_change_mtu()`, the VLAN ids
//! (`bond_vlan_rx_add_vid()`/`bond_vlan_rx_kill_vid()`),
//! `bond_set_mac_address()`, the link settings' speed and duplex, and the
//! netdevice events on the bond and on its slaves.

use kernel::prelude::*;
use kernel::sync::{rcu, Arc};

use super::{Bond, Reg, Release, Slave};
use core::sync::atomic::Ordering::Relaxed;

use crate::ffi::printk::KernLevel;
use crate::ffi::{
    self, features, DevRef, DeviceTemplate, Extack, NetDev, NetdevEvent, RcuRead, Rtnl,
};
use crate::options::FailOverMac;
use crate::slave;
use crate::util::fmt::CStrDisplay;

/// `ETH_MAX_MTU`.
const ETH_MAX_MTU: u32 = 65535;

impl Bond {
    /// What `bond_setup()` sets on a new bond after its ops: a master
    /// (`IFF_MASTER`, `IFF_BONDING`) without a queue or a queue lock, that
    /// filters unicast addresses on its slaves, stays in its namespace, and
    /// offers the VLANs on it what a master offers (hardware VLAN tagging
    /// and filtering, every tunnel's segmentation, partial GSO).  The
    /// slaves narrow the features later (`netdev_compute_master_upper_features()`).
    /// Not the C driver's `BOND_XFRM_FEATURES`: bonding_rs has no
    /// `xfrmdev_ops`, so it offers no IPsec offload.
    pub(crate) fn device_template() -> DeviceTemplate {
        let hw = features::master_upper_dev_vlan()
            | features::HW_VLAN_CTAG_RX
            | features::HW_VLAN_CTAG_FILTER
            | features::HW_VLAN_STAG_RX
            | features::HW_VLAN_STAG_FILTER
            | features::gso_encap_all();
        DeviceTemplate {
            hw_features: hw,
            features: features::HW_VLAN_CTAG_TX | features::HW_VLAN_STAG_TX | features::GSO_PARTIAL,
            max_mtu: ETH_MAX_MTU,
            flags: ffi::IFF_MASTER,
            priv_flags_set: ffi::IFF_BONDING | ffi::IFF_UNICAST_FLT | ffi::IFF_NO_QUEUE,
            priv_flags_clear: ffi::IFF_XMIT_DST_RELEASE | ffi::IFF_TX_SKB_SHARING,
            lltx: true,
            netns_immutable: true,
        }
    }

    /// `bond_fix_features()`: from the base of the `features` asked for,
    /// each slave's features folded in, then the TSO ones.
    pub(crate) fn fix_features(&self, features: u64, rtnl: &Rtnl<'_>) -> u64 {
        let mut f = features::base(features);
        if let Some(l) = self.slaves.get_rtnl(rtnl) {
            for s in l.slaves.iter() {
                f = features::increment(f, s.dev.features(), features);
            }
        }
        features::add_tso(f, features)
    }

    /// `bond_open()`: resets the slaves' active/backup flags, starts the
    /// monitors.  ndo_open runs under RTNL.
    pub(crate) fn open_dev(&self, dev: &NetDev) {
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        if let Some(l) = self.slaves(&rcu) {
            for s in l.slaves.iter() {
                if self.uses_primary() && !self.is_curr_active(s) {
                    s.state.set_backup(self.p().all_slaves_active != 0);
                } else {
                    s.state.set_active();
                }
            }
        }
        drop(g);
        self.start_monitors(dev);
    }

    /// The link settings' speed and duplex (`bond_ethtool_get_link_ksettings()`):
    /// each slave that can transmit refreshes its own, the mode aggregates
    /// them.
    pub(crate) fn link_speed_duplex(&self, rtnl: &Rtnl<'_>) -> (u32, u8) {
        let Some(list) = self.slaves_rtnl(rtnl) else {
            return (slave::SPEED_UNKNOWN, slave::DUPLEX_UNKNOWN);
        };
        let mut usable = list.slaves.iter().filter(|s| s.can_tx()).map(|s| {
            s.state.set_speed_duplex(s.dev.speed_duplex(rtnl, true));
            (s.state.speed(), s.state.duplex())
        });
        self.mode_ops().aggregate_speed(&mut usable)
    }

    /// `bond_change_mtu()`: every slave in order; on a failure the ones
    /// already changed go back, and the bond keeps its MTU.
    pub(crate) fn set_slaves_mtu(&self, old: u32, new: u32, rtnl: &mut Rtnl<'_>) -> Result {
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

    /// `bond_vlan_rx_add_vid()` / `bond_vlan_rx_kill_vid()`: to every
    /// slave; an add that fails takes it back from the slaves before that
    /// one.
    pub(crate) fn vlan_vid(&self, proto: u16, vid: u16, add: bool, rtnl: &Rtnl<'_>) -> Result {
        let Some(list) = self.slaves_rtnl(rtnl) else {
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

    /// `bond_set_mac_address()`: nothing to do with fail_over_mac in
    /// active-backup; a valid unicast address; every slave first,
    /// unwinding on failure, then the bond.
    pub(crate) fn set_bond_mac(&self, bond: &NetDev, addr: &[u8], rtnl: &mut Rtnl<'_>) -> Result {
        if self.fail_over_mac() != FailOverMac::None {
            return Ok(());
        }
        let valid = addr.first().is_some_and(|b| b & 1 == 0) && addr.iter().any(|&b| b != 0);
        if !valid {
            return Err(EADDRNOTAVAIL);
        }
        let old = bond.facts_addr();
        let slaves: KVec<DevRef> = match self.slaves_rtnl(rtnl) {
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

    /// A netdevice event on the bond itself (`bond_master_netdev_event()`):
    /// `bond_event_changename()`, the /proc file follows the name.
    pub(crate) fn netdev_event(&self, reg: &Reg, dev: &NetDev, event: u64, rtnl: &mut Rtnl<'_>) {
        if event == ffi::NETDEV_CHANGENAME {
            reg.proc_refresh(dev, rtnl);
        }
    }

    /// A slave was renamed: with a `primary` set, the primary slave follows
    /// the name (`bond_slave_netdev_event()`'s `NETDEV_CHANGENAME`).
    fn slave_renamed(&self, bond: &NetDev, slave: &Arc<Slave>, dev: &NetDev, rtnl: &mut Rtnl<'_>) {
        if !self.uses_primary() {
            return;
        }
        let named = match self.p().primary_name() {
            None => return,
            Some(name) => name == dev.name(),
        };
        let had_primary = self.primary.get_rtnl(rtnl).is_some();
        if self.primary.holds(slave) {
            self.primary.set(None, rtnl);
        } else if named {
            self.primary.set(Some(slave.clone()), rtnl);
        } else {
            return;
        }
        // As the C driver, "none" when there was no primary before.
        let shown: &[u8] = if had_primary { dev.name() } else { b"none" };
        bond.bond_log(
            KernLevel::Info,
            format_args!(
                "Primary slave changed to {}, reselecting active slave",
                CStrDisplay(shown)
            ),
        );
        self.select_active(bond, rtnl);
    }

    /// A netdevice event on slave `slave` (device `dev`) of `bond`
    /// (`bond_slave_netdev_event()`).
    pub(crate) fn slave_netdev_event(
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
            ffi::NETDEV_CHANGENAME => self.slave_renamed(bond, slave, dev, rtnl),
            ffi::NETDEV_FEAT_CHANGE => {
                if !self.notifier_ctx.swap(true, Relaxed) {
                    bond.compute_features(rtnl);
                    self.notifier_ctx.store(false, Relaxed);
                }
            }
            // Propagated to the bond.
            ffi::NETDEV_RESEND_IGMP => bond.notify(NetdevEvent::ResendIgmp, rtnl),
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
}
