// SPDX-License-Identifier: GPL-2.0

//! Allocations that must not fail: `__GFP_NOFAIL` (the kernel crate's
//! `Flags` offers no way to ask for it), for the few steps that have to
//! complete, such as releasing a slave whose device is being unregistered.
//! The allocator loops until it succeeds (fault injection skips these), so
//! only small, bounded sizes in process context use them.

use kernel::prelude::*;

extern "C" {
    fn bondrs_kmalloc_nofail(size: usize) -> *mut u8;
}

/// The alignment every kmalloc object has at least (`ARCH_KMALLOC_MINALIGN`).
const KMALLOC_MINALIGN: usize = kernel::bindings::ARCH_KMALLOC_MINALIGN;

/// An empty `KVec<T>` with room for `cap` elements, allocated with
/// `GFP_KERNEL | __GFP_NOFAIL`.
pub(crate) fn kvec_nofail<T>(cap: usize) -> KVec<T> {
    const {
        assert!(core::mem::align_of::<T>() <= KMALLOC_MINALIGN);
    }
    let size = core::mem::size_of::<T>().saturating_mul(cap);
    if size == 0 || size > isize::MAX as usize {
        return KVec::new();
    }
    // SAFETY: process context (the callers are RTNL holders); the glue
    // returns a kmalloc object of `size` bytes, never NULL with __GFP_NOFAIL.
    let p = unsafe { bondrs_kmalloc_nofail(size) };
    // SAFETY: `Kmalloc` allocates and frees with krealloc()/kfree(), so a
    // kmalloc() object is one of its allocations; it is aligned for `T`
    // (kmalloc objects are aligned to at least KMALLOC_MINALIGN, asserted
    // above to cover `T`), has room for `cap` elements (`size` bytes, at most
    // isize::MAX), and holds none yet (length 0).
    unsafe { KVec::from_raw_parts(p.cast::<T>(), 0, cap) }
}

/// `KBox::new(value)` with `GFP_KERNEL | __GFP_NOFAIL`.
pub(crate) fn kbox_nofail<T>(value: T) -> KBox<T> {
    const {
        assert!(core::mem::align_of::<T>() <= KMALLOC_MINALIGN);
    }
    if core::mem::size_of::<T>() == 0 {
        // A zero-sized box does not allocate.
        return match KBox::new(value, GFP_KERNEL) {
            Ok(b) => b,
            Err(_) => unreachable!("a zero-sized box does not allocate"),
        };
    }
    // SAFETY: as in `kvec_nofail`: a kmalloc object of the size of `T`.
    let p = unsafe { bondrs_kmalloc_nofail(core::mem::size_of::<T>()) }.cast::<T>();
    // SAFETY: `p` is valid for writes of a `T` and aligned for it (see
    // `kvec_nofail`).
    unsafe { p.write(value) };
    // SAFETY: `p` is a `Kmalloc` allocation (see `kvec_nofail`) holding an
    // initialized `T`, owned by nobody else.
    unsafe { KBox::from_raw(p) }
}
