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
    fn bondrs_dev_get_by_name(
        dev: *const bindings::net_device,
        name: *const c_char,
        len: usize,
    ) -> *mut bindings::net_device;
    fn bondrs_real_num_tx_queues(dev: *const bindings::net_device) -> u32;
    fn bondrs_dev_ifindex(dev: *const bindings::net_device) -> c_int;
    fn bondrs_tx_drop(dev: *mut bindings::net_device, skb: *mut bindings::sk_buff);
    fn bondrs_call_notifiers(dev: *mut bindings::net_device, event: u32);
    fn bondrs_linkwatch_pending(dev: *const bindings::net_device) -> bool;
    fn bondrs_need_ops_lock(dev: *const bindings::net_device) -> bool;
    fn bondrs_stats_lock(dev: *mut bindings::net_device);
    fn bondrs_stats_unlock(dev: *mut bindings::net_device);
    fn bondrs_dev_stats(dev: *mut bindings::net_device, out: *mut LinkStats64);
}

/// A `struct net_device`: the master a callback runs for, a lower device,
/// or one a [`DevRef`] holds.  Only ever seen by reference: `&'a NetDev` is
/// valid for `'a`.
///
/// # Invariants
///
/// A `&NetDev` points to a live `net_device` for its lifetime: the trampolines
/// make them for the duration of a callback, and [`DevRef`] for as long as it
/// holds its reference count.
#[repr(transparent)]
pub(crate) struct NetDev(Opaque<bindings::net_device>);

// SAFETY: a net_device may be used from any thread; the methods take the
// locks (or the tokens of the locks) that the C API needs.
unsafe impl Send for NetDev {}
// SAFETY: as above.
unsafe impl Sync for NetDev {}

impl PartialEq for NetDev {
    /// The same device.
    fn eq(&self, other: &NetDev) -> bool {
        core::ptr::eq(self, other)
    }
}
impl Eq for NetDev {}

/// A counted reference to a net_device (`dev_hold()` / `dev_put()`): the
/// device's memory stays valid while it exists, and its unregistration
/// waits for it.  A driver holds its lower devices through one and lets it go
/// once it has released them.
///
/// # Invariants
///
/// `self.0` is a net_device on which this value holds one reference.
pub(crate) struct DevRef(NonNull<bindings::net_device>);

// SAFETY: the reference may be taken and dropped on any thread.
unsafe impl Send for DevRef {}
// SAFETY: `&DevRef` only gives `&NetDev`, which is `Sync`.
unsafe impl Sync for DevRef {}

extern "C" {
    fn bondrs_dev_hold(dev: *mut bindings::net_device);
    fn bondrs_dev_put(dev: *mut bindings::net_device);
}

impl DevRef {
    /// Takes a reference to `dev`.
    pub(crate) fn new(dev: &NetDev) -> DevRef {
        // SAFETY: `dev` is valid for the call (type invariant of `&NetDev`).
        unsafe { bondrs_dev_hold(dev.as_ptr()) };
        // INVARIANT: we just took the reference.
        DevRef(NonNull::from(dev).cast())
    }
}

impl core::ops::Deref for DevRef {
    type Target = NetDev;
    fn deref(&self) -> &NetDev {
        // SAFETY: our reference keeps the device valid while `self` lives.
        unsafe { NetDev::from_raw(self.0.as_ptr()) }
    }
}

impl Clone for DevRef {
    fn clone(&self) -> DevRef {
        DevRef::new(self)
    }
}

impl Drop for DevRef {
    fn drop(&mut self) {
        // SAFETY: we hold one reference (invariant) and give it back once.
        unsafe { bondrs_dev_put(self.0.as_ptr()) }
    }
}

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

    /// `__dev_get_by_name()` in this device's namespace: the device named
    /// `name`, valid while RTNL is held.
    pub(crate) fn peer_by_name<'a>(&self, name: &[u8], _rtnl: &'a Rtnl<'_>) -> Option<&'a NetDev> {
        // SAFETY: the device is valid (type invariant), `name` is valid for
        // `name.len()` bytes; RTNL is held (the token), as the lookup needs.
        let p = unsafe { bondrs_dev_get_by_name(self.as_ptr(), name.as_ptr().cast(), name.len()) };
        // SAFETY: a device found under RTNL stays registered, and valid, until
        // RTNL is released, which the token's borrow outlives.
        (!p.is_null()).then(|| unsafe { NetDev::from_raw(p) })
    }

    /// `dev->ifindex`.
    pub(crate) fn ifindex(&self) -> i32 {
        // SAFETY: by the type invariant the device is valid.
        unsafe { bondrs_dev_ifindex(self.as_ptr()) }
    }

    /// `real_num_tx_queues`.
    pub(crate) fn real_num_tx_queues(&self) -> u32 {
        // SAFETY: by the type invariant the device is valid.
        unsafe { bondrs_real_num_tx_queues(self.as_ptr()) }
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

/// `IFF_MASTER`.
pub(crate) const IFF_MASTER: u32 = 0x400;
/// Private flag `IFF_BONDING` (these five values are asserted in glue.c).
pub(crate) const IFF_BONDING: u32 = 0x4;
/// Private flag `IFF_XMIT_DST_RELEASE`.
pub(crate) const IFF_XMIT_DST_RELEASE: u32 = 0x20;
/// Private flag `IFF_TX_SKB_SHARING`.
pub(crate) const IFF_TX_SKB_SHARING: u32 = 0x800;
/// Private flag `IFF_UNICAST_FLT`.
pub(crate) const IFF_UNICAST_FLT: u32 = 0x1000;
/// Private flag `IFF_NO_QUEUE`.
pub(crate) const IFF_NO_QUEUE: u32 = 0x80000;

/// The fields a new device of a link kind gets at its setup, after
/// `ether_setup()` and the ops tables (`struct bondrs_dev_template`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct DeviceTemplate {
    /// `hw_features`: what the user may toggle.
    pub(crate) hw_features: u64,
    /// `features` set on top of `hw_features`.
    pub(crate) features: u64,
    /// `max_mtu`.
    pub(crate) max_mtu: u32,
    /// `IFF_*` set in `flags`.
    pub(crate) flags: u32,
    /// Private `IFF_*` set in `priv_flags`, then
    pub(crate) priv_flags_set: u32,
    /// these cleared.
    pub(crate) priv_flags_clear: u32,
    /// `lltx`: transmit takes no queue lock.
    pub(crate) lltx: bool,
    /// `netns_immutable`: the device cannot change namespaces.
    pub(crate) netns_immutable: bool,
}

/// `BONDRS_DEV_TEMPLATE_SIZE` (asserted in glue.c).
pub(super) const DEV_TEMPLATE_SIZE: usize = 40;
const _: () = assert!(core::mem::size_of::<DeviceTemplate>() == DEV_TEMPLATE_SIZE);

/// Device features (`NETIF_F_*`, `netdev_features.h`).
pub(crate) mod features {
    use kernel::bindings;

    extern "C" {
        fn bondrs_features_master_upper_dev_vlan() -> u64;
        fn bondrs_features_gso_encap_all() -> u64;
        fn bondrs_features_base(features: u64) -> u64;
        fn bondrs_features_increment(all: u64, one: u64, mask: u64) -> u64;
        fn bondrs_features_add_tso(features: u64, mask: u64) -> u64;
    }

    const fn bit(b: u32) -> u64 {
        1 << b
    }

    /// `NETIF_F_HW_VLAN_CTAG_RX`.
    pub(crate) const HW_VLAN_CTAG_RX: u64 = bit(bindings::NETIF_F_HW_VLAN_CTAG_RX_BIT);
    /// `NETIF_F_HW_VLAN_CTAG_TX`.
    pub(crate) const HW_VLAN_CTAG_TX: u64 = bit(bindings::NETIF_F_HW_VLAN_CTAG_TX_BIT);
    /// `NETIF_F_HW_VLAN_CTAG_FILTER`.
    pub(crate) const HW_VLAN_CTAG_FILTER: u64 = bit(bindings::NETIF_F_HW_VLAN_CTAG_FILTER_BIT);
    /// `NETIF_F_HW_VLAN_STAG_RX`.
    pub(crate) const HW_VLAN_STAG_RX: u64 = bit(bindings::NETIF_F_HW_VLAN_STAG_RX_BIT);
    /// `NETIF_F_HW_VLAN_STAG_TX`.
    pub(crate) const HW_VLAN_STAG_TX: u64 = bit(bindings::NETIF_F_HW_VLAN_STAG_TX_BIT);
    /// `NETIF_F_HW_VLAN_STAG_FILTER`.
    pub(crate) const HW_VLAN_STAG_FILTER: u64 = bit(bindings::NETIF_F_HW_VLAN_STAG_FILTER_BIT);
    /// `NETIF_F_GSO_PARTIAL`.
    pub(crate) const GSO_PARTIAL: u64 = bit(bindings::NETIF_F_GSO_PARTIAL_BIT);

    /// `MASTER_UPPER_DEV_VLAN_FEATURES`: what a master offers the VLANs on it.
    pub(crate) fn master_upper_dev_vlan() -> u64 {
        // SAFETY: returns a constant.
        unsafe { bondrs_features_master_upper_dev_vlan() }
    }

    /// `NETIF_F_GSO_ENCAP_ALL`: segmentation of every tunnel type.
    pub(crate) fn gso_encap_all() -> u64 {
        // SAFETY: returns a constant.
        unsafe { bondrs_features_gso_encap_all() }
    }

    /// `netdev_base_features()`: what an upper device starts from before
    /// adding its lower devices' features.
    pub(crate) fn base(features: u64) -> u64 {
        // SAFETY: pure bit arithmetic.
        unsafe { bondrs_features_base(features) }
    }

    /// `netdev_increment_features()`: `all` with a lower device's `one`
    /// folded in, within `mask`.
    pub(crate) fn increment(all: u64, one: u64, mask: u64) -> u64 {
        // SAFETY: pure bit arithmetic.
        unsafe { bondrs_features_increment(all, one, mask) }
    }

    /// `netdev_add_tso_features()`.
    pub(crate) fn add_tso(features: u64, mask: u64) -> u64 {
        // SAFETY: pure bit arithmetic.
        unsafe { bondrs_features_add_tso(features, mask) }
    }
}

/// `IFF_PROMISC`.
pub(crate) const IFF_PROMISC: u32 = 0x100;
/// `IFF_ALLMULTI`.
pub(crate) const IFF_ALLMULTI: u32 = 0x200;
/// `IFF_UP`.
pub(crate) const IFF_UP: u32 = 0x1;
/// `IFF_MULTICAST`.
pub(crate) const IFF_MULTICAST: u32 = 0x1000;
/// `IFF_SLAVE`.
pub(crate) const IFF_SLAVE: u32 = 0x800;
/// `NETDEV_UNREGISTER` (these three values are asserted in glue.c).
pub(crate) const NETDEV_UNREGISTER: u64 = 6;
/// `NETDEV_UP`.
pub(crate) const NETDEV_UP: u64 = 1;
/// `NETDEV_DOWN`.
pub(crate) const NETDEV_DOWN: u64 = 2;
/// `NETDEV_CHANGENAME`.
pub(crate) const NETDEV_CHANGENAME: u64 = 11;
/// `NETDEV_CHANGE`.
pub(crate) const NETDEV_CHANGE: u64 = 4;
/// `NETDEV_FEAT_CHANGE`.
pub(crate) const NETDEV_FEAT_CHANGE: u64 = 12;
/// `NETDEV_RESEND_IGMP`.
pub(crate) const NETDEV_RESEND_IGMP: u64 = 23;

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
    fn bondrs_netif_set_mtu(dev: *mut bindings::net_device, mtu: u32) -> c_int;
    fn bondrs_vlan_vid_add(dev: *mut bindings::net_device, proto: u16, vid: u16) -> c_int;
    fn bondrs_vlan_vid_del(dev: *mut bindings::net_device, proto: u16, vid: u16);
    fn bondrs_vlan_vids_add_by_dev(
        dev: *mut bindings::net_device,
        by_dev: *const bindings::net_device,
    ) -> c_int;
    fn bondrs_vlan_vids_del_by_dev(
        dev: *mut bindings::net_device,
        by_dev: *const bindings::net_device,
    );
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
    fn bondrs_dev_features(dev: *const bindings::net_device) -> u64;
    fn bondrs_link_ksettings(
        dev: *mut bindings::net_device,
        speed: *mut u32,
        duplex: *mut u8,
    ) -> c_int;
    fn bondrs_lock_ops(dev: *mut bindings::net_device);
    fn bondrs_unlock_ops(dev: *mut bindings::net_device);
    fn bondrs_running_carrier(dev: *const bindings::net_device) -> bool;
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

impl NetDev {
    /// Enslave's view of this device and the bond.
    pub(crate) fn facts(&self, bond: &NetDev, _rtnl: &Rtnl<'_>) -> SlaveFacts {
        let mut f = core::mem::MaybeUninit::<SlaveFacts>::uninit();
        // SAFETY: both devices are valid (invariant), RTNL is held, and the
        // glue writes every field of the mirrored struct (size asserted).
        unsafe {
            bondrs_slave_facts(bond.as_ptr(), self.as_ptr(), f.as_mut_ptr());
            f.assume_init()
        }
    }

    /// `call_netdevice_notifiers(NETDEV_JOIN, dev)`.
    pub(crate) fn notify_join(&self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_notify_join(self.as_ptr()) }
    }

    /// `bond_set_dev_addr()`: the bond takes `slave`'s address.
    pub(crate) fn take_addr_of(&self, slave: &NetDev, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid devices, RTNL held.
        kernel::error::to_result(unsafe { bondrs_take_slave_addr(self.as_ptr(), slave.as_ptr()) })
    }

    /// `eth_hw_addr_random()` then NETDEV_CHANGEADDR and NETDEV_RELEASE, as
    /// the bond's last slave leaves.
    pub(crate) fn new_random_addr(&self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe {
            bondrs_random_addr(self.as_ptr());
            bondrs_notify_changeaddr_release(self.as_ptr());
        }
    }

    /// `eth_hw_addr_random()` alone, without notifiers (enslave's undo of
    /// a first slave's address).
    pub(crate) fn random_addr(&self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_random_addr(self.as_ptr()) }
    }

    /// `dev_set_mtu()`.
    pub(crate) fn set_mtu(&self, mtu: u32, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_set_mtu(self.as_ptr(), mtu) })
    }

    /// `__netif_set_mtu()` under the instance ops lock, as
    /// `__bond_release_one()` restores the MTU of a device being
    /// unregistered: no NETDEV_PRECHANGEMTU/CHANGEMTU notifiers on it.
    /// Not from a notifier that holds the ops lock already (NETDEV_UNREGISTER
    /// runs without it).
    pub(crate) fn set_mtu_unregistering(&self, mtu: u32, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held; the ops lock is taken here and
        // held across the call, as `__netif_set_mtu()` requires for an
        // ops-locked device, and no caller holds it already.
        kernel::error::to_result(unsafe {
            bondrs_lock_ops(self.as_ptr());
            let r = bondrs_netif_set_mtu(self.as_ptr(), mtu);
            bondrs_unlock_ops(self.as_ptr());
            r
        })
    }

    /// `vlan_vid_add()`: takes a reference on VLAN `vid` of `proto` (the
    /// TPID, host order) on this device, programming its filter if it has one.
    pub(crate) fn vlan_vid_add(&self, proto: u16, vid: u16, _rtnl: &Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held as vlan_vid_add() asserts.
        kernel::error::to_result(unsafe { bondrs_vlan_vid_add(self.as_ptr(), proto, vid) })
    }

    /// `vlan_vid_del()`: drops a reference taken by [`Self::vlan_vid_add`].
    pub(crate) fn vlan_vid_del(&self, proto: u16, vid: u16, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid device, RTNL held as vlan_vid_del() asserts.
        unsafe { bondrs_vlan_vid_del(self.as_ptr(), proto, vid) }
    }

    /// `vlan_vids_add_by_dev()`: this device takes every VLAN `by` filters
    /// (undone on failure).
    pub(crate) fn vlan_vids_add_by_dev(&self, by: &NetDev, _rtnl: &Rtnl<'_>) -> Result {
        // SAFETY: valid devices, RTNL held as vlan_vids_add_by_dev() asserts.
        kernel::error::to_result(unsafe { bondrs_vlan_vids_add_by_dev(self.as_ptr(), by.as_ptr()) })
    }

    /// `vlan_vids_del_by_dev()`: undoes [`Self::vlan_vids_add_by_dev`].
    pub(crate) fn vlan_vids_del_by_dev(&self, by: &NetDev, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid devices, RTNL held as vlan_vids_del_by_dev() asserts.
        unsafe { bondrs_vlan_vids_del_by_dev(self.as_ptr(), by.as_ptr()) }
    }

    /// `dev_set_mac_address()`.
    pub(crate) fn set_mac(&self, addr: &[u8], extack: Extack<'_>, _rtnl: &mut Rtnl<'_>) -> Result {
        let len = u32::try_from(addr.len()).map_err(|_| EINVAL)?;
        // SAFETY: valid device, RTNL held, `addr` readable for `len` bytes,
        // `extack` NULL or the request's.
        kernel::error::to_result(unsafe {
            bondrs_dev_set_mac(self.as_ptr(), addr.as_ptr(), len, extack.as_ptr())
        })
    }

    /// `dev_open()`.
    pub(crate) fn open(&self, extack: Extack<'_>, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_open(self.as_ptr(), extack.as_ptr()) })
    }

    /// `dev_close()`.
    pub(crate) fn close(&self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_dev_close(self.as_ptr()) }
    }

    /// Sets or clears `IFF_NO_ADDRCONF` and `IFF_BONDING` on a slave.
    pub(crate) fn slave_priv_flags(&self, no_addrconf: bool, bonding: bool, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held (priv_flags are RTNL-protected).
        unsafe { bondrs_slave_priv_flags(self.as_ptr(), no_addrconf, bonding) }
    }

    /// `netif_get_link_ksettings()`: the `(speed, duplex)` the device
    /// reports (`SPEED_UNKNOWN`, `DUPLEX_UNKNOWN` included), `None` if it
    /// reports none.
    pub(crate) fn speed_duplex(&self, _rtnl: &Rtnl<'_>, lock_ops: bool) -> Option<(u32, u8)> {
        let (mut s, mut d) = (0u32, 0u8);
        // SAFETY: valid device, RTNL held; the instance ops lock is taken
        // unless the caller (a notifier) already holds it.
        let r = unsafe {
            if lock_ops {
                bondrs_lock_ops(self.as_ptr());
            }
            let r = bondrs_link_ksettings(self.as_ptr(), &mut s, &mut d);
            if lock_ops {
                bondrs_unlock_ops(self.as_ptr());
            }
            r
        };
        (r == 0).then_some((s, d))
    }

    /// `dev->features`.
    pub(crate) fn features(&self) -> u64 {
        // SAFETY: valid device; a plain read of a word RTNL writes (a racy
        // read gives an old or a new value, as in C).
        unsafe { bondrs_dev_features(self.as_ptr()) }
    }

    /// `netif_running() && netif_carrier_ok()`.
    pub(crate) fn running_carrier(&self) -> bool {
        // SAFETY: valid device; both are atomic bit reads.
        unsafe { bondrs_running_carrier(self.as_ptr()) }
    }

    /// `netif_carrier_on/off()`.
    pub(crate) fn set_carrier(&self, on: bool) {
        // SAFETY: valid device.
        unsafe { bondrs_set_carrier(self.as_ptr(), on) }
    }

    /// `netdev_compute_master_upper_features(bond, true)`.
    pub(crate) fn compute_features(&self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_compute_features(self.as_ptr()) }
    }

    /// `dev_set_promiscuity()` / `dev_set_allmulti()` by the given steps.
    pub(crate) fn promisc_allmulti(&self, promisc: i32, allmulti: i32) -> Result {
        // SAFETY: valid device; callers hold RTNL or the bond's address lock
        // as the C driver's callers do.
        kernel::error::to_result(unsafe {
            bondrs_promisc_allmulti(self.as_ptr(), promisc, allmulti)
        })
    }

    /// Syncs (or unsyncs) the bond's unicast and multicast lists to this slave.
    pub(crate) fn addr_lists(&self, bond: &NetDev, sync: bool, bond_addr_locked: bool) {
        // SAFETY: valid devices; `bond_addr_locked` tells the glue whether
        // the caller (ndo_set_rx_mode) already holds the bond's address lock.
        unsafe { bondrs_addr_lists_sync(self.as_ptr(), bond.as_ptr(), sync, bond_addr_locked) }
    }

    /// `slave_err/warn/info(bond, slave, ...)`.
    pub(crate) fn slave_log(&self, slave: &NetDev, level: KernLevel, args: fmt::Arguments<'_>) {
        // SAFETY: valid devices; `%pA` in the glue's format takes a pointer
        // to the `fmt::Arguments`, alive for the call.
        unsafe {
            bondrs_slave_printk(
                level.number(),
                self.as_ptr(),
                slave.as_ptr(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// `netdev_err/warn/info(dev, ...)`.
    pub(crate) fn bond_log(&self, level: KernLevel, args: fmt::Arguments<'_>) {
        // SAFETY: valid device; a NULL slave selects the bond-only format;
        // `args` is alive for the call.
        unsafe {
            bondrs_slave_printk(
                level.number(),
                self.as_ptr(),
                core::ptr::null(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// Queues one of this device's work items after `delay` jiffies (no-op
    /// if it is pending already, or if the device is not of this module's
    /// link kind).
    pub(crate) fn queue_work<W: WorkItem>(&self, which: W, delay: u64) {
        work::queue(self, which.index(), delay, false)
    }

    /// `mod_delayed_work()`: runs the work item after `delay` jiffies even
    /// if it was pending for later.
    pub(crate) fn mod_work<W: WorkItem>(&self, which: W, delay: u64) {
        work::queue(self, which.index(), delay, true)
    }

    /// `cancel_delayed_work_sync()`; the work items only try RTNL, so this
    /// may run under it.
    pub(crate) fn cancel_work_sync<W: WorkItem>(&self, which: W) {
        work::cancel_sync(self, which.index())
    }

    /// Raises a netdevice notifier event on this (bond) device.
    pub(crate) fn notify(&self, event: NetdevEvent, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held as `call_netdevice_notifiers`
        // requires.
        unsafe { bondrs_call_notifiers(self.as_ptr(), event as u32) }
    }

    /// Whether the device's callbacks run under its instance lock
    /// (`netdev_need_ops_lock()`).
    pub(crate) fn needs_ops_lock(&self) -> bool {
        // SAFETY: valid device; reads its ops configuration.
        unsafe { bondrs_need_ops_lock(self.as_ptr()) }
    }

    /// Runs `f` holding this bond's stats lock (a spinlock: `f` must not
    /// sleep); for a device of another kind, without a lock.
    pub(crate) fn stats_locked<R>(&self, f: impl FnOnce() -> R) -> R {
        // SAFETY: the glue takes the lock in the private area of a device of
        // this module's link kind, and does nothing for any other device.
        unsafe { bondrs_stats_lock(self.as_ptr()) };
        let r = f();
        // SAFETY: taken above.
        unsafe { bondrs_stats_unlock(self.as_ptr()) };
        r
    }

    /// `dev_get_stats()`.
    pub(crate) fn stats(&self) -> [u64; STATS_WORDS] {
        let mut out = LinkStats64([0u64; STATS_WORDS]);
        // SAFETY: valid device; `out` has the layout of
        // `rtnl_link_stats64` (size asserted in glue.c).
        unsafe { bondrs_dev_stats(self.as_ptr(), &mut out) };
        out.0
    }

    /// Whether a link-watch event is pending on the device.
    pub(crate) fn linkwatch_pending(&self) -> bool {
        // SAFETY: valid device; reads one state bit.
        unsafe { bondrs_linkwatch_pending(self.as_ptr()) }
    }

    /// Sends `skb` on this device: `dev_queue_xmit()` with `skb->dev` set
    /// (`bond_dev_queue_xmit()`).
    pub(crate) fn xmit(&self, skb: SkBuff) {
        // SAFETY: valid device; the skb's ownership passes to the stack.
        unsafe { bondrs_xmit_on(skb.into_raw(), self.as_ptr()) }
    }
}

extern "C" {
    fn bondrs_dev_flags(dev: *const bindings::net_device) -> u32;
    fn bondrs_dev_addr(dev: *const bindings::net_device, buf: *mut u8, size: u32) -> u32;
    fn bondrs_dev_addr_set(dev: *mut bindings::net_device, addr: *const u8);
}

impl NetDev {
    /// `dev->flags`.
    pub(crate) fn facts_flags(&self) -> u32 {
        // SAFETY: valid device (invariant); a READ_ONCE of a field.
        unsafe { bondrs_dev_flags(self.as_ptr()) }
    }

    /// The device's hardware address (up to 32 bytes; the rest zero).
    pub(crate) fn facts_addr(&self) -> [u8; 32] {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.as_ptr(), a.as_mut_ptr(), 32) };
        a
    }

    /// `dev_addr_set()`: `addr` must hold `dev->addr_len` bytes.
    pub(crate) fn addr_set(&self, addr: &[u8], _rtnl: &mut Rtnl<'_>) {
        if addr.len() >= self.facts_addr_len() {
            // SAFETY: valid device, RTNL held, `addr` has at least
            // `addr_len` readable bytes (checked just above).
            unsafe { bondrs_dev_addr_set(self.as_ptr(), addr.as_ptr()) }
        }
    }

    fn facts_addr_len(&self) -> usize {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.as_ptr(), a.as_mut_ptr(), 32) as usize }
    }
}
