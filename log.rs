// SPDX-License-Identifier: GPL-2.0

//! The driver's messages in the kernel log, the way the C driver's files
//! print them: `bond_main.c` has no `pr_fmt`, so its messages carry no prefix
//! ([`KernelLog::plain`]); `bond_sysfs.c` prefixes the module name
//! ([`KernelLog::prefixed`], "bonding_rs: ").
//!
//! `pr_debug` messages are dropped: the C driver's are compiled out unless
//! dynamic debug enables them, and its log is what users compare with.

use core::fmt;

use crate::ffi::printk::{printk, KernLevel};
use crate::params::{Level, Log};

/// A [`Log`] that prints to the kernel log.
pub(crate) struct KernelLog {
    prefixed: bool,
}

impl KernelLog {
    /// Messages of `bond_main.c`: no prefix.
    pub(crate) fn plain() -> KernelLog {
        KernelLog { prefixed: false }
    }

    /// Messages of files with `pr_fmt(KBUILD_MODNAME ": ")`.
    pub(crate) fn prefixed() -> KernelLog {
        KernelLog { prefixed: true }
    }
}

/// The printk level of a message, `None` for debug messages (dropped).
pub(crate) fn kern_level(level: Level) -> Option<KernLevel> {
    match level {
        Level::Err => Some(KernLevel::Err),
        Level::Warn => Some(KernLevel::Warn),
        Level::Notice => Some(KernLevel::Notice),
        Level::Info => Some(KernLevel::Info),
        Level::Debug => None,
    }
}

impl Log for KernelLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        if let Some(level) = kern_level(level) {
            printk(level, self.prefixed, args);
        }
    }
}
