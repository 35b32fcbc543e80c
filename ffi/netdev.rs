// SPDX-License-Identifier: GPL-2.0

//! net_device handles and the operations the driver performs on devices:
//! its own (the master) and the devices it holds (slaves).

use core::fmt;
use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::{c_char, c_int, c_void};
use kernel::prelude::*;
use kernel::str::CStr;
use kernel::types::Opaque;

use super::extack::Extack;
use super::printk::KernLevel;
use super::skb::SkBuff;
use super::sync::Rtnl;
use super::work::{self, WorkItem};

extern "C" {
    fn bondrs_dev_name(dev: *const bindings::net_device) -> *const c_char;
    fn bondrs_carrier_ok(dev: *const bindings::net_device) -> bool;
    fn bondrs_tx_drop(dev: *mut bindings::net_device, skb: *mut bindings::sk_buff);
    fn bondrs_call_notifiers(dev: *mut bindings::net_device, event: u32);
    fn bondrs_linkwatch_pending(dev: *const bindings::net_device) -> bool;
    fn bondrs_need_ops_lock(dev: *const bindings::net_device) -> bool;
    fn bondrs_stats_lock(dev: *mut bindings::net_device);
    fn bondrs_stats_unlock(dev: *mut bindings::net_device);
    fn bondrs_dev_stats(dev: *mut bindings::net_device, out: *mut LinkStats64);
}

/// A bond's `struct net_device`, borrowed for the duration of a callback.
///
/// # Invariants
///
/// `self.0` is a registered (or registering) bond device created by the glue;
/// it stays valid while the `&NetDev` exists.
#[repr(transparent)]
pub(crate) struct NetDev(Opaque<bindings::net_device>);

impl NetDev {
    /// # Safety
    ///
    /// `ptr` is a valid `net_device` for `'a`.
    pub(super) unsafe fn from_raw<'a>(ptr: *mut bindings::net_device) -> &'a NetDev {
        // SAFETY: `NetDev` is a transparent wrapper of `net_device`, and the
        // caller guarantees validity for `'a`.
        unsafe { &*ptr.cast::<NetDev>() }
    }

    pub(super) fn as_ptr(&self) -> *mut bindings::net_device {
        self.0.get()
    }

    /// The interface name.
    pub(crate) fn name(&self) -> &[u8] {
        // SAFETY: by the type invariant the device is valid; `dev->name` is a
        // NUL-terminated array inside it.
        let p = unsafe { bondrs_dev_name(self.as_ptr()) };
        // SAFETY: `p` points into the device, which outlives `&self`.
        unsafe { CStr::from_char_ptr(p) }.to_bytes()
    }

    /// `netif_carrier_ok()`.
    pub(crate) fn carrier_ok(&self) -> bool {
        // SAFETY: by the type invariant the device is valid.
        unsafe { bondrs_carrier_ok(self.as_ptr()) }
    }

    /// Drops a frame the bond cannot send, counting it in `tx_dropped`.
    pub(crate) fn tx_drop(&self, skb: SkBuff) {
        let p = skb.into_raw();
        // SAFETY: the device is valid (type invariant) and `p` is an skb we
        // own, handed over to the glue which frees it.
        unsafe { bondrs_tx_drop(self.as_ptr(), p) }
    }
}

/// The number of `u64` counters in `struct rtnl_link_stats64` (asserted
/// in glue.c as `BONDRS_STATS_WORDS`; the kernel crate's bindings do not
/// include the struct).
pub(crate) const STATS_WORDS: usize = 25;

/// `struct rtnl_link_stats64`, opaque: only ever viewed as its counters.
#[repr(C)]
pub(crate) struct LinkStats64(pub(super) [u64; STATS_WORDS]);

/// Netdevice notifier events a master raises on itself (values asserted in
/// glue.c).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum NetdevEvent {
    /// `NETDEV_BONDING_FAILOVER`.
    Failover = 13,
    /// `NETDEV_NOTIFY_PEERS`: gratuitous ARP / unsolicited NA.
    NotifyPeers = 20,
    /// `NETDEV_RESEND_IGMP`.
    ResendIgmp = 23,
}

/// A net_device the bond holds on to: a slave, or the bond itself.
///
/// # Invariants
///
/// Points to a registered net_device that stays valid while the holder
/// exists: a slave is released (and its `Slave` dropped after a grace
/// period) before its device finishes unregistering, and the bond's own
/// device outlives its slaves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct DevPtr(NonNull<bindings::net_device>);

// SAFETY: a net_device may be used from any thread; the methods below take
// the locks (or tokens) the C API needs.
unsafe impl Send for DevPtr {}
// SAFETY: as above.
unsafe impl Sync for DevPtr {}

/// What enslave checks about a device (mirror of `struct bondrs_slave_facts`).
#[repr(C)]
pub(crate) struct SlaveFacts {
    /// `dev->type`.
    pub(crate) dev_type: u32,
    /// The bond's `dev->type`.
    pub(crate) bond_type: u32,
    /// The device's MTU.
    pub(crate) mtu: u32,
    /// The bond's MTU.
    pub(crate) bond_mtu: u32,
    /// The bond's `dev->flags`.
    pub(crate) bond_flags: u32,
    /// `dev->addr_len`.
    pub(crate) addr_len: u32,
    /// The device's address.
    pub(crate) dev_addr: [u8; 32],
    /// The bond's address.
    pub(crate) bond_addr: [u8; 32],
    /// `ARPHRD_CAN`.
    pub(crate) is_can: bool,
    /// `IFF_MASTER` but not a bond.
    pub(crate) is_master_not_bond: bool,
    /// `netdev_is_rx_handler_busy()`.
    pub(crate) rx_handler_busy: bool,
    /// `NETIF_F_VLAN_CHALLENGED`.
    pub(crate) vlan_challenged: bool,
    /// `vlan_uses_dev(bond)`.
    pub(crate) bond_uses_vlan: bool,
    /// `IFF_UP`.
    pub(crate) is_up: bool,
    /// Has `ndo_set_mac_address`.
    pub(crate) can_set_mac: bool,
    /// The bond's address is random (`NET_ADDR_RANDOM`).
    pub(crate) bond_addr_random: bool,
}

const _: () = assert!(core::mem::size_of::<SlaveFacts>() == 96);

/// `IFF_PROMISC`.
pub(crate) const IFF_PROMISC: u32 = 0x100;
/// `IFF_ALLMULTI`.
pub(crate) const IFF_ALLMULTI: u32 = 0x200;
/// `IFF_UP`.
pub(crate) const IFF_UP: u32 = 0x1;
/// `NETDEV_UNREGISTER` (these three values are asserted in glue.c).
pub(crate) const NETDEV_UNREGISTER: u64 = 6;
/// `NETDEV_UP`.
pub(crate) const NETDEV_UP: u64 = 1;
/// `NETDEV_DOWN`.
pub(crate) const NETDEV_DOWN: u64 = 2;
/// `NETDEV_CHANGE`.
pub(crate) const NETDEV_CHANGE: u64 = 4;

#[allow(improper_ctypes)]
extern "C" {
    fn bondrs_slave_facts(
        bond: *const bindings::net_device,
        dev: *const bindings::net_device,
        f: *mut SlaveFacts,
    );
    fn bondrs_notify_join(dev: *mut bindings::net_device);
    fn bondrs_take_slave_addr(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
    ) -> c_int;
    fn bondrs_random_addr(bond: *mut bindings::net_device);
    fn bondrs_notify_changeaddr_release(bond: *mut bindings::net_device);
    fn bondrs_dev_set_mtu(dev: *mut bindings::net_device, mtu: u32) -> c_int;
    fn bondrs_dev_set_mac(
        dev: *mut bindings::net_device,
        addr: *const u8,
        len: u32,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int;
    fn bondrs_dev_open(
        dev: *mut bindings::net_device,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int;
    fn bondrs_dev_close(dev: *mut bindings::net_device);
    fn bondrs_slave_priv_flags(dev: *mut bindings::net_device, no_addrconf: bool, bonding: bool);
    fn bondrs_speed_duplex(
        dev: *mut bindings::net_device,
        speed: *mut u32,
        duplex: *mut u8,
    ) -> c_int;
    fn bondrs_lock_ops(dev: *mut bindings::net_device);
    fn bondrs_unlock_ops(dev: *mut bindings::net_device);
    fn bondrs_running_carrier(dev: *const bindings::net_device) -> bool;
    fn bondrs_lower_state_changed(
        slave: *mut bindings::net_device,
        link_up: bool,
        tx_enabled: bool,
    );
    fn bondrs_compute_features(bond: *mut bindings::net_device);
    fn bondrs_set_carrier(dev: *mut bindings::net_device, on: bool);
    fn bondrs_promisc_allmulti(
        dev: *mut bindings::net_device,
        promisc: i32,
        allmulti: i32,
    ) -> c_int;
    fn bondrs_addr_lists_sync(
        slave: *mut bindings::net_device,
        bond: *mut bindings::net_device,
        sync: bool,
        bond_addr_locked: bool,
    );
    fn bondrs_xmit_on(skb: *mut bindings::sk_buff, slave: *mut bindings::net_device);
    fn bondrs_slave_printk(
        level: c_int,
        bond: *const bindings::net_device,
        slave: *const bindings::net_device,
        args: *const c_void,
    );
}

impl DevPtr {
    /// The device behind a callback's `&NetDev`.
    pub(crate) fn of(dev: &NetDev) -> DevPtr {
        // INVARIANT: callers keep it only while the device is registered
        // (bond: its own device; slave: until released).
        DevPtr(NonNull::new(dev.as_ptr()).expect("net_device pointers are never NULL"))
    }

    /// # Invariants
    ///
    /// The caller (a trampoline) has a valid device that the driver keeps only
    /// while it is registered.
    pub(super) fn from_nonnull(p: NonNull<bindings::net_device>) -> DevPtr {
        DevPtr(p)
    }

    pub(super) fn p(self) -> *mut bindings::net_device {
        self.0.as_ptr()
    }

    /// Borrows the device as a [`NetDev`].
    pub(crate) fn dev(&self) -> &NetDev {
        // SAFETY: valid while `self` is (type invariant).
        unsafe { NetDev::from_raw(self.p()) }
    }

    /// Enslave's view of this device and the bond.
    pub(crate) fn facts(self, bond: DevPtr, _rtnl: &Rtnl<'_>) -> SlaveFacts {
        let mut f = core::mem::MaybeUninit::<SlaveFacts>::uninit();
        // SAFETY: both devices are valid (invariant), RTNL is held, and the
        // glue writes every field of the mirrored struct (size asserted).
        unsafe {
            bondrs_slave_facts(bond.p(), self.p(), f.as_mut_ptr());
            f.assume_init()
        }
    }

    /// `call_netdevice_notifiers(NETDEV_JOIN, dev)`.
    pub(crate) fn notify_join(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_notify_join(self.p()) }
    }

    /// `bond_set_dev_addr()`: the bond takes `slave`'s address.
    pub(crate) fn take_addr_of(self, slave: DevPtr, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid devices, RTNL held.
        kernel::error::to_result(unsafe { bondrs_take_slave_addr(self.p(), slave.p()) })
    }

    /// `eth_hw_addr_random()` then NETDEV_CHANGEADDR and NETDEV_RELEASE, as
    /// the bond's last slave leaves.
    pub(crate) fn new_random_addr(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe {
            bondrs_random_addr(self.p());
            bondrs_notify_changeaddr_release(self.p());
        }
    }

    /// `dev_set_mtu()`.
    pub(crate) fn set_mtu(self, mtu: u32, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_set_mtu(self.p(), mtu) })
    }

    /// `dev_set_mac_address()`.
    pub(crate) fn set_mac(self, addr: &[u8], extack: Extack<'_>, _rtnl: &mut Rtnl<'_>) -> Result {
        let len = u32::try_from(addr.len()).map_err(|_| EINVAL)?;
        // SAFETY: valid device, RTNL held, `addr` readable for `len` bytes,
        // `extack` NULL or the request's.
        kernel::error::to_result(unsafe {
            bondrs_dev_set_mac(self.p(), addr.as_ptr(), len, extack.as_ptr())
        })
    }

    /// `dev_open()`.
    pub(crate) fn open(self, extack: Extack<'_>, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_open(self.p(), extack.as_ptr()) })
    }

    /// `dev_close()`.
    pub(crate) fn close(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_dev_close(self.p()) }
    }

    /// Sets or clears `IFF_NO_ADDRCONF` and `IFF_BONDING` on a slave.
    pub(crate) fn slave_priv_flags(self, no_addrconf: bool, bonding: bool, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held (priv_flags are RTNL-protected).
        unsafe { bondrs_slave_priv_flags(self.p(), no_addrconf, bonding) }
    }

    /// `bond_update_speed_duplex()`: `(speed, duplex)` or `None` if unknown.
    pub(crate) fn speed_duplex(self, _rtnl: &Rtnl<'_>, lock_ops: bool) -> Option<(u32, u8)> {
        let (mut s, mut d) = (0u32, 0u8);
        // SAFETY: valid device, RTNL held; the instance ops lock is taken
        // unless the caller (a notifier) already holds it.
        let r = unsafe {
            if lock_ops {
                bondrs_lock_ops(self.p());
            }
            let r = bondrs_speed_duplex(self.p(), &mut s, &mut d);
            if lock_ops {
                bondrs_unlock_ops(self.p());
            }
            r
        };
        (r == 0).then_some((s, d))
    }

    /// `netif_running() && netif_carrier_ok()`.
    pub(crate) fn running_carrier(self) -> bool {
        // SAFETY: valid device; both are atomic bit reads.
        unsafe { bondrs_running_carrier(self.p()) }
    }

    /// `netif_carrier_on/off()`.
    pub(crate) fn set_carrier(self, on: bool) {
        // SAFETY: valid device.
        unsafe { bondrs_set_carrier(self.p(), on) }
    }

    /// `netdev_compute_master_upper_features(bond, true)`.
    pub(crate) fn compute_features(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_compute_features(self.p()) }
    }

    /// `dev_set_promiscuity()` / `dev_set_allmulti()` by the given steps.
    pub(crate) fn promisc_allmulti(self, promisc: i32, allmulti: i32) -> Result {
        // SAFETY: valid device; callers hold RTNL or the bond's address lock
        // as the C driver's callers do.
        kernel::error::to_result(unsafe { bondrs_promisc_allmulti(self.p(), promisc, allmulti) })
    }

    /// Syncs (or unsyncs) the bond's unicast and multicast lists to this slave.
    pub(crate) fn addr_lists(self, bond: DevPtr, sync: bool, bond_addr_locked: bool) {
        // SAFETY: valid devices; `bond_addr_locked` tells the glue whether
        // the caller (ndo_set_rx_mode) already holds the bond's address lock.
        unsafe { bondrs_addr_lists_sync(self.p(), bond.p(), sync, bond_addr_locked) }
    }

    /// `netdev_lower_state_changed()`.
    pub(crate) fn lower_state_changed(self, link_up: bool, tx_enabled: bool, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_lower_state_changed(self.p(), link_up, tx_enabled) }
    }

    /// `slave_err/warn/info(bond, slave, ...)`.
    pub(crate) fn slave_log(self, slave: DevPtr, level: KernLevel, args: fmt::Arguments<'_>) {
        // SAFETY: valid devices; `%pA` in the glue's format takes a pointer
        // to the `fmt::Arguments`, alive for the call.
        unsafe {
            bondrs_slave_printk(
                level.number(),
                self.p(),
                slave.p(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// `netdev_err/warn/info(dev, ...)`.
    pub(crate) fn bond_log(self, level: KernLevel, args: fmt::Arguments<'_>) {
        // SAFETY: valid device; a NULL slave selects the bond-only format;
        // `args` is alive for the call.
        unsafe {
            bondrs_slave_printk(
                level.number(),
                self.p(),
                core::ptr::null(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// Queues one of this device's work items after `delay` jiffies (no-op
    /// if it is pending already, or if the device is not of this module's
    /// link kind).
    pub(crate) fn queue_work<W: WorkItem>(self, which: W, delay: u64) {
        work::queue(self.p(), which.index(), delay, false)
    }

    /// `mod_delayed_work()`: runs the work item after `delay` jiffies even
    /// if it was pending for later.
    pub(crate) fn mod_work<W: WorkItem>(self, which: W, delay: u64) {
        work::queue(self.p(), which.index(), delay, true)
    }

    /// `cancel_delayed_work_sync()`; the work items only try RTNL, so this
    /// may run under it.
    pub(crate) fn cancel_work_sync<W: WorkItem>(self, which: W) {
        work::cancel_sync(self.p(), which.index())
    }

    /// Raises a netdevice notifier event on this (bond) device.
    pub(crate) fn notify(self, event: NetdevEvent, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held as `call_netdevice_notifiers`
        // requires.
        unsafe { bondrs_call_notifiers(self.p(), event as u32) }
    }

    /// Whether the device's callbacks run under its instance lock
    /// (`netdev_need_ops_lock()`).
    pub(crate) fn needs_ops_lock(self) -> bool {
        // SAFETY: valid device; reads its ops configuration.
        unsafe { bondrs_need_ops_lock(self.p()) }
    }

    /// Runs `f` holding this bond's stats lock (a spinlock: `f` must not
    /// sleep); for a device of another kind, without a lock.
    pub(crate) fn stats_locked<R>(self, f: impl FnOnce() -> R) -> R {
        // SAFETY: the glue takes the lock in the private area of a device of
        // this module's link kind, and does nothing for any other device.
        unsafe { bondrs_stats_lock(self.p()) };
        let r = f();
        // SAFETY: taken above.
        unsafe { bondrs_stats_unlock(self.p()) };
        r
    }

    /// `dev_get_stats()`.
    pub(crate) fn stats(self) -> [u64; STATS_WORDS] {
        let mut out = LinkStats64([0u64; STATS_WORDS]);
        // SAFETY: valid device; `out` has the layout of
        // `rtnl_link_stats64` (size asserted in glue.c).
        unsafe { bondrs_dev_stats(self.p(), &mut out) };
        out.0
    }

    /// Whether a link-watch event is pending on the device.
    pub(crate) fn linkwatch_pending(self) -> bool {
        // SAFETY: valid device; reads one state bit.
        unsafe { bondrs_linkwatch_pending(self.p()) }
    }

    /// Sends `skb` on this device: `dev_queue_xmit()` with `skb->dev` set
    /// (`bond_dev_queue_xmit()`).
    pub(crate) fn xmit(self, skb: SkBuff) {
        // SAFETY: valid device; the skb's ownership passes to the stack.
        unsafe { bondrs_xmit_on(skb.into_raw(), self.p()) }
    }
}

extern "C" {
    fn bondrs_dev_flags(dev: *const bindings::net_device) -> u32;
    fn bondrs_dev_addr(dev: *const bindings::net_device, buf: *mut u8, size: u32) -> u32;
    fn bondrs_dev_addr_set(dev: *mut bindings::net_device, addr: *const u8);
}

impl DevPtr {
    /// `dev->flags`.
    pub(crate) fn facts_flags(self) -> u32 {
        // SAFETY: valid device (invariant); a READ_ONCE of a field.
        unsafe { bondrs_dev_flags(self.p()) }
    }

    /// The device's hardware address (up to 32 bytes; the rest zero).
    pub(crate) fn facts_addr(self) -> [u8; 32] {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.p(), a.as_mut_ptr(), 32) };
        a
    }

    /// `dev_addr_set()`: `addr` must hold `dev->addr_len` bytes.
    pub(crate) fn addr_set(self, addr: &[u8], _rtnl: &mut Rtnl<'_>) {
        if addr.len() >= self.facts_addr_len() {
            // SAFETY: valid device, RTNL held, `addr` has at least
            // `addr_len` readable bytes (checked just above).
            unsafe { bondrs_dev_addr_set(self.p(), addr.as_ptr()) }
        }
    }

    fn facts_addr_len(self) -> usize {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.p(), a.as_mut_ptr(), 32) as usize }
    }
}
