// SPDX-License-Identifier: GPL-2.0

//! RTNL and RCU: tokens that prove a lock or read-side section is held, and
//! the RCU-published pointers readers load under RCU and writers replace
//! under RTNL.

use core::marker::PhantomData;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::bindings;
use kernel::prelude::*;
use kernel::sync::Arc;

extern "C" {
    fn bondrs_rtnl_trylock() -> bool;
    fn bondrs_rtnl_unlock();
}

/// Runs `f` under RTNL if `rtnl_trylock()` gets it (the monitors never
/// block on RTNL: `ndo_stop` cancels them while holding it).
pub(crate) fn rtnl_trylock<R>(f: impl FnOnce(&mut Rtnl<'_>) -> R) -> Option<R> {
    // SAFETY: no preconditions; on success we own RTNL until the unlock
    // below.
    if !unsafe { bondrs_rtnl_trylock() } {
        return None;
    }
    // INVARIANT: RTNL is held until `bondrs_rtnl_unlock()`, and the token
    // cannot escape `f`.
    let r = f(&mut Rtnl(PhantomData));
    // SAFETY: we took RTNL above.
    unsafe { bondrs_rtnl_unlock() };
    Some(r)
}

/// Proof that the RTNL lock is held, for as long as `'a`.
///
/// Made only by the trampolines of callbacks the networking core runs under
/// RTNL (`ndo_add_slave`, `ndo_del_slave`, `ndo_uninit`, netdevice notifier
/// events); `&mut Rtnl` is what writers of RTNL-protected state need.
pub(crate) struct Rtnl<'a>(PhantomData<&'a mut ()>);

impl Rtnl<'_> {
    /// # Safety
    ///
    /// RTNL is held for the token's whole life.
    pub(super) unsafe fn assume_held() -> Self {
        Rtnl(PhantomData)
    }
}

/// Proof of an RCU read-side critical section for `'a`.
///
/// The transmit path (`ndo_start_xmit`, under `rcu_read_lock_bh()`) and the
/// rx handler (under `rcu_read_lock()`) run in one; other readers take a
/// [`kernel::sync::rcu::Guard`] and borrow a token from it.
pub(crate) struct RcuRead<'a>(PhantomData<&'a ()>);

impl RcuRead<'_> {
    /// # Safety
    ///
    /// The caller is in an RCU read-side critical section for the token's
    /// whole life (the transmit path and the rx handler are).
    pub(super) unsafe fn assume_read_side() -> Self {
        RcuRead(PhantomData)
    }

    /// A token borrowed from a held RCU read lock.
    pub(crate) fn from_guard(_g: &kernel::sync::rcu::Guard) -> RcuRead<'_> {
        RcuRead(PhantomData)
    }
}

/// A value with the RCU head that defers its free: what an [`RcuBox`]
/// publishes.
#[repr(C)]
struct RcuNode<T> {
    /// First, so that the callback finds the node at the head's address.
    head: bindings::callback_head,
    value: T,
}

/// A value allocated for publishing in an [`RcuBox`]: allocate it before the
/// steps that cannot be undone, publish it with [`RcuBox::replace`], which
/// cannot fail.
pub(crate) struct RcuBoxed<T>(KBox<RcuNode<T>>);

impl<T> RcuBoxed<T> {
    /// Allocates `value` with its RCU head.
    pub(crate) fn new(value: T) -> Result<Self> {
        let head = bindings::callback_head {
            next: core::ptr::null_mut(),
            func: None,
        };
        Ok(RcuBoxed(KBox::new(RcuNode { head, value }, GFP_KERNEL)?))
    }

    /// As [`RcuBoxed::new`], for steps that must complete: the allocation
    /// cannot fail (`__GFP_NOFAIL`).
    pub(crate) fn new_nofail(value: T) -> Self {
        let head = bindings::callback_head {
            next: core::ptr::null_mut(),
            func: None,
        };
        RcuBoxed(super::alloc::kbox_nofail(RcuNode { head, value }))
    }
}

impl<T> core::ops::Deref for RcuBoxed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.value
    }
}

/// Not published yet: the owner may still change it.
impl<T> core::ops::DerefMut for RcuBoxed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0.value
    }
}

/// The RCU callback that frees an unpublished [`RcuNode<T>`].
///
/// # Safety
///
/// `head` is the head of an `RcuNode<T>` from `KBox::into_raw`, unreachable
/// by readers since before the grace period that just ended.
unsafe extern "C" fn free_node<T>(head: *mut bindings::callback_head) {
    // SAFETY: `head` is the first field of a `#[repr(C)]` `RcuNode<T>` that
    // came from `KBox::into_raw` (per the contract), so this is its address;
    // nothing else refers to it any more.
    drop(unsafe { KBox::from_raw(head.cast::<RcuNode<T>>()) });
}

/// `call_rcu()`: frees `node` after a grace period, without waiting for it.
///
/// # Safety
///
/// `node` comes from `KBox::into_raw` and readers can no longer find it.
unsafe fn defer_free<T>(node: *mut RcuNode<T>) {
    // SAFETY: `node` is valid and ours (per the contract); the callback
    // frees it once, after a grace period. `LinkRegistration` runs
    // `rcu_barrier()` before the module's text can go away.
    unsafe { bindings::call_rcu(&raw mut (*node).head, Some(free_node::<T>)) };
}

/// An RCU-published, owned pointer (`__rcu` in C): readers load it under
/// RCU, writers replace it under RTNL and the old value is freed after a
/// grace period by an RCU callback (`kfree_rcu()` style): no writer waits
/// for a grace period while it holds RTNL.
///
/// `T` is dropped in the RCU callback (softirq context): its drop must not
/// sleep.
///
/// # Invariants
///
/// `ptr` is NULL or comes from `KBox::into_raw` of an `RcuNode<T>`, and is
/// freed only after a grace period has passed since it was unpublished.
pub(crate) struct RcuBox<T> {
    ptr: AtomicPtr<RcuNode<T>>,
}

// SAFETY: the pointee is shared between threads only by `&T` (readers) and
// dropped on another thread after it is unpublished; `T: Send + Sync` makes
// both fine.
unsafe impl<T: Send + Sync> Send for RcuBox<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for RcuBox<T> {}

impl<T> RcuBox<T> {
    /// An empty pointer.
    pub(crate) const fn new() -> Self {
        RcuBox {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// `rcu_dereference()`.
    pub(crate) fn get<'a>(&'a self, _rcu: &'a RcuRead<'_>) -> Option<&'a T> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: by the type invariant `p` is NULL or a live node; a value
        // unpublished while we are in this read-side section is freed only
        // after it ends, which `'a` cannot outlive.
        unsafe { p.as_ref() }.map(|n| &n.value)
    }

    /// `rtnl_dereference()`: the value writers see; it changes only under
    /// RTNL, which `_rtnl` proves is held.
    pub(crate) fn get_rtnl<'a>(&'a self, _rtnl: &'a Rtnl<'_>) -> Option<&'a T> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: only RTNL holders replace the pointer, and we hold RTNL for
        // `'a`; replacing needs `&mut Rtnl`, which the borrow of `_rtnl`
        // excludes for `'a`, so the node stays alive.
        unsafe { p.as_ref() }.map(|n| &n.value)
    }

    /// Publishes `new` (`rcu_assign_pointer`); the old value is freed after
    /// a grace period (`call_rcu`).
    pub(crate) fn replace(&self, new: Option<RcuBoxed<T>>, _rtnl: &mut Rtnl<'_>) {
        let newp = new.map_or(core::ptr::null_mut(), |b| KBox::into_raw(b.0));
        let old = self.ptr.swap(newp, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: `old` came from `KBox::into_raw` (invariant) and is no
            // longer reachable by new readers.
            unsafe { defer_free(old) };
        }
    }
}

impl<T> Drop for RcuBox<T> {
    fn drop(&mut self) {
        let p = *self.ptr.get_mut();
        if !p.is_null() {
            // SAFETY: `&mut self`: no reader can hold the pointer any more
            // (the owner is freed after its device's last RCU reader).
            drop(unsafe { KBox::from_raw(p) });
        }
    }
}

/// A value only RTNL holders touch, by moving it in or out (no reference
/// to the inside is ever handed out, so a callback that re-enters the
/// driver under the same RTNL cannot alias it).
pub(crate) struct RtnlCell<T> {
    value: core::cell::UnsafeCell<Option<T>>,
}

// SAFETY: the value is only moved in and out under RTNL (`&mut Rtnl`), one
// thread at a time; `T: Send` lets it move between threads.
unsafe impl<T: Send> Send for RtnlCell<T> {}
// SAFETY: as above: shared `&RtnlCell` gives access only under RTNL.
unsafe impl<T: Send> Sync for RtnlCell<T> {}

impl<T> RtnlCell<T> {
    /// An empty cell.
    pub(crate) const fn new() -> Self {
        RtnlCell {
            value: core::cell::UnsafeCell::new(None),
        }
    }

    /// Puts `new` in and gives back what was there.
    pub(crate) fn replace(&self, new: Option<T>, _rtnl: &mut Rtnl<'_>) -> Option<T> {
        // SAFETY: RTNL is held (the token) and serialises every access; the
        // mutable borrow ends before this returns and runs no other code.
        unsafe { core::mem::replace(&mut *self.value.get(), new) }
    }
}

/// An RCU-published value that always exists (the bond's parameters):
/// readers take a consistent snapshot under RCU without a lock, writers
/// publish a changed copy under RTNL and the old one is freed after a grace
/// period ([`RcuBox`] without the empty state).
///
/// `T` is dropped in an RCU callback (softirq context): its drop must not
/// sleep.
///
/// # Invariants
///
/// `ptr` is never NULL: it comes from `KBox::into_raw` of an `RcuNode<T>`
/// and is freed only after a grace period has passed since it was
/// unpublished.
pub(crate) struct RcuCell<T> {
    ptr: AtomicPtr<RcuNode<T>>,
}

// SAFETY: as for `RcuBox`: the value is shared by `&T` and dropped on another
// thread after it is unpublished.
unsafe impl<T: Send + Sync> Send for RcuCell<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for RcuCell<T> {}

impl<T> RcuCell<T> {
    /// A cell holding `value`, allocated beforehand.
    pub(crate) fn new(value: RcuBoxed<T>) -> Self {
        // INVARIANT: a node from `KBox::into_raw`, not NULL.
        RcuCell {
            ptr: AtomicPtr::new(KBox::into_raw(value.0)),
        }
    }

    /// `rcu_dereference()`.
    pub(crate) fn get<'a>(&'a self, _rcu: &'a RcuRead<'_>) -> &'a T {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: `p` is a live node (invariant); one unpublished during this
        // read-side section is freed only after it ends, which `'a` cannot
        // outlive.
        unsafe { &(*p).value }
    }

    /// `rtnl_dereference()`: only RTNL holders replace the value.
    pub(crate) fn get_rtnl<'a>(&'a self, _rtnl: &'a Rtnl<'_>) -> &'a T {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: replacing needs `&mut Rtnl`, which the borrow of `_rtnl`
        // excludes for `'a`; the node is live (invariant).
        unsafe { &(*p).value }
    }

    /// A snapshot read under an RCU read lock taken for the snapshot's life
    /// (for readers outside the transmit and receive paths).
    pub(crate) fn read(&self) -> RcuRef<'_, T> {
        let guard = kernel::sync::rcu::read_lock();
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: as in `get`: the guard, which `RcuRef` keeps, holds the
        // read-side section for as long as the reference can be used.
        let value = unsafe { &(*p).value };
        RcuRef {
            _guard: guard,
            value,
        }
    }

    /// Publishes `new`; the old value is freed after a grace period.
    pub(crate) fn replace(&self, new: RcuBoxed<T>, _rtnl: &mut Rtnl<'_>) {
        let old = self.ptr.swap(KBox::into_raw(new.0), Ordering::AcqRel);
        // SAFETY: `old` came from `KBox::into_raw` (invariant) and new readers
        // can no longer find it.
        unsafe { defer_free(old) };
    }
}

impl<T> Drop for RcuCell<T> {
    fn drop(&mut self) {
        // SAFETY: `&mut self`: no reader is left (the owner is freed after
        // its device's last RCU reader); the node came from `KBox::into_raw`.
        drop(unsafe { KBox::from_raw(*self.ptr.get_mut()) });
    }
}

/// A value read from an [`RcuCell`] with the RCU read lock that keeps it
/// alive.
pub(crate) struct RcuRef<'a, T> {
    _guard: kernel::sync::rcu::Guard,
    value: &'a T,
}

impl<T> core::ops::Deref for RcuRef<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

/// The deferred drop of one `Arc` reference (see [`RcuArc::set`]).
#[repr(C)]
struct ArcNode<T> {
    head: bindings::callback_head,
    arc: Arc<T>,
}

/// An RCU-published reference-counted pointer (`curr_active_slave`,
/// `primary_slave`): readers borrow under RCU, writers swap under RTNL and
/// the slot's reference to the old value is dropped after a grace period.
///
/// # Invariants
///
/// `ptr` is NULL or an `Arc::into_raw` reference owned by the slot, released
/// only after a grace period has passed since it was unpublished.
pub(crate) struct RcuArc<T> {
    ptr: AtomicPtr<T>,
}

// SAFETY: shares `&T` across threads and moves `Arc<T>`s: `T: Send + Sync`.
unsafe impl<T: Send + Sync> Send for RcuArc<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for RcuArc<T> {}

impl<T: Send + Sync> RcuArc<T> {
    /// An empty slot.
    pub(crate) const fn new() -> Self {
        RcuArc {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// `rcu_dereference()`.
    pub(crate) fn get<'a>(&'a self, _rcu: &'a RcuRead<'_>) -> Option<&'a T> {
        // SAFETY: NULL or a reference the slot owns; if it is swapped out
        // while we read, it is released only after our read side ends.
        unsafe { self.ptr.load(Ordering::Acquire).as_ref() }
    }

    /// `rtnl_dereference()`.
    pub(crate) fn get_rtnl<'a>(&'a self, _rtnl: &'a Rtnl<'_>) -> Option<&'a T> {
        // SAFETY: only RTNL holders swap the slot (with `&mut Rtnl`, which the
        // borrow of `_rtnl` excludes for `'a`).
        unsafe { self.ptr.load(Ordering::Acquire).as_ref() }
    }

    /// Whether the slot holds `x`.
    pub(crate) fn holds(&self, x: &T) -> bool {
        core::ptr::eq(self.ptr.load(Ordering::Relaxed), x)
    }

    /// `rcu_assign_pointer()`; the slot's reference to the old value is
    /// dropped after a grace period by an RCU callback, or, if there is no
    /// memory for the callback's node, after an expedited grace period.
    pub(crate) fn set(&self, new: Option<Arc<T>>, _rtnl: &mut Rtnl<'_>) {
        // The node first, so that nothing after the swap can fail.
        let node = KBox::<ArcNode<T>>::new_uninit(GFP_KERNEL).ok();
        let newp = new.map_or(core::ptr::null_mut(), |a| Arc::into_raw(a).cast_mut());
        let old = self.ptr.swap(newp, Ordering::AcqRel);
        if old.is_null() {
            return;
        }
        // SAFETY: the slot owned this reference (invariant); it is no longer
        // reachable by new readers, and it is dropped only after a grace
        // period below.
        let old = unsafe { Arc::from_raw(old) };
        match node {
            Some(n) => {
                let head = bindings::callback_head {
                    next: core::ptr::null_mut(),
                    func: None,
                };
                let n = KBox::into_raw(KBox::write(n, ArcNode { head, arc: old }));
                // SAFETY: `n` is a fresh node from `KBox::into_raw`; its first
                // field is the head, so `free_arc::<T>` finds the node there.
                unsafe { bindings::call_rcu(&raw mut (*n).head, Some(free_arc::<T>)) };
            }
            None => {
                // SAFETY: process context (RTNL holders), no RCU read lock held.
                unsafe { bindings::synchronize_rcu_expedited() };
                drop(old);
            }
        }
    }
}

/// The RCU callback that drops an [`ArcNode<T>`]'s reference.
///
/// # Safety
///
/// `head` is the head of an `ArcNode<T>` from `KBox::into_raw`, queued by
/// [`RcuArc::set`] after the reference was unpublished.
unsafe extern "C" fn free_arc<T>(head: *mut bindings::callback_head) {
    // SAFETY: the head is the first field of the `#[repr(C)]` node, which
    // came from `KBox::into_raw` and is referred to by nothing else.
    drop(unsafe { KBox::from_raw(head.cast::<ArcNode<T>>()) });
}

impl<T> Drop for RcuArc<T> {
    fn drop(&mut self) {
        let p = *self.ptr.get_mut();
        if !p.is_null() {
            // SAFETY: the slot owns this reference; `&mut self` means no
            // reader is left.
            drop(unsafe { Arc::from_raw(p) });
        }
    }
}

/// `rcu_barrier()`: waits until every RCU callback queued so far has run
/// (before the module that holds the callbacks goes away).
pub(crate) fn rcu_barrier() {
    // SAFETY: process context, no lock held that a callback could need.
    unsafe { bindings::rcu_barrier() }
}
