// SPDX-License-Identifier: GPL-2.0

//! Netlink extended acks.

use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::c_char;
use kernel::str::{CStr, CStrExt};

extern "C" {
    fn bondrs_set_extack(extack: *mut bindings::netlink_ext_ack, msg: *const c_char);
}

/// The extended ack of the netlink request being served, if it has one,
/// borrowed for the request: it cannot be kept past the callback that got it.
///
/// # Invariants
///
/// `ptr` is `None` or the running request's `netlink_ext_ack`, valid for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct Extack<'a> {
    ptr: Option<NonNull<bindings::netlink_ext_ack>>,
    _request: PhantomData<&'a mut bindings::netlink_ext_ack>,
}

impl<'a> Extack<'a> {
    /// No extended ack (sysfs, ioctl and internal paths).
    pub(crate) fn none() -> Extack<'static> {
        // INVARIANT: `None`.
        Extack {
            ptr: None,
            _request: PhantomData,
        }
    }

    /// # Safety
    ///
    /// `p` is NULL or the running request's extack, valid for `'a`.
    pub(super) unsafe fn from_raw(p: *mut bindings::netlink_ext_ack) -> Extack<'a> {
        // INVARIANT: per the caller.
        Extack {
            ptr: NonNull::new(p),
            _request: PhantomData,
        }
    }

    /// The pointer to hand to a kernel function that takes an extack.
    pub(super) fn as_ptr(self) -> *mut bindings::netlink_ext_ack {
        self.ptr.map_or(core::ptr::null_mut(), NonNull::as_ptr)
    }

    /// `NL_SET_ERR_MSG()`: records a static message, if there is an extack.
    pub(crate) fn set(self, msg: &'static CStr) {
        if let Some(p) = self.ptr {
            // SAFETY: the request's extack, valid for `'a` (invariant); `msg`
            // is a static NUL-terminated string (NL_SET_ERR_MSG keeps the
            // pointer).
            unsafe { bondrs_set_extack(p.as_ptr(), msg.as_char_ptr()) }
        }
    }

    /// Whether the request has an extack (else messages go to the log).
    pub(crate) fn is_some(self) -> bool {
        self.ptr.is_some()
    }
}
