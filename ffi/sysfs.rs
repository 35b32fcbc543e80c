// SPDX-License-Identifier: GPL-2.0

//! The sysfs files of a bond (`/sys/class/net/<bond>/bonding/`, made by
//! `ffi/sysfs.c` for every device of the kind) and of its slaves
//! (`/sys/class/net/<slave>/bonding_slave/`, a [`SlaveSysfs`] per slave).
//!
//! Bond files show through [`Device::option_show`](super::Device::option_show)
//! with the `BOND_OPT_*` id of their option, or one of the `SHOW_*` ids
//! below for the files that are no option; they store through
//! [`Device::set_option`](super::Device::set_option) with the written
//! string, under RTNL taken with `rtnl_trylock()` (the write restarts
//! otherwise), and the glue sends `NETDEV_CHANGEINFODATA` after a success
//! (`__bond_opt_set_notify()`).

use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::{c_char, c_int, c_void};
use kernel::prelude::*;

use super::link::{Adapter, Device};
use super::netdev::NetDev;
use super::sync::{RcuRead, Rtnl};

/// `BONDRS_SHOW_MII_STATUS`: the bond's `mii_status` file.  The files that
/// are no option are numbered from 64 in `per_bond_attrs[]` order (beyond
/// `BOND_OPT_LAST`, asserted in the glue), as `options/show.rs` numbers them.
pub(crate) const SHOW_MII_STATUS: u32 = 64;
/// `ad_aggregator`.
pub(crate) const SHOW_AD_AGGREGATOR: u32 = 65;
/// `ad_num_ports`.
pub(crate) const SHOW_AD_NUM_PORTS: u32 = 66;
/// `ad_actor_key`.
pub(crate) const SHOW_AD_ACTOR_KEY: u32 = 67;
/// `ad_partner_key`.
pub(crate) const SHOW_AD_PARTNER_KEY: u32 = 68;
/// `ad_partner_mac`.
pub(crate) const SHOW_AD_PARTNER_MAC: u32 = 69;

/// How many files the glue's per-lower-device sysfs group has
/// (`BONDRS_SLAVE_ATTR_COUNT`, asserted in sysfs.c); [`Device::slave_show`]
/// gets their index in that table.
pub(crate) const SLAVE_SYSFS_FILES: u32 = 8;

extern "C" {
    fn bondrs_slave_sysfs_add(
        slave_dev: *mut bindings::net_device,
        handle: *mut *mut c_void,
    ) -> c_int;
    fn bondrs_slave_sysfs_del(handle: *mut c_void);
}

/// A slave's `/sys/class/net/<slave>/bonding_slave/` directory; dropping it
/// removes the directory (waiting for running reads; process context).
///
/// Each read finds the slave anew, as the netdevice notifier does: the
/// device's rx handler data if its rx handler is this module's, shown by
/// [`Device::slave_show`] of the bond it is linked to; a read shows nothing
/// once the device is no slave of such a bond.  Make it at enslave once the
/// rx handler is registered; drop it at release, before the device can be
/// unregistered.
///
/// # Invariants
///
/// `self.0` is a handle from `bondrs_slave_sysfs_add`, given back once.
pub(crate) struct SlaveSysfs(NonNull<c_void>);

// SAFETY: the handle is a kobject, which may be removed from any thread in
// process context.
unsafe impl Send for SlaveSysfs {}
// SAFETY: `&SlaveSysfs` gives no access to anything.
unsafe impl Sync for SlaveSysfs {}

impl SlaveSysfs {
    /// `bond_kobj_init()` + `bond_sysfs_slave_add()`: the directory of
    /// `slave_dev` (`EEXIST` if the device has one).
    pub(crate) fn add(slave_dev: &NetDev, _rtnl: &mut Rtnl<'_>) -> Result<SlaveSysfs> {
        let mut handle = core::ptr::null_mut();
        // SAFETY: a valid device, RTNL held; the directory's kobject holds
        // a reference to the device's, so the pointer it keeps stays valid
        // memory while it exists; `handle` is writable.
        let r = unsafe { bondrs_slave_sysfs_add(slave_dev.as_ptr(), &mut handle) };
        kernel::error::to_result(r)?;
        // INVARIANT: a handle from `bondrs_slave_sysfs_add` on success.
        NonNull::new(handle).map(SlaveSysfs).ok_or(ENOMEM)
    }
}

impl Drop for SlaveSysfs {
    fn drop(&mut self) {
        // SAFETY: the handle came from `bondrs_slave_sysfs_add` and is given
        // back once (invariant).
        unsafe { bondrs_slave_sysfs_del(self.0.as_ptr()) }
    }
}

impl<T: Device> Adapter<T> {
    /// `->opt_show`: a read of a file of `bonding/`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`] (the group exists only while the device is
    /// registered); `buf` a sysfs page, writable and exclusively ours for
    /// the call.
    pub(super) unsafe extern "C" fn opt_show(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        id: u32,
        buf: *mut c_char,
    ) -> isize {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: sysfs show callbacks get a writable, exclusive page.
        let page =
            unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), kernel::page::PAGE_SIZE) };
        let g = kernel::sync::rcu::read_lock();
        let n = state.option_show(dev, id, page, &RcuRead::from_guard(&g));
        drop(g);
        isize::try_from(n.min(kernel::page::PAGE_SIZE)).unwrap_or(0)
    }

    /// `->slave_show`: a read of a file of `bonding_slave/`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; under `rcu_read_lock()`, `slave` the rx
    /// handler data of a device whose rx handler is this module's (an
    /// `Arc<T::Slave>` reference that lives until a grace period after the
    /// handler is unregistered), linked to `dev`; `buf` a sysfs page.
    pub(super) unsafe extern "C" fn slave_show(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut c_void,
        which: u32,
        buf: *mut c_char,
    ) -> isize {
        if which >= SLAVE_SYSFS_FILES {
            return 0;
        }
        // SAFETY: the glue passes the bond's own state and the bond.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: see above.
        let slave = unsafe { &*slave.cast::<T::Slave>() };
        // SAFETY: the glue holds the RCU read lock for the call.
        let rcu = unsafe { RcuRead::assume_read_side() };
        // SAFETY: sysfs show callbacks get a writable, exclusive page.
        let page =
            unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), kernel::page::PAGE_SIZE) };
        let n = state.slave_show(dev, slave, which, page, &rcu);
        isize::try_from(n.min(kernel::page::PAGE_SIZE)).unwrap_or(0)
    }
}
