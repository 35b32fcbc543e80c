// SPDX-License-Identifier: GPL-2.0

//! Release: `__bond_release_one()`, and `bond_uninit()`'s release of every
//! slave.

use kernel::prelude::*;

use super::{Bond, Reg};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, Extack, NetDev, Rtnl, STATS_WORDS};
use crate::options::FailOverMac;
use crate::slave::Activity;

/// Why a slave is released.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Release {
    /// `ip link set dev nomaster` and the like: may fail (no memory), then
    /// having changed nothing.
    Command,
    /// Its device is being unregistered: must complete.
    Unregister,
    /// The bond is going away (`ndo_uninit`), releasing every slave: must
    /// complete.
    All,
}

impl Bond {
    /// `__bond_release_one()`.
    pub(crate) fn release(
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

    /// `bond_uninit()`: releases every slave, as `__bond_release_one(...,
    /// true, true)`.
    pub(crate) fn release_all(&self, reg: &Reg, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
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
}
