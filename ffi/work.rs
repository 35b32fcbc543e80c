// SPDX-License-Identifier: GPL-2.0

//! Delayed work items of a device, time and rate limiting.

use kernel::ffi::c_ulong;

use super::netdev::NetDev;

/// `BONDRS_NR_WORK`: how many delayed work items each device of the link
/// kind has (checked against glue.h when the ops table is registered).
pub(crate) const NR_WORK: usize = 3;

/// A driver's names for its device's work items, numbered `0..NR_WORK`.
pub(crate) trait WorkItem: Copy + Send + Sync + 'static {
    /// The item's number.
    fn index(self) -> u32;
    /// The item numbered `i`, if any.
    fn from_index(i: u32) -> Option<Self>;
}

extern "C" {
    fn bondrs_work_queue(dev: *mut kernel::bindings::net_device, which: u32, delay: c_ulong);
    fn bondrs_work_mod(dev: *mut kernel::bindings::net_device, which: u32, delay: c_ulong);
    fn bondrs_work_cancel_sync(dev: *mut kernel::bindings::net_device, which: u32);
    fn bondrs_msecs_to_jiffies(ms: u32) -> c_ulong;
    fn bondrs_jiffies() -> c_ulong;
    fn bondrs_net_ratelimit() -> bool;
}

/// Queues (or, with `modify`, re-times) work item `which` of `dev`.  The
/// glue does nothing for a device of another kind or an item out of range.
pub(super) fn queue(dev: &NetDev, which: u32, delay: u64, modify: bool) {
    let d = c_ulong::try_from(delay).unwrap_or(c_ulong::MAX);
    // SAFETY: `dev` is valid for the call (`&NetDev`); the glue touches the
    // work items only of a device of this module's link kind (whose private
    // area holds `NR_WORK` of them, alive as long as the device) and only for
    // `which < NR_WORK`.
    unsafe {
        if modify {
            bondrs_work_mod(dev.as_ptr(), which, d)
        } else {
            bondrs_work_queue(dev.as_ptr(), which, d)
        }
    }
}

/// `cancel_delayed_work_sync()` of one item (nothing for a device of another
/// kind or an item out of range, as `queue`).
pub(super) fn cancel_sync(dev: &NetDev, which: u32) {
    // SAFETY: as in `queue`; process context (the callers are ndo_stop
    // and RTNL holders, and the work items only try RTNL).
    unsafe { bondrs_work_cancel_sync(dev.as_ptr(), which) }
}

/// `msecs_to_jiffies()`.
pub(crate) fn msecs_to_jiffies(ms: u32) -> u64 {
    // SAFETY: a pure conversion.
    let j = unsafe { bondrs_msecs_to_jiffies(ms) };
    u64::try_from(j).unwrap_or(u64::MAX)
}

/// `jiffies`.
pub(crate) fn jiffies() -> u64 {
    // SAFETY: reads the global tick counter.
    let j = unsafe { bondrs_jiffies() };
    u64::try_from(j).unwrap_or(u64::MAX)
}

/// `net_ratelimit()`: whether a rate-limited network message may print.
pub(crate) fn net_ratelimit() -> bool {
    // SAFETY: no preconditions.
    unsafe { bondrs_net_ratelimit() }
}
