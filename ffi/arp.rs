// SPDX-License-Identifier: GPL-2.0

//! The glue's ARP and NS paths: address ownership, and sending an ARP
//! request or an IPv6 neighbour solicitation through a lower device with
//! the route and VLAN path of its master.

use kernel::bindings;
use kernel::ffi::c_int;

use super::netdev::NetDev;
use super::sync::{RcuRead, Rtnl};

extern "C" {
    fn bondrs_has_this_ip(bond: *mut bindings::net_device, ip: u32) -> bool;
    fn bondrs_arp_probe(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
        target: u32,
    ) -> c_int;
    fn bondrs_ipv6_enabled() -> bool;
    fn bondrs_has_this_ip6(
        bond: *mut bindings::net_device,
        addr: *const bindings::in6_addr,
    ) -> bool;
    fn bondrs_ns_probe(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
        target: *const bindings::in6_addr,
    ) -> c_int;
    fn bondrs_ns_maddr(
        slave: *mut bindings::net_device,
        target: *const bindings::in6_addr,
        add: bool,
    );
}

// An IPv6 address crosses as its 16 bytes.
const _: () = assert!(core::mem::size_of::<bindings::in6_addr>() == 16);

/// `ipv6_mod_enabled()`: IPv6 was not disabled at boot.
pub(crate) fn ipv6_enabled() -> bool {
    // SAFETY: reads a boot-time setting; no arguments.
    unsafe { bondrs_ipv6_enabled() }
}

fn probe_result(r: c_int) -> ArpProbe {
    match r {
        0 => ArpProbe::Sent,
        1 => ArpProbe::SentNoRoute,
        2 => ArpProbe::NotOurs,
        _ => ArpProbe::Failed,
    }
}

/// The outcome of one ARP probe (`BONDRS_ARP_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ArpProbe {
    /// Sent, routed through the bond.
    Sent,
    /// Sent from 0.0.0.0: no route to the target.
    SentNoRoute,
    /// The route to the target does not go through the bond: not sent.
    NotOurs,
    /// No memory for the frame: not sent.
    Failed,
}

impl NetDev {
    /// `bond_has_this_ip()`: `ip` (network order bytes) is an address of
    /// this bond or of a device stacked on it.
    pub(crate) fn has_this_ip(&self, ip: [u8; 4], _rcu: &RcuRead<'_>) -> bool {
        // SAFETY: valid device; RCU read side as the upper-device walk needs.
        unsafe { bondrs_has_this_ip(self.as_ptr(), u32::from_ne_bytes(ip)) }
    }

    /// Sends an ARP request for `target` through `slave` the way this
    /// bond's ARP monitor does (`bond_arp_send_all()` for one target).
    pub(crate) fn arp_probe(&self, slave: &NetDev, target: [u8; 4]) -> ArpProbe {
        // SAFETY: valid devices; process context (the monitor's work item)
        // or RCU, as bond_arp_send_all() runs.
        probe_result(unsafe {
            bondrs_arp_probe(self.as_ptr(), slave.as_ptr(), u32::from_ne_bytes(target))
        })
    }

    /// `bond_has_this_ip6()`: `addr` is an address of this bond or of a
    /// device stacked on it.
    pub(crate) fn has_this_ip6(&self, addr: &[u8; 16], _rcu: &RcuRead<'_>) -> bool {
        // SAFETY: valid device; `addr` is 16 readable bytes, the layout of
        // `struct in6_addr` (asserted above) which the glue only reads; RCU
        // read side as the upper-device walk needs.
        unsafe { bondrs_has_this_ip6(self.as_ptr(), addr.as_ptr().cast()) }
    }

    /// Sends a neighbour solicitation for `target` through `slave` the way
    /// this bond's ARP monitor does (`bond_ns_send_all()` for one target).
    pub(crate) fn ns_probe(&self, slave: &NetDev, target: &[u8; 16]) -> ArpProbe {
        // SAFETY: valid devices; `target` is 16 readable bytes (an
        // `in6_addr`, only read); process context, as bond_ns_send_all().
        probe_result(unsafe {
            bondrs_ns_probe(self.as_ptr(), slave.as_ptr(), target.as_ptr().cast())
        })
    }

    /// Joins (`add`) or leaves on this device the Ethernet multicast group
    /// of `target`'s solicited-node address (`slave_set_ns_maddr()`); `::`
    /// does nothing.  RTNL held, as `dev_mc_add()` wants.
    pub(crate) fn ns_maddr(&self, target: &[u8; 16], add: bool, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid device; `target` is 16 readable bytes (only read);
        // RTNL held by the caller's token.
        unsafe { bondrs_ns_maddr(self.as_ptr(), target.as_ptr().cast(), add) }
    }
}
