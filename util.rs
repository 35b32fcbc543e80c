// SPDX-License-Identifier: GPL-2.0

//! Small pure helpers the driver's files share: showing C strings and
//! addresses as `printk` does, parsing IPv4 addresses as the kernel does,
//! comparing wrapping jiffies, the levels of log messages.
//!
//! Pure logic: `core` only, unit-tested on the host.

pub(crate) mod addr;
pub(crate) mod fmt;
pub(crate) mod jiffies;
pub(crate) mod level;
