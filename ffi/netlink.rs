// SPDX-License-Identifier: GPL-2.0

//! Runtime configuration over rtnetlink (`ffi/netlink.c`, the port of
//! `bond_netlink.c`) and sysfs stores: the option values the glue hands to
//! [`Device::set_option`](super::Device::set_option) and the snapshots
//! `bond_fill_info()`/`bond_fill_slave_info()` put, [`BondInfo`] and
//! [`SlaveInfo`].  The glue parses and forwards; what an option means is
//! the driver's.

use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::{c_char, c_int, c_void};
use kernel::str::{CStr, CStrExt};

use super::extack::Extack;
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
        // SAFETY: `val` is valid for the call (see above).
        let v = unsafe { &*val };
        let str_ = (!v.str_.is_null()).then(|| {
            // SAFETY: a NUL-terminated string valid for the call.
            unsafe { CStr::from_char_ptr(v.str_) }.to_bytes()
        });
        let extra = (!v.extra.is_null()).then(|| {
            // SAFETY: `extra_len` readable bytes, valid for the call.
            unsafe { core::slice::from_raw_parts(v.extra.cast::<u8>(), v.extra_len as usize) }
        });
        let slave = NonNull::new(v.slave_dev).map(|p| {
            // SAFETY: a device valid for the call (RTNL held).
            unsafe { NetDev::from_raw(p.as_ptr()) }
        });
        // SAFETY: `extack` is NULL or the request's, valid for this call.
        let extack = unsafe { Extack::from_raw(extack) };
        let val = OptVal {
            value: v.value,
            str: str_,
            extra,
            slave,
        };
        to_errno(state.set_option(&Self::reg(), dev, id, &val, extack, &mut rtnl))
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
