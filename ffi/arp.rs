// SPDX-License-Identifier: GPL-2.0

//! The glue's ARP path: address ownership and sending an ARP request through
//! a lower device with the route and VLAN path of its master.

use kernel::bindings;
use kernel::ffi::c_int;

use super::netdev::NetDev;
use super::sync::RcuRead;

extern "C" {
    fn bondrs_has_this_ip(bond: *mut bindings::net_device, ip: u32) -> bool;
    fn bondrs_arp_probe(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
        target: u32,
    ) -> c_int;
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
        match unsafe { bondrs_arp_probe(self.as_ptr(), slave.as_ptr(), u32::from_ne_bytes(target)) }
        {
            0 => ArpProbe::Sent,
            1 => ArpProbe::SentNoRoute,
            2 => ArpProbe::NotOurs,
            _ => ArpProbe::Failed,
        }
    }
}
