// SPDX-License-Identifier: GPL-2.0

//! Host build of bonding_rs's pure-logic files.  These are the very files the
//! kernel module compiles; they depend on `core` only, so `cargo test` runs
//! their unit tests without a kernel.
//!
//! The files are reached through the inline module `tree`, whose `#[path]`
//! is the source directory: inside it `mod options;` loads `../options.rs`
//! as an ordinary (non-`mod.rs`) module file, so its own `mod table;`
//! resolves to `../options/table.rs`, as in the kernel build.  (A file
//! loaded with `#[path]` directly is treated as a `mod.rs` file instead,
//! and its submodules would be looked up beside it, in `../`.)  The
//! re-exports give the files the `crate::` paths they use in the module.

#![no_std]
#![allow(dead_code)]

#[cfg(test)]
extern crate std;

#[path = ".."]
mod tree {
    pub mod arp;
    #[path = "modes/hash.rs"]
    pub mod hash;
    pub mod options;
    pub mod params;
    pub mod proc;
    pub mod select;
    pub mod slave;
    pub mod sysfs;
    pub mod util;
}

pub use tree::{arp, hash, options, params, proc, select, slave, sysfs, util};
