// SPDX-License-Identifier: GPL-2.0

//! An rtnetlink link kind whose devices a driver implements in safe Rust:
//! the device callbacks (`net_device_ops`, ethtool, `/proc`, the class file
//! `bonding_masters`), the netdevice events of its lower devices and their rx
//! handler.
//!
//! The driver implements [`Device`]; [`Adapter<T>`] holds one `extern "C"`
//! function per callback and fills the glue's ops table
//! (`struct bondrs_rust_ops`) with them, so a new callback is one trait method
//! and one table entry.  [`LinkRegistration<T>`] registers the kind and
//! undoes it on drop; while it lives, [`Registered<T>`] is the proof that
//! devices of `T` may be created and lower devices given `T`'s rx handler.

use core::fmt;
use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::bindings;
use kernel::ffi::{c_char, c_int, c_long, c_ulong, c_void};
use kernel::prelude::*;
use kernel::seq_file::SeqFile;
use kernel::str::CStr;
use kernel::sync::Arc;

use super::extack::Extack;
use super::modparams::MODPARAMS_SIZE;
use super::net::Net;
use super::netdev::{DeviceTemplate, LinkStats64, NetDev, SlaveFacts, STATS_WORDS};
use super::netlink::{BondInfo, ChangeSteps, NlStepC, OptVal, OptValC, SlaveInfo};
use super::netlink::{BOND_INFO_SIZE, NL_STEP_SIZE, OPTVAL_SIZE, SLAVE_INFO_SIZE};
use super::skb::{SkBuff, SKB_META_SIZE};
use super::sync::{RcuRead, Rtnl};
use super::to_errno;
use super::work::{WorkItem, NR_WORK};

/// The callbacks of a link kind's devices, implemented by the driver.
///
/// Every method runs in the context its documentation names; the tokens it
/// receives ([`Rtnl`], [`RcuRead`]) prove the locks the C API requires.
pub(crate) trait Device: Sized + Send + Sync + 'static {
    /// Module-wide context shared by every device.
    type Ctx: Send + Sync;
    /// The state of one lower device, handed to the rx handler.
    type Slave: Send + Sync;
    /// The device's delayed work items.
    type Work: WorkItem;
    /// The fields every new device gets at setup (`rtnl_link_ops.setup`),
    /// chosen once when the link kind is registered.
    fn device_template() -> DeviceTemplate;
    /// `ndo_init`: make the state of a new device.
    fn init(ctx: &Self::Ctx, dev: &NetDev) -> Result<KBox<Self>>;
    /// `ndo_open` (RTNL).
    fn open(&self, dev: &NetDev) -> Result;
    /// `ndo_stop` (RTNL).
    fn stop(&self, dev: &NetDev) -> Result;
    /// `ndo_uninit` (RTNL): release every lower device.
    fn uninit(&self, reg: &Registered<Self>, dev: &NetDev, rtnl: &mut Rtnl<'_>);
    /// Runs one of the device's delayed work items (no lock held); returns
    /// the delay in jiffies before it runs again, `None` to stop.
    fn work(&self, dev: &NetDev, which: Self::Work) -> Option<u64>;
    /// `ndo_get_stats64`: fills `out` (the words of `rtnl_link_stats64`).
    fn get_stats(&self, dev: &NetDev, out: &mut [u64; STATS_WORDS]);
    /// `ndo_fix_features` (RTNL held): the features the device may have out
    /// of those asked for.
    fn fix_features(&self, dev: &NetDev, features: u64, rtnl: &Rtnl<'_>) -> u64;
    /// ethtool `get_link_ksettings` (RTNL held): speed and duplex.
    fn link_ksettings(&self, dev: &NetDev, rtnl: &Rtnl<'_>) -> (u32, u8);
    /// `ndo_start_xmit`: consumes the frame.
    fn start_xmit(&self, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>);
    /// `ndo_vlan_rx_add_vid` (`add`) / `ndo_vlan_rx_kill_vid`: a VLAN
    /// (`proto` is the TPID in host order) is used on the device (RTNL).
    fn vlan_rx_vid(&self, dev: &NetDev, proto: u16, vid: u16, add: bool, rtnl: &Rtnl<'_>)
        -> Result;
    /// `ndo_add_slave` (RTNL).
    fn add_slave(
        &self,
        reg: &Registered<Self>,
        dev: &NetDev,
        slave: &NetDev,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result;
    /// `ndo_del_slave` (RTNL).
    fn del_slave(
        &self,
        reg: &Registered<Self>,
        dev: &NetDev,
        slave: &NetDev,
        rtnl: &mut Rtnl<'_>,
    ) -> Result;
    /// `ndo_set_mac_address` (RTNL).
    fn set_mac_address(&self, dev: &NetDev, addr: &[u8], rtnl: &mut Rtnl<'_>) -> Result;
    /// `ndo_change_mtu` (RTNL): `Ok` lets the device take `new`.
    fn change_mtu(&self, dev: &NetDev, old: u32, new: u32, rtnl: &mut Rtnl<'_>) -> Result;
    /// `ndo_change_rx_flags` (RTNL).
    fn change_rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>);
    /// `ndo_set_rx_mode` (the device's address lock held, RCU).
    fn set_rx_mode(&self, dev: &NetDev, rcu: &RcuRead<'_>);
    /// Writes `/proc/net/bonding/<dev>`.
    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result;
    /// A netdevice event on the device itself (RTNL).
    fn bond_event(&self, reg: &Registered<Self>, dev: &NetDev, event: u64, rtnl: &mut Rtnl<'_>);
    /// A read of the class file `bonding_masters` of `net`: fills `page`
    /// (a sysfs page) and returns the length.
    fn masters_show(ctx: &Self::Ctx, reg: &Registered<Self>, net: &Net, page: &mut [u8]) -> usize;
    /// A write to the class file `bonding_masters` of `net`.
    fn masters_store(ctx: &Self::Ctx, reg: &Registered<Self>, net: &Net, buf: &[u8]) -> Result;
    /// A netdevice event on a lower device linked to `dev` (RTNL).
    fn slave_event(
        &self,
        reg: &Registered<Self>,
        dev: &NetDev,
        slave: &Arc<Self::Slave>,
        slave_dev: &NetDev,
        event: u64,
        rtnl: &mut Rtnl<'_>,
    );
    /// The rx handler's verdict for a frame received on a lower device of
    /// `dev` (RCU read side).
    fn handle_frame(
        &self,
        dev: &NetDev,
        slave: &Self::Slave,
        frame: &RxFrame<'_>,
        rcu: &RcuRead<'_>,
    ) -> RxVerdict;
    /// Sets option `id` (`BOND_OPT_*` numbering) from `val` on the live
    /// device (RTNL): a sysfs write (`extack` is then empty: messages go to
    /// the log).  Sends no notification (the sysfs store sends
    /// `NETDEV_CHANGEINFODATA` after a success).  rtnetlink changes come
    /// through [`Device::changelink`] instead.
    fn set_option(
        &self,
        _reg: &Registered<Self>,
        _dev: &NetDev,
        _id: u32,
        _val: &OptVal<'_>,
        _extack: Extack<'_>,
        _rtnl: &mut Rtnl<'_>,
    ) -> Result {
        Err(EOPNOTSUPP)
    }
    /// An rtnetlink change of the device (RTNL): `changelink`, `newlink`
    /// after the device is registered, `slave_changelink`; its attributes
    /// decoded into `steps`, in order.  Applies them one by one and stops at
    /// the first that fails, with its errno and `extack` message.  Sends no
    /// notification (rtnetlink sends its own).
    fn changelink<'r>(
        &self,
        _reg: &Registered<Self>,
        _dev: &NetDev,
        _steps: ChangeSteps<'r>,
        _extack: Extack<'r>,
        _rtnl: &mut Rtnl<'_>,
    ) -> Result {
        Err(EOPNOTSUPP)
    }
    /// A read of the device's sysfs file `id` (a `BOND_OPT_*` id or one of
    /// [`super::sysfs`]'s `SHOW_*`): fills `page` and returns the length.
    fn option_show(&self, _dev: &NetDev, _id: u32, _page: &mut [u8], _rcu: &RcuRead<'_>) -> usize {
        0
    }
    /// A read of file `which` of a lower device's `bonding_slave/`
    /// ([`super::SlaveSysfs`]).
    fn slave_show(
        &self,
        _dev: &NetDev,
        _slave: &Self::Slave,
        _which: u32,
        _page: &mut [u8],
        _rcu: &RcuRead<'_>,
    ) -> usize {
        0
    }
    /// What rtnetlink reports of the device (`fill_info`), from `out`'s
    /// defaults.
    fn bond_info(&self, _dev: &NetDev, _out: &mut BondInfo, _rcu: &RcuRead<'_>) {}
    /// What rtnetlink reports of a lower device (`fill_slave_info`).
    fn slave_info(
        &self,
        _dev: &NetDev,
        _slave: &Self::Slave,
        _out: &mut SlaveInfo,
        _rtnl: &Rtnl<'_>,
    ) {
    }
}

/// What the rx handler does with a frame (`BONDRS_RX_*` in glue.h).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(i32)]
pub(crate) enum RxVerdict {
    /// Deliver it on the master (`RX_HANDLER_ANOTHER` with `skb->dev` set).
    Another = 0,
    /// Deliver it only to exact-match protocol handlers of the lower device.
    Exact = 1,
    /// Leave it to the lower device.
    Pass = 2,
}

/// Mirror of `struct bondrs_rx_info`.
#[repr(C)]
struct RxInfoC {
    data: *const u8,
    headlen: u32,
    protocol: u16,
    pkt_type: u8,
    link_local: bool,
}
const _: () = assert!(core::mem::size_of::<RxInfoC>() == 16);

/// What the rx handler sees of a received frame.
pub(crate) struct RxFrame<'a> {
    /// The linear bytes from the network header on.
    pub(crate) network: &'a [u8],
    /// `skb->protocol`, host order.
    pub(crate) protocol: u16,
    /// `skb->pkt_type`.
    pub(crate) pkt_type: u8,
    /// A link-local (01:80:c2:00:00:0x) destination.
    pub(crate) link_local: bool,
}

/// Mirror of `struct bondrs_rust_ops` in glue.h.
#[repr(C)]
pub(crate) struct RustOps {
    abi_ops_size: u32,
    abi_nr_work: u32,
    abi_slave_facts_size: u32,
    abi_modparams_size: u32,
    abi_rx_info_size: u32,
    abi_skb_meta_size: u32,
    abi_optval_size: u32,
    abi_bond_info_size: u32,
    abi_slave_info_size: u32,
    abi_nl_step_size: u32,
    init: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device) -> *mut c_void,
    free: unsafe extern "C" fn(*mut c_void),
    open: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device) -> c_int,
    stop: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device) -> c_int,
    uninit: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device),
    start_xmit:
        unsafe extern "C" fn(*mut c_void, *mut bindings::sk_buff, *mut bindings::net_device),
    get_stats64: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, *mut LinkStats64),
    link_ksettings: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, *mut u32, *mut u8),
    work: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, u32) -> c_long,
    vlan_rx_vid:
        unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, u16, u16, bool) -> c_int,
    add_slave: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *mut bindings::net_device,
        *mut bindings::netlink_ext_ack,
    ) -> c_int,
    del_slave: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *mut bindings::net_device,
    ) -> c_int,
    change_rx_flags:
        unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, bool, bool, bool, bool),
    set_rx_mode: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device),
    set_mac: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, *const u8, u32) -> c_int,
    change_mtu: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, u32, u32) -> c_int,
    proc_show: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::seq_file,
        *mut bindings::net_device,
    ) -> c_int,
    slave_event: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *mut c_void,
        *mut bindings::net_device,
        c_ulong,
    ),
    handle_frame: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *mut c_void,
        *const RxInfoC,
    ) -> c_int,
    bond_event: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, c_ulong),
    masters_show: unsafe extern "C" fn(*mut c_void, *mut bindings::net, *mut c_char) -> isize,
    masters_store:
        unsafe extern "C" fn(*mut c_void, *mut bindings::net, *const c_char, usize) -> isize,
    opt_set: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        u32,
        *const OptValC,
        *mut bindings::netlink_ext_ack,
    ) -> c_int,
    changelink: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *const NlStepC,
        u32,
        *mut bindings::netlink_ext_ack,
    ) -> c_int,
    opt_show:
        unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, u32, *mut c_char) -> isize,
    slave_show: unsafe extern "C" fn(
        *mut c_void,
        *mut bindings::net_device,
        *mut c_void,
        u32,
        *mut c_char,
    ) -> isize,
    bond_info: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, *mut BondInfo),
    slave_info:
        unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, *mut c_void, *mut SlaveInfo),
    fix_features: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device, u64) -> u64,
}

/// The size glue.h's `struct bondrs_rust_ops` has on x86_64 (ten `u32`s,
/// 40 bytes, then 29 function pointers).
const _: () = assert!(core::mem::size_of::<RustOps>() == 40 + 29 * 8);

// `struct net` holds an empty struct (`u64_stats_sync` on 64-bit), which the
// lint calls not FFI-safe; only pointers to it cross.
#[allow(improper_ctypes)]
extern "C" {
    fn bondrs_link_register(
        ops: *const RustOps,
        ctx: *mut c_void,
        tx_queues: u32,
        tmpl: *const DeviceTemplate,
    ) -> c_int;
    fn bondrs_link_unregister();
    fn bondrs_create(net: *mut bindings::net, name: *const c_char) -> c_int;
    fn bondrs_delete_by_name(
        net: *mut bindings::net,
        name: *const c_char,
        found: unsafe extern "C" fn(*mut c_void),
        ctx: *mut c_void,
    ) -> c_int;
    fn bondrs_dev_valid_name(name: *const c_char) -> bool;
    fn bondrs_for_each_bond(
        net: *mut bindings::net,
        f: unsafe extern "C" fn(*mut c_void, *mut bindings::net_device) -> bool,
        ctx: *mut c_void,
    );
    fn bondrs_proc_refresh(dev: *mut bindings::net_device);
    fn bondrs_slave_of(dev: *const bindings::net_device) -> *mut c_void;
    fn bondrs_rx_handler_register(
        master: *mut bindings::net_device,
        dev: *mut bindings::net_device,
        slave: *mut c_void,
    ) -> c_int;
    fn bondrs_rx_handler_unregister(dev: *mut bindings::net_device);
    fn bondrs_upper_link(
        slave: *mut bindings::net_device,
        bond: *mut bindings::net_device,
        priv_: *mut c_void,
        tx_type: u32,
        hash_type: u32,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int;
    fn bondrs_upper_unlink(slave: *mut bindings::net_device, bond: *mut bindings::net_device);
}

/// Writes formatted text into a `seq_file`.
struct SeqWriter<'a>(&'a SeqFile);

impl fmt::Write for SeqWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.call_printf(format_args!("{}", s));
        Ok(())
    }
}

/// The `extern "C"` side of [`Device`] for `T`: the functions the glue's
/// ops table points to.
///
/// Every function here is reachable only through [`Adapter::OPS`], which only
/// [`LinkRegistration<T>`] hands to the glue; the glue calls them with the
/// pointer `init` returned for the device (`rust`), the device itself, and,
/// for lower-device callbacks, the rx handler data that
/// [`Registered::rx_handler_register`] stored (an `Arc<T::Slave>` reference).
pub(crate) struct Adapter<T: Device>(PhantomData<T>);

impl<T: Device> Adapter<T> {
    /// The ops table for `T`.
    const OPS: RustOps = RustOps {
        abi_ops_size: core::mem::size_of::<RustOps>() as u32,
        abi_nr_work: NR_WORK as u32,
        abi_slave_facts_size: core::mem::size_of::<SlaveFacts>() as u32,
        abi_modparams_size: MODPARAMS_SIZE as u32,
        abi_rx_info_size: core::mem::size_of::<RxInfoC>() as u32,
        abi_skb_meta_size: SKB_META_SIZE as u32,
        abi_optval_size: OPTVAL_SIZE as u32,
        abi_bond_info_size: BOND_INFO_SIZE as u32,
        abi_slave_info_size: SLAVE_INFO_SIZE as u32,
        abi_nl_step_size: NL_STEP_SIZE as u32,
        init: Self::init,
        free: Self::free,
        open: Self::open,
        stop: Self::stop,
        uninit: Self::uninit,
        start_xmit: Self::start_xmit,
        get_stats64: Self::get_stats64,
        link_ksettings: Self::link_ksettings,
        work: Self::work,
        vlan_rx_vid: Self::vlan_rx_vid,
        add_slave: Self::add_slave,
        del_slave: Self::del_slave,
        change_rx_flags: Self::change_rx_flags,
        set_rx_mode: Self::set_rx_mode,
        set_mac: Self::set_mac,
        change_mtu: Self::change_mtu,
        proc_show: Self::proc_show,
        slave_event: Self::slave_event,
        handle_frame: Self::handle_frame,
        bond_event: Self::bond_event,
        masters_show: Self::masters_show,
        masters_store: Self::masters_store,
        opt_set: Self::opt_set,
        changelink: Self::changelink,
        opt_show: Self::opt_show,
        slave_show: Self::slave_show,
        bond_info: Self::bond_info,
        slave_info: Self::slave_info,
        fix_features: Self::fix_features,
    };

    /// # Safety
    ///
    /// `rust` is the pointer `init` returned for `dev`, not yet passed to
    /// `free`; `dev` is that device, valid for `'a`.
    pub(super) unsafe fn state<'a>(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
    ) -> (&'a T, &'a NetDev) {
        // SAFETY: per the caller, `rust` came from `KBox::into_raw` of a `T`
        // that is freed only by the device's destructor, after every callback.
        let state = unsafe { &*rust.cast::<T>() };
        // SAFETY: per the caller, `dev` is valid for `'a`.
        (state, unsafe { NetDev::from_raw(dev) })
    }

    /// The registration proof the callbacks pass on.
    pub(super) fn reg() -> Registered<T> {
        // INVARIANT: these functions are reachable only through the ops table
        // a live `LinkRegistration<T>` registered.
        Registered(PhantomData)
    }

    /// `ndo_init`.
    ///
    /// # Safety
    ///
    /// `ctx` is the context given to `bondrs_link_register`; `dev` is being
    /// registered.
    unsafe extern "C" fn init(ctx: *mut c_void, dev: *mut bindings::net_device) -> *mut c_void {
        // SAFETY: `ctx` is the `KBox<T::Ctx>` owned by the `LinkRegistration`,
        // which outlives every device (it unregisters the link kind, deleting
        // all of them, before it frees the context).
        let ctx = unsafe { &*ctx.cast::<T::Ctx>() };
        // SAFETY: `dev` is the device being registered.
        let dev = unsafe { NetDev::from_raw(dev) };
        match T::init(ctx, dev) {
            Ok(b) => KBox::into_raw(b).cast(),
            Err(_) => core::ptr::null_mut(),
        }
    }

    /// `priv_destructor`.
    ///
    /// # Safety
    ///
    /// Called once, with a pointer from `init`, when no callback of the device
    /// can run any more.
    unsafe extern "C" fn free(rust: *mut c_void) {
        // SAFETY: the pointer came from `KBox::into_raw` and is freed once.
        drop(unsafe { KBox::from_raw(rust.cast::<T>()) });
    }

    /// `ndo_open`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn open(rust: *mut c_void, dev: *mut bindings::net_device) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        to_errno(state.open(dev))
    }

    /// `ndo_stop`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn stop(rust: *mut c_void, dev: *mut bindings::net_device) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        to_errno(state.stop(dev))
    }

    /// `ndo_uninit`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn uninit(rust: *mut c_void, dev: *mut bindings::net_device) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: ndo_uninit runs under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        state.uninit(&Self::reg(), dev, &mut rtnl);
    }

    /// `ndo_start_xmit`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; `skb`'s reference passes to us; under
    /// `rcu_read_lock_bh()`.
    unsafe extern "C" fn start_xmit(
        rust: *mut c_void,
        skb: *mut bindings::sk_buff,
        dev: *mut bindings::net_device,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: the core calls ndo_start_xmit under rcu_read_lock_bh(), an
        // RCU read-side critical section for the whole call.
        let rcu = unsafe { RcuRead::assume_read_side() };
        if let Some(skb) = NonNull::new(skb) {
            // SAFETY: ndo_start_xmit hands the skb's reference to the driver.
            state.start_xmit(dev, unsafe { SkBuff::from_raw(skb) }, &rcu);
        }
    }

    /// `ndo_get_stats64`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; `out` is the caller's writable
    /// `rtnl_link_stats64`.
    unsafe extern "C" fn get_stats64(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        out: *mut LinkStats64,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // `out` may be only 4-byte aligned: rtnetlink reserves it inside a
        // netlink attribute (`nla_reserve_64bit()` pads only where unaligned
        // access is slow), so fill an aligned copy and store it unaligned.
        let mut words = [0u64; STATS_WORDS];
        state.get_stats(dev, &mut words);
        // SAFETY: `rtnl_link_stats64` is `STATS_WORDS` u64 counters (size
        // asserted in glue.c), writable and exclusively ours for the call;
        // the store makes no alignment assumption.
        unsafe { core::ptr::write_unaligned(out, LinkStats64(words)) };
    }

    /// ethtool `get_link_ksettings`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `speed` and `duplex` writable.
    unsafe extern "C" fn link_ksettings(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        speed: *mut u32,
        duplex: *mut u8,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: ethtool requests run under RTNL.
        let rtnl = unsafe { Rtnl::assume_held() };
        let (s, d) = state.link_ksettings(dev, &rtnl);
        // SAFETY: the glue passes writable out pointers.
        unsafe {
            *speed = s;
            *duplex = d;
        }
    }

    /// `->fix_features`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held (`netdev_update_features()`).
    unsafe extern "C" fn fix_features(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        features: u64,
    ) -> u64 {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: feature updates run under RTNL.
        let rtnl = unsafe { Rtnl::assume_held() };
        state.fix_features(dev, features, &rtnl)
    }

    /// A delayed work item (`bondrs_work_fn`).
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; the glue cancels every work item
    /// (synchronously) before the destructor frees the state.
    unsafe extern "C" fn work(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        which: u32,
    ) -> c_long {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        let Some(w) = T::Work::from_index(which) else {
            return -1;
        };
        state
            .work(dev, w)
            .and_then(|d| c_long::try_from(d).ok())
            .unwrap_or(-1)
    }

    /// `ndo_vlan_rx_add_vid` / `ndo_vlan_rx_kill_vid`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn vlan_rx_vid(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        proto: u16,
        vid: u16,
        add: bool,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: the core calls both under RTNL (vlan_vid_add()/del() and
        // vlan_filter_push/drop_vids() assert it).
        let rtnl = unsafe { Rtnl::assume_held() };
        to_errno(state.vlan_rx_vid(dev, proto, vid, add, &rtnl))
    }

    /// `ndo_add_slave`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `slave` a valid device and
    /// `extack` NULL or the request's.
    unsafe extern "C" fn add_slave(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut bindings::net_device,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: ndo_add_slave runs under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        let Some(slave) = NonNull::new(slave) else {
            return EINVAL.to_errno();
        };
        // SAFETY: `extack` is NULL or the request's, valid for this call.
        let extack = unsafe { Extack::from_raw(extack) };
        // SAFETY: the core passes a valid lower device for the call.
        let slave = unsafe { NetDev::from_raw(slave.as_ptr()) };
        to_errno(state.add_slave(&Self::reg(), dev, slave, extack, &mut rtnl))
    }

    /// `ndo_del_slave`.
    ///
    /// # Safety
    ///
    /// As [`Adapter::add_slave`].
    unsafe extern "C" fn del_slave(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut bindings::net_device,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: ndo_del_slave runs under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        let Some(slave) = NonNull::new(slave) else {
            return EINVAL.to_errno();
        };
        // SAFETY: the core passes a valid lower device for the call.
        let slave = unsafe { NetDev::from_raw(slave.as_ptr()) };
        to_errno(state.del_slave(&Self::reg(), dev, slave, &mut rtnl))
    }

    /// `ndo_change_rx_flags`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn change_rx_flags(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        promisc_changed: bool,
        allmulti_changed: bool,
        promisc: bool,
        allmulti: bool,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, _dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: dev_change_rx_flags() runs under RTNL.
        let rtnl = unsafe { Rtnl::assume_held() };
        state.change_rx_flags(
            promisc_changed.then_some(promisc),
            allmulti_changed.then_some(allmulti),
            &rtnl,
        );
    }

    /// `ndo_set_rx_mode`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; the device's address lock held.
    unsafe extern "C" fn set_rx_mode(rust: *mut c_void, dev: *mut bindings::net_device) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        let g = kernel::sync::rcu::read_lock();
        state.set_rx_mode(dev, &RcuRead::from_guard(&g));
    }

    /// `ndo_set_mac_address`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `addr` has `len` readable bytes.
    unsafe extern "C" fn set_mac(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        addr: *const u8,
        len: u32,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: the glue passes `len` readable bytes.
        let addr = unsafe { core::slice::from_raw_parts(addr, len as usize) };
        // SAFETY: dev_set_mac_address() runs under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        to_errno(state.set_mac_address(dev, addr, &mut rtnl))
    }

    /// `ndo_change_mtu`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn change_mtu(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        old: u32,
        new: u32,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: dev_set_mtu() runs ndo_change_mtu under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        to_errno(state.change_mtu(dev, old, new, &mut rtnl))
    }

    /// The show callback of `/proc/net/bonding/<dev>`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; `m` is the file's `seq_file`, used by this
    /// thread only during the call.
    unsafe extern "C" fn proc_show(
        rust: *mut c_void,
        m: *mut bindings::seq_file,
        dev: *mut bindings::net_device,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: `m` is valid and used only by this thread during the call.
        let seq = unsafe { SeqFile::from_raw(m) };
        // seq_printf records overflow itself and the seq_file core retries
        // with a bigger buffer, so the writer never fails.
        let _ = state.proc_show(dev, &mut SeqWriter(seq));
        0
    }

    /// A netdevice event on a lower device linked to `dev`.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held; `slave` is the rx handler data of
    /// `slave_dev`, whose rx handler is this module's (so an `Arc<T::Slave>`
    /// reference, dropped only after the handler is unregistered under RTNL).
    unsafe extern "C" fn slave_event(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut c_void,
        slave_dev: *mut bindings::net_device,
        event: c_ulong,
    ) {
        let (Some(slave), Some(slave_dev)) = (
            NonNull::new(slave.cast::<T::Slave>()),
            NonNull::new(slave_dev),
        ) else {
            return;
        };
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: the handler data is a live Arc reference (see above). Clone
        // it so that a release during the event cannot free it under us.
        let borrowed = core::mem::ManuallyDrop::new(unsafe { Arc::from_raw(slave.as_ptr()) });
        let slave = (*borrowed).clone();
        // SAFETY: netdevice notifiers run under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        state.slave_event(
            &Self::reg(),
            dev,
            &slave,
            // SAFETY: the notifier's device is valid for the call.
            unsafe { NetDev::from_raw(slave_dev.as_ptr()) },
            event as u64,
            &mut rtnl,
        );
    }

    /// The rx handler's verdict.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RCU read side; `slave` is the rx handler data
    /// of the receiving device (an `Arc<T::Slave>` reference that lives until
    /// a grace period after the handler is unregistered); `info` is filled
    /// and its `data` has `headlen` readable bytes for the call.
    unsafe extern "C" fn handle_frame(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        slave: *mut c_void,
        info: *const RxInfoC,
    ) -> c_int {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: see above.
        let slave = unsafe { &*slave.cast::<T::Slave>() };
        // SAFETY: see above.
        let frame = unsafe {
            let i = &*info;
            RxFrame {
                network: core::slice::from_raw_parts(i.data, i.headlen as usize),
                protocol: i.protocol,
                pkt_type: i.pkt_type,
                link_local: i.link_local,
            }
        };
        // SAFETY: rx handlers run under rcu_read_lock().
        let rcu = unsafe { RcuRead::assume_read_side() };
        state.handle_frame(dev, slave, &frame, &rcu) as c_int
    }

    /// A netdevice event on the device itself.
    ///
    /// # Safety
    ///
    /// See [`Adapter::state`]; RTNL held.
    unsafe extern "C" fn bond_event(
        rust: *mut c_void,
        dev: *mut bindings::net_device,
        event: c_ulong,
    ) {
        // SAFETY: the glue passes the device's own state and the device.
        let (state, dev) = unsafe { Self::state(rust, dev) };
        // SAFETY: netdevice notifiers run under RTNL.
        let mut rtnl = unsafe { Rtnl::assume_held() };
        state.bond_event(&Self::reg(), dev, event as u64, &mut rtnl);
    }

    /// The show callback of `bonding_masters`.
    ///
    /// # Safety
    ///
    /// Called while the file of `net` exists (its namespace's pernet
    /// `pre_exit` removes it, waiting for running callbacks, and the link
    /// kind is registered before the files are created), with the
    /// registration's context and a sysfs page at `buf`.
    unsafe extern "C" fn masters_show(
        ctx: *mut c_void,
        net: *mut bindings::net,
        buf: *mut c_char,
    ) -> isize {
        // SAFETY: the context outlives the files.
        let ctx = unsafe { &*ctx.cast::<T::Ctx>() };
        // SAFETY: the namespace is alive while its file is (see above).
        let net = unsafe { Net::from_raw(net) };
        // SAFETY: sysfs show callbacks get a writable, exclusive page.
        let page =
            unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), kernel::page::PAGE_SIZE) };
        let n = T::masters_show(ctx, &Self::reg(), net, page).min(kernel::page::PAGE_SIZE);
        isize::try_from(n).unwrap_or(0)
    }

    /// The store callback of `bonding_masters`.
    ///
    /// # Safety
    ///
    /// As [`Adapter::masters_show`], with `count` readable bytes at `buf`.
    unsafe extern "C" fn masters_store(
        ctx: *mut c_void,
        net: *mut bindings::net,
        buf: *const c_char,
        count: usize,
    ) -> isize {
        // SAFETY: the context outlives the files.
        let ctx = unsafe { &*ctx.cast::<T::Ctx>() };
        // SAFETY: the namespace is alive while its file is.
        let net = unsafe { Net::from_raw(net) };
        // SAFETY: the sysfs core passes `count` readable bytes.
        let buf = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), count) };
        match T::masters_store(ctx, &Self::reg(), net, buf) {
            Ok(()) => isize::try_from(count).unwrap_or(isize::MAX),
            Err(e) => e.to_errno() as isize,
        }
    }
}

/// Proof that the link kind of `T` is registered: what may create and
/// delete its devices and give lower devices its rx handler.
///
/// # Invariants
///
/// Exists only while a [`LinkRegistration<T>`] does (borrowed from it, or made
/// by an [`Adapter<T>`] callback for the callback's duration).  The kind
/// "bond" can be registered once at a time, so `T` is the only type whose
/// `T::Slave` is behind this module's rx handlers.
pub(crate) struct Registered<T>(PhantomData<fn() -> T>);

impl<T: Device> Registered<T> {
    /// `bond_create(net, name)`: a device named `name` (a NUL-terminated
    /// name), or the next free "bond%d", in `net`.
    pub(crate) fn create_bond(&self, net: &Net, name: Option<&CStr>) -> Result {
        let p = name.map_or(core::ptr::null(), |n| n.as_char_ptr());
        // SAFETY: the link kind is registered (type invariant), so the glue
        // may allocate and register a device of it; `net` is alive for the
        // call; `p` is NULL or a NUL-terminated string valid for the call.
        kernel::error::to_result(unsafe { bondrs_create(net.as_ptr(), p) })
    }

    /// Calls `f` with each device of this kind in `net` (under RCU), until it
    /// returns `false`.
    pub(crate) fn for_each_bond<F: FnMut(&NetDev) -> bool>(&self, net: &Net, mut f: F) {
        /// # Safety
        ///
        /// `ctx` is the `F` below, `dev` a device valid for the call.
        unsafe extern "C" fn call<F: FnMut(&NetDev) -> bool>(
            ctx: *mut c_void,
            dev: *mut bindings::net_device,
        ) -> bool {
            // SAFETY: per the function's contract.
            let f = unsafe { &mut *ctx.cast::<F>() };
            // SAFETY: the glue walks the list under RCU: `dev` is valid.
            f(unsafe { NetDev::from_raw(dev) })
        }
        // SAFETY: `net` is alive; `call::<F>` gets our `f`, which lives on
        // this frame for the whole call.
        unsafe { bondrs_for_each_bond(net.as_ptr(), call::<F>, core::ptr::from_mut(&mut f).cast()) }
    }

    /// Recreates `/proc/net/bonding/<dev>` under the device's current name
    /// (nothing for a device of another kind).
    pub(crate) fn proc_refresh(&self, dev: &NetDev, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held; the glue checks the kind.
        unsafe { bondrs_proc_refresh(dev.as_ptr()) }
    }

    /// Deletes the device of this kind named `name`, running `found` (under
    /// RTNL) once it is found and before it is unregistered; `ENODEV` if no
    /// device of this kind has that name.
    pub(crate) fn delete_bond<F: FnOnce()>(&self, net: &Net, name: &CStr, found: F) -> Result {
        /// Calls the `Option<F>` behind `ctx` once.
        ///
        /// # Safety
        ///
        /// `ctx` points to a live `Option<F>` not otherwise borrowed.
        unsafe extern "C" fn call_once<F: FnOnce()>(ctx: *mut c_void) {
            // SAFETY: per the function's contract.
            if let Some(f) = unsafe { (*ctx.cast::<Option<F>>()).take() } {
                f();
            }
        }
        let mut found = Some(found);
        // SAFETY: `name` is NUL-terminated and valid for the call; the glue
        // only unregisters devices of this module's kind and calls
        // `call_once` with our context, which lives on this stack frame for
        // the whole call.
        kernel::error::to_result(unsafe {
            bondrs_delete_by_name(
                net.as_ptr(),
                name.as_char_ptr(),
                call_once::<F>,
                core::ptr::from_mut(&mut found).cast::<c_void>(),
            )
        })
    }

    /// `dev_valid_name()`.
    pub(crate) fn dev_valid_name(&self, name: &CStr) -> bool {
        // SAFETY: `name` is NUL-terminated and valid for the call.
        unsafe { bondrs_dev_valid_name(name.as_char_ptr()) }
    }

    /// Gives `dev` this module's rx handler with `slave` as its data; the
    /// handler keeps one reference of the `Arc` until
    /// [`Registered::rx_handler_unregister`] gives it back.
    pub(crate) fn rx_handler_register(
        &self,
        master: &NetDev,
        dev: &NetDev,
        slave: &Arc<T::Slave>,
        _rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let raw = Arc::into_raw(slave.clone()).cast_mut().cast::<c_void>();
        // SAFETY: valid devices, RTNL held; `raw` is a leaked Arc reference
        // that the rx handler reads under RCU (the glue refuses a master of
        // another kind).
        let r = unsafe { bondrs_rx_handler_register(master.as_ptr(), dev.as_ptr(), raw) };
        if r != 0 {
            // SAFETY: registration failed, so the handler never saw `raw`.
            drop(unsafe { Arc::from_raw(raw.cast::<T::Slave>()) });
        }
        kernel::error::to_result(r)
    }

    /// Removes this module's rx handler from `dev` (`netdev_rx_handler_
    /// unregister()`, which waits for a grace period) and gives back the
    /// reference it held; `None` (and nothing done) if `dev`'s rx handler is
    /// not this module's.
    pub(crate) fn rx_handler_unregister(
        &self,
        dev: &NetDev,
        _rtnl: &mut Rtnl<'_>,
    ) -> Option<Arc<T::Slave>> {
        // SAFETY: valid device, RTNL held; the glue returns the handler data
        // only if the handler is this module's.
        let raw = unsafe { bondrs_slave_of(dev.as_ptr()) };
        if raw.is_null() {
            return None;
        }
        // SAFETY: valid device, RTNL held; the handler is ours (above).
        unsafe { bondrs_rx_handler_unregister(dev.as_ptr()) };
        // SAFETY: this module's handler data is an `Arc<T::Slave>` reference
        // (type invariant: `T` is the only registered type), leaked by
        // `rx_handler_register`; the handler is gone and a grace period has
        // passed, so no reader is left.
        Some(unsafe { Arc::from_raw(raw.cast::<T::Slave>()) })
    }
}

/// `netdev_master_upper_dev_link()` with lag info, then `IFF_SLAVE`; `priv_`
/// is the adjacency's private pointer, which only the core stores.
pub(crate) fn upper_link<S>(
    slave: &NetDev,
    master: &NetDev,
    priv_: &Arc<S>,
    tx_type: u32,
    hash_type: u32,
    extack: Extack<'_>,
    _rtnl: &mut Rtnl<'_>,
) -> Result {
    let p = Arc::as_ptr(priv_).cast_mut().cast::<c_void>();
    // SAFETY: valid devices, RTNL held; the core stores the private pointer
    // and never dereferences it (this module never reads it back).
    kernel::error::to_result(unsafe {
        bondrs_upper_link(
            slave.as_ptr(),
            master.as_ptr(),
            p,
            tx_type,
            hash_type,
            extack.as_ptr(),
        )
    })
}

/// `netdev_upper_dev_unlink()`, then clears `IFF_SLAVE`.
pub(crate) fn upper_unlink(slave: &NetDev, master: &NetDev, _rtnl: &mut Rtnl<'_>) {
    // SAFETY: valid devices, RTNL held.
    unsafe { bondrs_upper_unlink(slave.as_ptr(), master.as_ptr()) }
}

/// The registered link kind, the `/proc/net/bonding` directory, the
/// `bonding_masters` file and the context every device reads; dropping it
/// deletes every device of the kind.
pub(crate) struct LinkRegistration<T: Device> {
    ctx: NonNull<T::Ctx>,
    reg: Registered<T>,
}

// SAFETY: the context is `Send + Sync` and only shared by reference; the
// registration is created and dropped in module init/exit.
unsafe impl<T: Device> Send for LinkRegistration<T> {}
// SAFETY: as above; `&LinkRegistration` gives no access to the context.
unsafe impl<T: Device> Sync for LinkRegistration<T> {}

impl<T: Device> LinkRegistration<T> {
    /// Registers link kind "bond" (fails with `EEXIST` while bonding.ko
    /// holds it), and per network namespace `/proc/net/bonding` and
    /// `bonding_masters`.
    pub(crate) fn new(ctx: KBox<T::Ctx>, tx_queues: u32) -> Result<Self> {
        let ctx = NonNull::new(KBox::into_raw(ctx)).ok_or(ENOMEM)?;
        let tmpl = T::device_template();
        // SAFETY: `ctx` stays valid until `drop`, which unregisters first;
        // the ops table is a promoted constant, valid for `'static`; the
        // glue copies the template before returning.
        let err = unsafe {
            bondrs_link_register(&Adapter::<T>::OPS, ctx.as_ptr().cast(), tx_queues, &tmpl)
        };
        if err != 0 {
            // SAFETY: registration failed, so nothing else holds `ctx`.
            drop(unsafe { KBox::from_raw(ctx.as_ptr()) });
            return Err(Error::from_errno(err));
        }
        // INVARIANT: registered just above.
        Ok(LinkRegistration {
            ctx,
            reg: Registered(PhantomData),
        })
    }

    /// What may create and delete devices while this registration lives.
    pub(crate) fn registered(&self) -> &Registered<T> {
        &self.reg
    }
}

impl<T: Device> Drop for LinkRegistration<T> {
    fn drop(&mut self) {
        // SAFETY: unregisters the notifier (its replay releases every lower
        // device), the link kind, deleting every device (their destructors
        // run before this returns), then the per-namespace files (waiting for
        // running readers and writers); nothing is left to use the context.
        unsafe {
            bondrs_link_unregister();
            drop(KBox::from_raw(self.ctx.as_ptr()));
        }
        // The deferred frees of the RCU-published values run this module's
        // callbacks: all of them before the module text goes.
        super::sync::rcu_barrier();
    }
}
