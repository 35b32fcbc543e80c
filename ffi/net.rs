// SPDX-License-Identifier: GPL-2.0

//! Network namespaces.

use kernel::bindings;
use kernel::types::Opaque;

// `struct net` holds an empty struct (`u64_stats_sync` on 64-bit), which the
// lint calls not FFI-safe; only a pointer to it crosses.
#[allow(improper_ctypes)]
extern "C" {
    fn bondrs_init_net() -> *mut bindings::net;
}

/// A `struct net`.  Only ever seen by reference: `&'a Net` is alive for `'a`.
///
/// # Invariants
///
/// A `&Net` points to a live network namespace for its lifetime.
#[repr(transparent)]
pub(crate) struct Net(Opaque<bindings::net>);

// SAFETY: a namespace may be referred to from any thread; nothing here
// mutates it.
unsafe impl Sync for Net {}

impl Net {
    /// # Safety
    ///
    /// `p` is a network namespace alive for `'a`.
    pub(super) unsafe fn from_raw<'a>(p: *mut bindings::net) -> &'a Net {
        // SAFETY: transparent wrapper; validity per the caller.
        unsafe { &*p.cast::<Net>() }
    }

    pub(super) fn as_ptr(&self) -> *mut bindings::net {
        self.0.get()
    }

    /// `init_net`, which lives as long as the kernel.
    pub(crate) fn init() -> &'static Net {
        // SAFETY: `init_net` is a static of the kernel, never freed.
        unsafe { Net::from_raw(bondrs_init_net()) }
    }
}

/// `capable(CAP_NET_ADMIN)` of the current task (what the C driver's
/// 802.3ad sysfs and netlink shows check before showing the actor's
/// identity).
pub(crate) fn capable_net_admin() -> bool {
    // SAFETY: no preconditions; reads the current task's credentials.
    unsafe { bindings::capable(bindings::CAP_NET_ADMIN as i32) }
}
