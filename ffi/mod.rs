// SPDX-License-Identifier: GPL-2.0

//! The FFI layer: the only place in bonding_rs with `unsafe`.
//!
//! The 7.3 kernel crate has no `net_device`, rtnetlink, procfs or rx_handler
//! abstractions, so this module supplies thin ones over the C glue in
//! `ffi/glue.c` (which wraps static inlines, macros and ops tables) and over
//! `kernel::bindings`.  It follows `rust/kernel/net/phy.rs`: transparent
//! wrappers with documented invariants, and `extern "C"` trampolines that turn
//! C callbacks into calls of the safe [`BondDevice`] trait implemented by
//! `netdev_ops.rs`.  Every `unsafe` block states the invariant it relies on.

use core::fmt;
use core::marker::PhantomData;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::ffi::{c_char, c_int, c_void};
use kernel::str::{CStr, CStrExt};

use kernel::bindings;
use kernel::prelude::*;
use kernel::seq_file::SeqFile;
use kernel::sync::Arc;
use kernel::types::Opaque;

use crate::options::MAX_ARP_TARGETS;
use crate::params::{Level, Log, RawParams};

/// Mirror of `struct bondrs_modparams` in `glue.h`.
#[repr(C)]
struct ModParamsC {
    mode: *const c_char,
    primary: *const c_char,
    primary_reselect: *const c_char,
    lacp_rate: *const c_char,
    ad_select: *const c_char,
    xmit_hash_policy: *const c_char,
    arp_validate: *const c_char,
    arp_all_targets: *const c_char,
    fail_over_mac: *const c_char,
    arp_ip_target: [*const c_char; MAX_ARP_TARGETS],
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

/// `BONDRS_MODPARAMS_SIZE`, asserted in C as well.
const _: () = assert!(core::mem::size_of::<ModParamsC>() == 256);

#[allow(improper_ctypes)]
extern "C" {
    fn bondrs_get_modparams(p: *mut ModParamsC);
    fn bondrs_uts_release() -> *const c_char;
    fn bondrs_proc_dir_create() -> c_int;
    fn bondrs_proc_dir_remove();
    fn bondrs_link_register(ctx: *mut c_void, tx_queues: u32) -> c_int;
    fn bondrs_link_unregister();
    fn bondrs_create(name: *const c_char) -> c_int;
    fn bondrs_delete_by_name(
        name: *const c_char,
        found: unsafe extern "C" fn(*mut c_void),
        ctx: *mut c_void,
    ) -> c_int;
    fn bondrs_dev_valid_name(name: *const c_char) -> bool;
    fn bondrs_masters_create() -> c_int;
    fn bondrs_masters_remove();
    fn bondrs_dev_name(dev: *const bindings::net_device) -> *const c_char;
    fn bondrs_carrier_ok(dev: *const bindings::net_device) -> bool;
    fn bondrs_tx_drop(dev: *mut bindings::net_device, skb: *mut bindings::sk_buff);
}

/// Bytes of a C string that lives as long as the module.
///
/// # Safety
///
/// `p` is NULL or points to a NUL-terminated string valid for `'static`.
unsafe fn static_cstr(p: *const c_char) -> Option<&'static [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL, and the caller guarantees a NUL-terminated string
    // that lives for the rest of the module's life.
    Some(unsafe { CStr::from_char_ptr(p) }.to_bytes())
}

/// The module parameters as the kernel's parameter parser stored them.
pub(crate) fn module_params() -> RawParams<'static> {
    let mut c = core::mem::MaybeUninit::<ModParamsC>::uninit();
    // SAFETY: `bondrs_get_modparams` writes every field of the struct whose
    // layout `ModParamsC` mirrors (size asserted on both sides).
    let c = unsafe {
        bondrs_get_modparams(c.as_mut_ptr());
        c.assume_init()
    };
    let s = |p| {
        // SAFETY: charp module parameters are NULL or strings owned by the
        // module's parameter storage, freed only when the module is unloaded.
        unsafe { static_cstr(p) }
    };
    let mut targets = [None; MAX_ARP_TARGETS];
    for (t, p) in targets.iter_mut().zip(c.arp_ip_target) {
        *t = s(p);
    }
    RawParams {
        max_bonds: c.max_bonds,
        tx_queues: c.tx_queues,
        num_peer_notif: c.num_peer_notif,
        miimon: c.miimon,
        updelay: c.updelay,
        downdelay: c.downdelay,
        use_carrier: c.use_carrier,
        mode: s(c.mode),
        primary: s(c.primary),
        primary_reselect: s(c.primary_reselect),
        lacp_rate: s(c.lacp_rate),
        ad_select: s(c.ad_select),
        min_links: c.min_links,
        xmit_hash_policy: s(c.xmit_hash_policy),
        arp_interval: c.arp_interval,
        arp_ip_target: targets,
        arp_validate: s(c.arp_validate),
        arp_all_targets: s(c.arp_all_targets),
        fail_over_mac: s(c.fail_over_mac),
        all_slaves_active: c.all_slaves_active,
        resend_igmp: c.resend_igmp,
        packets_per_slave: c.packets_per_slave,
        lp_interval: c.lp_interval,
        fast_failover: c.fast_failover,
    }
}

/// `UTS_RELEASE` of the kernel this module was built against.
pub(crate) fn uts_release() -> &'static str {
    // SAFETY: the glue returns the address of a string literal.
    let s = unsafe { static_cstr(bondrs_uts_release()) };
    s.and_then(|b| core::str::from_utf8(b).ok()).unwrap_or("")
}

/// Prints driver messages to the kernel log the way the C driver's files do:
/// `bond_main.c` has no `pr_fmt`, so its messages carry no prefix
/// ([`KernelLog::plain`]); `bond_sysfs.c` prefixes the module name
/// ([`KernelLog::prefixed`], "bonding_rs: ").
///
/// `pr_debug` messages are dropped: the C driver's are compiled out unless
/// dynamic debug enables them, and its log is what users compare with.
pub(crate) struct KernelLog {
    prefixed: bool,
}

impl KernelLog {
    /// Messages of `bond_main.c`: no prefix.
    pub(crate) fn plain() -> KernelLog {
        KernelLog { prefixed: false }
    }

    /// Messages of files with `pr_fmt(KBUILD_MODNAME ": ")`.
    pub(crate) fn prefixed() -> KernelLog {
        KernelLog { prefixed: true }
    }
}

impl Log for KernelLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        if self.prefixed {
            match level {
                Level::Err => pr_err!("{}\n", args),
                Level::Warn => pr_warn!("{}\n", args),
                Level::Notice => pr_notice!("{}\n", args),
                Level::Info => pr_info!("{}\n", args),
                Level::Debug => {}
            }
            return;
        }
        // KERN_<LEVEL> then the Rust formatter (`%pA`), no module prefix.
        let format: &[u8; 6] = match level {
            Level::Err => b"\x013%pA\0",
            Level::Warn => b"\x014%pA\0",
            Level::Notice => b"\x015%pA\0",
            Level::Info => b"\x016%pA\0",
            Level::Debug => return,
        };
        let line = format_args!("{}\n", args);
        // SAFETY: `format` is a NUL-terminated printk format whose only
        // conversion, `%pA`, takes a pointer to `fmt::Arguments`, which
        // `line` is and which outlives the call.
        unsafe { bindings::_printk(format.as_ptr(), core::ptr::from_ref(&line).cast::<c_void>()) };
    }
}

/// A bond's `struct net_device`, borrowed for the duration of a callback.
///
/// # Invariants
///
/// `self.0` is a registered (or registering) bond device created by the glue;
/// it stays valid while the `&NetDev` exists.
#[repr(transparent)]
pub(crate) struct NetDev(Opaque<bindings::net_device>);

impl NetDev {
    /// # Safety
    ///
    /// `ptr` is a valid `net_device` for `'a`.
    unsafe fn from_raw<'a>(ptr: *mut bindings::net_device) -> &'a NetDev {
        // SAFETY: `NetDev` is a transparent wrapper of `net_device`, and the
        // caller guarantees validity for `'a`.
        unsafe { &*ptr.cast::<NetDev>() }
    }

    fn as_ptr(&self) -> *mut bindings::net_device {
        self.0.get()
    }

    /// The interface name.
    pub(crate) fn name(&self) -> &[u8] {
        // SAFETY: by the type invariant the device is valid; `dev->name` is a
        // NUL-terminated array inside it.
        let p = unsafe { bondrs_dev_name(self.as_ptr()) };
        // SAFETY: `p` points into the device, which outlives `&self`.
        unsafe { CStr::from_char_ptr(p) }.to_bytes()
    }

    /// `netif_carrier_ok()`.
    pub(crate) fn carrier_ok(&self) -> bool {
        // SAFETY: by the type invariant the device is valid.
        unsafe { bondrs_carrier_ok(self.as_ptr()) }
    }

    /// Drops a frame the bond cannot send, counting it in `tx_dropped`.
    pub(crate) fn tx_drop(&self, skb: SkBuff) {
        let p = skb.into_raw();
        // SAFETY: the device is valid (type invariant) and `p` is an skb we
        // own, handed over to the glue which frees it.
        unsafe { bondrs_tx_drop(self.as_ptr(), p) }
    }
}

/// An owned socket buffer.
///
/// # Invariants
///
/// `self.0` is an `sk_buff` this value owns (one reference).
pub(crate) struct SkBuff(NonNull<bindings::sk_buff>);

impl SkBuff {
    fn into_raw(self) -> *mut bindings::sk_buff {
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

/// Writes formatted text into a `seq_file`.
struct SeqWriter<'a>(&'a SeqFile);

impl fmt::Write for SeqWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.call_printf(format_args!("{}", s));
        Ok(())
    }
}

/// The per-bond driver state, implemented by `netdev_ops.rs` in safe Rust.
pub(crate) trait BondDevice: Sized + Send + Sync {
    /// Module-wide context shared by every bond.
    type Ctx: Send + Sync;
    /// `ndo_init`: make the state of a new bond device.
    fn init(ctx: &Self::Ctx, dev: &NetDev) -> Result<KBox<Self>>;
    /// `ndo_open`.
    fn open(&self, dev: &NetDev) -> Result;
    /// `ndo_stop`.
    fn stop(&self, dev: &NetDev) -> Result;
    /// Runs one of the bond's delayed work items (no lock held); returns
    /// the delay in jiffies before it runs again, `None` to stop.
    fn work(&self, bond: DevPtr, which: Work) -> Option<u64>;
    /// `ndo_get_stats64`: fills `out` (the words of `rtnl_link_stats64`).
    fn get_stats(&self, bond: DevPtr, out: &mut [u64; STATS_WORDS]);
    /// ethtool `get_link_ksettings` (RTNL held): speed and duplex.
    fn link_ksettings(&self, bond: DevPtr, rtnl: &Rtnl<'_>) -> (u32, u8);
    /// `ndo_start_xmit`: consumes the frame.
    fn start_xmit(&self, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>);
    /// `ndo_vlan_rx_add_vid` (`add`) / `ndo_vlan_rx_kill_vid` (RTNL held):
    /// a VLAN (`proto` is the TPID in host order) is used on the bond.
    fn vlan_rx_vid(&self, dev: &NetDev, proto: u16, vid: u16, add: bool, rtnl: &Rtnl<'_>)
        -> Result;
    /// A write to `/sys/class/net/bonding_masters`.
    fn masters_store(ctx: &Self::Ctx, reg: &Registered, buf: &[u8]) -> Result;
    /// Writes `/proc/net/bonding/<bond>`.
    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result;
}

type Bond = crate::netdev_ops::Bond;
type Ctx = <Bond as BondDevice>::Ctx;

fn to_errno(r: Result) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
///
/// `rust` is the pointer `bondrs_rust_init` returned for this device, not
/// yet passed to `bondrs_rust_free`; `dev` is that device.
unsafe fn bond_and_dev<'a>(
    rust: *mut c_void,
    dev: *mut bindings::net_device,
) -> (&'a Bond, &'a NetDev) {
    // SAFETY: per the caller, `rust` came from `KBox::into_raw` of a `Bond`
    // that is freed only by the device's destructor, after every callback.
    let bond = unsafe { &*rust.cast::<Bond>() };
    // SAFETY: per the caller, `dev` is valid during the callback.
    (bond, unsafe { NetDev::from_raw(dev) })
}

/// `ndo_init` trampoline.
///
/// # Safety
///
/// Called by the glue only, with the context given to
/// `bondrs_link_register` and a device being registered.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_init(
    ctx: *mut c_void,
    dev: *mut bindings::net_device,
) -> *mut c_void {
    // SAFETY: `ctx` is the `KBox<Ctx>` owned by the `LinkRegistration`,
    // which outlives every bond (it unregisters the link kind, deleting all
    // bonds, before it frees the context).
    let ctx = unsafe { &*ctx.cast::<Ctx>() };
    // SAFETY: `dev` is the device being registered.
    let dev = unsafe { NetDev::from_raw(dev) };
    match Bond::init(ctx, dev) {
        Ok(b) => KBox::into_raw(b).cast(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// `priv_destructor` trampoline.
///
/// # Safety
///
/// Called by the glue only, once, with a pointer from `bondrs_rust_init`,
/// when no callback of the device can run any more.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_free(rust: *mut c_void) {
    // SAFETY: the pointer came from `KBox::into_raw` and is freed once.
    drop(unsafe { KBox::from_raw(rust.cast::<Bond>()) });
}

/// `ndo_open` trampoline.
///
/// # Safety
///
/// Called by the glue only: see [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_open(rust: *mut c_void, dev: *mut bindings::net_device) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    to_errno(bond.open(dev))
}

/// `ndo_stop` trampoline.
///
/// # Safety
///
/// Called by the glue only: see [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_stop(rust: *mut c_void, dev: *mut bindings::net_device) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    to_errno(bond.stop(dev))
}

/// The number of `u64` counters in `struct rtnl_link_stats64` (asserted
/// in glue.c as `BONDRS_STATS_WORDS`; the kernel crate's bindings do not
/// include the struct).
pub(crate) const STATS_WORDS: usize = 25;

/// `struct rtnl_link_stats64`, opaque: only ever viewed as its counters.
#[repr(C)]
pub(crate) struct LinkStats64([u64; STATS_WORDS]);

/// `ndo_get_stats64` trampoline.
///
/// # Safety
///
/// Called by the glue only: see [`bond_and_dev`]; `out` is the caller's
/// writable `rtnl_link_stats64`.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_get_stats64(
    rust: *mut c_void,
    dev: *mut bindings::net_device,
    out: *mut LinkStats64,
) {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    // `out` may be only 4-byte aligned: rtnetlink reserves it inside a
    // netlink attribute (`nla_reserve_64bit()` pads only where unaligned
    // access is slow), so fill an aligned copy and store it unaligned.
    let mut words = [0u64; STATS_WORDS];
    bond.get_stats(DevPtr::of(dev), &mut words);
    // SAFETY: `rtnl_link_stats64` is `STATS_WORDS` u64 counters (size
    // asserted above), writable and exclusively ours for the call; the
    // store makes no alignment assumption.
    unsafe { core::ptr::write_unaligned(out, LinkStats64(words)) };
}

/// ethtool `get_link_ksettings` trampoline.
///
/// # Safety
///
/// Called by the glue only, under RTNL: see [`bond_and_dev`]; `speed` and
/// `duplex` are writable.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_link_ksettings(
    rust: *mut c_void,
    dev: *mut bindings::net_device,
    speed: *mut u32,
    duplex: *mut u8,
) {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    // INVARIANT: ethtool requests run under RTNL.
    let rtnl = Rtnl(PhantomData);
    let (s, d) = bond.link_ksettings(DevPtr::of(dev), &rtnl);
    // SAFETY: the glue passes writable out pointers.
    unsafe {
        *speed = s;
        *duplex = d;
    }
}

/// Work item trampoline (`bondrs_work_fn`).
///
/// # Safety
///
/// Called by the glue only, from the bond's workqueue: see
/// [`bond_and_dev`].  The glue cancels every work item (synchronously)
/// before the device's destructor frees the state.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_work(
    rust: *mut c_void,
    dev: *mut bindings::net_device,
    which: u32,
) -> kernel::ffi::c_long {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    let Some(w) = Work::from_u32(which) else {
        return -1;
    };
    bond.work(DevPtr::of(dev), w)
        .and_then(|d| kernel::ffi::c_long::try_from(d).ok())
        .unwrap_or(-1)
}

/// `ndo_start_xmit` trampoline.
///
/// # Safety
///
/// Called by the glue only: see [`bond_and_dev`]; `skb` is a non-NULL
/// buffer whose ownership passes to us.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_start_xmit(
    rust: *mut c_void,
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    // INVARIANT: the core calls ndo_start_xmit under rcu_read_lock_bh(),
    // an RCU read-side critical section for the whole call.
    let rcu = RcuRead(PhantomData);
    if let Some(skb) = NonNull::new(skb) {
        // INVARIANT: ndo_start_xmit hands the skb's reference to the driver.
        bond.start_xmit(dev, SkBuff(skb), &rcu);
    }
    0 // NETDEV_TX_OK
}

/// `ndo_vlan_rx_add_vid` / `ndo_vlan_rx_kill_vid` trampoline.
///
/// # Safety
///
/// Called by the glue only: see [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_vlan_rx_vid(
    rust: *mut c_void,
    dev: *mut bindings::net_device,
    proto: u16,
    vid: u16,
    add: bool,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    // INVARIANT: the core calls these under RTNL (vlan_vid_add()/del() and
    // vlan_filter_push/drop_vids() assert it).
    let rtnl = Rtnl(PhantomData);
    to_errno(bond.vlan_rx_vid(dev, proto, vid, add, &rtnl))
}

/// Show callback of `/proc/net/bonding/<bond>`.
///
/// # Safety
///
/// Called by the glue only, from the file's `single_open` show callback:
/// see [`bond_and_dev`]; `m` is the file's `seq_file`, used by this thread only.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_proc_show(
    rust: *mut c_void,
    m: *mut bindings::seq_file,
    dev: *mut bindings::net_device,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, dev) };
    // SAFETY: `m` is valid and used only by this thread during the call.
    let seq = unsafe { SeqFile::from_raw(m) };
    // seq_printf records overflow itself and the seq_file core retries with
    // a bigger buffer, so the writer never fails.
    let _ = bond.proc_show(dev, &mut SeqWriter(seq));
    0
}

/// Proof that the link kind "bond" is registered: what may create and delete
/// bonds.  Only this module makes one, for the life of a `LinkRegistration`
/// or of a callback that runs only while the registration exists.
pub(crate) struct Registered(());

impl Registered {
    /// `bond_create(&init_net, name)`: a bond named `name` (a NUL-terminated
    /// name), or the next free "bond%d".
    pub(crate) fn create_bond(&self, name: Option<&CStr>) -> Result {
        let p = name.map_or(core::ptr::null(), |n| n.as_char_ptr());
        // SAFETY: the link kind is registered (type invariant), so the glue
        // may allocate and register a device of it; `p` is NULL or a
        // NUL-terminated string valid for the call.
        kernel::error::to_result(unsafe { bondrs_create(p) })
    }

    /// Deletes the bond named `name`, running `found` (under RTNL) once it
    /// is found and before it is unregistered; `ENODEV` if no bond has that
    /// name.
    pub(crate) fn delete_bond<F: FnOnce()>(&self, name: &CStr, found: F) -> Result {
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
}

/// Store callback of `/sys/class/net/bonding_masters`.
///
/// # Safety
///
/// Called by the glue only, while the file exists (between
/// `bondrs_masters_create` and `bondrs_masters_remove`, which both happen
/// while the link kind is registered), with the registration's context and a
/// buffer of `count` readable bytes.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_masters_store(
    ctx: *mut c_void,
    buf: *const c_char,
    count: usize,
) -> isize {
    // SAFETY: see the function's safety section (the context outlives the file).
    let ctx = unsafe { &*ctx.cast::<Ctx>() };
    // SAFETY: the sysfs core passes `count` readable bytes.
    let buf = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), count) };
    // INVARIANT: the file exists only while the link kind is registered.
    match Bond::masters_store(ctx, &Registered(()), buf) {
        Ok(()) => isize::try_from(count).unwrap_or(isize::MAX),
        Err(e) => e.to_errno() as isize,
    }
}

/// The registered link kind "bond", the /proc/net/bonding directory, the
/// bonding_masters file and the context every bond reads; dropping it
/// deletes every bond.
pub(crate) struct LinkRegistration {
    ctx: NonNull<Ctx>,
    reg: Registered,
}

// SAFETY: the context is `Send + Sync` and only shared by reference; the
// registration is created and dropped in module init/exit.
unsafe impl Send for LinkRegistration {}
// SAFETY: as above; `&LinkRegistration` gives no access to the context.
unsafe impl Sync for LinkRegistration {}

impl LinkRegistration {
    /// Registers link kind "bond" (fails with `EEXIST` while bonding.ko
    /// holds it) and creates `/proc/net/bonding`.
    pub(crate) fn new(ctx: KBox<Ctx>, tx_queues: u32) -> Result<Self> {
        let ctx = NonNull::new(KBox::into_raw(ctx)).ok_or(ENOMEM)?;
        // SAFETY: `ctx` stays valid until `drop`, which unregisters first.
        let err = unsafe { bondrs_link_register(ctx.as_ptr().cast(), tx_queues) };
        if err != 0 {
            // SAFETY: registration failed, so nothing else holds `ctx`.
            drop(unsafe { KBox::from_raw(ctx.as_ptr()) });
            return Err(Error::from_errno(err));
        }
        // INVARIANT: registered just above.
        let link = LinkRegistration {
            ctx,
            reg: Registered(()),
        };
        // SAFETY: plain call; the directory is removed in `drop`.
        let err = unsafe { bondrs_proc_dir_create() };
        if err != 0 {
            return Err(Error::from_errno(err)); // `link` drops: unregisters
        }
        // SAFETY: plain call; the file is removed in `drop`.
        let err = unsafe { bondrs_masters_create() };
        // Like bond_create_sysfs(), tolerate an existing bonding_masters.
        if err != 0 && err != EEXIST.to_errno() {
            return Err(Error::from_errno(err));
        }
        Ok(link)
    }

    /// What may create and delete bonds while this registration lives.
    pub(crate) fn registered(&self) -> &Registered {
        &self.reg
    }
}

impl Drop for LinkRegistration {
    fn drop(&mut self) {
        // SAFETY: removes bonding_masters (waiting for running writers),
        // unregisters the link kind, deleting every bond (their destructors
        // run before this returns), then removes the emptied /proc directory;
        // nothing is left to use the context.
        unsafe {
            bondrs_masters_remove();
            bondrs_link_unregister();
            bondrs_proc_dir_remove();
            drop(KBox::from_raw(self.ctx.as_ptr()));
        }
    }
}

// ---------------------------------------------------------------------------
// Slaves: RTNL and RCU tokens, RCU-published pointers, slave devices.
// ---------------------------------------------------------------------------

/// The bond's delayed work items (`BONDRS_NR_WORK` in the glue).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum Work {
    /// The MII link monitor (`mii_work`).
    Mii = 0,
    /// The ARP monitor (`arp_work`).
    Arp = 1,
    /// IGMP membership report resend (`mcast_work`).
    Mcast = 2,
}

impl Work {
    /// Every work item, in number order.
    pub(crate) const ALL: [Work; 3] = [Work::Mii, Work::Arp, Work::Mcast];

    fn from_u32(v: u32) -> Option<Work> {
        Work::ALL.get(v as usize).copied()
    }
}

/// Netdevice notifier events the bond raises on itself (values asserted in
/// glue.c).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum BondEvent {
    /// `NETDEV_BONDING_FAILOVER`.
    Failover = 13,
    /// `NETDEV_NOTIFY_PEERS`: gratuitous ARP / unsolicited NA.
    NotifyPeers = 20,
    /// `NETDEV_RESEND_IGMP`.
    ResendIgmp = 23,
}

extern "C" {
    fn bondrs_work_queue(dev: *mut bindings::net_device, which: u32, delay: kernel::ffi::c_ulong);
    fn bondrs_work_mod(dev: *mut bindings::net_device, which: u32, delay: kernel::ffi::c_ulong);
    fn bondrs_work_cancel_sync(dev: *mut bindings::net_device, which: u32);
    fn bondrs_msecs_to_jiffies(ms: u32) -> kernel::ffi::c_ulong;
    fn bondrs_jiffies() -> kernel::ffi::c_ulong;
    fn bondrs_rtnl_trylock() -> bool;
    fn bondrs_rtnl_unlock();
    fn bondrs_net_ratelimit() -> bool;
    fn bondrs_call_notifiers(dev: *mut bindings::net_device, event: u32);
    fn bondrs_linkwatch_pending(dev: *const bindings::net_device) -> bool;
    fn bondrs_need_ops_lock(dev: *const bindings::net_device) -> bool;
    fn bondrs_stats_lock(dev: *mut bindings::net_device);
    fn bondrs_stats_unlock(dev: *mut bindings::net_device);
    fn bondrs_dev_stats(dev: *mut bindings::net_device, out: *mut LinkStats64);
    fn bondrs_has_this_ip(bond: *mut bindings::net_device, ip: u32) -> bool;
    fn bondrs_arp_probe(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
        target: u32,
    ) -> c_int;
}

/// The outcome of one ARP probe (`BONDRS_ARP_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ArpProbe {
    /// Sent, routed through the bond.
    Sent,
    /// Sent from 0.0.0.0: no route to the target.
    SentNoRoute,
    /// The route to the target does not go through the bond: not sent.
    NotOurs,
    /// No memory for the frame: not sent.
    Failed,
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

/// Proof of an RCU read-side critical section for `'a`.
///
/// The transmit path (`ndo_start_xmit`, under `rcu_read_lock_bh()`) and the
/// rx handler (under `rcu_read_lock()`) run in one; other readers take a
/// [`kernel::sync::rcu::Guard`] and borrow a token from it.
pub(crate) struct RcuRead<'a>(PhantomData<&'a ()>);

impl RcuRead<'_> {
    /// A token borrowed from a held RCU read lock.
    pub(crate) fn from_guard(_g: &kernel::sync::rcu::Guard) -> RcuRead<'_> {
        RcuRead(PhantomData)
    }
}

/// An RCU-published, owned pointer (`__rcu` in C): readers load it under
/// RCU, writers replace it under RTNL and free the old value after a grace
/// period.
///
/// # Invariants
///
/// `ptr` is NULL or comes from `KBox::into_raw`, and is freed only after a
/// grace period has passed since it was unpublished.
pub(crate) struct RcuBox<T> {
    ptr: AtomicPtr<T>,
}

// SAFETY: the pointee is shared between threads only by `&T` (readers) and
// moved out under RTNL; `T: Send + Sync` makes both fine.
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
        // SAFETY: by the type invariant `p` is NULL or a live box; a value
        // unpublished while we are in this read-side section is freed only
        // after it ends, which `'a` cannot outlive.
        unsafe { p.as_ref() }
    }

    /// `rtnl_dereference()`: the value writers see; it changes only under
    /// RTNL, which `_rtnl` proves is held.
    pub(crate) fn get_rtnl<'a>(&'a self, _rtnl: &'a Rtnl<'_>) -> Option<&'a T> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: only RTNL holders replace the pointer, and we hold RTNL for
        // `'a`, so the box stays alive.
        unsafe { p.as_ref() }
    }

    /// Publishes `new` (`rcu_assign_pointer`), waits for a grace period
    /// (`synchronize_rcu`) and drops the old value.
    pub(crate) fn replace(&self, new: Option<KBox<T>>, _rtnl: &mut Rtnl<'_>) {
        let newp = new.map_or(core::ptr::null_mut(), KBox::into_raw);
        let old = self.ptr.swap(newp, Ordering::AcqRel);
        if !old.is_null() {
            kernel::sync::rcu::synchronize_rcu();
            // SAFETY: `old` came from `KBox::into_raw` (invariant), is no
            // longer reachable, and a grace period has passed.
            drop(unsafe { KBox::from_raw(old) });
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

/// A net_device the bond holds on to: a slave, or the bond itself.
///
/// # Invariants
///
/// Points to a registered net_device that stays valid while the holder
/// exists: a slave is released (and its `Slave` dropped after a grace
/// period) before its device finishes unregistering, and the bond's own
/// device outlives its slaves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct DevPtr(NonNull<bindings::net_device>);

// SAFETY: a net_device may be used from any thread; the methods below take
// the locks (or tokens) the C API needs.
unsafe impl Send for DevPtr {}
// SAFETY: as above.
unsafe impl Sync for DevPtr {}

/// What enslave checks about a device (mirror of `struct bondrs_slave_facts`).
#[repr(C)]
pub(crate) struct SlaveFacts {
    /// `dev->type`.
    pub(crate) dev_type: u32,
    /// The bond's `dev->type`.
    pub(crate) bond_type: u32,
    /// The device's MTU.
    pub(crate) mtu: u32,
    /// The bond's MTU.
    pub(crate) bond_mtu: u32,
    /// The bond's `dev->flags`.
    pub(crate) bond_flags: u32,
    /// `dev->addr_len`.
    pub(crate) addr_len: u32,
    /// The device's address.
    pub(crate) dev_addr: [u8; 32],
    /// The bond's address.
    pub(crate) bond_addr: [u8; 32],
    /// `ARPHRD_CAN`.
    pub(crate) is_can: bool,
    /// `IFF_MASTER` but not a bond.
    pub(crate) is_master_not_bond: bool,
    /// `netdev_is_rx_handler_busy()`.
    pub(crate) rx_handler_busy: bool,
    /// `NETIF_F_VLAN_CHALLENGED`.
    pub(crate) vlan_challenged: bool,
    /// `vlan_uses_dev(bond)`.
    pub(crate) bond_uses_vlan: bool,
    /// `IFF_UP`.
    pub(crate) is_up: bool,
    /// Has `ndo_set_mac_address`.
    pub(crate) can_set_mac: bool,
    /// The bond's address is random (`NET_ADDR_RANDOM`).
    pub(crate) bond_addr_random: bool,
}

const _: () = assert!(core::mem::size_of::<SlaveFacts>() == 96);

/// `IFF_PROMISC`.
pub(crate) const IFF_PROMISC: u32 = 0x100;
/// `IFF_ALLMULTI`.
pub(crate) const IFF_ALLMULTI: u32 = 0x200;
/// `IFF_UP`.
pub(crate) const IFF_UP: u32 = 0x1;
/// `NETDEV_UNREGISTER` (these three values are asserted in glue.c).
pub(crate) const NETDEV_UNREGISTER: u64 = 6;
/// `NETDEV_UP`.
pub(crate) const NETDEV_UP: u64 = 1;
/// `NETDEV_DOWN`.
pub(crate) const NETDEV_DOWN: u64 = 2;
/// `NETDEV_CHANGE`.
pub(crate) const NETDEV_CHANGE: u64 = 4;

#[allow(improper_ctypes)]
extern "C" {
    fn bondrs_slave_facts(
        bond: *const bindings::net_device,
        dev: *const bindings::net_device,
        f: *mut SlaveFacts,
    );
    fn bondrs_set_extack(extack: *mut bindings::netlink_ext_ack, msg: *const c_char);
    fn bondrs_notify_join(dev: *mut bindings::net_device);
    fn bondrs_take_slave_addr(
        bond: *mut bindings::net_device,
        slave: *mut bindings::net_device,
    ) -> c_int;
    fn bondrs_random_addr(bond: *mut bindings::net_device);
    fn bondrs_notify_changeaddr_release(bond: *mut bindings::net_device);
    fn bondrs_dev_set_mtu(dev: *mut bindings::net_device, mtu: u32) -> c_int;
    fn bondrs_netif_set_mtu(dev: *mut bindings::net_device, mtu: u32) -> c_int;
    fn bondrs_vlan_vid_add(dev: *mut bindings::net_device, proto: u16, vid: u16) -> c_int;
    fn bondrs_vlan_vid_del(dev: *mut bindings::net_device, proto: u16, vid: u16);
    fn bondrs_vlan_vids_add_by_dev(
        dev: *mut bindings::net_device,
        by_dev: *const bindings::net_device,
    ) -> c_int;
    fn bondrs_vlan_vids_del_by_dev(
        dev: *mut bindings::net_device,
        by_dev: *const bindings::net_device,
    );
    fn bondrs_dev_set_mac(
        dev: *mut bindings::net_device,
        addr: *const u8,
        len: u32,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int;
    fn bondrs_dev_open(
        dev: *mut bindings::net_device,
        extack: *mut bindings::netlink_ext_ack,
    ) -> c_int;
    fn bondrs_dev_close(dev: *mut bindings::net_device);
    fn bondrs_slave_priv_flags(dev: *mut bindings::net_device, no_addrconf: bool, bonding: bool);
    fn bondrs_speed_duplex(
        dev: *mut bindings::net_device,
        speed: *mut u32,
        duplex: *mut u8,
    ) -> c_int;
    fn bondrs_lock_ops(dev: *mut bindings::net_device);
    fn bondrs_unlock_ops(dev: *mut bindings::net_device);
    fn bondrs_running_carrier(dev: *const bindings::net_device) -> bool;
    fn bondrs_rx_handler_register(dev: *mut bindings::net_device, slave: *mut c_void) -> c_int;
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
    fn bondrs_lower_state_changed(
        slave: *mut bindings::net_device,
        link_up: bool,
        tx_enabled: bool,
    );
    fn bondrs_compute_features(bond: *mut bindings::net_device);
    fn bondrs_set_carrier(dev: *mut bindings::net_device, on: bool);
    fn bondrs_promisc_allmulti(
        dev: *mut bindings::net_device,
        promisc: i32,
        allmulti: i32,
    ) -> c_int;
    fn bondrs_addr_lists_sync(
        slave: *mut bindings::net_device,
        bond: *mut bindings::net_device,
        sync: bool,
        bond_addr_locked: bool,
    );
    fn bondrs_synchronize_net();
    fn bondrs_xmit_on(skb: *mut bindings::sk_buff, slave: *mut bindings::net_device);
    fn bondrs_skb_clone(skb: *mut bindings::sk_buff) -> *mut bindings::sk_buff;
    fn bondrs_slave_printk(
        level: c_int,
        bond: *const bindings::net_device,
        slave: *const bindings::net_device,
        args: *const c_void,
    );
}

impl DevPtr {
    /// The device behind a callback's `&NetDev`.
    pub(crate) fn of(dev: &NetDev) -> DevPtr {
        // INVARIANT: callers keep it only while the device is registered
        // (bond: its own device; slave: until released).
        DevPtr(NonNull::new(dev.as_ptr()).expect("net_device pointers are never NULL"))
    }

    fn p(self) -> *mut bindings::net_device {
        self.0.as_ptr()
    }

    /// Borrows the device as a [`NetDev`].
    pub(crate) fn dev(&self) -> &NetDev {
        // SAFETY: valid while `self` is (type invariant).
        unsafe { NetDev::from_raw(self.p()) }
    }

    /// Enslave's view of this device and the bond.
    pub(crate) fn facts(self, bond: DevPtr, _rtnl: &Rtnl<'_>) -> SlaveFacts {
        let mut f = core::mem::MaybeUninit::<SlaveFacts>::uninit();
        // SAFETY: both devices are valid (invariant), RTNL is held, and the
        // glue writes every field of the mirrored struct (size asserted).
        unsafe {
            bondrs_slave_facts(bond.p(), self.p(), f.as_mut_ptr());
            f.assume_init()
        }
    }

    /// `call_netdevice_notifiers(NETDEV_JOIN, dev)`.
    pub(crate) fn notify_join(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_notify_join(self.p()) }
    }

    /// `bond_set_dev_addr()`: the bond takes `slave`'s address.
    pub(crate) fn take_addr_of(self, slave: DevPtr, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid devices, RTNL held.
        kernel::error::to_result(unsafe { bondrs_take_slave_addr(self.p(), slave.p()) })
    }

    /// `eth_hw_addr_random()` then NETDEV_CHANGEADDR and NETDEV_RELEASE, as
    /// the bond's last slave leaves.
    pub(crate) fn new_random_addr(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe {
            bondrs_random_addr(self.p());
            bondrs_notify_changeaddr_release(self.p());
        }
    }

    /// `eth_hw_addr_random()` alone, without notifiers (enslave's undo of
    /// a first slave's address).
    pub(crate) fn random_addr(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_random_addr(self.p()) }
    }

    /// `dev_set_mtu()`.
    pub(crate) fn set_mtu(self, mtu: u32, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_set_mtu(self.p(), mtu) })
    }

    /// `__netif_set_mtu()` under the instance ops lock, as
    /// `__bond_release_one()` restores the MTU of a device being
    /// unregistered: no NETDEV_PRECHANGEMTU/CHANGEMTU notifiers on it.
    /// Not from a notifier that holds the ops lock already (NETDEV_UNREGISTER
    /// runs without it).
    pub(crate) fn set_mtu_unregistering(self, mtu: u32, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held; the ops lock is taken here and
        // held across the call, as `__netif_set_mtu()` requires for an
        // ops-locked device, and no caller holds it already.
        kernel::error::to_result(unsafe {
            bondrs_lock_ops(self.p());
            let r = bondrs_netif_set_mtu(self.p(), mtu);
            bondrs_unlock_ops(self.p());
            r
        })
    }

    /// `vlan_vid_add()`: takes a reference on VLAN `vid` of `proto` (the
    /// TPID, host order) on this device, programming its filter if it has one.
    pub(crate) fn vlan_vid_add(self, proto: u16, vid: u16, _rtnl: &Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held as vlan_vid_add() asserts.
        kernel::error::to_result(unsafe { bondrs_vlan_vid_add(self.p(), proto, vid) })
    }

    /// `vlan_vid_del()`: drops a reference taken by [`Self::vlan_vid_add`].
    pub(crate) fn vlan_vid_del(self, proto: u16, vid: u16, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid device, RTNL held as vlan_vid_del() asserts.
        unsafe { bondrs_vlan_vid_del(self.p(), proto, vid) }
    }

    /// `vlan_vids_add_by_dev()`: this device takes every VLAN `by` filters
    /// (undone on failure).
    pub(crate) fn vlan_vids_add_by_dev(self, by: DevPtr, _rtnl: &Rtnl<'_>) -> Result {
        // SAFETY: valid devices, RTNL held as vlan_vids_add_by_dev() asserts.
        kernel::error::to_result(unsafe { bondrs_vlan_vids_add_by_dev(self.p(), by.p()) })
    }

    /// `vlan_vids_del_by_dev()`: undoes [`Self::vlan_vids_add_by_dev`].
    pub(crate) fn vlan_vids_del_by_dev(self, by: DevPtr, _rtnl: &Rtnl<'_>) {
        // SAFETY: valid devices, RTNL held as vlan_vids_del_by_dev() asserts.
        unsafe { bondrs_vlan_vids_del_by_dev(self.p(), by.p()) }
    }

    /// `dev_set_mac_address()`.
    pub(crate) fn set_mac(self, addr: &[u8], extack: Extack, _rtnl: &mut Rtnl<'_>) -> Result {
        let len = u32::try_from(addr.len()).map_err(|_| EINVAL)?;
        // SAFETY: valid device, RTNL held, `addr` readable for `len` bytes,
        // `extack` NULL or the request's.
        kernel::error::to_result(unsafe {
            bondrs_dev_set_mac(self.p(), addr.as_ptr(), len, extack.0)
        })
    }

    /// `dev_open()`.
    pub(crate) fn open(self, extack: Extack, _rtnl: &mut Rtnl<'_>) -> Result {
        // SAFETY: valid device, RTNL held.
        kernel::error::to_result(unsafe { bondrs_dev_open(self.p(), extack.0) })
    }

    /// `dev_close()`.
    pub(crate) fn close(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_dev_close(self.p()) }
    }

    /// Sets or clears `IFF_NO_ADDRCONF` and `IFF_BONDING` on a slave.
    pub(crate) fn slave_priv_flags(self, no_addrconf: bool, bonding: bool, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held (priv_flags are RTNL-protected).
        unsafe { bondrs_slave_priv_flags(self.p(), no_addrconf, bonding) }
    }

    /// `bond_update_speed_duplex()`: `(speed, duplex)` or `None` if unknown.
    pub(crate) fn speed_duplex(self, _rtnl: &Rtnl<'_>, lock_ops: bool) -> Option<(u32, u8)> {
        let (mut s, mut d) = (0u32, 0u8);
        // SAFETY: valid device, RTNL held; the instance ops lock is taken
        // unless the caller (a notifier) already holds it.
        let r = unsafe {
            if lock_ops {
                bondrs_lock_ops(self.p());
            }
            let r = bondrs_speed_duplex(self.p(), &mut s, &mut d);
            if lock_ops {
                bondrs_unlock_ops(self.p());
            }
            r
        };
        (r == 0).then_some((s, d))
    }

    /// `netif_running() && netif_carrier_ok()`.
    pub(crate) fn running_carrier(self) -> bool {
        // SAFETY: valid device; both are atomic bit reads.
        unsafe { bondrs_running_carrier(self.p()) }
    }

    /// `netif_carrier_on/off()`.
    pub(crate) fn set_carrier(self, on: bool) {
        // SAFETY: valid device.
        unsafe { bondrs_set_carrier(self.p(), on) }
    }

    /// `netdev_compute_master_upper_features(bond, true)`.
    pub(crate) fn compute_features(self, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_compute_features(self.p()) }
    }

    /// `dev_set_promiscuity()` / `dev_set_allmulti()` by the given steps.
    pub(crate) fn promisc_allmulti(self, promisc: i32, allmulti: i32) -> Result {
        // SAFETY: valid device; callers hold RTNL or the bond's address lock
        // as the C driver's callers do.
        kernel::error::to_result(unsafe { bondrs_promisc_allmulti(self.p(), promisc, allmulti) })
    }

    /// Syncs (or unsyncs) the bond's unicast and multicast lists to this slave.
    pub(crate) fn addr_lists(self, bond: DevPtr, sync: bool, bond_addr_locked: bool) {
        // SAFETY: valid devices; `bond_addr_locked` tells the glue whether
        // the caller (ndo_set_rx_mode) already holds the bond's address lock.
        unsafe { bondrs_addr_lists_sync(self.p(), bond.p(), sync, bond_addr_locked) }
    }

    /// `netdev_lower_state_changed()`.
    pub(crate) fn lower_state_changed(self, link_up: bool, tx_enabled: bool, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held.
        unsafe { bondrs_lower_state_changed(self.p(), link_up, tx_enabled) }
    }

    /// `slave_err/warn/info(bond, slave, ...)` (level 3, 4 or 6).
    pub(crate) fn slave_log(self, slave: DevPtr, level: i32, args: fmt::Arguments<'_>) {
        // SAFETY: valid devices; `%pA` in the glue's format takes a pointer
        // to the `fmt::Arguments`, alive for the call.
        unsafe {
            bondrs_slave_printk(
                level,
                self.p(),
                slave.p(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// `netdev_err/warn/info(bond, ...)` (level 3, 4 or 6).
    pub(crate) fn bond_log(self, level: i32, args: fmt::Arguments<'_>) {
        // SAFETY: valid device; a NULL slave selects the bond-only format;
        // `args` is alive for the call.
        unsafe {
            bondrs_slave_printk(
                level,
                self.p(),
                core::ptr::null(),
                core::ptr::from_ref(&args).cast::<c_void>(),
            )
        }
    }

    /// Queues one of this bond's work items after `delay` jiffies (no-op
    /// if it is pending already).
    pub(crate) fn queue_work(self, which: Work, delay: u64) {
        let d = kernel::ffi::c_ulong::try_from(delay).unwrap_or(kernel::ffi::c_ulong::MAX);
        // SAFETY: a bonding_rs bond (only bond code holds a bond's DevPtr
        // with work items); its work items live as long as the device.
        unsafe { bondrs_work_queue(self.p(), which as u32, d) }
    }

    /// `mod_delayed_work()`: runs the work item after `delay` jiffies even
    /// if it was pending for later.
    pub(crate) fn mod_work(self, which: Work, delay: u64) {
        let d = kernel::ffi::c_ulong::try_from(delay).unwrap_or(kernel::ffi::c_ulong::MAX);
        // SAFETY: as `queue_work`.
        unsafe { bondrs_work_mod(self.p(), which as u32, d) }
    }

    /// `cancel_delayed_work_sync()`; the work items only try RTNL, so this
    /// may run under it.
    pub(crate) fn cancel_work_sync(self, which: Work) {
        // SAFETY: as `queue_work`; process context (ndo_stop).
        unsafe { bondrs_work_cancel_sync(self.p(), which as u32) }
    }

    /// Raises a netdevice notifier event on this (bond) device.
    pub(crate) fn notify(self, event: BondEvent, _rtnl: &mut Rtnl<'_>) {
        // SAFETY: valid device, RTNL held as `call_netdevice_notifiers`
        // requires.
        unsafe { bondrs_call_notifiers(self.p(), event as u32) }
    }

    /// Whether the device's callbacks run under its instance lock
    /// (`netdev_need_ops_lock()`).
    pub(crate) fn needs_ops_lock(self) -> bool {
        // SAFETY: valid device; reads its ops configuration.
        unsafe { bondrs_need_ops_lock(self.p()) }
    }

    /// `bond_has_this_ip()`: `ip` (network order bytes) is an address of
    /// this bond or of a device stacked on it.
    pub(crate) fn has_this_ip(self, ip: [u8; 4], _rcu: &RcuRead<'_>) -> bool {
        // SAFETY: valid device; RCU read side as the upper-device walk needs.
        unsafe { bondrs_has_this_ip(self.p(), u32::from_ne_bytes(ip)) }
    }

    /// Sends an ARP request for `target` through `slave` the way this
    /// bond's ARP monitor does (`bond_arp_send_all()` for one target).
    pub(crate) fn arp_probe(self, slave: DevPtr, target: [u8; 4]) -> ArpProbe {
        // SAFETY: valid devices; process context (the monitor's work item)
        // or RCU, as bond_arp_send_all() runs.
        match unsafe { bondrs_arp_probe(self.p(), slave.p(), u32::from_ne_bytes(target)) } {
            0 => ArpProbe::Sent,
            1 => ArpProbe::SentNoRoute,
            2 => ArpProbe::NotOurs,
            _ => ArpProbe::Failed,
        }
    }

    /// Runs `f` holding this bond's stats lock (a spinlock: `f` must not
    /// sleep).
    pub(crate) fn stats_locked<R>(self, f: impl FnOnce() -> R) -> R {
        // SAFETY: a bonding_rs bond, whose priv holds the lock.
        unsafe { bondrs_stats_lock(self.p()) };
        let r = f();
        // SAFETY: taken above.
        unsafe { bondrs_stats_unlock(self.p()) };
        r
    }

    /// `dev_get_stats()`.
    pub(crate) fn stats(self) -> [u64; STATS_WORDS] {
        let mut out = LinkStats64([0u64; STATS_WORDS]);
        // SAFETY: valid device; `out` has the layout of
        // `rtnl_link_stats64` (size asserted in glue.c).
        unsafe { bondrs_dev_stats(self.p(), &mut out) };
        out.0
    }

    /// Whether a link-watch event is pending on the device.
    pub(crate) fn linkwatch_pending(self) -> bool {
        // SAFETY: valid device; reads one state bit.
        unsafe { bondrs_linkwatch_pending(self.p()) }
    }

    /// Sends `skb` on this (slave) device: `bond_dev_queue_xmit()`.
    pub(crate) fn xmit(self, skb: SkBuff) {
        // SAFETY: valid device; the skb's ownership passes to the stack.
        unsafe { bondrs_xmit_on(skb.into_raw(), self.p()) }
    }
}

extern "C" {
    fn bondrs_dev_flags(dev: *const bindings::net_device) -> u32;
    fn bondrs_dev_addr(dev: *const bindings::net_device, buf: *mut u8, size: u32) -> u32;
    fn bondrs_rust_of(dev: *const bindings::net_device) -> *mut c_void;
    fn bondrs_dev_addr_set(dev: *mut bindings::net_device, addr: *const u8);
}

impl DevPtr {
    /// `dev->flags`.
    pub(crate) fn facts_flags(self) -> u32 {
        // SAFETY: valid device (invariant); a READ_ONCE of a field.
        unsafe { bondrs_dev_flags(self.p()) }
    }

    /// The device's hardware address (up to 32 bytes; the rest zero).
    pub(crate) fn facts_addr(self) -> [u8; 32] {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.p(), a.as_mut_ptr(), 32) };
        a
    }

    /// `dev_addr_set()`: `addr` must hold `dev->addr_len` bytes.
    pub(crate) fn addr_set(self, addr: &[u8], _rtnl: &mut Rtnl<'_>) {
        if addr.len() >= self.facts_addr_len() {
            // SAFETY: valid device, RTNL held, `addr` has at least
            // `addr_len` readable bytes (checked just above).
            unsafe { bondrs_dev_addr_set(self.p(), addr.as_ptr()) }
        }
    }

    fn facts_addr_len(self) -> usize {
        let mut a = [0u8; 32];
        // SAFETY: valid device; the glue writes at most 32 bytes.
        unsafe { bondrs_dev_addr(self.p(), a.as_mut_ptr(), 32) as usize }
    }

    /// Runs `f` on the state of this device if it is a bonding_rs bond.
    pub(crate) fn with_bond(self, f: impl FnOnce(&Bond)) {
        // SAFETY: valid device; the glue returns NULL unless the device is a
        // bonding_rs bond, whose priv then holds the `Bond` made by
        // `bondrs_rust_init`, alive until the device's destructor.
        let p = unsafe { bondrs_rust_of(self.p()) };
        // SAFETY: as above: NULL or a live `Bond` while the device is.
        if let Some(b) = unsafe { p.cast::<Bond>().as_ref() } {
            f(b);
        }
    }
}

/// A netlink extended-ack pointer (possibly NULL) of the current request.
#[derive(Clone, Copy)]
pub(crate) struct Extack(*mut bindings::netlink_ext_ack);

impl Extack {
    /// No extended ack (sysfs, ioctl paths).
    pub(crate) fn none() -> Extack {
        Extack(core::ptr::null_mut())
    }

    /// `NL_SET_ERR_MSG()`: records a static message, if there is an extack.
    pub(crate) fn set(self, msg: &'static CStr) {
        if !self.0.is_null() {
            // SAFETY: non-NULL extack of the running request; `msg` is a
            // static NUL-terminated string (NL_SET_ERR_MSG keeps the pointer).
            unsafe { bondrs_set_extack(self.0, msg.as_char_ptr()) }
        }
    }

    /// Whether the request has an extack (else messages go to the log).
    pub(crate) fn is_some(self) -> bool {
        !self.0.is_null()
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

extern "C" {
    fn bondrs_skb_meta(skb: *const bindings::sk_buff, m: *mut SkbMetaC);
}

impl SkBuff {
    /// The linear part of the frame and the skb fields the transmit hash
    /// reads, in one call.
    pub(crate) fn view(&self) -> (&[u8], crate::modes::hash::FrameMeta) {
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
        let meta = crate::modes::hash::FrameMeta {
            protocol: m.protocol,
            // A negative offset (network header before `data`) becomes
            // `usize::MAX`, which modes/hash.rs reads as "no header there":
            // every offset computation there is checked.
            network_offset: usize::try_from(m.network_offset).unwrap_or(usize::MAX),
            vlan_tci: m.vlan_present.then_some(m.vlan_tci),
            l4_hash: m.l4_hash.then_some(m.hash),
        };
        (head, meta)
    }

    /// `skb_clone(skb, GFP_ATOMIC)`.
    pub(crate) fn clone_atomic(&self) -> Option<SkBuff> {
        // SAFETY: we own a reference to a valid skb.
        let p = unsafe { bondrs_skb_clone(self.0.as_ptr()) };
        // INVARIANT: a new clone, owned by the returned value.
        NonNull::new(p).map(SkBuff)
    }
}

/// Registers the bond's rx handler on a slave device with `slave` as its
/// data; the handler keeps one reference of the `Arc` until
/// [`rx_handler_unregister`] gives it back.
pub(crate) fn rx_handler_register<S: Send + Sync>(
    dev: DevPtr,
    slave: &Arc<S>,
    _rtnl: &mut Rtnl<'_>,
) -> Result {
    let raw = Arc::into_raw(slave.clone()).cast_mut().cast::<c_void>();
    // SAFETY: valid device, RTNL held; `raw` is a leaked Arc reference that
    // the rx handler reads under RCU.
    let r = unsafe { bondrs_rx_handler_register(dev.p(), raw) };
    if r != 0 {
        // SAFETY: registration failed, so the handler never saw `raw`.
        drop(unsafe { Arc::from_raw(raw.cast::<S>()) });
    }
    kernel::error::to_result(r)
}

/// Unregisters the rx handler of `dev` and, after `synchronize_net()`, drops
/// the reference it held.
pub(crate) fn rx_handler_unregister<S: Send + Sync>(dev: DevPtr, _rtnl: &mut Rtnl<'_>) {
    // SAFETY: valid device, RTNL held; the handler data is the pointer
    // `rx_handler_register::<S>` stored.
    unsafe {
        let raw = bondrs_slave_of(dev.p());
        bondrs_rx_handler_unregister(dev.p());
        bondrs_synchronize_net();
        if !raw.is_null() {
            drop(Arc::from_raw(raw.cast::<S>()));
        }
    }
}

/// `netdev_master_upper_dev_link()` with lag info, then `IFF_SLAVE`.
pub(crate) fn upper_link<S>(
    slave: DevPtr,
    bond: DevPtr,
    data: &Arc<S>,
    tx_type: u32,
    hash_type: u32,
    extack: Extack,
    _rtnl: &mut Rtnl<'_>,
) -> Result {
    let priv_ = Arc::as_ptr(data).cast_mut().cast::<c_void>();
    // SAFETY: valid devices, RTNL held; the adjacency private pointer is
    // only stored by the core (the bond never reads it back).
    kernel::error::to_result(unsafe {
        bondrs_upper_link(slave.p(), bond.p(), priv_, tx_type, hash_type, extack.0)
    })
}

/// `netdev_upper_dev_unlink()`, then clears `IFF_SLAVE`.
pub(crate) fn upper_unlink(slave: DevPtr, bond: DevPtr, _rtnl: &mut Rtnl<'_>) {
    // SAFETY: valid devices, RTNL held.
    unsafe { bondrs_upper_unlink(slave.p(), bond.p()) }
}

extern "C" {
    fn bondrs_slave_of(dev: *const bindings::net_device) -> *mut c_void;
}

/// The operations on a bond's slaves, implemented in `netdev_ops.rs`.
pub(crate) trait BondSlaves: BondDevice {
    /// The per-slave state given to the rx handler.
    type Slave: Send + Sync;
    /// `ndo_add_slave`.
    fn add_slave(&self, bond: DevPtr, slave: DevPtr, extack: Extack, rtnl: &mut Rtnl<'_>)
        -> Result;
    /// `ndo_del_slave`.
    fn del_slave(&self, bond: DevPtr, slave: DevPtr, rtnl: &mut Rtnl<'_>) -> Result;
    /// `ndo_uninit`: release every slave.
    fn uninit(&self, bond: DevPtr, rtnl: &mut Rtnl<'_>);
    /// `ndo_set_mac_address` (RTNL held).
    fn set_mac_address(&self, bond: DevPtr, addr: &[u8], rtnl: &mut Rtnl<'_>) -> Result;
    /// `ndo_change_rx_flags` (called with RTNL held).
    fn change_rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>);
    /// `ndo_set_rx_mode` (bond's address lock held, RCU).
    fn set_rx_mode(&self, bond: DevPtr, rcu: &RcuRead<'_>);
    /// A netdevice event on a slave (RTNL held).
    fn slave_event(slave: &Self::Slave, dev: DevPtr, event: u64, rtnl: &mut Rtnl<'_>);
    /// The rx handler's decision for a frame on `slave`, and the bond device.
    fn handle_frame(slave: &Self::Slave, frame: &RxFrame<'_>) -> (crate::slave::RxAction, DevPtr);
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

type SlaveT = <Bond as BondSlaves>::Slave;

/// `ndo_add_slave` trampoline.
///
/// # Safety
///
/// Called by the glue only, under RTNL: see [`bond_and_dev`]; `slave` is a
/// valid device and `extack` NULL or the request's.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_add_slave(
    rust: *mut c_void,
    bond_dev: *mut bindings::net_device,
    slave_dev: *mut bindings::net_device,
    extack: *mut bindings::netlink_ext_ack,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, bond_dev) };
    // INVARIANT: ndo_add_slave runs under RTNL.
    let mut rtnl = Rtnl(PhantomData);
    let Some(slave) = NonNull::new(slave_dev) else {
        return EINVAL.to_errno();
    };
    // INVARIANT: the slave device is valid for the call; enslave keeps it
    // only while it stays registered (released on NETDEV_UNREGISTER).
    to_errno(bond.add_slave(DevPtr::of(dev), DevPtr(slave), Extack(extack), &mut rtnl))
}

/// `ndo_del_slave` trampoline.
///
/// # Safety
///
/// As [`bondrs_rust_add_slave`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_del_slave(
    rust: *mut c_void,
    bond_dev: *mut bindings::net_device,
    slave_dev: *mut bindings::net_device,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, bond_dev) };
    // INVARIANT: ndo_del_slave runs under RTNL.
    let mut rtnl = Rtnl(PhantomData);
    let Some(slave) = NonNull::new(slave_dev) else {
        return EINVAL.to_errno();
    };
    to_errno(bond.del_slave(DevPtr::of(dev), DevPtr(slave), &mut rtnl))
}

/// `ndo_uninit` hook: releases every slave.
///
/// # Safety
///
/// Called by the glue only, under RTNL: see [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_uninit(rust: *mut c_void, bond_dev: *mut bindings::net_device) {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, bond_dev) };
    // INVARIANT: ndo_uninit runs under RTNL.
    let mut rtnl = Rtnl(PhantomData);
    bond.uninit(DevPtr::of(dev), &mut rtnl);
}

/// `ndo_change_rx_flags` trampoline.
///
/// # Safety
///
/// Called by the glue only, under RTNL: see [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_change_rx_flags(
    rust: *mut c_void,
    bond_dev: *mut bindings::net_device,
    promisc_changed: bool,
    allmulti_changed: bool,
    promisc: bool,
    allmulti: bool,
) {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, _dev) = unsafe { bond_and_dev(rust, bond_dev) };
    // INVARIANT: dev_change_rx_flags() runs under RTNL.
    let rtnl = Rtnl(PhantomData);
    bond.change_rx_flags(
        promisc_changed.then_some(promisc),
        allmulti_changed.then_some(allmulti),
        &rtnl,
    );
}

/// `ndo_set_rx_mode` trampoline.
///
/// # Safety
///
/// Called by the glue only, with the bond's address lock held: see
/// [`bond_and_dev`].
#[no_mangle]
unsafe extern "C" fn bondrs_rust_set_rx_mode(
    rust: *mut c_void,
    bond_dev: *mut bindings::net_device,
) {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, bond_dev) };
    let g = kernel::sync::rcu::read_lock();
    bond.set_rx_mode(DevPtr::of(dev), &RcuRead::from_guard(&g));
}

/// Netdevice notifier hook for devices enslaved to a bonding_rs bond.
///
/// # Safety
///
/// Called by the glue's notifier only (RTNL held), with the device's rx
/// handler data, which is a `rx_handler_register::<SlaveT>` pointer.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_slave_event(
    slave: *mut c_void,
    dev: *mut bindings::net_device,
    event: u64,
) {
    let (Some(slave), Some(dev)) = (NonNull::new(slave.cast::<SlaveT>()), NonNull::new(dev)) else {
        return;
    };
    // SAFETY: the handler data is a live Arc reference (dropped only after
    // the handler is unregistered, under RTNL, which we hold). Clone it so
    // that a release during the event cannot free it under us.
    let borrowed = core::mem::ManuallyDrop::new(unsafe { Arc::from_raw(slave.as_ptr()) });
    let slave = (*borrowed).clone();
    // INVARIANT: netdevice notifiers run under RTNL.
    let mut rtnl = Rtnl(PhantomData);
    Bond::slave_event(&slave, DevPtr(dev), event, &mut rtnl);
}

/// `ndo_set_mac_address` trampoline.
///
/// # Safety
///
/// Called by the glue only, under RTNL: see [`bond_and_dev`]; `addr` has
/// `len` readable bytes.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_set_mac(
    rust: *mut c_void,
    bond_dev: *mut bindings::net_device,
    addr: *const u8,
    len: u32,
) -> c_int {
    // SAFETY: the glue passes the device's own state and the device.
    let (bond, dev) = unsafe { bond_and_dev(rust, bond_dev) };
    // SAFETY: the glue passes `len` readable bytes.
    let addr = unsafe { core::slice::from_raw_parts(addr, len as usize) };
    // INVARIANT: dev_set_mac_address() runs under RTNL.
    let mut rtnl = Rtnl(PhantomData);
    to_errno(bond.set_mac_address(DevPtr::of(dev), addr, &mut rtnl))
}

/// The rx handler's decision (`bond_handle_frame()`).
///
/// # Safety
///
/// Called by the glue's rx handler only (RCU read side), with the device's
/// rx handler data, and a valid `bond_dev` out pointer.
#[no_mangle]
unsafe extern "C" fn bondrs_rust_handle_frame(
    slave: *mut c_void,
    info: *const RxInfoC,
    bond_dev: *mut *mut bindings::net_device,
) -> c_int {
    // SAFETY: the handler data is a live Arc reference for as long as the
    // handler can run (dropped after unregistering and synchronize_net()).
    let slave = unsafe { &*slave.cast::<SlaveT>() };
    // SAFETY: the glue passes a filled struct whose `data` has `headlen`
    // readable bytes of the skb it holds for the duration of the call.
    let frame = unsafe {
        let i = &*info;
        RxFrame {
            network: core::slice::from_raw_parts(i.data, i.headlen as usize),
            protocol: i.protocol,
            pkt_type: i.pkt_type,
            link_local: i.link_local,
        }
    };
    let (action, bond) = Bond::handle_frame(slave, &frame);
    // SAFETY: the glue passes a valid out pointer.
    unsafe { *bond_dev = bond.p() };
    action as c_int
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
        // SAFETY: only RTNL holders swap the slot and we hold RTNL for `'a`.
        unsafe { self.ptr.load(Ordering::Acquire).as_ref() }
    }

    /// Whether the slot holds `x`.
    pub(crate) fn holds(&self, x: &T) -> bool {
        core::ptr::eq(self.ptr.load(Ordering::Relaxed), x)
    }

    /// `rcu_assign_pointer()`; the old reference is dropped after an
    /// expedited grace period (failover runs this under RTNL: a normal
    /// grace period would hold RTNL for tens of milliseconds).
    pub(crate) fn set(&self, new: Option<Arc<T>>, _rtnl: &mut Rtnl<'_>) {
        let newp = new.map_or(core::ptr::null_mut(), |a| Arc::into_raw(a).cast_mut());
        let old = self.ptr.swap(newp, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: process context (RTNL holders), no RCU read lock held.
            unsafe { bindings::synchronize_rcu_expedited() };
            // SAFETY: the slot owned this reference (invariant), it is
            // unreachable now and a grace period has passed.
            drop(unsafe { Arc::from_raw(old) });
        }
    }
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
