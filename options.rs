// SPDX-License-Identifier: GPL-2.0

//! Bonding options, as `drivers/net/bonding/bond_options.c` has them.
//!
//! - [`values`]: the value tables and the typed values ([`Mode`],
//!   [`XmitHashPolicy`], [`ArpValidate`], ...) the parameters hold;
//! - [`parse`]: `bond_opt_parse()` of a value by name or number, quirks
//!   included;
//! - [`table`]: `bond_opts[]` indexed by [`OptId`], with the setters;
//! - [`check`]: setting an option at run time, `bond_opt_check_deps()` and
//!   `bond_opt_parse()`, the errors with their errno and messages;
//! - [`bond_params`]: [`BondParams`], `struct bond_params`;
//! - [`defaults`]: the parameters' defaults and limits, defined once;
//! - [`msg`]: the lines the setters print themselves;
//! - [`show`]: the text of the bond's and its slaves' sysfs files;
//! - [`masters`]: `bonding_masters` commands.
//!
//! The same table serves the load-time module parameters (see `params.rs`)
//! and will serve sysfs and netlink.
//!
//! Pure logic: `core` only, unit-tested on the host.

pub(crate) mod bond_params;
#[cfg_attr(
    MODULE,
    expect(
        dead_code,
        reason = "the runtime option paths (sysfs/netlink) are not wired yet"
    )
)]
pub(crate) mod check;
pub(crate) mod defaults;
pub(crate) mod masters;
pub(crate) mod msg;
pub(crate) mod parse;
#[cfg_attr(
    MODULE,
    expect(dead_code, reason = "the sysfs show path is not wired yet")
)]
pub(crate) mod show;
pub(crate) mod table;
pub(crate) mod values;

pub(crate) use bond_params::BondParams;
pub(crate) use check::Parsed;
pub(crate) use defaults::MAX_ARP_TARGETS;
pub(crate) use parse::OptInput;
pub(crate) use table::{get, OptId};
pub(crate) use values::{ArpValidate, FailOverMac, Mode, PrimaryReselect, XmitHashPolicy};
