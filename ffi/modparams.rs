// SPDX-License-Identifier: GPL-2.0

//! The module parameters the glue declares (`module_param()` and friends
//! are C macros), read once at load time.

use kernel::ffi::c_char;
use kernel::str::{CStr, CStrExt};

/// `BONDRS_MAX_ARP_TARGETS`: the length of the `arp_ip_target` array
/// parameter (its layout is checked with the whole struct's size).
pub(crate) const ARP_TARGETS: usize = 16;

/// Mirror of `struct bondrs_modparams` in `glue.h`.
#[repr(C)]
pub(crate) struct ModParamsC {
    mode: *const c_char,
    primary: *const c_char,
    primary_reselect: *const c_char,
    lacp_rate: *const c_char,
    ad_select: *const c_char,
    xmit_hash_policy: *const c_char,
    arp_validate: *const c_char,
    arp_all_targets: *const c_char,
    fail_over_mac: *const c_char,
    arp_ip_target: [*const c_char; ARP_TARGETS],
    max_bonds: i32,
    tx_queues: i32,
    num_peer_notif: i32,
    miimon: i32,
    updelay: i32,
    downdelay: i32,
    use_carrier: i32,
    min_links: i32,
    arp_interval: i32,
    all_slaves_active: i32,
    resend_igmp: i32,
    packets_per_slave: i32,
    lp_interval: u32,
    fast_failover: i32,
}

/// `BONDRS_MODPARAMS_SIZE`, asserted in C as well (and checked again when
/// the ops table is registered).
pub(crate) const MODPARAMS_SIZE: usize = 256;
const _: () = assert!(core::mem::size_of::<ModParamsC>() == MODPARAMS_SIZE);

extern "C" {
    fn bondrs_get_modparams(p: *mut ModParamsC);
}

/// The module parameters as the kernel's parameter parser stored them:
/// strings (`charp`) as their bytes, `None` when not given.
#[allow(missing_docs)]
pub(crate) struct ModParams {
    pub(crate) mode: Option<&'static [u8]>,
    pub(crate) primary: Option<&'static [u8]>,
    pub(crate) primary_reselect: Option<&'static [u8]>,
    pub(crate) lacp_rate: Option<&'static [u8]>,
    pub(crate) ad_select: Option<&'static [u8]>,
    pub(crate) xmit_hash_policy: Option<&'static [u8]>,
    pub(crate) arp_validate: Option<&'static [u8]>,
    pub(crate) arp_all_targets: Option<&'static [u8]>,
    pub(crate) fail_over_mac: Option<&'static [u8]>,
    pub(crate) arp_ip_target: [Option<&'static [u8]>; ARP_TARGETS],
    pub(crate) max_bonds: i32,
    pub(crate) tx_queues: i32,
    pub(crate) num_peer_notif: i32,
    pub(crate) miimon: i32,
    pub(crate) updelay: i32,
    pub(crate) downdelay: i32,
    pub(crate) use_carrier: i32,
    pub(crate) min_links: i32,
    pub(crate) arp_interval: i32,
    pub(crate) all_slaves_active: i32,
    pub(crate) resend_igmp: i32,
    pub(crate) packets_per_slave: i32,
    pub(crate) lp_interval: u32,
    pub(crate) fast_failover: i32,
}

/// Reads the module parameters.
pub(crate) fn read() -> ModParams {
    let mut c = core::mem::MaybeUninit::<ModParamsC>::uninit();
    // SAFETY: `bondrs_get_modparams` writes every field of the struct whose
    // layout `ModParamsC` mirrors (size asserted on both sides).
    let c = unsafe {
        bondrs_get_modparams(c.as_mut_ptr());
        c.assume_init()
    };
    let s = |p: *const c_char| -> Option<&'static [u8]> {
        if p.is_null() {
            return None;
        }
        // SAFETY: charp module parameters are NULL or NUL-terminated strings
        // owned by the module's parameter storage, freed only when the module
        // is unloaded; the parameters have permission 0 or are read once at
        // load, before any writer could run.
        Some(unsafe { CStr::from_char_ptr(p) }.to_bytes())
    };
    let mut targets = [None; ARP_TARGETS];
    for (t, p) in targets.iter_mut().zip(c.arp_ip_target) {
        *t = s(p);
    }
    ModParams {
        mode: s(c.mode),
        primary: s(c.primary),
        primary_reselect: s(c.primary_reselect),
        lacp_rate: s(c.lacp_rate),
        ad_select: s(c.ad_select),
        xmit_hash_policy: s(c.xmit_hash_policy),
        arp_validate: s(c.arp_validate),
        arp_all_targets: s(c.arp_all_targets),
        fail_over_mac: s(c.fail_over_mac),
        arp_ip_target: targets,
        max_bonds: c.max_bonds,
        tx_queues: c.tx_queues,
        num_peer_notif: c.num_peer_notif,
        miimon: c.miimon,
        updelay: c.updelay,
        downdelay: c.downdelay,
        use_carrier: c.use_carrier,
        min_links: c.min_links,
        arp_interval: c.arp_interval,
        all_slaves_active: c.all_slaves_active,
        resend_igmp: c.resend_igmp,
        packets_per_slave: c.packets_per_slave,
        lp_interval: c.lp_interval,
        fast_failover: c.fast_failover,
    }
}
