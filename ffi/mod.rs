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
use core::ptr::NonNull;
use kernel::ffi::{c_char, c_int, c_void};
use kernel::str::{CStr, CStrExt};

use kernel::bindings;
use kernel::prelude::*;
use kernel::seq_file::SeqFile;
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
    fn bondrs_delete_by_name(name: *const c_char) -> c_int;
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
    #[cfg_attr(
        MODULE,
        expect(dead_code, reason = "used by the data path (slaves), not wired yet")
    )]
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
    /// `ndo_start_xmit`: consumes the frame.
    fn start_xmit(&self, dev: &NetDev, skb: SkBuff);
    /// `ndo_vlan_rx_add_vid` (`add`) / `ndo_vlan_rx_kill_vid`: a VLAN
    /// (`proto` is the TPID in host order) is used on the bond.
    fn vlan_rx_vid(&self, dev: &NetDev, proto: u16, vid: u16, add: bool) -> Result;
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
    if let Some(skb) = NonNull::new(skb) {
        // INVARIANT: ndo_start_xmit hands the skb's reference to the driver.
        bond.start_xmit(dev, SkBuff(skb));
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
    to_errno(bond.vlan_rx_vid(dev, proto, vid, add))
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

    /// Deletes the bond named `name`; `ENODEV` if no bond has that name.
    pub(crate) fn delete_bond(&self, name: &CStr) -> Result {
        // SAFETY: `name` is NUL-terminated and valid for the call; the glue
        // only unregisters devices of this module's kind.
        kernel::error::to_result(unsafe { bondrs_delete_by_name(name.as_char_ptr()) })
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
