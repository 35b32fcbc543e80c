// SPDX-License-Identifier: GPL-2.0

//! The options' value tables (`struct bond_opt_value` arrays of
//! `bond_options.c`) and the typed values the bond's parameters hold.
//!
//! Each enum keeps the C driver's numbering (`BOND_MODE_*`,
//! `BOND_XMIT_POLICY_*`, ...), so `as u8` is the value userspace reads and
//! writes; its name comes from the option's table, the one place names are
//! spelled.  Table defaults and ranges use the constants of
//! [`super::defaults`].

use super::defaults;

/// `BOND_VALFLAG_*`.
pub(crate) mod valflag {
    /// The value `default` selects.
    pub(crate) const DEFAULT: u8 = 1 << 0;
    /// Lower bound of the accepted range.
    pub(crate) const MIN: u8 = 1 << 1;
    /// Upper bound of the accepted range.
    pub(crate) const MAX: u8 = 1 << 2;
}

/// `struct bond_opt_value`: one named value of an option.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct OptValue {
    /// The name matched by string parsing.
    pub(crate) name: &'static str,
    /// The numeric value.
    pub(crate) value: u64,
    /// `valflag::*` bits.
    pub(crate) flags: u8,
}

const fn v(name: &'static str, value: u64, flags: u8) -> OptValue {
    OptValue { name, value, flags }
}

/// The entry of `tbl` with one of the `valflag` bits in `mask`
/// (`bond_opt_get_flags()`): the first one, as the C loop finds it.
pub(crate) fn with_flag(tbl: &[OptValue], mask: u8) -> Option<&OptValue> {
    tbl.iter().find(|e| e.flags & mask != 0)
}

/// The name of `value` in `tbl`, or `"unknown"` (never reached for values
/// that came through the parser).
pub(crate) fn value_name(tbl: &'static [OptValue], value: u64) -> &'static str {
    tbl.iter()
        .find(|e| e.value == value)
        .map_or("unknown", |e| e.name)
}

/// A typed option value: an enum numbered as the C driver numbers it, named
/// by its option's table.
macro_rules! value_enum {
    (
        $(#[$m:meta])*
        $name:ident in $tbl:ident {
            $($(#[$vm:meta])* $var:ident = $val:literal,)+
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        pub(crate) enum $name {
            $($(#[$vm])* $var = $val,)+
        }

        #[allow(dead_code, reason = "generated for every value enum, not all used by each")]
        impl $name {
            /// Every value, in numeric order.
            pub(crate) const ALL: &'static [$name] = &[$($name::$var,)+];

            /// The value numbered `v`.
            pub(crate) fn from_value(v: u64) -> Option<$name> {
                match v {
                    $($val => Some($name::$var),)+
                    _ => None,
                }
            }

            /// The C driver's number.
            pub(crate) const fn value(self) -> u8 {
                self as u8
            }

            /// The name in the option's value table.
            pub(crate) fn name(self) -> &'static str {
                value_name($tbl, u64::from(self.value()))
            }
        }
    };
}

value_enum! {
    /// The bonding modes (`BOND_MODE_*`).
    Mode in MODE_TBL {
        /// balance-rr.
        RoundRobin = 0,
        /// active-backup.
        ActiveBackup = 1,
        /// balance-xor.
        Xor = 2,
        /// broadcast.
        Broadcast = 3,
        /// 802.3ad.
        Ieee8023ad = 4,
        /// balance-tlb.
        Tlb = 5,
        /// balance-alb.
        Alb = 6,
    }
}

impl Mode {
    /// `bond_mode_name()`: the long name printed in /proc and in messages.
    pub(crate) fn long_name(self) -> &'static str {
        match self {
            Mode::RoundRobin => "load balancing (round-robin)",
            Mode::ActiveBackup => "fault-tolerance (active-backup)",
            Mode::Xor => "load balancing (xor)",
            Mode::Broadcast => "fault-tolerance (broadcast)",
            Mode::Ieee8023ad => "IEEE 802.3ad Dynamic link aggregation",
            Mode::Tlb => "transmit load balancing",
            Mode::Alb => "adaptive load balancing",
        }
    }

    /// `bond_mode_uses_arp()`: every mode but 802.3ad, tlb and alb.
    pub(crate) fn uses_arp(self) -> bool {
        !matches!(self, Mode::Ieee8023ad | Mode::Tlb | Mode::Alb)
    }

    /// `bond_mode_uses_primary()`: active-backup, tlb, alb.
    pub(crate) fn uses_primary(self) -> bool {
        matches!(self, Mode::ActiveBackup | Mode::Tlb | Mode::Alb)
    }

    /// Whether bonding_rs implements this mode's data path.
    pub(crate) fn implemented(self) -> bool {
        matches!(
            self,
            Mode::RoundRobin | Mode::ActiveBackup | Mode::Xor | Mode::Broadcast
        )
    }

    /// `BIT(mode)`, as the options' `unsuppmodes` masks hold it.
    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

value_enum! {
    /// `xmit_hash_policy` (`BOND_XMIT_POLICY_*`).
    XmitHashPolicy in XMIT_HASH_TBL {
        /// layer2.
        Layer2 = 0,
        /// layer3+4.
        Layer34 = 1,
        /// layer2+3.
        Layer23 = 2,
        /// encap2+3.
        Encap23 = 3,
        /// encap3+4.
        Encap34 = 4,
        /// vlan+srcmac.
        VlanSrcMac = 5,
    }
}

value_enum! {
    /// `arp_validate` (`BOND_ARP_VALIDATE_*`, `BOND_ARP_FILTER*`): a bit
    /// mask in C (bit 0 active, bit 1 backup, 4 the filter), kept numbered
    /// so; the helpers read the bits.
    ArpValidate in ARP_VALIDATE_TBL {
        /// none.
        None = 0,
        /// active.
        Active = 1,
        /// backup.
        Backup = 2,
        /// all.
        All = 3,
        /// filter.
        Filter = 4,
        /// filter_active.
        FilterActive = 5,
        /// filter_backup.
        FilterBackup = 6,
    }
}

impl ArpValidate {
    /// `BOND_ARP_VALIDATE_ACTIVE` is set.
    pub(crate) fn validates_active(self) -> bool {
        self.value() & 1 != 0
    }

    /// `BOND_ARP_VALIDATE_BACKUP` is set.
    pub(crate) fn validates_backup(self) -> bool {
        self.value() & 2 != 0
    }

    /// `BOND_ARP_FILTER` is set (`slave_do_arp_validate_only()`).
    pub(crate) fn filter(self) -> bool {
        self.value() & 4 != 0
    }

    /// `slave_do_arp_validate()`: validation on for a slave in this state.
    pub(crate) fn validates(self, backup: bool) -> bool {
        if backup {
            self.validates_backup()
        } else {
            self.validates_active()
        }
    }
}

value_enum! {
    /// `arp_all_targets` (`BOND_ARP_TARGETS_*`).
    ArpAllTargets in ARP_ALL_TARGETS_TBL {
        /// any: a reply from any target keeps the slave up.
        Any = 0,
        /// all: every target must answer.
        All = 1,
    }
}

value_enum! {
    /// `fail_over_mac` (`BOND_FOM_*`).
    FailOverMac in FAIL_OVER_MAC_TBL {
        /// none: every slave gets the bond's address.
        None = 0,
        /// active: the bond takes the active slave's address.
        Active = 1,
        /// follow: the active slave takes the bond's address.
        Follow = 2,
    }
}

value_enum! {
    /// `primary_reselect` (`BOND_PRI_RESELECT_*`).
    PrimaryReselect in PRIMARY_RESELECT_TBL {
        /// always.
        Always = 0,
        /// better.
        Better = 1,
        /// failure.
        Failure = 2,
    }
}

value_enum! {
    /// `lacp_rate` (`AD_LACP_*`).
    LacpRate in LACP_RATE_TBL {
        /// slow.
        Slow = 0,
        /// fast.
        Fast = 1,
    }
}

value_enum! {
    /// `ad_select` (`BOND_AD_*`).
    AdSelect in AD_SELECT_TBL {
        /// stable.
        Stable = 0,
        /// bandwidth.
        Bandwidth = 1,
        /// count.
        Count = 2,
        /// actor_port_prio.
        ActorPortPrio = 3,
    }
}

const INT_MAX: u64 = i32::MAX as u64;

/// `bond_mode_tbl`.
pub(crate) const MODE_TBL: &[OptValue] = &[
    v("balance-rr", 0, valflag::DEFAULT),
    v("active-backup", 1, 0),
    v("balance-xor", 2, 0),
    v("broadcast", 3, 0),
    v("802.3ad", 4, 0),
    v("balance-tlb", 5, 0),
    v("balance-alb", 6, 0),
];
/// `bond_pps_tbl`.
pub(crate) const PPS_TBL: &[OptValue] = &[
    v(
        "default",
        defaults::PACKETS_PER_SLAVE as u64,
        valflag::DEFAULT,
    ),
    v("maxval", u16::MAX as u64, valflag::MAX),
];
/// `bond_xmit_hashtype_tbl`.
pub(crate) const XMIT_HASH_TBL: &[OptValue] = &[
    v("layer2", 0, valflag::DEFAULT),
    v("layer3+4", 1, 0),
    v("layer2+3", 2, 0),
    v("encap2+3", 3, 0),
    v("encap3+4", 4, 0),
    v("vlan+srcmac", 5, 0),
];
/// `bond_arp_validate_tbl`.
pub(crate) const ARP_VALIDATE_TBL: &[OptValue] = &[
    v("none", 0, valflag::DEFAULT),
    v("active", 1, 0),
    v("backup", 2, 0),
    v("all", 3, 0),
    v("filter", 4, 0),
    v("filter_active", 5, 0),
    v("filter_backup", 6, 0),
];
/// `bond_arp_all_targets_tbl`.
pub(crate) const ARP_ALL_TARGETS_TBL: &[OptValue] =
    &[v("any", 0, valflag::DEFAULT), v("all", 1, 0)];
/// `bond_fail_over_mac_tbl`.
pub(crate) const FAIL_OVER_MAC_TBL: &[OptValue] = &[
    v("none", 0, valflag::DEFAULT),
    v("active", 1, 0),
    v("follow", 2, 0),
];
/// `bond_intmax_tbl`.
pub(crate) const INTMAX_TBL: &[OptValue] = &[
    v("off", 0, valflag::DEFAULT),
    v("maxval", INT_MAX, valflag::MAX),
];
/// `bond_lacp_active`.
pub(crate) const LACP_ACTIVE_TBL: &[OptValue] = &[v("off", 0, 0), v("on", 1, valflag::DEFAULT)];
/// `bond_lacp_rate_tbl`.
pub(crate) const LACP_RATE_TBL: &[OptValue] = &[v("slow", 0, 0), v("fast", 1, 0)];
/// `bond_lacp_strict_tbl`.
pub(crate) const LACP_STRICT_TBL: &[OptValue] = &[v("off", 0, valflag::DEFAULT), v("on", 1, 0)];
/// `bond_ad_select_tbl`.
pub(crate) const AD_SELECT_TBL: &[OptValue] = &[
    v("stable", 0, valflag::DEFAULT),
    v("bandwidth", 1, 0),
    v("count", 2, 0),
    v("actor_port_prio", 3, 0),
];
/// `bond_num_peer_notif_tbl`.
pub(crate) const NUM_PEER_NOTIF_TBL: &[OptValue] = &[
    v("off", 0, 0),
    v("maxval", 255, valflag::MAX),
    v("default", defaults::NUM_PEER_NOTIF as u64, valflag::DEFAULT),
];
/// `bond_peer_notif_delay_tbl`.
pub(crate) const PEER_NOTIF_DELAY_TBL: &[OptValue] =
    &[v("off", 0, 0), v("maxval", 300000, valflag::MAX)];
/// `bond_primary_reselect_tbl`.
pub(crate) const PRIMARY_RESELECT_TBL: &[OptValue] = &[
    v("always", 0, valflag::DEFAULT),
    v("better", 1, 0),
    v("failure", 2, 0),
];
/// `bond_use_carrier_tbl`.
pub(crate) const USE_CARRIER_TBL: &[OptValue] = &[v("on", 1, valflag::DEFAULT)];
/// `bond_all_slaves_active_tbl`.
pub(crate) const ALL_SLAVES_ACTIVE_TBL: &[OptValue] =
    &[v("off", 0, valflag::DEFAULT), v("on", 1, 0)];
/// `bond_resend_igmp_tbl`.
pub(crate) const RESEND_IGMP_TBL: &[OptValue] = &[
    v("off", 0, 0),
    v("maxval", 255, valflag::MAX),
    v("default", defaults::RESEND_IGMP as u64, valflag::DEFAULT),
];
/// `bond_lp_interval_tbl`.
pub(crate) const LP_INTERVAL_TBL: &[OptValue] = &[
    v(
        "minval",
        defaults::LP_INTERVAL as u64,
        valflag::MIN | valflag::DEFAULT,
    ),
    v("maxval", INT_MAX, valflag::MAX),
];
/// `bond_tlb_dynamic_lb_tbl`.
pub(crate) const TLB_DYNAMIC_LB_TBL: &[OptValue] = &[v("off", 0, 0), v("on", 1, valflag::DEFAULT)];
/// `bond_ad_actor_sys_prio_tbl`.
pub(crate) const AD_ACTOR_SYS_PRIO_TBL: &[OptValue] = &[
    v("minval", 1, valflag::MIN),
    v(
        "maxval",
        defaults::AD_ACTOR_SYS_PRIO as u64,
        valflag::MAX | valflag::DEFAULT,
    ),
];
/// `bond_ad_user_port_key_tbl`.
pub(crate) const AD_USER_PORT_KEY_TBL: &[OptValue] = &[
    v("minval", 0, valflag::MIN | valflag::DEFAULT),
    v("maxval", 1023, valflag::MAX),
];
/// `bond_missed_max_tbl`.
pub(crate) const MISSED_MAX_TBL: &[OptValue] = &[
    v("minval", 1, valflag::MIN),
    v("maxval", 255, valflag::MAX),
    v("default", defaults::MISSED_MAX as u64, valflag::DEFAULT),
];
/// `bond_coupled_control_tbl`.
pub(crate) const COUPLED_CONTROL_TBL: &[OptValue] = &[v("on", 1, valflag::DEFAULT), v("off", 0, 0)];
/// `bond_broadcast_neigh_tbl`.
pub(crate) const BROADCAST_NEIGH_TBL: &[OptValue] = &[v("off", 0, valflag::DEFAULT), v("on", 1, 0)];

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Copy + core::fmt::Debug + PartialEq>(
        all: &[T],
        tbl: &'static [OptValue],
        value: fn(T) -> u8,
        name: fn(T) -> &'static str,
        from: fn(u64) -> Option<T>,
    ) {
        assert_eq!(all.len(), tbl.len());
        for (&x, e) in all.iter().zip(tbl) {
            assert_eq!(u64::from(value(x)), e.value);
            assert_eq!(name(x), e.name);
            assert_eq!(from(e.value), Some(x));
        }
        assert_eq!(from(tbl.len() as u64), None);
    }

    #[test]
    fn enums_match_their_tables() {
        round_trip(
            Mode::ALL,
            MODE_TBL,
            Mode::value,
            Mode::name,
            Mode::from_value,
        );
        round_trip(
            XmitHashPolicy::ALL,
            XMIT_HASH_TBL,
            XmitHashPolicy::value,
            XmitHashPolicy::name,
            XmitHashPolicy::from_value,
        );
        round_trip(
            ArpValidate::ALL,
            ARP_VALIDATE_TBL,
            ArpValidate::value,
            ArpValidate::name,
            ArpValidate::from_value,
        );
        round_trip(
            ArpAllTargets::ALL,
            ARP_ALL_TARGETS_TBL,
            ArpAllTargets::value,
            ArpAllTargets::name,
            ArpAllTargets::from_value,
        );
        round_trip(
            FailOverMac::ALL,
            FAIL_OVER_MAC_TBL,
            FailOverMac::value,
            FailOverMac::name,
            FailOverMac::from_value,
        );
        round_trip(
            PrimaryReselect::ALL,
            PRIMARY_RESELECT_TBL,
            PrimaryReselect::value,
            PrimaryReselect::name,
            PrimaryReselect::from_value,
        );
        round_trip(
            LacpRate::ALL,
            LACP_RATE_TBL,
            LacpRate::value,
            LacpRate::name,
            LacpRate::from_value,
        );
        round_trip(
            AdSelect::ALL,
            AD_SELECT_TBL,
            AdSelect::value,
            AdSelect::name,
            AdSelect::from_value,
        );
    }

    #[test]
    fn arp_validate_bits() {
        use ArpValidate as A;
        let bits = |f: fn(A) -> bool| A::ALL.iter().map(|&a| f(a)).collect::<std::vec::Vec<_>>();
        let (t, f) = (true, false);
        assert_eq!(bits(A::validates_active), [f, t, f, t, f, t, f]);
        assert_eq!(bits(A::validates_backup), [f, f, t, t, f, f, t]);
        assert_eq!(bits(A::filter), [f, f, f, f, t, t, t]);
        assert!(A::FilterBackup.validates(true));
        assert!(!A::FilterBackup.validates(false));
        assert!(A::All.validates(false) && A::All.validates(true));
    }

    #[test]
    fn mode_long_names_and_bits() {
        assert_eq!(Mode::Alb.bit(), 0x40);
        assert_eq!(Mode::ActiveBackup.name(), "active-backup");
        assert_eq!(Mode::Xor.long_name(), "load balancing (xor)");
        assert!(!Mode::Tlb.uses_arp());
        assert!(Mode::Tlb.uses_primary());
        assert!(!Mode::Ieee8023ad.implemented());
    }
}
