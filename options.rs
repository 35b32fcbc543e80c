// SPDX-License-Identifier: GPL-2.0

//! Bonding options: one table of option descriptors, as
//! `drivers/net/bonding/bond_options.c` has it.
//!
//! Each [`BondOption`] names its value table, the modes it is not supported
//! in, its flags and its setter on [`BondParams`].  The same table serves the
//! load-time module parameters (see `params.rs`) and will serve sysfs and
//! netlink.  Parsing follows `bond_opt_parse()` to the letter, quirks included.
//!
//! Pure logic: `core` only, unit-tested on the host.

use core::fmt;

/// `BOND_MAX_ARP_TARGETS`.
pub(crate) const MAX_ARP_TARGETS: usize = 16;
/// `IFNAMSIZ`.
pub(crate) const IFNAMSIZ: usize = 16;
/// `BOND_OPT_MAX_NAMELEN`: `sscanf("%32s")` keeps at most this many bytes.
const OPT_MAX_NAMELEN: usize = 32;

/// The bonding modes (`BOND_MODE_*`), in their numeric order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// balance-rr.
    RoundRobin = 0,
    /// active-backup.
    ActiveBackup = 1,
    /// balance-xor.
    Xor = 2,
    /// broadcast.
    Broadcast = 3,
    /// 802.3ad.
    Ieee8023ad = 4,
    /// balance-tlb.
    Tlb = 5,
    /// balance-alb.
    Alb = 6,
}

impl Mode {
    /// All modes, by number.
    pub(crate) const ALL: [Mode; 7] = [
        Mode::RoundRobin,
        Mode::ActiveBackup,
        Mode::Xor,
        Mode::Broadcast,
        Mode::Ieee8023ad,
        Mode::Tlb,
        Mode::Alb,
    ];

    /// The mode with number `v`.
    pub(crate) fn from_value(v: u64) -> Option<Mode> {
        Mode::ALL.get(usize::try_from(v).ok()?).copied()
    }

    /// `bond_mode_name()`: the long name printed in /proc and in messages.
    pub(crate) fn long_name(self) -> &'static str {
        match self {
            Mode::RoundRobin => "load balancing (round-robin)",
            Mode::ActiveBackup => "fault-tolerance (active-backup)",
            Mode::Xor => "load balancing (xor)",
            Mode::Broadcast => "fault-tolerance (broadcast)",
            Mode::Ieee8023ad => "IEEE 802.3ad Dynamic link aggregation",
            Mode::Tlb => "transmit load balancing",
            Mode::Alb => "adaptive load balancing",
        }
    }

    /// The short option name (`balance-rr`, ...).
    pub(crate) fn name(self) -> &'static str {
        value_name(MODE_TBL, self as u64)
    }

    /// `bond_mode_uses_arp()`: every mode but 802.3ad, tlb and alb.
    pub(crate) fn uses_arp(self) -> bool {
        !matches!(self, Mode::Ieee8023ad | Mode::Tlb | Mode::Alb)
    }

    /// `bond_mode_uses_primary()`: active-backup, tlb, alb.
    pub(crate) fn uses_primary(self) -> bool {
        matches!(self, Mode::ActiveBackup | Mode::Tlb | Mode::Alb)
    }

    /// Whether bonding_rs implements this mode's data path.
    pub(crate) fn implemented(self) -> bool {
        matches!(
            self,
            Mode::RoundRobin | Mode::ActiveBackup | Mode::Xor | Mode::Broadcast
        )
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// `BOND_VALFLAG_*`.
pub(crate) mod valflag {
    /// The value `default` selects.
    pub(crate) const DEFAULT: u8 = 1 << 0;
    /// Lower bound of the accepted range.
    pub(crate) const MIN: u8 = 1 << 1;
    /// Upper bound of the accepted range.
    pub(crate) const MAX: u8 = 1 << 2;
}

/// `struct bond_opt_value`: one named value of an option.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct OptValue {
    /// The name matched by string parsing.
    pub(crate) name: &'static str,
    /// The numeric value.
    pub(crate) value: u64,
    /// `valflag::*` bits.
    pub(crate) flags: u8,
}

const fn v(name: &'static str, value: u64, flags: u8) -> OptValue {
    OptValue { name, value, flags }
}

const INT_MAX: u64 = i32::MAX as u64;

/// `bond_mode_tbl`.
pub(crate) const MODE_TBL: &[OptValue] = &[
    v("balance-rr", 0, valflag::DEFAULT),
    v("active-backup", 1, 0),
    v("balance-xor", 2, 0),
    v("broadcast", 3, 0),
    v("802.3ad", 4, 0),
    v("balance-tlb", 5, 0),
    v("balance-alb", 6, 0),
];
/// `bond_pps_tbl`.
pub(crate) const PPS_TBL: &[OptValue] = &[
    v("default", 1, valflag::DEFAULT),
    v("maxval", u16::MAX as u64, valflag::MAX),
];
/// `bond_xmit_hashtype_tbl`.
pub(crate) const XMIT_HASH_TBL: &[OptValue] = &[
    v("layer2", 0, valflag::DEFAULT),
    v("layer3+4", 1, 0),
    v("layer2+3", 2, 0),
    v("encap2+3", 3, 0),
    v("encap3+4", 4, 0),
    v("vlan+srcmac", 5, 0),
];
/// `bond_arp_validate_tbl`.
pub(crate) const ARP_VALIDATE_TBL: &[OptValue] = &[
    v("none", 0, valflag::DEFAULT),
    v("active", 1, 0),
    v("backup", 2, 0),
    v("all", 3, 0),
    v("filter", 4, 0),
    v("filter_active", 5, 0),
    v("filter_backup", 6, 0),
];
/// `bond_arp_all_targets_tbl`.
pub(crate) const ARP_ALL_TARGETS_TBL: &[OptValue] =
    &[v("any", 0, valflag::DEFAULT), v("all", 1, 0)];
/// `bond_fail_over_mac_tbl`.
pub(crate) const FAIL_OVER_MAC_TBL: &[OptValue] = &[
    v("none", 0, valflag::DEFAULT),
    v("active", 1, 0),
    v("follow", 2, 0),
];
/// `bond_intmax_tbl`.
pub(crate) const INTMAX_TBL: &[OptValue] = &[
    v("off", 0, valflag::DEFAULT),
    v("maxval", INT_MAX, valflag::MAX),
];
/// `bond_lacp_rate_tbl`.
pub(crate) const LACP_RATE_TBL: &[OptValue] = &[v("slow", 0, 0), v("fast", 1, 0)];
/// `bond_ad_select_tbl`.
pub(crate) const AD_SELECT_TBL: &[OptValue] = &[
    v("stable", 0, valflag::DEFAULT),
    v("bandwidth", 1, 0),
    v("count", 2, 0),
    v("actor_port_prio", 3, 0),
];
/// `bond_num_peer_notif_tbl` (also `bond_resend_igmp_tbl`).
pub(crate) const NUM_PEER_NOTIF_TBL: &[OptValue] = &[
    v("off", 0, 0),
    v("maxval", 255, valflag::MAX),
    v("default", 1, valflag::DEFAULT),
];
/// `bond_primary_reselect_tbl`.
pub(crate) const PRIMARY_RESELECT_TBL: &[OptValue] = &[
    v("always", 0, valflag::DEFAULT),
    v("better", 1, 0),
    v("failure", 2, 0),
];
/// `bond_use_carrier_tbl`.
pub(crate) const USE_CARRIER_TBL: &[OptValue] = &[v("on", 1, valflag::DEFAULT)];
/// `bond_all_slaves_active_tbl`.
pub(crate) const ALL_SLAVES_ACTIVE_TBL: &[OptValue] =
    &[v("off", 0, valflag::DEFAULT), v("on", 1, 0)];
/// `bond_lp_interval_tbl`.
pub(crate) const LP_INTERVAL_TBL: &[OptValue] = &[
    v("minval", 1, valflag::MIN | valflag::DEFAULT),
    v("maxval", INT_MAX, valflag::MAX),
];
/// `bond_tlb_dynamic_lb_tbl`.
pub(crate) const TLB_DYNAMIC_LB_TBL: &[OptValue] = &[v("off", 0, 0), v("on", 1, valflag::DEFAULT)];
/// `bond_ad_actor_sys_prio_tbl`.
pub(crate) const AD_ACTOR_SYS_PRIO_TBL: &[OptValue] = &[
    v("minval", 1, valflag::MIN),
    v("maxval", 65535, valflag::MAX | valflag::DEFAULT),
];
/// `bond_ad_user_port_key_tbl`.
pub(crate) const AD_USER_PORT_KEY_TBL: &[OptValue] = &[
    v("minval", 0, valflag::MIN | valflag::DEFAULT),
    v("maxval", 1023, valflag::MAX),
];
/// `bond_missed_max_tbl`.
pub(crate) const MISSED_MAX_TBL: &[OptValue] = &[
    v("minval", 1, valflag::MIN),
    v("maxval", 255, valflag::MAX),
    v("default", 2, valflag::DEFAULT),
];

/// The name of `value` in `tbl`, or `"unknown"` (never reached for values
/// that came through [`parse`]).
pub(crate) fn value_name(tbl: &'static [OptValue], value: u64) -> &'static str {
    tbl.iter()
        .find(|e| e.value == value)
        .map_or("unknown", |e| e.name)
}

/// The value an option is given: a string (sysfs, module parameter) or a
/// number (netlink, `bond_opt_initval`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum OptInput<'a> {
    /// A string, parsed by name or as a decimal number.
    Str(&'a [u8]),
    /// A number (`bond_opt_initval`): `u64::MAX` means "no value".
    Num(u64),
}

fn is_space(c: u8) -> bool {
    // The kernel's isspace(): space, \t \n \v \f \r, plus 0xa0 (_S in ctype).
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0xa0)
}

/// `sscanf(s, "%llu")`: skip white space, read decimal digits; on overflow
/// the kernel's `_parse_integer_limit` saturates at `u64::MAX`.  `None` when
/// no digit is found.
fn scan_u64(s: &[u8]) -> Option<u64> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    let mut val: u64 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        val = val
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(s[i] - b'0')))
            .unwrap_or(u64::MAX);
        i += 1;
    }
    (i > start).then_some(val)
}

/// `sscanf(s, "%32s")`: the first white-space separated word, at most 32 bytes.
fn scan_word(s: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    while i < s.len() && !is_space(s[i]) && i - start < OPT_MAX_NAMELEN {
        i += 1;
    }
    (i > start).then(|| &s[start..i])
}

/// `bond_opt_check_range()`.
fn check_range(tbl: &[OptValue], val: u64) -> bool {
    let min = tbl.iter().find(|e| e.flags & valflag::MIN != 0);
    let Some(max) = tbl.iter().find(|e| e.flags & valflag::MAX != 0) else {
        return false;
    };
    !(min.is_some_and(|m| val < m.value) || val > max.value)
}

/// `bond_opt_parse()` for a valued option: the numeric value `input` selects
/// in `tbl`, or `None` when the C driver's parser finds no match.
pub(crate) fn parse(tbl: &[OptValue], input: OptInput<'_>) -> Option<u64> {
    enum Key<'b> {
        Num(u64),
        Word(&'b [u8]),
    }
    let key = match input {
        OptInput::Num(u64::MAX) => return None,
        OptInput::Num(n) => Key::Num(n),
        OptInput::Str(s) => {
            let s = match s.iter().position(|&c| c == b'\n') {
                Some(nl) => &s[..nl],
                None => s,
            };
            // A C string ends at its first NUL.
            let s = match s.iter().position(|&c| c == 0) {
                Some(z) => &s[..z],
                None => s,
            };
            if s.iter().all(|&c| c.is_ascii_digit() || is_space(c)) {
                // sscanf returns EOF (not 0) on an empty or blank string, so
                // the C code goes on with value ULLONG_MAX, which matches
                // nothing; the same holds here with `u64::MAX`.
                Key::Num(scan_u64(s).unwrap_or(u64::MAX))
            } else {
                Key::Word(scan_word(s)?)
            }
        }
    };
    for e in tbl {
        let hit = match key {
            Key::Num(n) => n == e.value,
            Key::Word(w) => {
                (w == b"default" && e.flags & valflag::DEFAULT != 0) || w == e.name.as_bytes()
            }
        };
        if hit {
            return Some(e.value);
        }
    }
    match key {
        Key::Num(n) if check_range(tbl, n) => Some(n),
        _ => None,
    }
}

/// Option identifiers (`BOND_OPT_*`), the ones bonding_rs has so far.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OptId {
    /// `mode`.
    Mode,
    /// `packets_per_slave`.
    PacketsPerSlave,
    /// `xmit_hash_policy`.
    XmitHash,
    /// `arp_validate`.
    ArpValidate,
    /// `arp_all_targets`.
    ArpAllTargets,
    /// `fail_over_mac`.
    FailOverMac,
    /// `arp_interval`.
    ArpInterval,
    /// `arp_missed_max`.
    MissedMax,
    /// `arp_ip_target`.
    ArpTargets,
    /// `downdelay`.
    DownDelay,
    /// `updelay`.
    UpDelay,
    /// `lacp_rate`.
    LacpRate,
    /// `min_links`.
    MinLinks,
    /// `ad_select`.
    AdSelect,
    /// `num_unsol_na`.
    NumPeerNotif,
    /// `num_grat_arp`.
    NumPeerNotifAlias,
    /// `miimon`.
    Miimon,
    /// `primary`.
    Primary,
    /// `primary_reselect`.
    PrimaryReselect,
    /// `use_carrier`.
    UseCarrier,
    /// `all_slaves_active`.
    AllSlavesActive,
    /// `resend_igmp`.
    ResendIgmp,
    /// `lp_interval`.
    LpInterval,
    /// `tlb_dynamic_lb`.
    TlbDynamicLb,
    /// `ad_actor_sys_prio`.
    AdActorSysPrio,
    /// `ad_user_port_key`.
    AdUserPortKey,
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

/// Why setting an option failed; each maps to the C driver's errno.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OptError {
    /// `-EINVAL`: the value does not parse or is out of range.
    Invalid,
    /// `-EACCES`: the option is not supported in the bond's mode.
    ModeUnsupported,
    /// `-ENOTEMPTY`: the option needs a bond without slaves.
    HasSlaves,
    /// `-EBUSY`: the option needs the bond down.
    IfUp,
    /// `-EPERM`: e.g. a delay set while miimon is 0.
    NotPermitted,
}

#[cfg_attr(
    MODULE,
    expect(
        dead_code,
        reason = "used by the runtime option paths (sysfs/netlink), not wired yet"
    )
)]
impl OptError {
    /// The negative errno the C driver returns.
    pub(crate) fn errno(self) -> i32 {
        match self {
            OptError::Invalid => -22,
            OptError::ModeUnsupported => -13,
            OptError::HasSlaves => -39,
            OptError::IfUp => -16,
            OptError::NotPermitted => -1,
        }
    }
}

/// How an option's value is applied to the parameters.
#[derive(Clone, Copy)]
pub(crate) enum Setter {
    /// A parsed numeric value.
    Value(fn(&mut BondParams, u64) -> Result<(), OptError>),
    /// A raw string (`BOND_OPTFLAG_RAWVAL` options).
    Raw(fn(&mut BondParams, &[u8]) -> Result<(), OptError>),
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
const NOT_ARP: u8 = Mode::Ieee8023ad.bit() | Mode::Tlb.bit() | Mode::Alb.bit();
const ONLY_8023AD: u8 = ALL_MODES & !Mode::Ieee8023ad.bit();
const ONLY_PRIMARY: u8 =
    ALL_MODES & !(Mode::ActiveBackup.bit() | Mode::Tlb.bit() | Mode::Alb.bit());

/// The parameters of one bond (`struct bond_params`), as far as bonding_rs
/// uses them.  Delays are stored in miimon ticks, as the C driver does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BondParams {
    /// Bonding mode.
    pub(crate) mode: Mode,
    /// `xmit_hash_policy` value.
    pub(crate) xmit_policy: u8,
    /// MII polling interval, ms.
    pub(crate) miimon: i32,
    /// Peer notifications per failover.
    pub(crate) num_peer_notif: u8,
    /// ARP polling interval, ms.
    pub(crate) arp_interval: i32,
    /// `arp_validate` value.
    pub(crate) arp_validate: u8,
    /// `arp_all_targets` value.
    pub(crate) arp_all_targets: u8,
    /// `arp_missed_max`.
    pub(crate) missed_max: u8,
    /// Up delay in miimon ticks.
    pub(crate) updelay: i32,
    /// Down delay in miimon ticks.
    pub(crate) downdelay: i32,
    /// Peer notification delay in miimon ticks.
    pub(crate) peer_notif_delay: i32,
    /// `lacp_active`.
    pub(crate) lacp_active: u8,
    /// `lacp_rate` fast.
    pub(crate) lacp_fast: u8,
    /// `ad_select`.
    pub(crate) ad_select: u8,
    /// Primary interface name, NUL padded.
    pub(crate) primary: [u8; IFNAMSIZ],
    /// `primary_reselect` value.
    pub(crate) primary_reselect: u8,
    /// `fail_over_mac` value.
    pub(crate) fail_over_mac: u8,
    /// Transmit queues.
    pub(crate) tx_queues: i32,
    /// `all_slaves_active`.
    pub(crate) all_slaves_active: i32,
    /// `resend_igmp`.
    pub(crate) resend_igmp: i32,
    /// `min_links`.
    pub(crate) min_links: u32,
    /// `lp_interval`.
    pub(crate) lp_interval: u32,
    /// `packets_per_slave`.
    pub(crate) packets_per_slave: i32,
    /// `tlb_dynamic_lb`.
    pub(crate) tlb_dynamic_lb: i32,
    /// `ad_actor_sys_prio`.
    pub(crate) ad_actor_sys_prio: u16,
    /// `ad_user_port_key`.
    pub(crate) ad_user_port_key: u16,
    /// ARP targets in network byte order, 0 ends the list.
    pub(crate) arp_targets: [[u8; 4]; MAX_ARP_TARGETS],
}

impl BondParams {
    /// The primary interface name, if any.
    pub(crate) fn primary_name(&self) -> Option<&[u8]> {
        let len = self
            .primary
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(IFNAMSIZ);
        (len > 0).then(|| &self.primary[..len])
    }

    /// The configured ARP targets (up to the first empty slot).
    pub(crate) fn arp_targets(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.arp_targets
            .iter()
            .copied()
            .take_while(|t| *t != [0; 4])
    }

    /// Whether the bond uses a transmit hash (`bond_mode_uses_xmit_hash`).
    pub(crate) fn uses_xmit_hash(&self) -> bool {
        match self.mode {
            Mode::Ieee8023ad | Mode::Xor => true,
            Mode::Tlb | Mode::Alb => self.tlb_dynamic_lb == 0,
            _ => false,
        }
    }
}

fn set_u8(field: &mut u8, v: u64) -> Result<(), OptError> {
    *field = u8::try_from(v).map_err(|_| OptError::Invalid)?;
    Ok(())
}

fn set_i32(field: &mut i32, v: u64) -> Result<(), OptError> {
    *field = i32::try_from(v).map_err(|_| OptError::Invalid)?;
    Ok(())
}

/// Stores a delay given in ms as miimon ticks (`_bond_option_delay_set`).
fn set_delay(p: &mut BondParams, v: u64, down: bool) -> Result<(), OptError> {
    if p.miimon == 0 {
        return Err(OptError::NotPermitted);
    }
    let ms = i32::try_from(v).map_err(|_| OptError::Invalid)?;
    let ticks = ms / p.miimon;
    if down {
        p.downdelay = ticks;
    } else {
        p.updelay = ticks;
    }
    Ok(())
}

fn set_primary(p: &mut BondParams, name: &[u8]) -> Result<(), OptError> {
    let name = match name.iter().position(|&c| c == b'\n' || c == 0) {
        Some(end) => &name[..end],
        None => name,
    };
    // strscpy_pad into IFNAMSIZ: at most 15 bytes and a NUL.
    let len = name.len().min(IFNAMSIZ - 1);
    p.primary = [0; IFNAMSIZ];
    p.primary[..len].copy_from_slice(&name[..len]);
    Ok(())
}

fn set_arp_targets(p: &mut BondParams, s: &[u8]) -> Result<(), OptError> {
    // sysfs form: "+a.b.c.d" adds, "-a.b.c.d" removes.
    let (add, addr) = match s.split_first() {
        Some((b'+', rest)) => (true, rest),
        Some((b'-', rest)) => (false, rest),
        _ => return Err(OptError::NotPermitted),
    };
    let ip = in4_pton(addr).ok_or(OptError::NotPermitted)?;
    let n = p.arp_targets().count();
    let pos = p.arp_targets().position(|t| t == ip);
    if add {
        if !ip_target_ok(ip) || pos.is_some() || n == MAX_ARP_TARGETS {
            return Err(OptError::Invalid);
        }
        p.arp_targets[n] = ip;
    } else {
        let i = pos.ok_or(OptError::Invalid)?;
        p.arp_targets.copy_within(i + 1.., i);
        p.arp_targets[MAX_ARP_TARGETS - 1] = [0; 4];
    }
    Ok(())
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

/// `bond_opts[]`: the option table.
pub(crate) static OPTIONS: &[BondOption] = &[
    opt!(
        Mode,
        "mode",
        Some(MODE_TBL),
        0,
        optflag::NOSLAVES | optflag::IFDOWN,
        Setter::Value(|p, v| {
            p.mode = Mode::from_value(v).ok_or(OptError::Invalid)?;
            Ok(())
        })
    ),
    opt!(
        PacketsPerSlave,
        "packets_per_slave",
        Some(PPS_TBL),
        ALL_MODES & !Mode::RoundRobin.bit(),
        0,
        Setter::Value(|p, v| set_i32(&mut p.packets_per_slave, v))
    ),
    opt!(
        XmitHash,
        "xmit_hash_policy",
        Some(XMIT_HASH_TBL),
        0,
        0,
        Setter::Value(|p, v| set_u8(&mut p.xmit_policy, v))
    ),
    opt!(
        ArpValidate,
        "arp_validate",
        Some(ARP_VALIDATE_TBL),
        NOT_ARP,
        0,
        Setter::Value(|p, v| set_u8(&mut p.arp_validate, v))
    ),
    opt!(
        ArpAllTargets,
        "arp_all_targets",
        Some(ARP_ALL_TARGETS_TBL),
        0,
        0,
        Setter::Value(|p, v| set_u8(&mut p.arp_all_targets, v))
    ),
    opt!(
        FailOverMac,
        "fail_over_mac",
        Some(FAIL_OVER_MAC_TBL),
        0,
        optflag::NOSLAVES,
        Setter::Value(|p, v| set_u8(&mut p.fail_over_mac, v))
    ),
    opt!(
        ArpInterval,
        "arp_interval",
        Some(INTMAX_TBL),
        NOT_ARP,
        0,
        Setter::Value(|p, v| {
            set_i32(&mut p.arp_interval, v)?;
            if v != 0 {
                p.miimon = 0;
            }
            Ok(())
        })
    ),
    opt!(
        MissedMax,
        "arp_missed_max",
        Some(MISSED_MAX_TBL),
        NOT_ARP,
        0,
        Setter::Value(|p, v| set_u8(&mut p.missed_max, v))
    ),
    opt!(
        ArpTargets,
        "arp_ip_target",
        None,
        0,
        optflag::RAWVAL,
        Setter::Raw(set_arp_targets)
    ),
    opt!(
        DownDelay,
        "downdelay",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| set_delay(p, v, true))
    ),
    opt!(
        UpDelay,
        "updelay",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| set_delay(p, v, false))
    ),
    opt!(
        LacpRate,
        "lacp_rate",
        Some(LACP_RATE_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(|p, v| set_u8(&mut p.lacp_fast, v))
    ),
    opt!(
        MinLinks,
        "min_links",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| {
            p.min_links = u32::try_from(v).map_err(|_| OptError::Invalid)?;
            Ok(())
        })
    ),
    opt!(
        AdSelect,
        "ad_select",
        Some(AD_SELECT_TBL),
        0,
        optflag::IFDOWN,
        Setter::Value(|p, v| set_u8(&mut p.ad_select, v))
    ),
    opt!(
        NumPeerNotif,
        "num_unsol_na",
        Some(NUM_PEER_NOTIF_TBL),
        0,
        0,
        Setter::Value(|p, v| set_u8(&mut p.num_peer_notif, v))
    ),
    opt!(
        NumPeerNotifAlias,
        "num_grat_arp",
        Some(NUM_PEER_NOTIF_TBL),
        0,
        0,
        Setter::Value(|p, v| set_u8(&mut p.num_peer_notif, v))
    ),
    opt!(
        Miimon,
        "miimon",
        Some(INTMAX_TBL),
        0,
        0,
        Setter::Value(|p, v| {
            set_i32(&mut p.miimon, v)?;
            if v != 0 {
                p.arp_interval = 0;
                p.arp_validate = 0;
            }
            Ok(())
        })
    ),
    opt!(
        Primary,
        "primary",
        None,
        ONLY_PRIMARY,
        optflag::RAWVAL,
        Setter::Raw(set_primary)
    ),
    opt!(
        PrimaryReselect,
        "primary_reselect",
        Some(PRIMARY_RESELECT_TBL),
        0,
        0,
        Setter::Value(|p, v| set_u8(&mut p.primary_reselect, v))
    ),
    opt!(
        UseCarrier,
        "use_carrier",
        Some(USE_CARRIER_TBL),
        0,
        0,
        Setter::Value(|_, _| Ok(()))
    ),
    opt!(
        AllSlavesActive,
        "all_slaves_active",
        Some(ALL_SLAVES_ACTIVE_TBL),
        0,
        0,
        Setter::Value(|p, v| set_i32(&mut p.all_slaves_active, v))
    ),
    opt!(
        ResendIgmp,
        "resend_igmp",
        Some(NUM_PEER_NOTIF_TBL),
        0,
        0,
        Setter::Value(|p, v| set_i32(&mut p.resend_igmp, v))
    ),
    opt!(
        LpInterval,
        "lp_interval",
        Some(LP_INTERVAL_TBL),
        0,
        0,
        Setter::Value(|p, v| {
            p.lp_interval = u32::try_from(v).map_err(|_| OptError::Invalid)?;
            Ok(())
        })
    ),
    opt!(
        TlbDynamicLb,
        "tlb_dynamic_lb",
        Some(TLB_DYNAMIC_LB_TBL),
        ALL_MODES & !(Mode::Tlb.bit() | Mode::Alb.bit()),
        optflag::IFDOWN,
        Setter::Value(|p, v| set_i32(&mut p.tlb_dynamic_lb, v))
    ),
    opt!(
        AdActorSysPrio,
        "ad_actor_sys_prio",
        Some(AD_ACTOR_SYS_PRIO_TBL),
        ONLY_8023AD,
        0,
        Setter::Value(|p, v| {
            p.ad_actor_sys_prio = u16::try_from(v).map_err(|_| OptError::Invalid)?;
            Ok(())
        })
    ),
    opt!(
        AdUserPortKey,
        "ad_user_port_key",
        Some(AD_USER_PORT_KEY_TBL),
        ONLY_8023AD,
        optflag::IFDOWN,
        Setter::Value(|p, v| {
            p.ad_user_port_key = u16::try_from(v).map_err(|_| OptError::Invalid)?;
            Ok(())
        })
    ),
];

/// The descriptor of option `id`.
pub(crate) fn get(id: OptId) -> &'static BondOption {
    OPTIONS
        .iter()
        .find(|o| o.id == id)
        .expect("every OptId has an entry in OPTIONS")
}

/// The descriptor named `name` (sysfs file name).
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
    /// `bond_opt_parse()` for this option.
    pub(crate) fn parse(&self, input: OptInput<'_>) -> Option<u64> {
        parse(self.values?, input)
    }

    /// The name of a value of this option (`bond_opt_get_val()->string`).
    pub(crate) fn value_name(&self, value: u64) -> &'static str {
        self.values.map_or("unknown", |t| value_name(t, value))
    }

    #[cfg_attr(
        MODULE,
        expect(
            dead_code,
            reason = "used by the runtime option paths (sysfs/netlink), not wired yet"
        )
    )]
    /// `__bond_opt_set()` without the bond-state side effects: checks the
    /// mode dependency and the flags against the bond's state, parses and
    /// applies the value.
    pub(crate) fn set(
        &self,
        p: &mut BondParams,
        has_slaves: bool,
        is_up: bool,
        input: OptInput<'_>,
    ) -> Result<(), OptError> {
        if self.unsupp_modes & p.mode.bit() != 0 {
            return Err(OptError::ModeUnsupported);
        }
        if self.flags & optflag::NOSLAVES != 0 && has_slaves {
            return Err(OptError::HasSlaves);
        }
        if self.flags & optflag::IFDOWN != 0 && is_up {
            return Err(OptError::IfUp);
        }
        match self.set {
            Setter::Value(f) => f(p, self.parse(input).ok_or(OptError::Invalid)?),
            Setter::Raw(f) => match input {
                OptInput::Str(s) => f(p, s),
                OptInput::Num(_) => Err(OptError::Invalid),
            },
        }
    }
}

/// A command written to `/sys/class/net/bonding_masters`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct MastersCommand {
    /// `+name` (create) or `-name` (delete).
    pub(crate) add: bool,
    /// The interface name, NUL terminated.
    pub(crate) name: [u8; IFNAMSIZ + 1],
}

impl MastersCommand {
    /// The name with its NUL.
    pub(crate) fn name_with_nul(&self) -> &[u8] {
        let len = self.name.iter().position(|&c| c == 0).unwrap_or(IFNAMSIZ);
        &self.name[..=len]
    }
}

/// `bonding_store_bonds()`'s parsing: `sscanf(buf, "%16s")`, then `+` or
/// `-` and a non-empty name (the caller still checks `dev_valid_name`).
pub(crate) fn masters_command(buf: &[u8]) -> Option<MastersCommand> {
    let buf = match buf.iter().position(|&c| c == 0) {
        Some(z) => &buf[..z],
        None => buf,
    };
    let mut i = 0;
    while i < buf.len() && is_space(buf[i]) {
        i += 1;
    }
    let start = i;
    while i < buf.len() && !is_space(buf[i]) && i - start < IFNAMSIZ {
        i += 1;
    }
    let word = &buf[start..i];
    let (&op, name) = word.split_first()?;
    if name.is_empty() || (op != b'+' && op != b'-') {
        return None;
    }
    let mut cmd = MastersCommand {
        add: op == b'+',
        name: [0; IFNAMSIZ + 1],
    };
    cmd.name[..name.len()].copy_from_slice(name);
    Some(cmd)
}

/// `in4_pton(src, -1, dst, -1, NULL)`: dotted quad, ended by the string's
/// end or by any byte that is neither a hex digit nor `.` (a `:` ends it too).
/// Hex letters are refused, each part must have a digit and be <= 255.
pub(crate) fn in4_pton(s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut i = 0usize; // parts completed
    let mut w: u32 = 0; // low 16 bits of the C accumulator
    let mut digits = false;
    let mut pos = 0usize;
    loop {
        let c = s.get(pos).copied().unwrap_or(0);
        let is_delim = c == 0 || c == b':' || !(c.is_ascii_hexdigit() || c == b'.');
        if c == b'.' || is_delim {
            if !digits {
                return None;
            }
            out[i] = (w & 0xff) as u8;
            w = 0;
            digits = false;
            i += 1;
            if is_delim {
                return (i == 4).then_some(out);
            }
        } else if c.is_ascii_digit() {
            w = (w * 10 + u32::from(c - b'0')) & 0xffff;
            digits = true;
            if w > 255 {
                return None;
            }
        } else {
            // A hex letter: neither digit, dot nor delimiter.
            return None;
        }
        if i >= 4 {
            return None;
        }
        pos += 1;
    }
}

/// `bond_is_ip_target_ok()`: not the limited broadcast and not 0.0.0.0
/// (`ipv4_is_zeronet()` tests the whole address in this kernel).
pub(crate) fn ip_target_ok(ip: [u8; 4]) -> bool {
    ip != [255; 4] && ip != [0; 4]
}

/// Shows a C string (bytes) the way `%s` would, escaping bytes that are not
/// UTF-8 since Rust formatting cannot carry them.
pub(crate) struct CStrDisplay<'a>(pub(crate) &'a [u8]);

impl fmt::Display for CStrDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{:02x}", b)?;
            }
        }
        Ok(())
    }
}

/// Shows an IPv4 address as `%pI4` does.
pub(crate) struct Ipv4Display(pub(crate) [u8; 4]);

impl fmt::Display for Ipv4Display {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{}.{}.{}.{}", a, b, c, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{format, vec, vec::Vec};

    fn p(tbl: &[OptValue], s: &str) -> Option<u64> {
        parse(tbl, OptInput::Str(s.as_bytes()))
    }

    #[test]
    fn mode_by_name_and_number() {
        assert_eq!(p(MODE_TBL, "balance-rr"), Some(0));
        assert_eq!(p(MODE_TBL, "active-backup"), Some(1));
        assert_eq!(p(MODE_TBL, "1"), Some(1));
        assert_eq!(p(MODE_TBL, " 6 "), Some(6));
        assert_eq!(p(MODE_TBL, "broadcast\n"), Some(3));
        assert_eq!(p(MODE_TBL, "default"), Some(0));
        assert_eq!(p(MODE_TBL, "7"), None);
        assert_eq!(p(MODE_TBL, "Active-Backup"), None);
        assert_eq!(p(MODE_TBL, ""), None);
        assert_eq!(p(MODE_TBL, "   "), None);
        assert_eq!(p(MODE_TBL, "-1"), None);
        // sscanf %32s takes the first word only.
        assert_eq!(p(MODE_TBL, "broadcast extra"), Some(3));
        // "1 2" is digits and spaces: %llu reads 1.
        assert_eq!(p(MODE_TBL, "1 2"), Some(1));
        // 2^64 + 1 saturates to ULLONG_MAX, which matches nothing.
        assert_eq!(p(MODE_TBL, "18446744073709551617"), None);
        assert_eq!(p(MODE_TBL, "000000000000000000000000001"), Some(1));
    }

    #[test]
    fn range_tables() {
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "255"), Some(255));
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "256"), None);
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "default"), Some(1));
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "maxval"), Some(255));
        assert_eq!(p(LP_INTERVAL_TBL, "0"), None);
        assert_eq!(p(LP_INTERVAL_TBL, "1"), Some(1));
        assert_eq!(parse(PPS_TBL, OptInput::Num(65535)), Some(65535));
        assert_eq!(parse(PPS_TBL, OptInput::Num(65536)), None);
        assert_eq!(parse(PPS_TBL, OptInput::Num(0)), Some(0));
        // A negative int packets_per_slave arrives as a huge u64.
        assert_eq!(parse(PPS_TBL, OptInput::Num(-1i64 as u64)), None);
        assert_eq!(parse(PPS_TBL, OptInput::Num(-2i64 as u64)), None);
        assert_eq!(p(MODE_TBL, "maxval"), None);
    }

    #[test]
    fn every_table_name_round_trips() {
        for o in OPTIONS {
            if let Some(t) = o.values {
                for e in t {
                    assert_eq!(parse(t, OptInput::Str(e.name.as_bytes())), Some(e.value));
                    assert_eq!(o.value_name(e.value), e.name);
                }
            }
        }
    }

    #[test]
    fn in4_pton_quirks() {
        assert_eq!(in4_pton(b"192.168.1.1"), Some([192, 168, 1, 1]));
        assert_eq!(in4_pton(b"010.0.0.1"), Some([10, 0, 0, 1]));
        assert_eq!(in4_pton(b"1.2.3.4x"), Some([1, 2, 3, 4]));
        assert_eq!(in4_pton(b"1.2.3.4:80"), Some([1, 2, 3, 4]));
        assert_eq!(in4_pton(b"1.2.3.4 "), Some([1, 2, 3, 4]));
        assert_eq!(in4_pton(b"1.2.3.4a"), None);
        assert_eq!(in4_pton(b"1.2.3.4."), None);
        assert_eq!(in4_pton(b"1.2.3"), None);
        assert_eq!(in4_pton(b"1.2.3.256"), None);
        assert_eq!(in4_pton(b"1..3.4"), None);
        assert_eq!(in4_pton(b" 1.2.3.4"), None);
        assert_eq!(in4_pton(b""), None);
        assert_eq!(in4_pton(b"0000000000001.2.3.4"), Some([1, 2, 3, 4]));
    }

    #[test]
    fn ip_target_checks() {
        assert!(!ip_target_ok([255, 255, 255, 255]));
        assert!(!ip_target_ok([0, 0, 0, 0]));
        assert!(ip_target_ok([0, 1, 2, 3]));
        assert!(ip_target_ok([10, 0, 0, 1]));
    }

    #[test]
    fn option_dependencies() {
        let mut bp = crate::params::defaults();
        let o = get(OptId::PacketsPerSlave);
        bp.mode = Mode::ActiveBackup;
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Num(3)),
            Err(OptError::ModeUnsupported)
        );
        bp.mode = Mode::RoundRobin;
        assert_eq!(o.set(&mut bp, false, false, OptInput::Num(3)), Ok(()));
        assert_eq!(bp.packets_per_slave, 3);
        let m = get(OptId::Mode);
        assert_eq!(
            m.set(&mut bp, true, false, OptInput::Str(b"1")),
            Err(OptError::HasSlaves)
        );
        assert_eq!(
            m.set(&mut bp, false, true, OptInput::Str(b"1")),
            Err(OptError::IfUp)
        );
        assert_eq!(
            m.set(&mut bp, false, false, OptInput::Str(b"xx")),
            Err(OptError::Invalid)
        );
        assert_eq!(
            m.set(&mut bp, false, false, OptInput::Str(b"active-backup")),
            Ok(())
        );
        assert_eq!(bp.mode, Mode::ActiveBackup);
        let d = get(OptId::UpDelay);
        bp.miimon = 0;
        assert_eq!(
            d.set(&mut bp, false, false, OptInput::Str(b"200")),
            Err(OptError::NotPermitted)
        );
        bp.miimon = 100;
        assert_eq!(d.set(&mut bp, false, false, OptInput::Str(b"250")), Ok(()));
        assert_eq!(bp.updelay, 2);
        assert_eq!(
            by_name("arp_ip_target").map(|o| o.id),
            Some(OptId::ArpTargets)
        );
    }

    #[test]
    fn arp_target_add_remove() {
        let mut bp = crate::params::defaults();
        let o = get(OptId::ArpTargets);
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"+10.0.0.1")),
            Ok(())
        );
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"+10.0.0.2")),
            Ok(())
        );
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"+10.0.0.1")),
            Err(OptError::Invalid)
        );
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"10.0.0.3")),
            Err(OptError::NotPermitted)
        );
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"-10.0.0.1")),
            Ok(())
        );
        assert_eq!(bp.arp_targets().collect::<Vec<_>>(), vec![[10, 0, 0, 2]]);
        for i in 0..15u8 {
            let s = format!("+10.1.0.{}", i + 1);
            assert_eq!(
                o.set(&mut bp, false, false, OptInput::Str(s.as_bytes())),
                Ok(())
            );
        }
        assert_eq!(
            o.set(&mut bp, false, false, OptInput::Str(b"+10.2.0.1")),
            Err(OptError::Invalid)
        );
    }

    #[test]
    fn masters_commands() {
        let c = masters_command(b"+bond5\n").unwrap();
        assert!(c.add);
        assert_eq!(c.name_with_nul(), b"bond5\0");
        let c = masters_command(b"  -bond0 junk").unwrap();
        assert!(!c.add);
        assert_eq!(c.name_with_nul(), b"bond0\0");
        // %16s: the command word is cut at 16 bytes, the name at 15.
        let c = masters_command(b"+abcdefghijklmnopqrst").unwrap();
        assert_eq!(c.name_with_nul(), b"abcdefghijklmno\0");
        assert_eq!(masters_command(b"+"), None);
        assert_eq!(masters_command(b"bond0"), None);
        assert_eq!(masters_command(b""), None);
        assert_eq!(masters_command(b"\n"), None);
    }

    #[test]
    fn errnos() {
        assert_eq!(OptError::Invalid.errno(), -22);
        assert_eq!(OptError::ModeUnsupported.errno(), -13);
        assert_eq!(OptError::HasSlaves.errno(), -39);
        assert_eq!(OptError::IfUp.errno(), -16);
        assert_eq!(OptError::NotPermitted.errno(), -1);
    }
}
