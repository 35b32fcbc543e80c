// SPDX-License-Identifier: GPL-2.0

//! The bond core, growing here out of `netdev_ops.rs` (the architecture
//! issue's `bond.rs` + `bond/` tree):
//!
//! - [`options`]: options set on a live bond (`__bond_opt_set()` and the
//!   setters' side effects), for module parameters, sysfs and netlink;
//! - [`show`]: what the sysfs files read of a live bond.

pub(crate) mod options;
pub(crate) mod show;
