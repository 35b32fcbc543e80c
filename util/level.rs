// SPDX-License-Identifier: GPL-2.0

//! The levels of the driver's log messages and where pure code sends them
//! (the kernel log in the module, a vector in host tests).
//!
//! Pure logic: `core` only.

use core::fmt;

/// Kernel log levels used by the messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Level {
    /// `pr_err`.
    Err,
    /// `pr_warn`.
    Warn,
    /// `pr_notice`.
    Notice,
    /// `pr_info`.
    Info,
    /// `pr_debug`.
    Debug,
}

/// Where messages go (the kernel log in the module, a vector in tests).
pub(crate) trait Log {
    /// Emits one message line (without the trailing newline).
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>);
}
