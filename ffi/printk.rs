// SPDX-License-Identifier: GPL-2.0

//! The kernel log: `printk` with a Rust `fmt::Arguments`, and the kernel's
//! release string.

use core::fmt;
use kernel::bindings;
use kernel::ffi::{c_char, c_void};
use kernel::prelude::*;
use kernel::str::CStr;

extern "C" {
    fn bondrs_uts_release() -> *const c_char;
}

/// A kernel log level.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum KernLevel {
    /// `KERN_ERR`.
    Err,
    /// `KERN_WARNING`.
    Warn,
    /// `KERN_NOTICE`.
    Notice,
    /// `KERN_INFO`.
    Info,
}

impl KernLevel {
    /// The level's number (`KERN_ERR` is 3, ... `KERN_INFO` 6).
    pub(crate) fn number(self) -> i32 {
        match self {
            KernLevel::Err => 3,
            KernLevel::Warn => 4,
            KernLevel::Notice => 5,
            KernLevel::Info => 6,
        }
    }
}

/// Prints one line at `level`: prefixed with the module name
/// (`pr_fmt(KBUILD_MODNAME ": ")`) or not (no `pr_fmt`).
pub(crate) fn printk(level: KernLevel, prefixed: bool, args: fmt::Arguments<'_>) {
    if prefixed {
        match level {
            KernLevel::Err => pr_err!("{}\n", args),
            KernLevel::Warn => pr_warn!("{}\n", args),
            KernLevel::Notice => pr_notice!("{}\n", args),
            KernLevel::Info => pr_info!("{}\n", args),
        }
        return;
    }
    // KERN_<LEVEL> then the Rust formatter (`%pA`), no module prefix.
    let format: &[u8; 6] = match level {
        KernLevel::Err => b"\x013%pA\0",
        KernLevel::Warn => b"\x014%pA\0",
        KernLevel::Notice => b"\x015%pA\0",
        KernLevel::Info => b"\x016%pA\0",
    };
    let line = format_args!("{}\n", args);
    // SAFETY: `format` is a NUL-terminated printk format whose only
    // conversion, `%pA`, takes a pointer to `fmt::Arguments`, which `line` is
    // and which outlives the call.
    unsafe { bindings::_printk(format.as_ptr(), core::ptr::from_ref(&line).cast::<c_void>()) };
}

/// `UTS_RELEASE` of the kernel this module was built against.
pub(crate) fn uts_release() -> &'static str {
    // SAFETY: the glue returns the address of a string literal, which is
    // NUL-terminated and lives as long as the module.
    let s = unsafe { CStr::from_char_ptr(bondrs_uts_release()) };
    core::str::from_utf8(s.to_bytes()).unwrap_or("")
}
