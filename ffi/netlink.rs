// SPDX-License-Identifier: GPL-2.0

//! Runtime configuration over rtnetlink (`ffi/netlink.c`, the port of
//! `bond_netlink.c`) and sysfs stores: the option values the glue hands to
//! [`Device::set_option`](super::Device::set_option), the decoded steps of
//! an rtnetlink change it hands to [`Device::changelink`](super::Device::changelink)
//! ([`ChangeSteps`]), and the snapshots `bond_fill_info()`/
//! `bond_fill_slave_info()` put, [`BondInfo`] and [`SlaveInfo`].  The glue
//! decodes and forwards; what an option means, and what a change checks
//! between its attributes, is the driver's.

use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::{c_char, c_int, c_void};
use kernel::prelude::*;
use kernel::str::{CStr, CStrExt};

use super::extack::{Extack, NlAttr};
use super::link::{Adapter, Device};
use super::netdev::NetDev;
use super::sync::{RcuRead, Rtnl};
use super::to_errno;

/// `BONDRS_OPTVAL_NONE` (`ULLONG_MAX`): the [`OptVal::value`] of a string or
/// binary value, and of the "clear all" of `arp_ip_target`/`ns_ip6_target`
/// (see [`OptVal::is_clear`]).
pub(crate) const OPTVAL_NONE: u64 = u64::MAX;

/// Mirror of `struct bondrs_optval`.
#[repr(C)]
pub(super) struct OptValC {
    value: u64,
    str_: *const c_char,
    extra: *const c_void,
    extra_len: u32,
    slave_dev: *mut bindings::net_device,
}
pub(super) const OPTVAL_SIZE: usize = 40;
const _: () = assert!(core::mem::size_of::<OptValC>() == OPTVAL_SIZE);

impl OptValC {
    /// The value, borrowed for `'a`.
    ///
    /// # Safety
    ///
    /// `self` is a filled `struct bondrs_optval` whose pointers are valid for
    /// `'a`: `str_` NULL or NUL-terminated, `extra` NULL or `extra_len`
    /// readable bytes, `slave_dev` NULL or a device (RTNL held).
    unsafe fn get<'a>(&'a self) -> OptVal<'a> {
        let str_ = (!self.str_.is_null()).then(|| {
            // SAFETY: a NUL-terminated string valid for `'a` (above).
            unsafe { CStr::from_char_ptr(self.str_) }.to_bytes()
        });
        let extra = (!self.extra.is_null()).then(|| {
            // SAFETY: `extra_len` readable bytes, valid for `'a` (above).
            unsafe { core::slice::from_raw_parts(self.extra.cast::<u8>(), self.extra_len as usize) }
        });
        let slave = NonNull::new(self.slave_dev).map(|p| {
            // SAFETY: a device valid for `'a` (above).
            unsafe { NetDev::from_raw(p.as_ptr()) }
        });
        OptVal {
            value: self.value,
            str: str_,
            extra,
            slave,
        }
    }
}

/// Mirror of `struct bondrs_nl_step`.
#[repr(C)]
pub(super) struct NlStepC {
    kind: u32,
    id: u32,
    val: OptValC,
    attr: *const bindings::nlattr,
}
pub(super) const NL_STEP_SIZE: usize = 56;
const _: () = assert!(core::mem::size_of::<NlStepC>() == NL_STEP_SIZE);

/// `BONDRS_NL_*` (glue.h).
const NL_OPT: u32 = 0;
const NL_USE_CARRIER: u32 = 1;
const NL_TARGETS_BEGIN: u32 = 2;
const NL_TARGETS_END: u32 = 3;
const NL_DECODE_ERR: u32 = 4;
const NL_BAD_IPV6: u32 = 5;

/// What one step of an rtnetlink change asks (glue.h, `struct
/// bondrs_nl_step`).
pub(crate) enum ChangeOp<'a> {
    /// Set option `id` (`BOND_OPT_*` numbering) to the value, as
    /// [`Device::set_option`](super::Device::set_option) does.
    Set(u32, OptVal<'a>),
    /// `IFLA_BOND_USE_CARRIER`, its `u8`.
    UseCarrier(u64),
    /// A target list of option `id` (`BOND_OPT_ARP_TARGETS`/`NS_TARGETS`)
    /// starts: clear all; its targets follow as [`ChangeOp::Set`] of `id`.
    TargetsBegin(u32),
    /// The target list ends.
    TargetsEnd,
    /// An attribute did not decode: fail with this error, no message (the
    /// last step).
    DecodeError(Error),
    /// An NS target shorter than an IPv6 address (the last step).
    BadIpv6,
}

/// One step of an rtnetlink change: what it asks, and the attribute a
/// message about it points at.
pub(crate) struct ChangeStep<'a> {
    pub(crate) op: ChangeOp<'a>,
    pub(crate) attr: NlAttr<'a>,
}

/// The steps of one rtnetlink change (`changelink`, `newlink` once the
/// device is registered, `slave_changelink`), in the order the glue
/// decoded the attributes: the C driver's.
///
/// # Invariants
///
/// `steps` are filled `struct bondrs_nl_step`s from the glue, whose values
/// and attributes are valid for `'a` (the request, under RTNL).
pub(crate) struct ChangeSteps<'a> {
    steps: core::slice::Iter<'a, NlStepC>,
}

impl<'a> Iterator for ChangeSteps<'a> {
    type Item = ChangeStep<'a>;

    fn next(&mut self) -> Option<ChangeStep<'a>> {
        let s = self.steps.next()?;
        let op = match s.kind {
            // SAFETY: the glue's filled value, valid for `'a` (invariant).
            NL_OPT => ChangeOp::Set(s.id, unsafe { s.val.get() }),
            NL_USE_CARRIER => ChangeOp::UseCarrier(s.val.value),
            NL_TARGETS_BEGIN => ChangeOp::TargetsBegin(s.id),
            NL_TARGETS_END => ChangeOp::TargetsEnd,
            NL_DECODE_ERR => ChangeOp::DecodeError(match s.val.value {
                // A positive errno (ENODEV, EINVAL), below MAX_ERRNO.
                e @ 1..4096 => Error::from_errno(-(e as i32)),
                _ => EINVAL,
            }),
            NL_BAD_IPV6 => ChangeOp::BadIpv6,
            _ => ChangeOp::DecodeError(EINVAL),
        };
        // SAFETY: NULL or an attribute of the request, valid for `'a`
        // (invariant).
        let attr = unsafe { NlAttr::from_raw(s.attr) };
        Some(ChangeStep { op, attr })
    }
}

/// One option value, as `bond_opt_initval()`/`initstr()`/`initextra()`/
/// `bond_opt_slave_initval()` make it (glue.h, `struct bondrs_optval`,
/// documents each source's encoding).
///
/// - sysfs writes: `str` = the bytes written (a trailing newline kept, as
///   `bond_opt_parse()` sees them), `value` = [`OPTVAL_NONE`];
/// - netlink numbers: `value`, converted through `int` as the C driver
///   converts them (a `u32` attribute >= 2^31 is sign-extended);
/// - `IFLA_BOND_ACTIVE_SLAVE`/`PRIMARY`: `str` = the device name (`""` for
///   none);
/// - `arp_ip_target` over netlink: one [`OptVal::is_clear`] value, then
///   one per target with `value` = the `__be32` as a zero-extended integer
///   (its network-order bytes are `(value as u32).to_ne_bytes()`);
/// - `ns_ip6_target`: one clear, then `extra` = the 16 bytes of each target;
/// - `ad_actor_system`: `extra` = the 6 bytes, and `value` = them as
///   `nla_get_u64()` reads them (the C driver's "invalid value (%llu)");
/// - `IFLA_BOND_SLAVE_QUEUE_ID`: `str` = `"<slave>:<id>\n"` for `queue_id`;
/// - `IFLA_BOND_SLAVE_PRIO`/`ACTOR_PORT_PRIO`: `slave` and `value` (the
///   `s32` sign-extended: truncate to `i32`).
pub(crate) struct OptVal<'a> {
    /// The number, when `str` and `extra` are `None` (else [`OPTVAL_NONE`]).
    pub(crate) value: u64,
    /// The string, the bytes before its NUL.
    pub(crate) str: Option<&'a [u8]>,
    /// The binary value.
    pub(crate) extra: Option<&'a [u8]>,
    /// The slave a per-slave netlink option names.
    pub(crate) slave: Option<&'a NetDev>,
}

impl OptVal<'_> {
    /// The "clear all" the glue sends first for `IFLA_BOND_ARP_IP_TARGET`
    /// (`bond_option_arp_ip_targets_clear()`) and `IFLA_BOND_NS_IP6_TARGET`
    /// (`bond_option_ns_ip6_targets_clear()`), which cannot fail in the C
    /// driver: no string, no binary value, `value` [`OPTVAL_NONE`].
    pub(crate) fn is_clear(&self) -> bool {
        self.str.is_none() && self.extra.is_none() && self.value == OPTVAL_NONE
    }
}

/// What `bond_fill_info()` puts (mirror of `struct bondrs_bond_info`).
///
/// The glue omits what the C driver omits: `IFLA_BOND_ACTIVE_SLAVE` when
/// `active_slave_ifindex` is 0 (give 0 in a mode that does not use one, as
/// `bond_mode_uses_primary()`), `IFLA_BOND_PRIMARY` when `primary_ifindex`
/// is 0, the target nests when every slot is unused, the `ad_*` values
/// unless `mode` is 802.3ad and the reader is `CAP_NET_ADMIN`.
#[repr(C)]
#[derive(Default)]
#[allow(dead_code, reason = "written by the driver, read by the glue (C)")]
pub(crate) struct BondInfo {
    /// The active slave's ifindex, 0 for none (or not put in this mode).
    pub(crate) active_slave_ifindex: u32,
    /// The primary slave's ifindex, 0 for none.
    pub(crate) primary_ifindex: u32,
    pub(crate) miimon: u32,
    /// In ms: the C driver's `updelay * miimon`.
    pub(crate) updelay_ms: u32,
    /// In ms: `downdelay * miimon`.
    pub(crate) downdelay_ms: u32,
    /// In ms: `peer_notif_delay * miimon`.
    pub(crate) peer_notif_delay_ms: u32,
    pub(crate) arp_interval: u32,
    pub(crate) arp_validate: u32,
    pub(crate) arp_all_targets: u32,
    pub(crate) resend_igmp: u32,
    pub(crate) min_links: u32,
    pub(crate) lp_interval: u32,
    pub(crate) packets_per_slave: u32,
    /// `__be32` slots (network-order bytes as a native `u32`), 0 unused.
    pub(crate) arp_targets: [u32; 16],
    /// `struct in6_addr` slots, `::` unused.
    pub(crate) ns_targets: [[u8; 16]; 16],
    pub(crate) ad_actor_sys_prio: u16,
    pub(crate) ad_user_port_key: u16,
    pub(crate) mode: u8,
    pub(crate) primary_reselect: u8,
    pub(crate) fail_over_mac: u8,
    pub(crate) xmit_hash_policy: u8,
    pub(crate) num_peer_notif: u8,
    pub(crate) all_slaves_active: u8,
    pub(crate) lacp_active: u8,
    /// `lacp_fast`.
    pub(crate) lacp_rate: u8,
    pub(crate) ad_select: u8,
    pub(crate) tlb_dynamic_lb: u8,
    pub(crate) missed_max: u8,
    pub(crate) coupled_control: u8,
    pub(crate) broadcast_neighbor: u8,
    pub(crate) lacp_strict: u8,
    pub(crate) ad_actor_system: [u8; 6],
}
pub(super) const BOND_INFO_SIZE: usize = 396;
const _: () = assert!(core::mem::size_of::<BondInfo>() == BOND_INFO_SIZE);

/// What `bond_fill_slave_info()` puts (mirror of `struct
/// bondrs_slave_info`); the 802.3ad attributes are never put.
#[repr(C)]
#[derive(Default)]
#[allow(dead_code, reason = "written by the driver, read by the glue (C)")]
pub(crate) struct SlaveInfo {
    pub(crate) link_failure_count: u32,
    pub(crate) prio: i32,
    pub(crate) queue_id: u16,
    /// `BOND_STATE_ACTIVE` 0 / `BOND_STATE_BACKUP` 1.
    pub(crate) state: u8,
    /// `BOND_LINK_UP` 0 .. `BOND_LINK_BACK` 3.
    pub(crate) mii_status: u8,
    /// The permanent address; the glue puts the device's `addr_len` bytes.
    pub(crate) perm_hwaddr: [u8; 32],
    /// How many bytes of `perm_hwaddr` are the address.
    pub(crate) addr_len: u8,
}
pub(super) const SLAVE_INFO_SIZE: usize = 48;
const _: () = assert!(core::mem::size_of::<SlaveInfo>() == SLAVE_INFO_SIZE);

impl<T: Device> Adapter<T> {
    /// `->opt_set`: a netlink attribute or a sysfs write.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `val` is a filled `struct
    /// bondrs_optval` valid for the call (`str_` NULL or NUL-terminated,
    /// `extra` NULL or `extra_len` readable bytes, `slave_dev` NULL or a
    /// device valid for the call); `extack` NULL or the request's.
    pub(super) unsafe extern "C" fn opt_set(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        id: u32,
        val: *const OptValC,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: netlink changelink/newlink and the sysfs store (after
        // rtnl_trylock()) call this under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        // SAFETY: `val` is a filled value valid for the call (see above).
        let val = unsafe { (*val).get() };
        // SAFETY: `extack` is NULL or the request's, valid for this call.
        let extack = unsafe { Extack::from_raw(extack) };
        to_errno(state.set_option(&Self::reg(), dev, id, &val, extack, &mut rtnl))
    }

    /// `->changelink`: the decoded steps of an rtnetlink change.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `steps` NULL (with `n` 0) or `n`
    /// filled `struct bondrs_nl_step`s valid for the call, each value as
    /// [`Adapter::opt_set`] requires and each attribute NULL or one of the
    /// request's; `extack` NULL or the request's.
    pub(super) unsafe extern "C" fn changelink(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        steps: *const NlStepC,
        n: u32,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: netlink changelink/newlink/slave_changelink run under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        let steps = if steps.is_null() || n == 0 {
            &[][..]
        } else {
            // SAFETY: `n` filled steps, valid for the call (see above).
            unsafe { core::slice::from_raw_parts(steps, n as usize) }
        };
        // INVARIANT: the glue's steps, valid for the call (see above).
        let steps = ChangeSteps {
            steps: steps.iter(),
        };
        // SAFETY: `extack` is NULL or the request's, valid for this call.
        let extack = unsafe { Extack::from_raw(extack) };
        to_errno(state.changelink(&Self::reg(), dev, steps, extack, &mut rtnl))
    }

    /// `->bond_info`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; under `rcu_read_lock()` (the glue takes it);
    /// `out` a writable `struct bondrs_bond_info`.
    pub(super) unsafe extern "C" fn bond_info(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        out: *mut BondInfo,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: the glue holds the RCU read lock for the call.
        let rcu = unsafe { RcuRead::assume_read_side() };
        let mut info = BondInfo::default();
        state.bond_info(dev, &mut info, &rcu);
        // SAFETY: `out` is writable and ours for the call (the layout is
        // asserted on both sides).
        unsafe { out.write(info) };
    }

    /// `->slave_info`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `slave` the rx handler data of a
    /// slave of `dev` whose rx handler is this module's (an `Arc<T::Slave>`
    /// reference, dropped only after the handler is unregistered under
    /// RTNL); `out` a writable `struct bondrs_slave_info`.
    pub(super) unsafe extern "C" fn slave_info(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut c_void,
        out: *mut SlaveInfo,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: fill_slave_info runs under RTNL.
        let rtnl = unsafe { Rtnl::assume_held() };
        // SAFETY: a live `T::Slave` while RTNL is held (see above).
        let slave = unsafe { &*slave.cast::<T::Slave>() };
        let mut info = SlaveInfo::default();
        state.slave_info(dev, slave, &mut info, &rtnl);
        // SAFETY: `out` is writable and ours for the call.
        unsafe { out.write(info) };
    }
}
