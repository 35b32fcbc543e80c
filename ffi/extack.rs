// SPDX-License-Identifier: GPL-2.0

//! Netlink extended acks.

use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::bindings;
use kernel::error::Result;
use kernel::ffi::c_char;
use kernel::str::{CStr, CStrExt};

extern "C" {
    fn bondrs_set_extack(extack: *mut bindings::netlink_ext_ack, msg: *const c_char);
    fn bondrs_set_extack_attr(
        extack: *mut bindings::netlink_ext_ack,
        msg: *const c_char,
        attr: *const bindings::nlattr,
    );
    fn bondrs_extack_msg(extack: *const bindings::netlink_ext_ack) -> *const c_char;
    fn bondrs_extack_bad_attr(
        extack: *mut bindings::netlink_ext_ack,
        attr: *const bindings::nlattr,
    );
}

/// An attribute of the netlink request being served, for an extack to
/// point at (`bad_attr`), or none; never read here.
///
/// # Invariants
///
/// `ptr` is NULL or an attribute inside the running request's message,
/// valid for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct NlAttr<'a> {
    ptr: *const bindings::nlattr,
    _request: PhantomData<&'a bindings::nlattr>,
}

impl<'a> NlAttr<'a> {
    /// # Safety
    ///
    /// `p` is NULL or an attribute of the running request, valid for `'a`.
    pub(super) unsafe fn from_raw(p: *const bindings::nlattr) -> NlAttr<'a> {
        // INVARIANT: per the caller.
        NlAttr {
            ptr: p,
            _request: PhantomData,
        }
    }
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

    /// `NL_SET_ERR_MSG_ATTR()`: records a static message pointing at `attr`
    /// (`NL_SET_ERR_MSG()` when `attr` is none), and fires the
    /// `netlink_extack` tracepoint as those macros do.
    pub(crate) fn set_at(self, msg: &'static CStr, attr: NlAttr<'a>) {
        // SAFETY: `self.as_ptr()` is NULL or the request's extack, valid for
        // `'a` (invariant); `msg` is a static NUL-terminated string (the
        // extack keeps the pointer); `attr.ptr` is NULL or an attribute of
        // the same request (its invariant), which the extack only points at.
        unsafe { bondrs_set_extack_attr(self.as_ptr(), msg.as_char_ptr(), attr.ptr) }
    }

    /// Runs `f`; if it fails having recorded a new message, points the
    /// extack at `attr` (the `NL_SET_ERR_MSG_ATTR(extack, bad_attr, ...)`
    /// of `__bond_opt_set()` for a message set without the attribute).
    pub(crate) fn pointing_at(self, attr: NlAttr<'a>, f: impl FnOnce(Self) -> Result) -> Result {
        let Some(p) = self.ptr else {
            return f(self);
        };
        // SAFETY: the request's extack, valid for `'a` (invariant).
        let before = unsafe { bondrs_extack_msg(p.as_ptr()) };
        let r = f(self);
        if r.is_err() {
            // SAFETY: as above.
            let now = unsafe { bondrs_extack_msg(p.as_ptr()) };
            if !now.is_null() && now != before {
                // SAFETY: as above; `attr.ptr` is NULL or an attribute of the
                // same request (its invariant).
                unsafe { bondrs_extack_bad_attr(p.as_ptr(), attr.ptr) }
            }
        }
        r
    }

    /// Whether the request has an extack (else messages go to the log).
    pub(crate) fn is_some(self) -> bool {
        self.ptr.is_some()
    }
}
