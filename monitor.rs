// SPDX-License-Identifier: GPL-2.0

//! Link monitoring as delayed work: the bond's work items, [`Work`], which
//! the FFI layer queues and runs through [`ffi::Device::work`].  What they
//! do is the bond core's: the MII monitor (`bond_mii_monitor()`) and
//! bonding_rs's event-driven failover in `bond/mii.rs`, the ARP monitor
//! (`bond_arp_monitor()`, with its NS probes) in `bond/arp_mon.rs`, and the
//! dispatch, start and stop, peer notification and IGMP resend in
//! `bond/work.rs`.

use crate::ffi;

/// The bond's delayed work items (`BONDRS_NR_WORK` of them in the glue).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum Work {
    /// The MII link monitor (`mii_work`).
    Mii = 0,
    /// The ARP monitor (`arp_work`).
    Arp = 1,
    /// IGMP membership report resend (`mcast_work`).
    Mcast = 2,
}

impl Work {
    /// Every work item, in number order.
    pub(crate) const ALL: [Work; 3] = [Work::Mii, Work::Arp, Work::Mcast];
}

const _: () = assert!(Work::ALL.len() == ffi::work::NR_WORK);

impl ffi::WorkItem for Work {
    fn index(self) -> u32 {
        self as u32
    }

    fn from_index(i: u32) -> Option<Work> {
        Work::ALL.get(i as usize).copied()
    }
}
