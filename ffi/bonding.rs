// SPDX-License-Identifier: GPL-2.0

//! The in-kernel contract of `IFF_BONDING`: in-tree code that sees
//! `netif_is_bond_master()` or `netif_is_bond_slave()` reads the master's
//! private area as `struct bonding` and a slave's rx handler data as
//! `struct slave` (`include/net/bonding.h`: RoCE GID management, mlx4/mlx5/
//! hns, switch drivers).  The glue keeps a real, zeroed `struct bonding` at
//! the start of the bond's private area and a real `struct slave` as each
//! slave's handler data; this file is how the driver keeps the fields those
//! readers use up to date: the mode, the active slave, and each slave's link,
//! backup and inactive state.

use kernel::bindings;

use super::netdev::NetDev;
use super::sync::Rtnl;

/// `BOND_LINK_UP`, `_FAIL`, `_DOWN`, `_BACK` (asserted in glue.c).
pub(crate) const BOND_LINK_UP: i8 = 0;
/// `BOND_LINK_FAIL`.
pub(crate) const BOND_LINK_FAIL: i8 = 1;
/// `BOND_LINK_DOWN`.
pub(crate) const BOND_LINK_DOWN: i8 = 2;
/// `BOND_LINK_BACK`.
pub(crate) const BOND_LINK_BACK: i8 = 3;

extern "C" {
    fn bondrs_shadow_set_mode(bond: *mut bindings::net_device, mode: u32);
    fn bondrs_shadow_set_active(bond: *mut bindings::net_device, slave: *mut bindings::net_device);
    fn bondrs_lower_state_changed(
        slave: *mut bindings::net_device,
        link: i8,
        link_up: bool,
        tx_enabled: bool,
        inactive: bool,
    );
}

impl NetDev {
    /// `bond->params.mode` as in-tree readers see it (`BOND_MODE_*`);
    /// nothing for a device of another kind.
    pub(crate) fn bonding_set_mode(&self, mode: u32) {
        // SAFETY: valid device; the glue checks the kind and writes one field
        // of its private area with WRITE_ONCE.
        unsafe { bondrs_shadow_set_mode(self.as_ptr(), mode) }
    }

    /// `bond->curr_active_slave` as in-tree readers see it: `slave`'s
    /// shadow `struct slave` (only a slave of this bond), or none.
    pub(crate) fn bonding_set_active(&self, slave: Option<&NetDev>, _rtnl: &mut Rtnl<'_>) {
        let s = slave.map_or(core::ptr::null_mut(), |s| s.as_ptr());
        // SAFETY: valid devices, RTNL held; the glue checks both kinds and
        // publishes with rcu_assign_pointer.
        unsafe { bondrs_shadow_set_active(self.as_ptr(), s) }
    }

    /// `bond_lower_state_changed()` on this slave: `netdev_lower_state_
    /// changed()` with `link_up` and `tx_enabled`, and the shadow `struct
    /// slave`'s `link` (`BOND_LINK_*`), `backup` (`!tx_enabled`) and
    /// `inactive`.
    pub(crate) fn lower_state_changed(
        &self,
        link: i8,
        link_up: bool,
        tx_enabled: bool,
        inactive: bool,
        _rtnl: &mut Rtnl<'_>,
    ) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_lower_state_changed(self.as_ptr(), link, link_up, tx_enabled, inactive) }
    }
}
