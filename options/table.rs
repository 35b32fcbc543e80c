// SPDX-License-Identifier: GPL-2.0

//! `bond_opts[]`: the option descriptors, indexed by [`OptId`] in the C
//! driver's `BOND_OPT_*` order, with their flags, the modes each is not
//! supported in, their value tables and their setters on [`BondParams`].

use super::check::{ErrorKind, Parsed};
use super::defaults::{IFNAMSIZ, MAX_ARP_TARGETS, MAX_NS_TARGETS, MIIMON};
use super::msg::SetterMsg;
use super::parse::{c_str, parse, OptInput};
use super::values::*;
use super::BondParams;
use crate::util::addr::{
    in4_pton, ip6_target_ok, ip_target_ok, is_multicast_ether, mac_pton, ns_target_index,
};

/// Option identifiers: `BOND_OPT_*`, numbered as in `bond_options.h`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum OptId {
    /// `mode`.
    Mode = 0,
    /// `packets_per_slave`.
    PacketsPerSlave = 1,
    /// `xmit_hash_policy`.
    XmitHash = 2,
    /// `arp_validate`.
    ArpValidate = 3,
    /// `arp_all_targets`.
    ArpAllTargets = 4,
    /// `fail_over_mac`.
    FailOverMac = 5,
    /// `arp_interval`.
    ArpInterval = 6,
    /// `arp_ip_target`.
    ArpTargets = 7,
    /// `downdelay`.
    DownDelay = 8,
    /// `updelay`.
    UpDelay = 9,
    /// `lacp_rate`.
    LacpRate = 10,
    /// `min_links`.
    MinLinks = 11,
    /// `ad_select`.
    AdSelect = 12,
    /// `num_unsol_na`.
    NumPeerNotif = 13,
    /// `miimon`.
    Miimon = 14,
    /// `primary`.
    Primary = 15,
    /// `primary_reselect`.
    PrimaryReselect = 16,
    /// `use_carrier`.
    UseCarrier = 17,
    /// `active_slave`.
    ActiveSlave = 18,
    /// `queue_id`.
    QueueId = 19,
    /// `all_slaves_active`.
    AllSlavesActive = 20,
    /// `resend_igmp`.
    ResendIgmp = 21,
    /// `lp_interval`.
    LpInterval = 22,
    /// `slaves`.
    Slaves = 23,
    /// `tlb_dynamic_lb`.
    TlbDynamicLb = 24,
    /// `ad_actor_sys_prio`.
    AdActorSysPrio = 25,
    /// `ad_actor_system`.
    AdActorSystem = 26,
    /// `ad_user_port_key`.
    AdUserPortKey = 27,
    /// `num_grat_arp`.
    NumPeerNotifAlias = 28,
    /// `peer_notif_delay`.
    PeerNotifDelay = 29,
    /// `lacp_active`.
    LacpActive = 30,
    /// `arp_missed_max`.
    MissedMax = 31,
    /// `ns_ip6_target`.
    NsTargets = 32,
    /// `prio`.
    Prio = 33,
    /// `coupled_control`.
    CoupledControl = 34,
    /// `broadcast_neighbor`.
    BroadcastNeigh = 35,
    /// `actor_port_prio`.
    ActorPortPrio = 36,
    /// `lacp_strict`.
    LacpStrict = 37,
}

impl OptId {
    /// `BOND_OPT_LAST`.
    pub(crate) const COUNT: usize = OptId::LacpStrict as usize + 1;

    /// The option numbered `n` (`BOND_OPT_*`).
    pub(crate) fn from_raw(n: u32) -> Option<OptId> {
        OPTIONS.get(usize::try_from(n).ok()?).map(|o| o.id)
    }
}

/// `BOND_OPTFLAG_*`.
pub(crate) mod optflag {
    /// Only while the bond has no slaves.
    pub(crate) const NOSLAVES: u8 = 1 << 0;
    /// Only while the bond is down.
    pub(crate) const IFDOWN: u8 = 1 << 1;
    /// The value is passed unparsed to the setter.
    pub(crate) const RAWVAL: u8 = 1 << 2;
}

/// What a setter did: on success the line it printed, if any (a warning
/// or a note); on failure the errno class and the line it printed, if any.
/// `bond_opt_error_interpret()`'s lines come on top (see
/// [`super::check::OptError::messages`]).
pub(crate) type SetResult = Result<Option<SetterMsg>, SetterError>;

/// A setter's refusal: the errno class and the setter's own line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SetterError {
    /// The errno class.
    pub(crate) kind: ErrorKind,
    /// The line the setter printed (`netdev_err`), if any.
    pub(crate) msg: Option<SetterMsg>,
}

impl From<ErrorKind> for SetterError {
    fn from(kind: ErrorKind) -> Self {
        SetterError { kind, msg: None }
    }
}

/// A refusal with the setter's line.
fn refuse(kind: ErrorKind, msg: SetterMsg) -> SetResult {
    Err(SetterError {
        kind,
        msg: Some(msg),
    })
}

/// What a `BOND_OPTFLAG_RAWVAL` option's setter reads of its
/// `struct bond_opt_value`: the string (sysfs, `bond_opt_initstr`), the
/// number (netlink, `bond_opt_initval`; `u64::MAX` when there is none) and
/// the extra bytes (`bond_opt_initextra`: copied when at most
/// `BOND_OPT_EXTRA_MAXLEN` long, zero otherwise and by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawVal<'a> {
    /// `string`.
    pub(crate) string: Option<&'a [u8]>,
    /// `value`.
    pub(crate) value: u64,
    /// `extra`.
    pub(crate) extra: [u8; OPT_EXTRA_MAXLEN],
}

/// `BOND_OPT_EXTRA_MAXLEN`.
pub(crate) const OPT_EXTRA_MAXLEN: usize = 16;

impl<'a> RawVal<'a> {
    /// The value a raw option's setter gets for `v` (`None` for a parsed
    /// table value, which raw options never get).
    pub(crate) fn from_parsed(v: Parsed<'a>) -> Option<RawVal<'a>> {
        let mut r = RawVal {
            string: None,
            value: u64::MAX,
            extra: [0; OPT_EXTRA_MAXLEN],
        };
        match v {
            Parsed::Raw(s) => r.string = Some(s),
            Parsed::RawNum(n) => r.value = n,
            Parsed::Extra(e) => {
                if e.len() <= OPT_EXTRA_MAXLEN {
                    r.extra[..e.len()].copy_from_slice(e);
                }
            }
            Parsed::Value(_) => return None,
        }
        Some(r)
    }
}

/// How an option's value is applied to the parameters.
#[derive(Clone, Copy)]
pub(crate) enum Setter {
    /// A parsed numeric value.
    Value(fn(&mut BondParams, u64) -> SetResult),
    /// A raw value (`BOND_OPTFLAG_RAWVAL` options).
    Raw(fn(&mut BondParams, RawVal<'_>) -> SetResult),
    /// An option whose setter needs the bond's state beyond its parameters
    /// (`active_slave`, `queue_id`, `slaves`, `prio`, `actor_port_prio`:
    /// a slave is looked up, enslaved or released): the bond core applies
    /// it after [`super::check::check`].
    None,
}

/// `struct bond_option`.
pub(crate) struct BondOption {
    /// Identifier.
    pub(crate) id: OptId,
    /// Name (the sysfs file name).
    pub(crate) name: &'static str,
    /// Value table, `None` for raw options.
    pub(crate) values: Option<&'static [OptValue]>,
    /// Modes the option is not supported in (bit per mode).
    pub(crate) unsupp_modes: u8,
    /// `optflag::*` bits.
    pub(crate) flags: u8,
    /// Applies a value.
    pub(crate) set: Setter,
}

const ALL_MODES: u8 = 0x7f;
/// `BOND_MODE_ALL_EX(x)`.
const fn all_ex(modes: u8) -> u8 {
    ALL_MODES & !modes
}
const NOT_ARP: u8 = Mode::Ieee8023ad.bit() | Mode::Tlb.bit() | Mode::Alb.bit();
const ONLY_8023AD: u8 = all_ex(Mode::Ieee8023ad.bit());
const ONLY_PRIMARY: u8 = all_ex(Mode::ActiveBackup.bit() | Mode::Tlb.bit() | Mode::Alb.bit());

fn num<T: TryFrom<u64>>(v: u64) -> Result<T, ErrorKind> {
    T::try_from(v).map_err(|_| ErrorKind::Invalid)
}

fn put<T>(field: &mut T, v: Result<T, ErrorKind>) -> SetResult {
    *field = v?;
    Ok(None)
}

fn typed<T>(from: fn(u64) -> Option<T>, v: u64) -> Result<T, ErrorKind> {
    from(v).ok_or(ErrorKind::Invalid)
}

/// `bond_option_mode_set()`'s parameter changes (the XDP check and the
/// feature update are the bond core's): a mode without ARP monitoring
/// turns it off and MII monitoring on at its default, balance-alb turns
/// `tlb_dynamic_lb` on, `arp_validate` and `broadcast_neighbor` are reset.
fn set_mode(p: &mut BondParams, v: u64) -> SetResult {
    let mode = typed(Mode::from_value, v)?;
    if !mode.uses_arp() {
        p.arp_interval = 0;
        if p.miimon == 0 {
            p.miimon = MIIMON;
        }
    }
    if mode == Mode::Alb {
        p.tlb_dynamic_lb = 1;
    }
    p.arp_validate = ArpValidate::None;
    p.mode = mode;
    p.broadcast_neighbor = 0;
    Ok(None)
}

/// `bond_option_miimon_set()`: MII monitoring on turns ARP monitoring off
/// (and `arp_validate` with it, if ARP monitoring was on).
fn set_miimon(p: &mut BondParams, v: u64) -> SetResult {
    p.miimon = num(v)?;
    if v != 0 && p.arp_interval != 0 {
        p.arp_interval = 0;
        p.arp_validate = ArpValidate::None;
    }
    Ok(None)
}

/// `bond_option_arp_interval_set()`: ARP monitoring on turns MII
/// monitoring off.
fn set_arp_interval(p: &mut BondParams, v: u64) -> SetResult {
    p.arp_interval = num(v)?;
    if v != 0 {
        p.miimon = 0;
    }
    Ok(None)
}

/// Stores a delay given in ms as miimon ticks (`_bond_option_delay_set`):
/// refused while miimon is 0, rounded down with a warning when not a
/// multiple of it.
fn set_delay(
    p: &mut BondParams,
    v: u64,
    name: &'static str,
    field: fn(&mut BondParams) -> &mut i32,
) -> SetResult {
    let miimon = p.miimon;
    if miimon == 0 {
        return refuse(ErrorKind::NotPermitted, SetterMsg::DelayMiimonOff(name));
    }
    let value: i32 = num(v)?;
    *field(p) = value / miimon;
    Ok((value % miimon != 0).then_some(SetterMsg::DelayRounded {
        name,
        value,
        miimon,
    }))
}

/// `bond_option_primary_set()`'s parameter: the name up to a newline,
/// `strscpy_pad` into `IFNAMSIZ` (the slave lookup is the bond core's).
fn set_primary(p: &mut BondParams, v: RawVal<'_>) -> SetResult {
    // The C setter reads the string only; netlink hands it one too.
    let name = v.string.ok_or(ErrorKind::Invalid)?;
    let name = match name.iter().position(|&c| c == b'\n' || c == 0) {
        Some(end) => &name[..end],
        None => name,
    };
    // strscpy_pad into IFNAMSIZ: at most 15 bytes and a NUL.
    let len = name.len().min(IFNAMSIZ - 1);
    p.primary = [0; IFNAMSIZ];
    p.primary[..len].copy_from_slice(&name[..len]);
    Ok(None)
}

/// `bond_get_targets_ip()`: the slot holding `ip`, looking no further than
/// the first empty slot.
fn arp_target_slot(p: &BondParams, ip: [u8; 4]) -> Option<usize> {
    for (i, t) in p.arp_targets.iter().enumerate() {
        if *t == ip {
            return Some(i);
        }
        if *t == [0; 4] {
            break;
        }
    }
    None
}

/// `bond_option_arp_ip_target_add()`.
fn arp_target_add(p: &mut BondParams, ip: [u8; 4]) -> SetResult {
    if !ip_target_ok(ip) {
        return refuse(ErrorKind::Invalid, SetterMsg::ArpAddInvalid(ip));
    }
    if arp_target_slot(p, ip).is_some() {
        return refuse(ErrorKind::Invalid, SetterMsg::ArpPresent(ip));
    }
    let Some(slot) = arp_target_slot(p, [0; 4]) else {
        return refuse(ErrorKind::Invalid, SetterMsg::ArpFull);
    };
    p.arp_targets[slot] = ip;
    Ok(None)
}

/// `bond_option_arp_ip_target_rem()`: the later targets move down a slot.
fn arp_target_rem(p: &mut BondParams, ip: [u8; 4]) -> SetResult {
    if !ip_target_ok(ip) {
        return refuse(ErrorKind::Invalid, SetterMsg::ArpRemInvalid(ip));
    }
    let Some(ind) = arp_target_slot(p, ip) else {
        return refuse(ErrorKind::Invalid, SetterMsg::ArpRemMissing(ip));
    };
    let t = &mut p.arp_targets;
    let last = ind == 0 && t[1] == [0; 4] && p.arp_interval != 0;
    let mut i = ind;
    while i < MAX_ARP_TARGETS - 1 && t[i + 1] != [0; 4] {
        t[i] = t[i + 1];
        i += 1;
    }
    t[i] = [0; 4];
    Ok(last.then_some(SetterMsg::ArpRemLast))
}

/// `bond_option_arp_ip_targets_set()`: a string `+a.b.c.d` adds, `-a.b.c.d`
/// removes (the address is parsed before the sign is looked at); a number
/// (netlink: the `__be32` as read from memory) adds.
fn set_arp_targets(p: &mut BondParams, v: RawVal<'_>) -> SetResult {
    let Some(s) = v.string else {
        return arp_target_add(p, (v.value as u32).to_ne_bytes());
    };
    let s = c_str(s);
    let Some(ip) = s.get(1..).and_then(in4_pton) else {
        return refuse(ErrorKind::NotPermitted, SetterMsg::ArpTargetUnparsable);
    };
    match s[0] {
        b'+' => arp_target_add(p, ip),
        b'-' => arp_target_rem(p, ip),
        _ => refuse(ErrorKind::NotPermitted, SetterMsg::ArpNoCommand),
    }
}

/// `bond_option_arp_ip_targets_clear()`'s parameter part: every slot
/// emptied (the slaves' `target_last_arp_rx` are the bond core's).
pub(crate) fn clear_arp_targets(p: &mut BondParams) {
    p.arp_targets = [[0; 4]; MAX_ARP_TARGETS];
}

/// `bond_get_targets_ip6()` over the bond's NS targets.
fn ns_target_slot(p: &BondParams, a: &[u8; 16]) -> Option<usize> {
    ns_target_index(&p.ns_targets, a)
}

/// `bond_option_ns_ip6_targets_set()`: adds the address in the value's
/// extra bytes (netlink's only form; a string or a number leaves them zero,
/// `::`, which is refused).
fn set_ns_targets(p: &mut BondParams, v: RawVal<'_>) -> SetResult {
    let a = v.extra;
    if !ip6_target_ok(&a) {
        return refuse(ErrorKind::Invalid, SetterMsg::NsAddInvalid(a));
    }
    if ns_target_slot(p, &a).is_some() {
        return refuse(ErrorKind::Invalid, SetterMsg::NsPresent(a));
    }
    // The first free slot (bond_get_targets_ip6() of `::`).
    let slot = p.ns_targets().count();
    if slot == MAX_NS_TARGETS {
        return refuse(ErrorKind::Invalid, SetterMsg::NsFull);
    }
    p.ns_targets[slot] = a;
    Ok(None)
}

/// `bond_option_ns_ip6_targets_clear()`'s parameter part.
pub(crate) fn clear_ns_targets(p: &mut BondParams) {
    p.ns_targets = [[0; 16]; MAX_NS_TARGETS];
}

/// `bond_option_ad_actor_system_set()`: a string through `mac_pton()`, a
/// number (netlink's `nla_get_u64()` of the 6-byte attribute) as its first
/// six bytes in memory; a multicast address is refused, zero is accepted.
fn set_ad_actor_system(p: &mut BondParams, v: RawVal<'_>) -> SetResult {
    let mac = match v.string {
        Some(s) => mac_pton(s),
        None => {
            let b = v.value.to_ne_bytes();
            Some([b[0], b[1], b[2], b[3], b[4], b[5]])
        }
    };
    match mac {
        Some(mac) if !is_multicast_ether(&mac) => {
            p.ad_actor_system = mac;
            Ok(None)
        }
        _ => refuse(ErrorKind::Invalid, SetterMsg::AdActorSystemInvalid),
    }
}

/// `bond_option_coupled_control_set()`: stored, with an info line naming
/// the value.
fn set_coupled_control(p: &mut BondParams, v: u64) -> SetResult {
    p.coupled_control = num(v)?;
    Ok(Some(SetterMsg::CoupledControl(
        value_name(COUPLED_CONTROL_TBL, v),
        v,
    )))
}

macro_rules! opt {
    ($id:ident, $name:literal, $tbl:expr, $unsupp:expr, $flags:expr, $set:expr) => {
        BondOption {
            id: OptId::$id,
            name: $name,
            values: $tbl,
            unsupp_modes: $unsupp,
            flags: $flags,
            set: $set,
        }
    };
}

const RAW: u8 = optflag::RAWVAL;

/// `bond_opts[]`, in `BOND_OPT_*` order (asserted below).
const TABLE: [BondOption; OptId::COUNT] = [
    opt!(
        Mode,
        "mode",
        Some(MODE_TBL),
        0,
        optflag::NOSLAVES | optflag::IFDOWN,
        Setter::Value(set_mode)
    ),
    opt!(
        PacketsPerSlave,
        "packets_per_slave",
        Some(PPS_TBL),
        all_ex(Mode::RoundRobin.bit()),
        0,
        Setter::Value(|p, v| put(&mut p.packets_per_slave, num(v)))
    ),
    opt!(
        XmitHash,
        "xmit_hash_policy",
        Some(XMIT_HASH_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.xmit_policy, typed(XmitHashPolicy::from_value, v)))
    ),
    opt!(
        ArpValidate,
        "arp_validate",
        Some(ARP_VALIDATE_TBL),
        NOT_ARP,
        0,
        Setter::Value(|p, v| put(&mut p.arp_validate, typed(ArpValidate::from_value, v)))
    ),
    opt!(
        ArpAllTargets,
        "arp_all_targets",
        Some(ARP_ALL_TARGETS_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.arp_all_targets, typed(ArpAllTargets::from_value, v)))
    ),
    opt!(
        FailOverMac,
        "fail_over_mac",
        Some(FAIL_OVER_MAC_TBL),
        0,
        optflag::NOSLAVES,
        Setter::Value(|p, v| put(&mut p.fail_over_mac, typed(FailOverMac::from_value, v)))
    ),
    opt!(
        ArpInterval,
        "arp_interval",
        Some(INTMAX_TBL),
        NOT_ARP,
        0,
        Setter::Value(set_arp_interval)
    ),
    opt!(
        ArpTargets,
        "arp_ip_target",
        None,
        0,
        RAW,
        Setter::Raw(set_arp_targets)
    ),
    opt!(
        DownDelay,
        "downdelay",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| set_delay(p, v, "down delay", |p| &mut p.downdelay))
    ),
    opt!(
        UpDelay,
        "updelay",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| set_delay(p, v, "up delay", |p| &mut p.updelay))
    ),
    opt!(
        LacpRate,
        "lacp_rate",
        Some(LACP_RATE_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(|p, v| put(&mut p.lacp_rate, typed(LacpRate::from_value, v)))
    ),
    opt!(
        MinLinks,
        "min_links",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.min_links, num(v)))
    ),
    opt!(
        AdSelect,
        "ad_select",
        Some(AD_SELECT_TBL),
        0,
        optflag::IFDOWN,
        Setter::Value(|p, v| put(&mut p.ad_select, typed(AdSelect::from_value, v)))
    ),
    opt!(
        NumPeerNotif,
        "num_unsol_na",
        Some(NUM_PEER_NOTIF_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.num_peer_notif, num(v)))
    ),
    opt!(
        Miimon,
        "miimon",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(set_miimon)
    ),
    opt!(
        Primary,
        "primary",
        None,
        ONLY_PRIMARY,
        RAW,
        Setter::Raw(set_primary)
    ),
    opt!(
        PrimaryReselect,
        "primary_reselect",
        Some(PRIMARY_RESELECT_TBL),
        0,
        0,
        Setter::Value(|p, v| put(
            &mut p.primary_reselect,
            typed(PrimaryReselect::from_value, v)
        ))
    ),
    opt!(
        UseCarrier,
        "use_carrier",
        Some(USE_CARRIER_TBL),
        0,
        0,
        Setter::Value(|_, _| Ok(None))
    ),
    opt!(
        ActiveSlave,
        "active_slave",
        None,
        ONLY_PRIMARY,
        RAW,
        Setter::None
    ),
    opt!(QueueId, "queue_id", None, 0, RAW, Setter::None),
    opt!(
        AllSlavesActive,
        "all_slaves_active",
        Some(ALL_SLAVES_ACTIVE_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.all_slaves_active, num(v)))
    ),
    opt!(
        ResendIgmp,
        "resend_igmp",
        Some(RESEND_IGMP_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.resend_igmp, num(v)))
    ),
    opt!(
        LpInterval,
        "lp_interval",
        Some(LP_INTERVAL_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.lp_interval, num(v)))
    ),
    opt!(Slaves, "slaves", None, 0, RAW, Setter::None),
    opt!(
        TlbDynamicLb,
        "tlb_dynamic_lb",
        Some(TLB_DYNAMIC_LB_TBL),
        all_ex(Mode::Tlb.bit() | Mode::Alb.bit()),
        optflag::IFDOWN,
        Setter::Value(|p, v| put(&mut p.tlb_dynamic_lb, num(v)))
    ),
    opt!(
        AdActorSysPrio,
        "ad_actor_sys_prio",
        Some(AD_ACTOR_SYS_PRIO_TBL),
        ONLY_8023AD,
        0,
        Setter::Value(|p, v| put(&mut p.ad_actor_sys_prio, num(v)))
    ),
    opt!(
        AdActorSystem,
        "ad_actor_system",
        None,
        ONLY_8023AD,
        RAW,
        Setter::Raw(set_ad_actor_system)
    ),
    opt!(
        AdUserPortKey,
        "ad_user_port_key",
        Some(AD_USER_PORT_KEY_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(|p, v| put(&mut p.ad_user_port_key, num(v)))
    ),
    opt!(
        NumPeerNotifAlias,
        "num_grat_arp",
        Some(NUM_PEER_NOTIF_TBL),
        0,
        0,
        Setter::Value(|p, v| put(&mut p.num_peer_notif, num(v)))
    ),
    opt!(
        PeerNotifDelay,
        "peer_notif_delay",
        Some(PEER_NOTIF_DELAY_TBL),
        0,
        0,
        Setter::Value(
            |p, v| set_delay(p, v, "peer notification delay", |p| &mut p.peer_notif_delay)
        )
    ),
    opt!(
        LacpActive,
        "lacp_active",
        Some(LACP_ACTIVE_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(|p, v| put(&mut p.lacp_active, num(v)))
    ),
    opt!(
        MissedMax,
        "arp_missed_max",
        Some(MISSED_MAX_TBL),
        NOT_ARP,
        0,
        Setter::Value(|p, v| put(&mut p.missed_max, num(v)))
    ),
    opt!(
        NsTargets,
        "ns_ip6_target",
        None,
        0,
        RAW,
        Setter::Raw(set_ns_targets)
    ),
    opt!(Prio, "prio", None, ONLY_PRIMARY, RAW, Setter::None),
    opt!(
        CoupledControl,
        "coupled_control",
        Some(COUPLED_CONTROL_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(set_coupled_control)
    ),
    opt!(
        BroadcastNeigh,
        "broadcast_neighbor",
        Some(BROADCAST_NEIGH_TBL),
        ONLY_8023AD,
        0,
        Setter::Value(|p, v| put(&mut p.broadcast_neighbor, num(v)))
    ),
    opt!(
        ActorPortPrio,
        "actor_port_prio",
        None,
        ONLY_8023AD,
        RAW,
        Setter::None
    ),
    opt!(
        LacpStrict,
        "lacp_strict",
        Some(LACP_STRICT_TBL),
        ONLY_8023AD,
        0,
        Setter::Value(|p, v| put(&mut p.lacp_strict, num(v)))
    ),
];

// Entry `i` describes option `i`: `get()` indexes, it does not search.
const _: () = {
    let mut i = 0;
    while i < OptId::COUNT {
        assert!(TABLE[i].id as usize == i);
        i += 1;
    }
};

/// `bond_opts[]`: the option table, indexed by [`OptId`].
pub(crate) static OPTIONS: [BondOption; OptId::COUNT] = TABLE;

/// `bond_opt_get()`: the descriptor of option `id`.
pub(crate) fn get(id: OptId) -> &'static BondOption {
    &OPTIONS[id as usize]
}

/// `bond_opt_get_by_name()`: the descriptor named `name` (sysfs file name).
#[cfg_attr(
    MODULE,
    expect(
        dead_code,
        reason = "used by the runtime option paths (sysfs/netlink), not wired yet"
    )
)]
pub(crate) fn by_name(name: &str) -> Option<&'static BondOption> {
    OPTIONS.iter().find(|o| o.name == name)
}

impl BondOption {
    /// `bond_opt_parse()` for this option's value table (`None` for raw
    /// options and for values the table refuses).
    pub(crate) fn parse(&self, input: OptInput<'_>) -> Option<u64> {
        parse(self.values?, input)
    }

    /// The name of a value of this option (`bond_opt_get_val()->string`).
    pub(crate) fn value_name(&self, value: u64) -> &'static str {
        self.values.map_or("unknown", |t| value_name(t, value))
    }

    /// The accepted range (`minval`, or 0, to `maxval`), if the table has a
    /// maximum.
    pub(crate) fn range(&self) -> Option<(u64, u64)> {
        let t = self.values?;
        let max = with_flag(t, valflag::MAX)?.value;
        Some((with_flag(t, valflag::MIN).map_or(0, |m| m.value), max))
    }

    /// The option's setter applied to a parsed value, its line dropped.
    pub(crate) fn apply(&self, p: &mut BondParams, v: Parsed<'_>) -> Result<(), ErrorKind> {
        self.apply_logged(p, v).map(|_| ()).map_err(|e| e.kind)
    }

    /// The option's setter applied to a parsed value, with the line it
    /// printed.  A table value to a raw option or the reverse is
    /// `-EINVAL`; an option the bond core sets (`Setter::None`)
    /// `-EOPNOTSUPP`.
    pub(crate) fn apply_logged(&self, p: &mut BondParams, v: Parsed<'_>) -> SetResult {
        match (self.set, v) {
            (Setter::Value(f), Parsed::Value(n)) => f(p, n),
            (Setter::Raw(f), v) => match RawVal::from_parsed(v) {
                Some(r) => f(p, r),
                None => Err(ErrorKind::Invalid.into()),
            },
            (Setter::None, _) => Err(ErrorKind::NotSupported.into()),
            _ => Err(ErrorKind::Invalid.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_follows_the_c_order() {
        assert_eq!(OptId::COUNT, 38);
        for (i, o) in OPTIONS.iter().enumerate() {
            assert_eq!(o.id as usize, i);
            assert_eq!(by_name(o.name).map(|b| b.id), Some(o.id));
            // A raw option has no table, a valued one has.
            assert_eq!(
                o.flags & optflag::RAWVAL != 0,
                o.values.is_none(),
                "{}",
                o.name
            );
        }
        assert_eq!(get(OptId::Miimon).name, "miimon");
        assert_eq!(get(OptId::MissedMax).name, "arp_missed_max");
        assert_eq!(get(OptId::LacpStrict).name, "lacp_strict");
        assert_eq!(by_name("nope").map(|o| o.id), None);
    }

    #[test]
    fn flags_and_modes_as_bond_opts() {
        let f = |id| get(id).flags;
        assert_eq!(f(OptId::Mode), optflag::NOSLAVES | optflag::IFDOWN);
        assert_eq!(f(OptId::FailOverMac), optflag::NOSLAVES);
        for id in [
            OptId::LacpRate,
            OptId::AdSelect,
            OptId::TlbDynamicLb,
            OptId::AdUserPortKey,
            OptId::LacpActive,
            OptId::CoupledControl,
        ] {
            assert_eq!(f(id), optflag::IFDOWN, "{:?}", id);
        }
        let u = |id| get(id).unsupp_modes;
        assert_eq!(u(OptId::PacketsPerSlave), 0x7e);
        assert_eq!(u(OptId::ArpValidate), 0x70);
        assert_eq!(u(OptId::ArpInterval), 0x70);
        assert_eq!(u(OptId::MissedMax), 0x70);
        assert_eq!(u(OptId::Primary), 0x7f & !0x62);
        assert_eq!(u(OptId::ActiveSlave), 0x7f & !0x62);
        assert_eq!(u(OptId::Prio), 0x7f & !0x62);
        assert_eq!(u(OptId::TlbDynamicLb), 0x7f & !0x60);
        for id in [
            OptId::LacpRate,
            OptId::AdActorSysPrio,
            OptId::AdActorSystem,
            OptId::AdUserPortKey,
            OptId::LacpActive,
            OptId::CoupledControl,
            OptId::BroadcastNeigh,
            OptId::ActorPortPrio,
            OptId::LacpStrict,
        ] {
            assert_eq!(u(id), 0x7f & !0x10, "{:?}", id);
        }
        for id in [OptId::Mode, OptId::XmitHash, OptId::Miimon, OptId::Slaves] {
            assert_eq!(u(id), 0, "{:?}", id);
        }
    }

    #[test]
    fn every_table_name_round_trips() {
        for o in &OPTIONS {
            if let Some(t) = o.values {
                for e in t {
                    assert_eq!(o.parse(OptInput::Str(e.name.as_bytes())), Some(e.value));
                    assert_eq!(o.value_name(e.value), e.name);
                }
            }
        }
    }

    #[test]
    fn defaults_match_the_tables() {
        // Each table's `default` entry is the value a bond starts with.
        let d = BondParams::default();
        let def = |id| get(id).parse(OptInput::Str(b"default"));
        assert_eq!(def(OptId::Mode), Some(u64::from(d.mode.value())));
        assert_eq!(def(OptId::XmitHash), Some(u64::from(d.xmit_policy.value())));
        assert_eq!(
            def(OptId::ArpValidate),
            Some(u64::from(d.arp_validate.value()))
        );
        assert_eq!(
            def(OptId::ArpAllTargets),
            Some(u64::from(d.arp_all_targets.value()))
        );
        assert_eq!(
            def(OptId::FailOverMac),
            Some(u64::from(d.fail_over_mac.value()))
        );
        assert_eq!(def(OptId::AdSelect), Some(u64::from(d.ad_select.value())));
        assert_eq!(
            def(OptId::PrimaryReselect),
            Some(u64::from(d.primary_reselect.value()))
        );
        assert_eq!(
            def(OptId::PacketsPerSlave),
            Some(d.packets_per_slave as u64)
        );
        assert_eq!(def(OptId::NumPeerNotif), Some(u64::from(d.num_peer_notif)));
        assert_eq!(def(OptId::ResendIgmp), Some(d.resend_igmp as u64));
        assert_eq!(def(OptId::LpInterval), Some(u64::from(d.lp_interval)));
        assert_eq!(def(OptId::MissedMax), Some(u64::from(d.missed_max)));
        assert_eq!(def(OptId::TlbDynamicLb), Some(d.tlb_dynamic_lb as u64));
        assert_eq!(
            def(OptId::AdActorSysPrio),
            Some(u64::from(d.ad_actor_sys_prio))
        );
        assert_eq!(
            def(OptId::AdUserPortKey),
            Some(u64::from(d.ad_user_port_key))
        );
        assert_eq!(def(OptId::LacpActive), Some(u64::from(d.lacp_active)));
        assert_eq!(
            def(OptId::AllSlavesActive),
            Some(d.all_slaves_active as u64)
        );
        assert_eq!(def(OptId::Miimon), Some(d.miimon as u64));
        // lacp_rate has no default entry; slow is bond_check_params()'s.
        assert_eq!(def(OptId::LacpRate), None);
        assert_eq!(d.lacp_rate, LacpRate::Slow);
    }

    #[test]
    fn ranges() {
        assert_eq!(get(OptId::Miimon).range(), Some((0, i32::MAX as u64)));
        assert_eq!(get(OptId::LpInterval).range(), Some((1, i32::MAX as u64)));
        assert_eq!(get(OptId::PacketsPerSlave).range(), Some((0, 65535)));
        assert_eq!(get(OptId::MissedMax).range(), Some((1, 255)));
        assert_eq!(get(OptId::Mode).range(), None);
        assert_eq!(get(OptId::Primary).range(), None);
    }
}
