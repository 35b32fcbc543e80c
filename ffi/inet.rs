// SPDX-License-Identifier: GPL-2.0

//! IPv4 and IPv6: routes, a device's addresses, the devices stacked on a
//! device, VLAN tags, and the ARP and neighbour-discovery frames the core
//! builds (`net/ipv4/arp.c`, `net/ipv6/ndisc.c`).
//!
//! A device found here under RCU (a route's device, an upper device) is
//! borrowed for as long as the [`RcuRead`] token: `unregister_netdevice()`
//! waits for a grace period before a device is freed.

use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::c_void;

use super::netdev::NetDev;
use super::skb::SkBuff;
use super::sync::{RcuRead, Rtnl};

extern "C" {
    fn bondrs_route4_dev(dev: *const bindings::net_device, daddr: u32)
        -> *mut bindings::net_device;
    fn bondrs_inet_confirm_addr(dev: *mut bindings::net_device, dst: u32, local: u32) -> u32;
    fn bondrs_upper_next_rcu(
        dev: *mut bindings::net_device,
        iter: *mut *mut c_void,
    ) -> *mut bindings::net_device;
    fn bondrs_vlan_dev_tag(dev: *const bindings::net_device, proto: *mut u16, id: *mut u16)
        -> bool;
    fn bondrs_arp_request(
        dev: *mut bindings::net_device,
        dip: u32,
        sip: u32,
    ) -> *mut bindings::sk_buff;
    fn bondrs_arp_xmit(skb: *mut bindings::sk_buff);
    fn bondrs_vlan_insert(
        skb: *mut bindings::sk_buff,
        proto: u16,
        id: u16,
    ) -> *mut bindings::sk_buff;
    fn bondrs_vlan_hwaccel(skb: *mut bindings::sk_buff, proto: u16, id: u16);
    fn bondrs_ipv6_enabled() -> bool;
    fn bondrs_route6_dev(
        dev: *const bindings::net_device,
        daddr: *const bindings::in6_addr,
    ) -> *mut bindings::net_device;
    fn bondrs_ipv6_chk_addr(
        dev: *mut bindings::net_device,
        addr: *const bindings::in6_addr,
    ) -> bool;
    fn bondrs_ipv6_saddr(
        dev: *mut bindings::net_device,
        daddr: *const bindings::in6_addr,
        saddr: *mut bindings::in6_addr,
    ) -> bool;
    fn bondrs_ndisc_ns(
        dev: *mut bindings::net_device,
        target: *const bindings::in6_addr,
        saddr: *const bindings::in6_addr,
    ) -> *mut bindings::sk_buff;
    fn bondrs_ndisc_send(
        skb: *mut bindings::sk_buff,
        daddr: *const bindings::in6_addr,
        saddr: *const bindings::in6_addr,
    );
    fn bondrs_dev_mc_ndisc(
        dev: *mut bindings::net_device,
        group: *const bindings::in6_addr,
        add: bool,
    );
}

// An IPv6 address crosses as its 16 bytes.
const _: () = assert!(core::mem::size_of::<bindings::in6_addr>() == 16);

/// An IPv6 address as the C side reads it.
fn in6(a: &[u8; 16]) -> *const bindings::in6_addr {
    a.as_ptr().cast()
}

/// `ipv6_mod_enabled()`: IPv6 was not disabled at boot.  The IPv6 methods
/// below do nothing useful when it was (no route, no address, no frame).
pub(crate) fn ipv6_enabled() -> bool {
    // SAFETY: reads a boot-time setting; no arguments.
    unsafe { bondrs_ipv6_enabled() }
}

/// A device met under RCU, borrowed for the token's life.
///
/// # Safety
///
/// `p` is NULL or a device reached under RCU (a route's or an adjacency
/// list's), which is not freed before the read side ends.
unsafe fn rcu_dev<'r>(p: *mut bindings::net_device, _rcu: &'r RcuRead<'_>) -> Option<&'r NetDev> {
    // SAFETY: per the function's contract the device outlives `'r`, the
    // borrow of the read-side token.
    (!p.is_null()).then(|| unsafe { NetDev::from_raw(p) })
}

/// The upper devices of a device (`netdev_for_each_upper_dev_rcu()`).
pub(crate) struct Uppers<'r> {
    dev: &'r NetDev,
    iter: *mut c_void,
    rcu: &'r RcuRead<'r>,
}

impl<'r> Iterator for Uppers<'r> {
    type Item = &'r NetDev;

    fn next(&mut self) -> Option<&'r NetDev> {
        // SAFETY: valid device; `iter` is NULL or the position the glue
        // returned for this device; RCU read side by the token.
        let p = unsafe { bondrs_upper_next_rcu(self.dev.as_ptr(), &mut self.iter) };
        // SAFETY: an upper device read from the adjacency list under RCU.
        unsafe { rcu_dev(p, self.rcu) }
    }
}

/// A VLAN device's tag: its protocol (`ETH_P_8021Q` or `ETH_P_8021AD`, in
/// network order as `vlan_dev_vlan_proto()` gives it) and VLAN id.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct VlanTag {
    /// `__be16` bytes as the kernel stores them.
    pub(crate) proto_be: u16,
    /// The VLAN id.
    pub(crate) id: u16,
}

impl NetDev {
    /// The device the IPv4 route to `daddr` in this device's namespace
    /// leaves by (`ip_route_output()`, link scope); `None` with no route.
    pub(crate) fn route4_dev<'r>(
        &self,
        daddr: [u8; 4],
        rcu: &'r RcuRead<'_>,
    ) -> Option<&'r NetDev> {
        // SAFETY: valid device; RCU read side by the token.
        let p = unsafe { bondrs_route4_dev(self.as_ptr(), u32::from_ne_bytes(daddr)) };
        // SAFETY: the route's device, read under RCU.
        unsafe { rcu_dev(p, rcu) }
    }

    /// The device the IPv6 route to `daddr` leaves by (`ip6_route_output()`);
    /// `None` with no route.
    pub(crate) fn route6_dev<'r>(
        &self,
        daddr: &[u8; 16],
        rcu: &'r RcuRead<'_>,
    ) -> Option<&'r NetDev> {
        // SAFETY: valid device; `daddr` is an in6_addr the glue only reads;
        // RCU read side by the token.
        let p = unsafe { bondrs_route6_dev(self.as_ptr(), in6(daddr)) };
        // SAFETY: the route's device, read under RCU.
        unsafe { rcu_dev(p, rcu) }
    }

    /// `inet_confirm_addr()` on this device, host scope: an address of the
    /// device matching `dst`/`local` (network order bytes), `0.0.0.0` for none.
    pub(crate) fn inet_confirm_addr(
        &self,
        dst: [u8; 4],
        local: [u8; 4],
        _rcu: &RcuRead<'_>,
    ) -> [u8; 4] {
        // SAFETY: valid device; RCU read side for `__in_dev_get_rcu()`.
        let a = unsafe {
            bondrs_inet_confirm_addr(
                self.as_ptr(),
                u32::from_ne_bytes(dst),
                u32::from_ne_bytes(local),
            )
        };
        a.to_ne_bytes()
    }

    /// `ipv6_chk_addr()`: `addr` is an IPv6 address of this device.
    pub(crate) fn ipv6_has_addr(&self, addr: &[u8; 16], _rcu: &RcuRead<'_>) -> bool {
        // SAFETY: valid device; `addr` is an in6_addr the glue only reads.
        unsafe { bondrs_ipv6_chk_addr(self.as_ptr(), in6(addr)) }
    }

    /// `ipv6_dev_get_saddr()`: this device's source address towards `daddr`.
    pub(crate) fn ipv6_saddr(&self, daddr: &[u8; 16], _rcu: &RcuRead<'_>) -> Option<[u8; 16]> {
        let mut out = [0u8; 16];
        // SAFETY: valid device; `daddr` is only read, `out` is 16 writable
        // bytes, the size of an in6_addr.
        unsafe { bondrs_ipv6_saddr(self.as_ptr(), in6(daddr), out.as_mut_ptr().cast()) }
            .then_some(out)
    }

    /// The devices stacked right above this one.
    pub(crate) fn uppers_rcu<'r>(&'r self, rcu: &'r RcuRead<'r>) -> Uppers<'r> {
        Uppers {
            dev: self,
            iter: core::ptr::null_mut(),
            rcu,
        }
    }

    /// This device's tag if it is a VLAN device (`is_vlan_dev()`).
    pub(crate) fn vlan_tag(&self) -> Option<VlanTag> {
        let (mut proto_be, mut id) = (0u16, 0u16);
        // SAFETY: valid device; two writable u16s.
        unsafe { bondrs_vlan_dev_tag(self.as_ptr(), &mut proto_be, &mut id) }
            .then_some(VlanTag { proto_be, id })
    }

    /// Joins (`add`) or leaves on this device the link-layer group of the
    /// IPv6 multicast address `group` (`ndisc_mc_map()`, `dev_mc_add()`).
    pub(crate) fn mc_ipv6_group(&self, group: &[u8; 16], add: bool, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid device; `group` is only read; RTNL held by the token.
        unsafe { bondrs_dev_mc_ndisc(self.as_ptr(), in6(group), add) }
    }
}

impl SkBuff {
    /// # Safety
    ///
    /// `p` is NULL or a new skb whose reference passes to the result.
    unsafe fn new_frame(p: *mut bindings::sk_buff) -> Option<SkBuff> {
        // SAFETY: per the caller.
        NonNull::new(p).map(|p| unsafe { SkBuff::from_raw(p) })
    }

    /// `arp_create()`: an ARP request for `target` from `src` out of `dev`,
    /// from its address; `None` without memory.
    pub(crate) fn arp_request(dev: &NetDev, target: [u8; 4], src: [u8; 4]) -> Option<SkBuff> {
        // SAFETY: valid device; the result is a new skb or NULL.
        unsafe {
            SkBuff::new_frame(bondrs_arp_request(
                dev.as_ptr(),
                u32::from_ne_bytes(target),
                u32::from_ne_bytes(src),
            ))
        }
    }

    /// `ndisc_ns_create()`: a neighbour solicitation for `target` from
    /// `saddr` out of `dev`; `None` without memory (or IPv6).
    pub(crate) fn ndisc_ns(dev: &NetDev, target: &[u8; 16], saddr: &[u8; 16]) -> Option<SkBuff> {
        // SAFETY: valid device; the addresses are only read; the result is
        // a new skb or NULL.
        unsafe { SkBuff::new_frame(bondrs_ndisc_ns(dev.as_ptr(), in6(target), in6(saddr))) }
    }

    /// `vlan_insert_tag_set_proto()`: the frame with `tag` pushed into its
    /// payload; `None` (the frame freed) without memory.
    pub(crate) fn push_vlan(self, tag: VlanTag) -> Option<SkBuff> {
        // SAFETY: our reference passes to the glue, which gives back the
        // frame's (possibly reallocated) reference or frees it.
        unsafe { SkBuff::new_frame(bondrs_vlan_insert(self.into_raw(), tag.proto_be, tag.id)) }
    }

    /// `__vlan_hwaccel_put_tag()`: `tag` as the frame's out-of-band tag.
    pub(crate) fn set_hwaccel_vlan(&mut self, tag: VlanTag) {
        // SAFETY: we own the skb (type invariant).
        unsafe { bondrs_vlan_hwaccel(self.as_ptr(), tag.proto_be, tag.id) }
    }

    /// `arp_xmit()`: sends an ARP frame out of its device.
    pub(crate) fn arp_xmit(self, _rcu: &RcuRead<'_>) {
        // SAFETY: our reference passes to the stack.
        unsafe { bondrs_arp_xmit(self.into_raw()) }
    }

    /// `ndisc_send_skb()`: sends a frame from [`SkBuff::ndisc_ns`] to
    /// `daddr` from `saddr`.
    pub(crate) fn ndisc_send(self, daddr: &[u8; 16], saddr: &[u8; 16], _rcu: &RcuRead<'_>) {
        // SAFETY: our reference (a frame ndisc_ns_create() built) passes to
        // the stack; the addresses are only read.
        unsafe { bondrs_ndisc_send(self.into_raw(), in6(daddr), in6(saddr)) }
    }
}
