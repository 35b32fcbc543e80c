// SPDX-License-Identifier: GPL-2.0

//! Enslave: `bond_enslave()`, with the C driver's checks in its order and
//! its error labels as undo steps.

use core::sync::atomic::{AtomicI32, AtomicU16, AtomicU64, Ordering::Relaxed};

use kernel::prelude::*;
use kernel::str::CStr;
use kernel::sync::Arc;

use super::{Bond, Reg, Slave};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, DevRef, Extack, NetDev, Rtnl, RtnlCell};
use crate::modes;
use crate::options::FailOverMac;
use crate::slave::{self, Activity, LinkState, SlaveState};

impl Bond {
    /// `bond_enslave()`, with its last undo step (`err_undo_flags`).
    pub(crate) fn enslave(
        &self,
        reg: &Reg,
        bond: &NetDev,
        sdev: &NetDev,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let r = self.enslave_steps(reg, bond, sdev, extack, rtnl);
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

    /// `bond_enslave()` but its last undo step ([`Bond::enslave`]).
    fn enslave_steps(
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
        let (miimon, arp_interval, updelay) = {
            let p = self.p();
            (p.miimon, p.arp_interval, p.updelay)
        };
        let (link, delay) =
            slave::initial_link(miimon, arp_interval, updelay, sdev.running_carrier());
        slave.state.set_link(link, delay);
        let now = ffi::jiffies();
        let arp_delta = ffi::msecs_to_jiffies(u32::try_from(arp_interval).unwrap_or(0));
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
