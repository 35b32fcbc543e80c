// SPDX-License-Identifier: GPL-2.0

//! The lines the C driver's option setters print themselves (`netdev_err`,
//! `netdev_warn`, `netdev_info` in `bond_options.c`), before
//! `bond_opt_error_interpret()` adds its own.  Each setter prints at most one
//! line, on success (a warning, a note) or on failure.  `netdev_dbg` lines
//! are not kept: dynamic debug is off for the C driver too unless enabled.
//!
//! The text is the format string's, without the device prefix and the
//! newline (the printing side adds `"<bond>: "` as `netdev_*` does).

use core::fmt;

use crate::util::fmt::{Ipv4Display, Ipv6Display};
use crate::util::level::Level;

/// One line a setter printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetterMsg {
    /// err: `Unable to set %s as MII monitoring is disabled`
    /// (`_bond_option_delay_set`, `-EPERM`); the name is "up delay",
    /// "down delay" or "peer notification delay".
    DelayMiimonOff(&'static str),
    /// warn: `%s (%d) is not a multiple of miimon (%d), value rounded to %d
    /// ms` (`_bond_option_delay_set`, the value is stored rounded down).
    DelayRounded {
        /// "up delay", "down delay" or "peer notification delay".
        name: &'static str,
        /// The value given, ms.
        value: i32,
        /// `miimon`.
        miimon: i32,
    },
    /// err: `invalid ARP target specified` (the address after `+`/`-` does
    /// not parse, `-EPERM`).
    ArpTargetUnparsable,
    /// err: `no command found in arp_ip_targets file - use +<addr> or
    /// -<addr>` (`-EPERM`).
    ArpNoCommand,
    /// err: `invalid ARP target %pI4 specified for addition` (`-EINVAL`).
    ArpAddInvalid([u8; 4]),
    /// err: `ARP target %pI4 is already present` (`-EINVAL`).
    ArpPresent([u8; 4]),
    /// err: `ARP target table is full!` (`-EINVAL`).
    ArpFull,
    /// err: `invalid ARP target %pI4 specified for removal` (`-EINVAL`).
    ArpRemInvalid([u8; 4]),
    /// err: `unable to remove nonexistent ARP target %pI4` (`-EINVAL`).
    ArpRemMissing([u8; 4]),
    /// warn: `Removing last arp target with arp_interval on` (the removal
    /// succeeds).  `bond_changelink()` prints the same text when a netlink
    /// ARP target list adds no target while `arp_interval` is on.
    ArpRemLast,
    /// warn: `Removing last ns target with arp_interval on`
    /// (`bond_changelink()`, a netlink NS target list that adds none).
    NsRemLast,
    /// err: `invalid NS target %pI6c specified for addition` (`-EINVAL`).
    NsAddInvalid([u8; 16]),
    /// err: `NS target %pI6c is already present` (`-EINVAL`).
    NsPresent([u8; 16]),
    /// err: `NS target table is full!` (`-EINVAL`).
    NsFull,
    /// err: `Invalid ad_actor_system MAC address.` (`-EINVAL`).
    AdActorSystemInvalid,
    /// info: `Setting coupled_control to %s (%llu)` (the value's name in
    /// `bond_coupled_control_tbl`).
    CoupledControl(&'static str, u64),
}

impl SetterMsg {
    /// The level the C driver prints the line at.
    pub(crate) fn level(&self) -> Level {
        match self {
            SetterMsg::DelayRounded { .. } | SetterMsg::ArpRemLast | SetterMsg::NsRemLast => {
                Level::Warn
            }
            SetterMsg::CoupledControl(..) => Level::Info,
            _ => Level::Err,
        }
    }
}

impl fmt::Display for SetterMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SetterMsg::DelayMiimonOff(name) => {
                write!(f, "Unable to set {} as MII monitoring is disabled", name)
            }
            SetterMsg::DelayRounded {
                name,
                value,
                miimon,
            } => write!(
                f,
                "{} ({}) is not a multiple of miimon ({}), value rounded to {} ms",
                name,
                value,
                miimon,
                (value / miimon).wrapping_mul(miimon)
            ),
            SetterMsg::ArpTargetUnparsable => f.write_str("invalid ARP target specified"),
            SetterMsg::ArpNoCommand => {
                f.write_str("no command found in arp_ip_targets file - use +<addr> or -<addr>")
            }
            SetterMsg::ArpAddInvalid(ip) => write!(
                f,
                "invalid ARP target {} specified for addition",
                Ipv4Display(ip)
            ),
            SetterMsg::ArpPresent(ip) => {
                write!(f, "ARP target {} is already present", Ipv4Display(ip))
            }
            SetterMsg::ArpFull => f.write_str("ARP target table is full!"),
            SetterMsg::ArpRemInvalid(ip) => write!(
                f,
                "invalid ARP target {} specified for removal",
                Ipv4Display(ip)
            ),
            SetterMsg::ArpRemMissing(ip) => write!(
                f,
                "unable to remove nonexistent ARP target {}",
                Ipv4Display(ip)
            ),
            SetterMsg::ArpRemLast => f.write_str("Removing last arp target with arp_interval on"),
            SetterMsg::NsRemLast => f.write_str("Removing last ns target with arp_interval on"),
            SetterMsg::NsAddInvalid(a) => write!(
                f,
                "invalid NS target {} specified for addition",
                Ipv6Display(a)
            ),
            SetterMsg::NsPresent(a) => {
                write!(f, "NS target {} is already present", Ipv6Display(a))
            }
            SetterMsg::NsFull => f.write_str("NS target table is full!"),
            SetterMsg::AdActorSystemInvalid => f.write_str("Invalid ad_actor_system MAC address."),
            SetterMsg::CoupledControl(name, v) => {
                write!(f, "Setting coupled_control to {} ({})", name, v)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn texts_and_levels() {
        let cases: &[(SetterMsg, Level, &str)] = &[
            (
                SetterMsg::DelayMiimonOff("up delay"),
                Level::Err,
                "Unable to set up delay as MII monitoring is disabled",
            ),
            (
                SetterMsg::DelayRounded {
                    name: "down delay",
                    value: 250,
                    miimon: 100,
                },
                Level::Warn,
                "down delay (250) is not a multiple of miimon (100), value rounded to 200 ms",
            ),
            (
                SetterMsg::DelayRounded {
                    name: "peer notification delay",
                    value: 50,
                    miimon: 100,
                },
                Level::Warn,
                "peer notification delay (50) is not a multiple of miimon (100), value rounded to 0 ms",
            ),
            (
                SetterMsg::ArpTargetUnparsable,
                Level::Err,
                "invalid ARP target specified",
            ),
            (
                SetterMsg::ArpNoCommand,
                Level::Err,
                "no command found in arp_ip_targets file - use +<addr> or -<addr>",
            ),
            (
                SetterMsg::ArpAddInvalid([255; 4]),
                Level::Err,
                "invalid ARP target 255.255.255.255 specified for addition",
            ),
            (
                SetterMsg::ArpPresent([10, 0, 0, 1]),
                Level::Err,
                "ARP target 10.0.0.1 is already present",
            ),
            (SetterMsg::ArpFull, Level::Err, "ARP target table is full!"),
            (
                SetterMsg::ArpRemInvalid([0; 4]),
                Level::Err,
                "invalid ARP target 0.0.0.0 specified for removal",
            ),
            (
                SetterMsg::ArpRemMissing([192, 168, 0, 9]),
                Level::Err,
                "unable to remove nonexistent ARP target 192.168.0.9",
            ),
            (
                SetterMsg::ArpRemLast,
                Level::Warn,
                "Removing last arp target with arp_interval on",
            ),
            (
                SetterMsg::NsRemLast,
                Level::Warn,
                "Removing last ns target with arp_interval on",
            ),
            (
                SetterMsg::NsAddInvalid([0; 16]),
                Level::Err,
                "invalid NS target :: specified for addition",
            ),
            (
                SetterMsg::NsPresent([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
                Level::Err,
                "NS target fe80::1 is already present",
            ),
            (SetterMsg::NsFull, Level::Err, "NS target table is full!"),
            (
                SetterMsg::AdActorSystemInvalid,
                Level::Err,
                "Invalid ad_actor_system MAC address.",
            ),
            (
                SetterMsg::CoupledControl("off", 0),
                Level::Info,
                "Setting coupled_control to off (0)",
            ),
        ];
        for (m, level, text) in cases {
            assert_eq!(m.to_string(), *text);
            assert_eq!(m.level(), *level, "{}", text);
        }
    }
}
