// SPDX-License-Identifier: GPL-2.0

//! Host build of bonding_rs's pure-logic files.  These are the very files the
//! kernel module compiles (`#[path]` includes); they depend on `core` only, so
//! `cargo test` runs their unit tests without a kernel.

#![no_std]
#![allow(dead_code)]

#[cfg(test)]
extern crate std;

#[path = "../arp.rs"]
pub mod arp;
#[path = "../modes/hash.rs"]
pub mod hash;
#[path = "../options.rs"]
pub mod options;
#[path = "../params.rs"]
pub mod params;
#[path = "../proc.rs"]
pub mod proc;
#[path = "../select.rs"]
pub mod select;
#[path = "../slave.rs"]
pub mod slave;
#[path = "../sysfs.rs"]
pub mod sysfs;
