// SPDX-License-Identifier: GPL-2.0

//! `struct bond_params`: the parameters of one bond, typed.

use super::defaults::{ETH_ALEN, IFNAMSIZ, MAX_ARP_TARGETS, MAX_NS_TARGETS};
use super::values::{
    AdSelect, ArpAllTargets, ArpValidate, FailOverMac, LacpRate, Mode, PrimaryReselect,
    XmitHashPolicy,
};

/// The parameters of one bond (`struct bond_params`), as far as bonding_rs
/// uses them.  Delays are stored in miimon ticks, as the C driver does.
/// [`Default`] (in `defaults.rs`) gives a bond made without parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BondParams {
    /// Bonding mode.
    pub(crate) mode: Mode,
    /// `xmit_hash_policy`.
    pub(crate) xmit_policy: XmitHashPolicy,
    /// MII polling interval, ms.
    pub(crate) miimon: i32,
    /// Peer notifications per failover.
    pub(crate) num_peer_notif: u8,
    /// ARP polling interval, ms.
    pub(crate) arp_interval: i32,
    /// `arp_validate`.
    pub(crate) arp_validate: ArpValidate,
    /// `arp_all_targets`.
    pub(crate) arp_all_targets: ArpAllTargets,
    /// `arp_missed_max`.
    pub(crate) missed_max: u8,
    /// Up delay in miimon ticks.
    pub(crate) updelay: i32,
    /// Down delay in miimon ticks.
    pub(crate) downdelay: i32,
    /// Peer notification delay in miimon ticks.
    pub(crate) peer_notif_delay: i32,
    /// `lacp_active`.
    pub(crate) lacp_active: u8,
    /// `lacp_rate`.
    pub(crate) lacp_rate: LacpRate,
    /// `ad_select`.
    pub(crate) ad_select: AdSelect,
    /// Primary interface name, NUL padded.
    pub(crate) primary: [u8; IFNAMSIZ],
    /// `primary_reselect`.
    pub(crate) primary_reselect: PrimaryReselect,
    /// `fail_over_mac`.
    pub(crate) fail_over_mac: FailOverMac,
    /// Transmit queues.
    pub(crate) tx_queues: i32,
    /// `all_slaves_active`.
    pub(crate) all_slaves_active: i32,
    /// `resend_igmp`.
    pub(crate) resend_igmp: i32,
    /// `min_links`.
    pub(crate) min_links: u32,
    /// `lp_interval`.
    pub(crate) lp_interval: u32,
    /// `packets_per_slave`.
    pub(crate) packets_per_slave: i32,
    /// `tlb_dynamic_lb`.
    pub(crate) tlb_dynamic_lb: i32,
    /// `ad_actor_sys_prio`.
    pub(crate) ad_actor_sys_prio: u16,
    /// `ad_user_port_key`.
    pub(crate) ad_user_port_key: u16,
    /// ARP targets in network byte order, 0 ends the list.
    pub(crate) arp_targets: [[u8; 4]; MAX_ARP_TARGETS],
    /// IPv6 NS targets (`ns_ip6_target`), `::` ends the list.
    pub(crate) ns_targets: [[u8; 16]; MAX_NS_TARGETS],
    /// `lacp_strict` (0 off, 1 on).
    pub(crate) lacp_strict: u8,
    /// `coupled_control` (0 off, 1 on).
    pub(crate) coupled_control: u8,
    /// `broadcast_neighbor` (0 off, 1 on).
    pub(crate) broadcast_neighbor: u8,
    /// `ad_actor_system`: all zero means the bond's own address.
    pub(crate) ad_actor_system: [u8; ETH_ALEN],
}

impl BondParams {
    /// The primary interface name, if any.
    pub(crate) fn primary_name(&self) -> Option<&[u8]> {
        let len = self
            .primary
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(IFNAMSIZ);
        (len > 0).then(|| &self.primary[..len])
    }

    /// The configured ARP targets (up to the first empty slot).
    pub(crate) fn arp_targets(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.arp_targets
            .iter()
            .copied()
            .take_while(|t| *t != [0; 4])
    }

    /// The configured NS targets (up to the first empty slot).
    pub(crate) fn ns_targets(&self) -> impl Iterator<Item = [u8; 16]> + '_ {
        self.ns_targets
            .iter()
            .copied()
            .take_while(|t| *t != [0; 16])
    }

    /// Whether the bond uses a transmit hash (`bond_mode_uses_xmit_hash`).
    pub(crate) fn uses_xmit_hash(&self) -> bool {
        match self.mode {
            Mode::Ieee8023ad | Mode::Xor => true,
            Mode::Tlb | Mode::Alb => self.tlb_dynamic_lb == 0,
            _ => false,
        }
    }
}
