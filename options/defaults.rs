// SPDX-License-Identifier: GPL-2.0

//! Defaults and limits of the bond's parameters: the one place bonding_rs
//! defines them.  The value tables ([`super::values`]) take their
//! `default`/`minval`/`maxval` entries from here where the C driver's tables
//! hold the same number, the module parameter check (`params.rs`) its resets
//! and ranges, and [`BondParams::default`] the parameters of a bond created
//! without module parameters.
//!
//! The C glue's copies (`glue.h`'s `BONDRS_MAX_ARP_TARGETS`, the initial
//! values of its `module_param` variables) are tied to the kernel's macros by
//! static assertions in `glue.c`; `ffi/mod.rs` sizes its mirror of the raw
//! parameters with [`MAX_ARP_TARGETS`] and the structure's size is asserted
//! on both sides.

use super::values::{
    AdSelect, ArpAllTargets, ArpValidate, FailOverMac, LacpRate, Mode, PrimaryReselect,
    XmitHashPolicy,
};
use super::BondParams;

/// `BOND_MAX_ARP_TARGETS`.
pub(crate) const MAX_ARP_TARGETS: usize = 16;
/// `BOND_MAX_NS_TARGETS` (`BOND_MAX_ARP_TARGETS`).
pub(crate) const MAX_NS_TARGETS: usize = MAX_ARP_TARGETS;
// A slave has a receive time for each target slot.
const _: () = assert!(MAX_ARP_TARGETS == crate::slave::TARGETS);
/// `ETH_ALEN`.
pub(crate) const ETH_ALEN: usize = 6;
/// `IFNAMSIZ`.
pub(crate) const IFNAMSIZ: usize = 16;

/// `BOND_DEFAULT_MAX_BONDS`.
pub(crate) const MAX_BONDS: i32 = 1;
/// `BOND_DEFAULT_TX_QUEUES`.
pub(crate) const TX_QUEUES: i32 = 16;
/// `tx_queues` range (`bond_check_params()`).
pub(crate) const TX_QUEUES_RANGE: core::ops::RangeInclusive<i32> = 1..=255;
/// `BOND_DEFAULT_MIIMON`: forced in the modes that do not use ARP.
pub(crate) const MIIMON: i32 = 100;
/// `BOND_DEFAULT_RESEND_IGMP`.
pub(crate) const RESEND_IGMP: i32 = 1;
/// `BOND_ALB_DEFAULT_LP_INTERVAL`.
pub(crate) const LP_INTERVAL: u32 = 1;
/// `num_grat_arp`/`num_unsol_na` (`bond_num_peer_notif_tbl`'s default).
pub(crate) const NUM_PEER_NOTIF: u8 = 1;
/// `packets_per_slave` (`bond_pps_tbl`'s default).
pub(crate) const PACKETS_PER_SLAVE: i32 = 1;
/// `arp_missed_max` (`bond_missed_max_tbl`'s default).
pub(crate) const MISSED_MAX: u8 = 2;
/// `ad_actor_sys_prio` (`bond_ad_actor_sys_prio_tbl`'s default).
pub(crate) const AD_ACTOR_SYS_PRIO: u16 = 65535;
/// `tlb_dynamic_lb` (`bond_tlb_dynamic_lb_tbl`'s default).
pub(crate) const TLB_DYNAMIC_LB: i32 = 1;
/// `lacp_active` (`bond_lacp_active`'s default).
pub(crate) const LACP_ACTIVE: u8 = 1;
/// `coupled_control` (`bond_coupled_control_tbl`'s default, set by
/// `bond_check_params()`).
pub(crate) const COUPLED_CONTROL: u8 = 1;
/// `broadcast_neighbor` (`bond_broadcast_neigh_tbl`'s default).
pub(crate) const BROADCAST_NEIGHBOR: u8 = 0;
/// `lacp_strict` (`bond_lacp_strict_tbl`'s default).
pub(crate) const LACP_STRICT: u8 = 0;
/// `use_carrier`: the only value accepted.
pub(crate) const USE_CARRIER: i32 = 1;
/// `fast_failover` (bonding_rs's own parameter).
pub(crate) const FAST_FAILOVER: i32 = 1;

impl Default for BondParams {
    /// The parameters of a bond created with no module parameters
    /// (`bond_check_params()` with every parameter at its initial value).
    fn default() -> Self {
        BondParams {
            mode: Mode::RoundRobin,
            xmit_policy: XmitHashPolicy::Layer2,
            miimon: 0,
            num_peer_notif: NUM_PEER_NOTIF,
            arp_interval: 0,
            arp_validate: ArpValidate::None,
            arp_all_targets: ArpAllTargets::Any,
            missed_max: MISSED_MAX,
            updelay: 0,
            downdelay: 0,
            peer_notif_delay: 0,
            lacp_active: LACP_ACTIVE,
            lacp_rate: LacpRate::Slow,
            ad_select: AdSelect::Stable,
            primary: [0; IFNAMSIZ],
            primary_reselect: PrimaryReselect::Always,
            fail_over_mac: FailOverMac::None,
            tx_queues: TX_QUEUES,
            all_slaves_active: 0,
            resend_igmp: RESEND_IGMP,
            min_links: 0,
            lp_interval: LP_INTERVAL,
            packets_per_slave: PACKETS_PER_SLAVE,
            tlb_dynamic_lb: TLB_DYNAMIC_LB,
            ad_actor_sys_prio: AD_ACTOR_SYS_PRIO,
            ad_user_port_key: 0,
            arp_targets: [[0; 4]; MAX_ARP_TARGETS],
            ns_targets: [[0; 16]; MAX_NS_TARGETS],
            lacp_strict: LACP_STRICT,
            coupled_control: COUPLED_CONTROL,
            broadcast_neighbor: BROADCAST_NEIGHBOR,
            ad_actor_system: [0; ETH_ALEN],
        }
    }
}
