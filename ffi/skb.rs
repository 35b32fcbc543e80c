// SPDX-License-Identifier: GPL-2.0

//! Socket buffers.

use core::ptr::NonNull;
use kernel::bindings;

/// An owned socket buffer.
///
/// # Invariants
///
/// `self.0` is an `sk_buff` this value owns (one reference).
pub(crate) struct SkBuff(NonNull<bindings::sk_buff>);

// SAFETY: an skb reference may be handed to and freed from any thread.
unsafe impl Send for SkBuff {}

impl SkBuff {
    /// # Safety
    ///
    /// `p` is an skb whose reference passes to the new value.
    pub(super) unsafe fn from_raw(p: NonNull<bindings::sk_buff>) -> SkBuff {
        // INVARIANT: per the caller.
        SkBuff(p)
    }

    pub(super) fn as_ptr(&self) -> *mut bindings::sk_buff {
        self.0.as_ptr()
    }

    /// Gives up ownership: the caller now owns the reference.
    pub(super) fn into_raw(self) -> *mut bindings::sk_buff {
        let p = self.0.as_ptr();
        core::mem::forget(self);
        p
    }
}

impl Drop for SkBuff {
    fn drop(&mut self) {
        // SAFETY: by the type invariant we own this reference; this is
        // `kfree_skb()` spelled out (`skbuff.h`).
        unsafe {
            bindings::sk_skb_reason_drop(
                core::ptr::null_mut(),
                self.0.as_ptr(),
                bindings::skb_drop_reason_SKB_DROP_REASON_NOT_SPECIFIED,
            )
        }
    }
}

/// Mirror of `struct bondrs_skb_meta`.
#[repr(C)]
struct SkbMetaC {
    data: *const u8,
    headlen: u32,
    network_offset: i32,
    hash: u32,
    protocol: u16,
    vlan_tci: u16,
    vlan_present: bool,
    l4_hash: bool,
}

/// The size of `struct bondrs_skb_meta` as Rust lays it out (checked
/// against glue.h when the ops table is registered).
pub(super) const SKB_META_SIZE: usize = core::mem::size_of::<SkbMetaC>();
const _: () = assert!(SKB_META_SIZE == 32);

extern "C" {
    fn bondrs_skb_meta(skb: *const bindings::sk_buff, m: *mut SkbMetaC);
    fn bondrs_skb_clone(skb: *mut bindings::sk_buff) -> *mut bindings::sk_buff;
    fn bondrs_skb_queue_mapping(skb: *const bindings::sk_buff) -> u16;
}

/// What a transmit hash reads of a frame: its linear bytes and a few skb
/// fields.
pub(crate) struct SkbView<'a> {
    /// The linear part of the frame, from `skb->data` (the MAC header on
    /// transmit).
    pub(crate) head: &'a [u8],
    /// `skb->protocol`, host order.
    pub(crate) protocol: u16,
    /// `skb_network_offset()`: where the network header starts in `head`
    /// (may be negative or past `head` on a malformed frame).
    pub(crate) network_offset: i32,
    /// The hardware-accelerated VLAN tag, if present.
    pub(crate) vlan_tci: Option<u16>,
    /// `skb->hash` when it is an L4 hash.
    pub(crate) l4_hash: Option<u32>,
}

impl SkBuff {
    /// The linear part of the frame and the skb fields the transmit hash
    /// reads, in one call.
    pub(crate) fn view(&self) -> SkbView<'_> {
        let mut m = core::mem::MaybeUninit::<SkbMetaC>::uninit();
        // SAFETY: we own a reference to a valid skb; the glue fills every
        // field of the mirrored struct.
        let m = unsafe {
            bondrs_skb_meta(self.0.as_ptr(), m.as_mut_ptr());
            m.assume_init()
        };
        // SAFETY: `data` has `headlen` linear bytes, in place and unchanged
        // while we hold the skb (borrowed for the slice's lifetime).
        let head = unsafe { core::slice::from_raw_parts(m.data, m.headlen as usize) };
        SkbView {
            head,
            protocol: m.protocol,
            network_offset: m.network_offset,
            vlan_tci: m.vlan_present.then_some(m.vlan_tci),
            l4_hash: m.l4_hash.then_some(m.hash),
        }
    }

    /// `skb_get_queue_mapping()`: on the bond's transmit path, the queue
    /// `ndo_select_queue` or a tc action chose (0: none recorded).
    pub(crate) fn queue_mapping(&self) -> u16 {
        // SAFETY: we own a reference to a valid skb.
        unsafe { bondrs_skb_queue_mapping(self.0.as_ptr()) }
    }

    /// `skb_clone(skb, GFP_ATOMIC)`.
    pub(crate) fn clone_atomic(&self) -> Option<SkBuff> {
        // SAFETY: we own a reference to a valid skb.
        let p = unsafe { bondrs_skb_clone(self.0.as_ptr()) };
        // INVARIANT: a new clone, owned by the returned value.
        NonNull::new(p).map(SkBuff)
    }
}
