// SPDX-License-Identifier: GPL-2.0

//! Setting an option at run time: [`check`] is `bond_opt_check_deps()`
//! (the option unsuitable for the bond's mode, needing a bond without slaves
//! or a bond down) followed by `bond_opt_parse()`; [`OptError`] carries the
//! errno and the messages `bond_opt_error_interpret()` prints, so that sysfs
//! and netlink will share them.  The module parameters parse through the
//! same table without the dependencies, as `bond_check_params()` does.

use core::ffi::CStr;
use core::fmt;

use super::msg::SetterMsg;
use super::parse::{c_str, cut_newline, OptInput};
use super::table::{get, optflag, BondOption, OptId, SetterError};
use super::values::Mode;
use super::BondParams;
use crate::util::fmt::CStrDisplay;
use crate::util::level::Level;

/// Why setting an option failed; each maps to the C driver's errno.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ErrorKind {
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
    /// `-EOPNOTSUPP`: an option of the C driver bonding_rs does not keep.
    NotSupported,
}

impl ErrorKind {
    /// The negative errno the C driver returns.
    pub(crate) fn errno(self) -> i32 {
        match self {
            ErrorKind::Invalid => -22,
            ErrorKind::ModeUnsupported => -13,
            ErrorKind::HasSlaves => -39,
            ErrorKind::IfUp => -16,
            ErrorKind::NotPermitted => -1,
            ErrorKind::NotSupported => -95,
        }
    }
}

/// What [`check`] reads of the bond.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OptState {
    /// `bond->params.mode`.
    pub(crate) mode: Mode,
    /// `bond_has_slaves()`.
    pub(crate) has_slaves: bool,
    /// `bond->dev->flags & IFF_UP`.
    pub(crate) is_up: bool,
}

/// What `bond_opt_parse()` hands the setter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parsed<'a> {
    /// A value of the table or of its range.
    Value(u64),
    /// The string of a `BOND_OPTFLAG_RAWVAL` option, as given.
    Raw(&'a [u8]),
    /// A number given to a `BOND_OPTFLAG_RAWVAL` option.
    RawNum(u64),
    /// Extra bytes given to a `BOND_OPTFLAG_RAWVAL` option.
    Extra(&'a [u8]),
}

/// The value as the FFI side delivers it, `struct bond_opt_value`'s three
/// parts: see [`OptVal::input`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OptVal<'a> {
    /// `value` (`u64::MAX`: none).
    pub(crate) value: u64,
    /// `string`.
    pub(crate) str: Option<&'a [u8]>,
    /// `extra`.
    pub(crate) extra: Option<&'a [u8]>,
}

impl<'a> OptVal<'a> {
    /// `__bond_opt_init()`'s precedence: a value other than `u64::MAX`
    /// wins over the string, the string over the extra bytes; with none of
    /// them, "no value" (`Num(u64::MAX)`).
    pub(crate) fn input(&self) -> OptInput<'a> {
        match (self.value, self.str, self.extra) {
            (v, _, _) if v != u64::MAX => OptInput::Num(v),
            (_, Some(s), _) => OptInput::Str(s),
            (_, None, Some(e)) => OptInput::Extra(e),
            (_, None, None) => OptInput::Num(u64::MAX),
        }
    }
}

/// A failed [`check`] or [`BondOption::set`]: the errno, and the messages
/// `bond_opt_error_interpret()` prints for it ([`OptError::messages`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OptError<'a> {
    /// The errno class.
    pub(crate) kind: ErrorKind,
    /// The option.
    pub(crate) id: OptId,
    /// The bond's mode (named by the mode dependency message).
    pub(crate) mode: Mode,
    /// The value given.
    pub(crate) input: OptInput<'a>,
}

/// One line printed for a failed option: a `netdev_err()` line of
/// `bond_opt_error_interpret()`, or the setter's own line
/// ([`OptMessage::Setter`]); without the device prefix and the newline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OptMessage<'a> {
    /// `option %s: invalid value (%s)` / `(%llu)`.
    InvalidValue(&'static str, OptInput<'a>),
    /// `option %s: allowed values %llu - %llu`.
    Allowed(&'static str, u64, u64),
    /// `option %s: mode dependency failed, not supported in mode %s(%llu)`.
    ModeDependency(&'static str, Mode),
    /// `option %s: unable to set because the bond device has slaves`.
    HasSlaves(&'static str),
    /// `option %s: unable to set because the bond device is up`.
    IfUp(&'static str),
    /// `option %s: interface %s does not exist!` (`-ENODEV` from a setter
    /// given a string; see [`no_device`]).
    NoDevice(&'static str, &'a [u8]),
    /// The line the setter printed itself, before the lines above.
    Setter(SetterMsg),
}

impl OptMessage<'_> {
    /// The level of the line: `bond_opt_error_interpret()` prints at
    /// `netdev_err`, the setters at their own level.
    pub(crate) fn level(&self) -> Level {
        match self {
            OptMessage::Setter(m) => m.level(),
            _ => Level::Err,
        }
    }
}

/// `bond_opt_error_interpret()` for `-ENODEV` (returned by the bond core's
/// setters of `slaves`, `active_slave`, `prio`, `actor_port_prio`): the
/// line and the extack message, both only when the value was a string.
pub(crate) fn no_device<'a>(
    id: OptId,
    input: OptInput<'a>,
) -> (Option<OptMessage<'a>>, Option<&'static CStr>) {
    match input {
        OptInput::Str(s) => (
            Some(OptMessage::NoDevice(get(id).name, s)),
            Some(c"interface does not exist"),
        ),
        _ => (None, None),
    }
}

impl fmt::Display for OptMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            OptMessage::InvalidValue(name, OptInput::Str(s)) => write!(
                f,
                "option {}: invalid value ({})",
                name,
                CStrDisplay(c_str(cut_newline(s)))
            ),
            OptMessage::InvalidValue(name, OptInput::Num(n)) => {
                write!(f, "option {}: invalid value ({})", name, n)
            }
            // bond_opt_initextra() leaves the value at ULLONG_MAX and the
            // string NULL: the number is printed.
            OptMessage::InvalidValue(name, OptInput::Extra(_)) => {
                write!(f, "option {}: invalid value ({})", name, u64::MAX)
            }
            OptMessage::Allowed(name, min, max) => {
                write!(f, "option {}: allowed values {} - {}", name, min, max)
            }
            OptMessage::ModeDependency(name, mode) => write!(
                f,
                "option {}: mode dependency failed, not supported in mode {}({})",
                name,
                mode.name(),
                mode.value()
            ),
            OptMessage::HasSlaves(name) => write!(
                f,
                "option {}: unable to set because the bond device has slaves",
                name
            ),
            OptMessage::IfUp(name) => write!(
                f,
                "option {}: unable to set because the bond device is up",
                name
            ),
            OptMessage::NoDevice(name, s) => write!(
                f,
                "option {}: interface {} does not exist!",
                name,
                CStrDisplay(c_str(cut_newline(s)))
            ),
            OptMessage::Setter(m) => m.fmt(f),
        }
    }
}

impl OptError<'_> {
    /// The negative errno the C driver returns.
    pub(crate) fn errno(&self) -> i32 {
        self.kind.errno()
    }

    /// The extack message (`NL_SET_ERR_MSG_ATTR`), if the C driver sets one
    /// (NUL-terminated: the extack keeps the pointer).
    pub(crate) fn extack(&self) -> Option<&'static CStr> {
        match self.kind {
            ErrorKind::Invalid => Some(c"invalid option value"),
            ErrorKind::ModeUnsupported => Some(c"option not supported in mode"),
            ErrorKind::HasSlaves => {
                Some(c"unable to set option because the bond device has slaves")
            }
            ErrorKind::IfUp => Some(c"unable to set option because the bond is up"),
            ErrorKind::NotPermitted | ErrorKind::NotSupported => None,
        }
    }

    /// The log lines, in order (`-EINVAL` has two when the option has a
    /// range, the others one or none).
    pub(crate) fn messages(&self) -> impl Iterator<Item = OptMessage<'_>> + '_ {
        let o = get(self.id);
        let (first, second) = match self.kind {
            ErrorKind::Invalid => (
                Some(OptMessage::InvalidValue(o.name, self.input)),
                o.range()
                    .map(|(min, max)| OptMessage::Allowed(o.name, min, max)),
            ),
            ErrorKind::ModeUnsupported => {
                (Some(OptMessage::ModeDependency(o.name, self.mode)), None)
            }
            ErrorKind::HasSlaves => (Some(OptMessage::HasSlaves(o.name)), None),
            ErrorKind::IfUp => (Some(OptMessage::IfUp(o.name)), None),
            ErrorKind::NotPermitted | ErrorKind::NotSupported => (None, None),
        };
        first.into_iter().chain(second)
    }
}

/// A failed [`BondOption::set_logged`]: the refusal, and the line the
/// setter printed before `bond_opt_error_interpret()`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SetFailure<'a> {
    /// The refusal, as [`check`] or the setter made it.
    pub(crate) error: OptError<'a>,
    /// The setter's own line, if any.
    pub(crate) setter: Option<SetterMsg>,
}

impl<'a> SetFailure<'a> {
    /// A setter's refusal of `input` to option `id` in `mode`.
    pub(crate) fn from_setter(
        e: SetterError,
        id: OptId,
        mode: Mode,
        input: OptInput<'a>,
    ) -> SetFailure<'a> {
        SetFailure {
            error: OptError {
                kind: e.kind,
                id,
                mode,
                input,
            },
            setter: e.msg,
        }
    }

    /// The negative errno the C driver returns.
    pub(crate) fn errno(&self) -> i32 {
        self.error.errno()
    }

    /// The extack message, if the C driver sets one.
    pub(crate) fn extack(&self) -> Option<&'static CStr> {
        self.error.extack()
    }

    /// The log lines in the C driver's order: the setter's, then
    /// `bond_opt_error_interpret()`'s.  Each has its [`OptMessage::level`].
    pub(crate) fn messages(&self) -> impl Iterator<Item = OptMessage<'_>> + '_ {
        self.setter
            .map(OptMessage::Setter)
            .into_iter()
            .chain(self.error.messages())
    }
}

impl<'a> From<OptError<'a>> for SetFailure<'a> {
    fn from(error: OptError<'a>) -> Self {
        SetFailure {
            error,
            setter: None,
        }
    }
}

/// The extack messages `bond_changelink()` sets itself, before calling
/// the setters (each with `-EINVAL`; NUL-terminated: the extack keeps the
/// pointer).
pub(crate) mod nl_extack {
    use core::ffi::CStr;

    /// `IFLA_BOND_USE_CARRIER` other than 1.
    pub(crate) const USE_CARRIER_OBSOLETE: &CStr =
        c"option obsolete, use_carrier cannot be disabled";
    /// `IFLA_BOND_ARP_INTERVAL` non-zero with `IFLA_BOND_MIIMON` non-zero in
    /// the same request.
    pub(crate) const ARP_WITH_MIIMON: &CStr = c"ARP monitoring cannot be used with MII monitoring";
    /// `IFLA_BOND_ARP_VALIDATE` non-zero with `IFLA_BOND_MIIMON` non-zero in
    /// the same request.
    pub(crate) const ARP_VALIDATE_WITH_MIIMON: &CStr =
        c"ARP validating cannot be used with MII monitoring";
    /// An `IFLA_BOND_NS_IP6_TARGET` entry shorter than 16 bytes (`NL_SET_ERR_MSG`,
    /// no attribute).
    pub(crate) const INVALID_IPV6: &CStr = c"Invalid IPv6 address";
}

/// `bond_changelink()`'s own refusal of an option's attribute, before its
/// setter runs: the extack message (`NL_SET_ERR_MSG_ATTR` at the attribute,
/// `-EINVAL`), or `None` to set it.  `value` is the attribute's value as
/// the setter gets it, `miimon` the request's `IFLA_BOND_MIIMON` (0 when it
/// has none; the attributes come in `bond_changelink()`'s order, miimon
/// before these).
pub(crate) fn nl_refusal(id: OptId, value: u64, miimon: u64) -> Option<&'static CStr> {
    match id {
        OptId::ArpInterval if value != 0 && miimon != 0 => Some(nl_extack::ARP_WITH_MIIMON),
        OptId::ArpValidate if value != 0 && miimon != 0 => {
            Some(nl_extack::ARP_VALIDATE_WITH_MIIMON)
        }
        _ => None,
    }
}

/// `bond_changelink()`'s refusal of `IFLA_BOND_USE_CARRIER` (`value` its
/// `u8`): anything but 1 (`NL_SET_ERR_MSG_ATTR`, `-EINVAL`).
pub(crate) fn nl_use_carrier(value: u64) -> Option<&'static CStr> {
    (value != 1).then_some(nl_extack::USE_CARRIER_OBSOLETE)
}

/// The warning `bond_changelink()` prints after a netlink ARP target list
/// (`ns == false`) or NS target list (`ns == true`) that added no target
/// while ARP monitoring is on: the list was cleared
/// ([`super::table::clear_arp_targets`], [`super::table::clear_ns_targets`])
/// and `added` targets were set one by one (`OptInput::Num` of each
/// `__be32`, `OptInput::Extra` of each 16-byte address), stopping at the
/// first refusal.  `p` is the parameters after them.
pub(crate) fn nl_targets_warning(ns: bool, added: usize, p: &BondParams) -> Option<SetterMsg> {
    (added == 0 && p.arp_interval != 0).then_some(if ns {
        SetterMsg::NsRemLast
    } else {
        SetterMsg::ArpRemLast
    })
}

/// `bond_opt_check_deps()` then `bond_opt_parse()`: whether option `id`
/// may be set in `state`, and the value `input` gives it.
pub(crate) fn check<'a>(
    id: OptId,
    input: OptInput<'a>,
    state: &OptState,
) -> Result<Parsed<'a>, OptError<'a>> {
    let o = get(id);
    let fail = |kind| OptError {
        kind,
        id,
        mode: state.mode,
        input,
    };
    if o.unsupp_modes & state.mode.bit() != 0 {
        return Err(fail(ErrorKind::ModeUnsupported));
    }
    if o.flags & optflag::NOSLAVES != 0 && state.has_slaves {
        return Err(fail(ErrorKind::HasSlaves));
    }
    if o.flags & optflag::IFDOWN != 0 && state.is_up {
        return Err(fail(ErrorKind::IfUp));
    }
    parse_input(o, input).ok_or_else(|| fail(ErrorKind::Invalid))
}

/// `bond_opt_parse()`: raw options take the input as it is.
fn parse_input<'a>(o: &BondOption, input: OptInput<'a>) -> Option<Parsed<'a>> {
    if o.flags & optflag::RAWVAL != 0 {
        return Some(match input {
            OptInput::Str(s) => Parsed::Raw(s),
            OptInput::Num(n) => Parsed::RawNum(n),
            OptInput::Extra(e) => Parsed::Extra(e),
        });
    }
    o.parse(input).map(Parsed::Value)
}

impl BondOption {
    /// `__bond_opt_set()` without the bond-state side effects: [`check`],
    /// then the setter (its own line dropped: see [`Self::set_logged`]).
    pub(crate) fn set<'a>(
        &self,
        p: &mut BondParams,
        has_slaves: bool,
        is_up: bool,
        input: OptInput<'a>,
    ) -> Result<(), OptError<'a>> {
        self.set_logged(p, has_slaves, is_up, input)
            .map(|_| ())
            .map_err(|f| f.error)
    }

    /// `__bond_opt_set()` without the bond-state side effects, with the
    /// lines: on success the setter's line (a warning or a note), if any;
    /// on failure every line, in order ([`SetFailure::messages`]).
    pub(crate) fn set_logged<'a>(
        &self,
        p: &mut BondParams,
        has_slaves: bool,
        is_up: bool,
        input: OptInput<'a>,
    ) -> Result<Option<SetterMsg>, SetFailure<'a>> {
        let state = OptState {
            mode: p.mode,
            has_slaves,
            is_up,
        };
        let v = check(self.id, input, &state)?;
        self.apply_logged(p, v)
            .map_err(|e| SetFailure::from_setter(e, self.id, state.mode, input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::defaults::MAX_ARP_TARGETS;
    use crate::options::table::{clear_arp_targets, clear_ns_targets};
    use crate::options::values::{ArpValidate, XmitHashPolicy};
    use std::string::{String, ToString};
    use std::vec::Vec;
    use std::{format, vec};

    const DOWN: OptState = OptState {
        mode: Mode::RoundRobin,
        has_slaves: false,
        is_up: false,
    };

    fn msgs(e: &OptError<'_>) -> Vec<String> {
        e.messages().map(|m| m.to_string()).collect()
    }

    #[test]
    fn check_mode_dependency() {
        let ab = OptState {
            mode: Mode::ActiveBackup,
            ..DOWN
        };
        let e = check(OptId::PacketsPerSlave, OptInput::Num(3), &ab).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ModeUnsupported);
        assert_eq!(e.errno(), -13);
        assert_eq!(e.extack(), Some(c"option not supported in mode"));
        assert_eq!(
            msgs(&e),
            vec!["option packets_per_slave: mode dependency failed, not supported in mode active-backup(1)"]
        );
        assert_eq!(
            check(OptId::PacketsPerSlave, OptInput::Num(3), &DOWN),
            Ok(Parsed::Value(3))
        );
        let alb = OptState {
            mode: Mode::Alb,
            ..DOWN
        };
        let e = check(OptId::ArpInterval, OptInput::Str(b"100"), &alb).unwrap_err();
        assert_eq!(
            msgs(&e),
            vec![
                "option arp_interval: mode dependency failed, not supported in mode balance-alb(6)"
            ]
        );
        // The mode is checked before the flags.
        let up = OptState {
            mode: Mode::RoundRobin,
            has_slaves: true,
            is_up: true,
        };
        let e = check(OptId::LacpRate, OptInput::Str(b"fast"), &up).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ModeUnsupported);
    }

    #[test]
    fn check_state_flags() {
        let slaves = OptState {
            has_slaves: true,
            ..DOWN
        };
        let up = OptState {
            is_up: true,
            ..DOWN
        };
        let e = check(OptId::Mode, OptInput::Str(b"1"), &slaves).unwrap_err();
        assert_eq!((e.kind, e.errno()), (ErrorKind::HasSlaves, -39));
        assert_eq!(
            e.extack(),
            Some(c"unable to set option because the bond device has slaves")
        );
        assert_eq!(
            msgs(&e),
            vec!["option mode: unable to set because the bond device has slaves"]
        );
        let e = check(OptId::Mode, OptInput::Str(b"1"), &up).unwrap_err();
        assert_eq!((e.kind, e.errno()), (ErrorKind::IfUp, -16));
        assert_eq!(
            e.extack(),
            Some(c"unable to set option because the bond is up")
        );
        assert_eq!(
            msgs(&e),
            vec!["option mode: unable to set because the bond device is up"]
        );
        // fail_over_mac needs no slaves but may be set while up.
        assert_eq!(
            check(OptId::FailOverMac, OptInput::Str(b"follow"), &up),
            Ok(Parsed::Value(2))
        );
        assert_eq!(
            check(OptId::FailOverMac, OptInput::Str(b"follow"), &slaves).map_err(|e| e.kind),
            Err(ErrorKind::HasSlaves)
        );
        // No flags: anything goes.
        assert!(check(OptId::Miimon, OptInput::Str(b"100"), &up).is_ok());
    }

    #[test]
    fn check_parse_errors() {
        let e = check(OptId::Mode, OptInput::Str(b"bogus\n"), &DOWN).unwrap_err();
        assert_eq!((e.kind, e.errno()), (ErrorKind::Invalid, -22));
        assert_eq!(e.extack(), Some(c"invalid option value"));
        // No range in bond_mode_tbl: one line.
        assert_eq!(msgs(&e), vec!["option mode: invalid value (bogus)"]);
        let e = check(OptId::Miimon, OptInput::Str(b"-1"), &DOWN).unwrap_err();
        assert_eq!(
            msgs(&e),
            vec![
                "option miimon: invalid value (-1)",
                "option miimon: allowed values 0 - 2147483647",
            ]
        );
        let e = check(OptId::MissedMax, OptInput::Num(0), &DOWN).unwrap_err();
        assert_eq!(
            msgs(&e),
            vec![
                "option arp_missed_max: invalid value (0)",
                "option arp_missed_max: allowed values 1 - 255",
            ]
        );
        assert_eq!(
            check(OptId::XmitHash, OptInput::Str(b"layer3+4"), &DOWN),
            Ok(Parsed::Value(1))
        );
        assert_eq!(
            check(OptId::Miimon, OptInput::Str(b"maxval"), &DOWN),
            Ok(Parsed::Value(i32::MAX as u64))
        );
        // Raw options are not parsed.
        assert_eq!(
            check(OptId::ArpTargets, OptInput::Str(b"+junk"), &DOWN),
            Ok(Parsed::Raw(b"+junk"))
        );
        let ab = OptState {
            mode: Mode::ActiveBackup,
            ..DOWN
        };
        assert_eq!(
            check(OptId::Primary, OptInput::Str(b"eth0\n"), &ab),
            Ok(Parsed::Raw(b"eth0\n"))
        );
    }

    #[test]
    fn option_set() {
        let mut bp = BondParams::default();
        let o = get(OptId::PacketsPerSlave);
        bp.mode = Mode::ActiveBackup;
        let kind = |r: Result<(), OptError<'_>>| r.map_err(|e| e.kind);
        assert_eq!(
            kind(o.set(&mut bp, false, false, OptInput::Num(3))),
            Err(ErrorKind::ModeUnsupported)
        );
        bp.mode = Mode::RoundRobin;
        assert_eq!(kind(o.set(&mut bp, false, false, OptInput::Num(3))), Ok(()));
        assert_eq!(bp.packets_per_slave, 3);
        let m = get(OptId::Mode);
        assert_eq!(
            kind(m.set(&mut bp, true, false, OptInput::Str(b"1"))),
            Err(ErrorKind::HasSlaves)
        );
        assert_eq!(
            kind(m.set(&mut bp, false, true, OptInput::Str(b"1"))),
            Err(ErrorKind::IfUp)
        );
        assert_eq!(
            kind(m.set(&mut bp, false, false, OptInput::Str(b"xx"))),
            Err(ErrorKind::Invalid)
        );
        assert_eq!(
            kind(m.set(&mut bp, false, false, OptInput::Str(b"active-backup"))),
            Ok(())
        );
        assert_eq!(bp.mode, Mode::ActiveBackup);
        let d = get(OptId::UpDelay);
        bp.miimon = 0;
        let e = d
            .set(&mut bp, false, false, OptInput::Str(b"200"))
            .unwrap_err();
        assert_eq!((e.kind, e.errno()), (ErrorKind::NotPermitted, -1));
        // The setter prints its own message for -EPERM.
        assert_eq!(msgs(&e), Vec::<String>::new());
        bp.miimon = 100;
        assert_eq!(
            kind(d.set(&mut bp, false, false, OptInput::Str(b"250"))),
            Ok(())
        );
        assert_eq!(bp.updelay, 2);
        let x = get(OptId::XmitHash);
        assert_eq!(
            kind(x.set(&mut bp, false, false, OptInput::Str(b"vlan+srcmac"))),
            Ok(())
        );
        assert_eq!(bp.xmit_policy, XmitHashPolicy::VlanSrcMac);
        let mi = get(OptId::Miimon);
        bp.arp_validate = ArpValidate::All;
        bp.arp_interval = 100;
        assert_eq!(
            kind(mi.set(&mut bp, false, false, OptInput::Num(50))),
            Ok(())
        );
        assert_eq!((bp.arp_interval, bp.arp_validate), (0, ArpValidate::None));
        let e = get(OptId::Slaves)
            .set(&mut bp, false, false, OptInput::Str(b"+eth0"))
            .unwrap_err();
        assert_eq!((e.kind, e.errno()), (ErrorKind::NotSupported, -95));
    }

    #[test]
    fn arp_target_add_remove() {
        let mut bp = BondParams::default();
        let o = get(OptId::ArpTargets);
        let mut set = |s: &[u8]| {
            o.set(&mut bp, false, false, OptInput::Str(s))
                .map_err(|e| e.kind)
        };
        assert_eq!(set(b"+10.0.0.1"), Ok(()));
        assert_eq!(set(b"+10.0.0.2"), Ok(()));
        assert_eq!(set(b"+10.0.0.1"), Err(ErrorKind::Invalid));
        assert_eq!(set(b"10.0.0.3"), Err(ErrorKind::NotPermitted));
        assert_eq!(set(b"-10.0.0.1"), Ok(()));
        for i in 0..15u8 {
            let s = format!("+10.1.0.{}", i + 1);
            assert_eq!(set(s.as_bytes()), Ok(()));
        }
        assert_eq!(set(b"+10.2.0.1"), Err(ErrorKind::Invalid));
        assert_eq!(bp.arp_targets().count(), MAX_ARP_TARGETS);
        assert_eq!(bp.arp_targets().next(), Some([10, 0, 0, 2]));
        // An invalid raw value: its string, no range line.
        let e = o
            .set(&mut bp, false, false, OptInput::Str(b"+10.0.0.2\n"))
            .unwrap_err();
        assert_eq!(
            msgs(&e),
            vec!["option arp_ip_target: invalid value (+10.0.0.2)"]
        );
    }

    #[test]
    fn opt_val_precedence() {
        let v = |value, str, extra| OptVal { value, str, extra }.input();
        assert_eq!(v(5, Some(&b"x"[..]), None), OptInput::Num(5));
        assert_eq!(v(u64::MAX, Some(&b"x"[..]), None), OptInput::Str(b"x"));
        assert_eq!(
            v(u64::MAX, Some(&b"x"[..]), Some(&[1u8][..])),
            OptInput::Str(b"x")
        );
        assert_eq!(v(u64::MAX, None, Some(&[1u8][..])), OptInput::Extra(&[1]));
        assert_eq!(v(u64::MAX, None, None), OptInput::Num(u64::MAX));
        assert_eq!(v(0, None, Some(&[1u8][..])), OptInput::Num(0));
    }

    fn lines(f: &SetFailure<'_>) -> Vec<(Level, String)> {
        f.messages().map(|m| (m.level(), m.to_string())).collect()
    }

    fn err(t: &str) -> (Level, String) {
        (Level::Err, t.to_string())
    }

    fn set_str<'a>(
        p: &mut BondParams,
        id: OptId,
        s: &'a [u8],
    ) -> Result<Option<SetterMsg>, SetFailure<'a>> {
        get(id).set_logged(p, false, false, OptInput::Str(s))
    }

    fn set_in<'a>(
        p: &mut BondParams,
        id: OptId,
        i: OptInput<'a>,
    ) -> Result<Option<SetterMsg>, SetFailure<'a>> {
        get(id).set_logged(p, false, false, i)
    }

    #[test]
    fn delays_log_as_the_c_setter() {
        let mut p = BondParams::default();
        for (id, name) in [
            (OptId::UpDelay, "up delay"),
            (OptId::DownDelay, "down delay"),
            (OptId::PeerNotifDelay, "peer notification delay"),
        ] {
            p.miimon = 0;
            let f = set_str(&mut p, id, b"200").unwrap_err();
            assert_eq!(f.errno(), -1);
            assert_eq!(f.extack(), None);
            assert_eq!(
                lines(&f),
                [err(&format!(
                    "Unable to set {} as MII monitoring is disabled",
                    name
                ))]
            );
            p.miimon = 100;
            assert_eq!(set_str(&mut p, id, b"300"), Ok(None));
            let m = set_str(&mut p, id, b"250").unwrap();
            let m = m.unwrap();
            assert_eq!(m.level(), Level::Warn);
            assert_eq!(
                m.to_string(),
                format!(
                    "{} (250) is not a multiple of miimon (100), value rounded to 200 ms",
                    name
                )
            );
        }
        assert_eq!((p.updelay, p.downdelay, p.peer_notif_delay), (2, 2, 2));
        // The table's refusal comes before the setter.
        let f = set_str(&mut p, OptId::PeerNotifDelay, b"300001").unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("option peer_notif_delay: invalid value (300001)"),
                err("option peer_notif_delay: allowed values 0 - 300000"),
            ]
        );
    }

    #[test]
    fn arp_targets_log_as_the_c_setter() {
        let mut p = BondParams::default();
        let a = OptId::ArpTargets;
        assert_eq!(set_str(&mut p, a, b"+10.0.0.1\n"), Ok(None));
        // The address is parsed first: no sign, a bad address, nothing.
        for s in [&b"+10.0.0"[..], b"+", b"", b"-1.2.3.4.5", b"+1.2.3.a"] {
            let f = set_str(&mut p, a, s).unwrap_err();
            assert_eq!(f.errno(), -1);
            assert_eq!(lines(&f), [err("invalid ARP target specified")]);
        }
        // "10.0.0.3": "0.0.0.3" parses, '1' is no command.
        for s in [&b"x10.0.0.1"[..], b"10.0.0.3"] {
            let f = set_str(&mut p, a, s).unwrap_err();
            assert_eq!(f.errno(), -1);
            assert_eq!(
                lines(&f),
                [err(
                    "no command found in arp_ip_targets file - use +<addr> or -<addr>"
                )]
            );
        }
        let f = set_str(&mut p, a, b"*10.0.0.1").unwrap_err();
        assert_eq!(f.errno(), -1);
        assert_eq!(
            lines(&f),
            [err(
                "no command found in arp_ip_targets file - use +<addr> or -<addr>"
            )]
        );
        let cases: &[(&[u8], &str)] = &[
            (b"+10.0.0.1", "ARP target 10.0.0.1 is already present"),
            (
                b"+255.255.255.255",
                "invalid ARP target 255.255.255.255 specified for addition",
            ),
            (
                b"+0.0.0.0",
                "invalid ARP target 0.0.0.0 specified for addition",
            ),
            (
                b"-0.0.0.0",
                "invalid ARP target 0.0.0.0 specified for removal",
            ),
            (
                b"-10.9.9.9",
                "unable to remove nonexistent ARP target 10.9.9.9",
            ),
        ];
        for (s, line) in cases {
            let f = set_str(&mut p, a, s).unwrap_err();
            assert_eq!(f.errno(), -22);
            assert_eq!(f.extack(), Some(c"invalid option value"));
            let shown = core::str::from_utf8(s).unwrap();
            assert_eq!(
                lines(&f),
                [
                    err(line),
                    err(&format!("option arp_ip_target: invalid value ({})", shown)),
                ]
            );
        }
        for i in 2..=16u8 {
            let s = format!("+10.0.0.{}", i);
            assert_eq!(set_str(&mut p, a, s.as_bytes()), Ok(None));
        }
        let f = set_str(&mut p, a, b"+10.0.1.1").unwrap_err();
        assert_eq!(lines(&f)[0], err("ARP target table is full!"));
        // Removal moves the later targets down.
        assert_eq!(set_str(&mut p, a, b"-10.0.0.1"), Ok(None));
        assert_eq!(p.arp_targets().next(), Some([10, 0, 0, 2]));
        assert_eq!(p.arp_targets().count(), 15);
        assert_eq!(set_str(&mut p, a, b"-10.0.0.16"), Ok(None));
        assert_eq!(p.arp_targets().last(), Some([10, 0, 0, 15]));
        // The last target removed with ARP monitoring on: a warning.
        let mut p = BondParams {
            arp_interval: 100,
            ..BondParams::default()
        };
        assert_eq!(set_str(&mut p, a, b"+10.0.0.1"), Ok(None));
        assert_eq!(set_str(&mut p, a, b"+10.0.0.2"), Ok(None));
        assert_eq!(set_str(&mut p, a, b"-10.0.0.2"), Ok(None));
        let m = set_str(&mut p, a, b"-10.0.0.1").unwrap().unwrap();
        assert_eq!(
            (m.level(), m.to_string()),
            (
                Level::Warn,
                "Removing last arp target with arp_interval on".to_string()
            )
        );
        assert_eq!(p.arp_targets().count(), 0);
    }

    #[test]
    fn arp_targets_over_netlink() {
        // bond_changelink(): clear, then one __be32 per target.
        let mut p = BondParams::default();
        assert_eq!(set_str(&mut p, OptId::ArpTargets, b"+10.9.9.9"), Ok(None));
        clear_arp_targets(&mut p);
        assert_eq!(p.arp_targets().count(), 0);
        let be = |ip: [u8; 4]| OptInput::Num(u64::from(u32::from_ne_bytes(ip)));
        assert_eq!(
            set_in(&mut p, OptId::ArpTargets, be([10, 0, 0, 1])),
            Ok(None)
        );
        assert_eq!(
            set_in(&mut p, OptId::ArpTargets, be([10, 0, 0, 2])),
            Ok(None)
        );
        assert_eq!(
            p.arp_targets().collect::<Vec<_>>(),
            [[10, 0, 0, 1], [10, 0, 0, 2]]
        );
        let n = u32::from_ne_bytes([10, 0, 0, 1]);
        let f = set_in(&mut p, OptId::ArpTargets, be([10, 0, 0, 1])).unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("ARP target 10.0.0.1 is already present"),
                err(&format!("option arp_ip_target: invalid value ({})", n)),
            ]
        );
        let f = set_in(&mut p, OptId::ArpTargets, be([255; 4])).unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("invalid ARP target 255.255.255.255 specified for addition"),
                err("option arp_ip_target: invalid value (4294967295)"),
            ]
        );
        assert_eq!(nl_targets_warning(false, 0, &p), None);
        p.arp_interval = 10;
        assert_eq!(
            nl_targets_warning(false, 0, &p),
            Some(SetterMsg::ArpRemLast)
        );
        assert_eq!(nl_targets_warning(true, 0, &p), Some(SetterMsg::NsRemLast));
        assert_eq!(nl_targets_warning(true, 1, &p), None);
    }

    #[test]
    fn ns_targets_over_netlink() {
        let mut p = BondParams::default();
        let n = OptId::NsTargets;
        let mut t = [0u8; 16];
        t[0] = 0x20;
        t[1] = 0x01;
        t[2] = 0x0d;
        t[3] = 0xb8;
        t[15] = 1;
        assert_eq!(set_in(&mut p, n, OptInput::Extra(&t)), Ok(None));
        assert_eq!(p.ns_targets().collect::<Vec<_>>(), [t]);
        let f = set_in(&mut p, n, OptInput::Extra(&t)).unwrap_err();
        assert_eq!(f.errno(), -22);
        assert_eq!(
            lines(&f),
            [
                err("NS target 2001:db8::1 is already present"),
                err("option ns_ip6_target: invalid value (18446744073709551615)"),
            ]
        );
        let mut ll = [0u8; 16];
        ll[0] = 0xfe;
        ll[1] = 0x80;
        ll[15] = 9;
        // Link-local targets are accepted.
        assert_eq!(set_in(&mut p, n, OptInput::Extra(&ll)), Ok(None));
        let mut lo = [0u8; 16];
        lo[15] = 1;
        let mut mc = [0u8; 16];
        mc[0] = 0xff;
        mc[1] = 0x02;
        mc[15] = 1;
        for (a, shown) in [(lo, "::1"), (mc, "ff02::1"), ([0; 16], "::")] {
            let f = set_in(&mut p, n, OptInput::Extra(&a)).unwrap_err();
            assert_eq!(
                lines(&f)[0],
                err(&format!(
                    "invalid NS target {} specified for addition",
                    shown
                ))
            );
        }
        // A string or a number leaves the extra bytes zero: "::".
        let f = set_in(&mut p, n, OptInput::Str(b"+2001:db8::2")).unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("invalid NS target :: specified for addition"),
                err("option ns_ip6_target: invalid value (+2001:db8::2)"),
            ]
        );
        // Extra bytes longer than BOND_OPT_EXTRA_MAXLEN are not copied.
        let long = [0x20u8; 17];
        let f = set_in(&mut p, n, OptInput::Extra(&long)).unwrap_err();
        assert_eq!(
            lines(&f)[0],
            err("invalid NS target :: specified for addition")
        );
        for i in 2..=15u8 {
            let mut a = t;
            a[15] = i;
            assert_eq!(set_in(&mut p, n, OptInput::Extra(&a)), Ok(None));
        }
        assert_eq!(p.ns_targets().count(), 16);
        let mut a = t;
        a[15] = 99;
        let f = set_in(&mut p, n, OptInput::Extra(&a)).unwrap_err();
        assert_eq!(lines(&f)[0], err("NS target table is full!"));
        clear_ns_targets(&mut p);
        assert_eq!(p.ns_targets().count(), 0);
    }

    #[test]
    fn ad_actor_system() {
        let ad = OptState {
            mode: Mode::Ieee8023ad,
            ..DOWN
        };
        let mut p = BondParams {
            mode: Mode::Ieee8023ad,
            ..BondParams::default()
        };
        let o = get(OptId::AdActorSystem);
        let set = |p: &mut BondParams, i| o.set_logged(p, true, true, i);
        assert_eq!(set(&mut p, OptInput::Str(b"02:1B:21:aa:bb:0c\n")), Ok(None));
        assert_eq!(p.ad_actor_system, [2, 0x1b, 0x21, 0xaa, 0xbb, 0x0c]);
        // Zero is accepted (the bond's own address is used then).
        assert_eq!(set(&mut p, OptInput::Str(b"00:00:00:00:00:00")), Ok(None));
        for s in [
            &b"01:00:5e:00:00:01"[..],
            b"ff:ff:ff:ff:ff:ff",
            b"02:00:00:00:00",
            b"junk",
        ] {
            let f = set(&mut p, OptInput::Str(s)).unwrap_err();
            assert_eq!(f.errno(), -22);
            assert_eq!(
                lines(&f),
                [
                    err("Invalid ad_actor_system MAC address."),
                    err(&format!(
                        "option ad_actor_system: invalid value ({})",
                        core::str::from_utf8(s).unwrap()
                    )),
                ]
            );
        }
        // Netlink: nla_get_u64() of the six bytes, read from memory.
        let mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
        let mut b = [0u8; 8];
        b[..6].copy_from_slice(&mac);
        let v = u64::from_ne_bytes(b);
        assert_eq!(set(&mut p, OptInput::Num(v)), Ok(None));
        assert_eq!(p.ad_actor_system, mac);
        b[0] = 0x01;
        let v = u64::from_ne_bytes(b);
        let f = set(&mut p, OptInput::Num(v)).unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("Invalid ad_actor_system MAC address."),
                err(&format!("option ad_actor_system: invalid value ({})", v)),
            ]
        );
        // Not in other modes.
        p.mode = Mode::ActiveBackup;
        let f = set(&mut p, OptInput::Str(b"02:00:00:00:00:01")).unwrap_err();
        assert_eq!(f.errno(), -13);
        assert!(check(OptId::AdActorSystem, OptInput::Str(b"x"), &ad).is_ok());
    }

    #[test]
    fn ad_switches() {
        let mut p = BondParams {
            mode: Mode::Ieee8023ad,
            ..BondParams::default()
        };
        assert_eq!(
            (p.coupled_control, p.broadcast_neighbor, p.lacp_strict),
            (1, 0, 0)
        );
        let m = set_str(&mut p, OptId::CoupledControl, b"off")
            .unwrap()
            .unwrap();
        assert_eq!(
            (m.level(), m.to_string()),
            (
                Level::Info,
                "Setting coupled_control to off (0)".to_string()
            )
        );
        assert_eq!(p.coupled_control, 0);
        let m = set_in(&mut p, OptId::CoupledControl, OptInput::Num(1)).unwrap();
        assert_eq!(m.unwrap().to_string(), "Setting coupled_control to on (1)");
        // coupled_control needs the bond down.
        let f = get(OptId::CoupledControl)
            .set_logged(&mut p, false, true, OptInput::Num(0))
            .unwrap_err();
        assert_eq!(f.errno(), -16);
        assert_eq!(set_str(&mut p, OptId::BroadcastNeigh, b"on"), Ok(None));
        assert_eq!(p.broadcast_neighbor, 1);
        assert_eq!(set_str(&mut p, OptId::LacpStrict, b"on\n"), Ok(None));
        assert_eq!(p.lacp_strict, 1);
        let f = set_str(&mut p, OptId::LacpStrict, b"2").unwrap_err();
        assert_eq!(lines(&f), [err("option lacp_strict: invalid value (2)")]);
        // broadcast_neighbor and lacp_strict may be set while up.
        assert_eq!(
            get(OptId::BroadcastNeigh).set_logged(&mut p, true, true, OptInput::Num(0)),
            Ok(None)
        );
        // A mode change resets broadcast_neighbor.
        p.broadcast_neighbor = 1;
        assert_eq!(set_str(&mut p, OptId::Mode, b"balance-rr"), Ok(None));
        assert_eq!(p.broadcast_neighbor, 0);
    }

    #[test]
    fn mode_and_monitor_effects() {
        // A mode without ARP monitoring: ARP off, MII on at its default.
        let mut p = BondParams {
            arp_interval: 100,
            arp_validate: ArpValidate::All,
            ..BondParams::default()
        };
        assert_eq!(set_str(&mut p, OptId::Mode, b"802.3ad"), Ok(None));
        assert_eq!(
            (p.mode, p.arp_interval, p.miimon, p.arp_validate),
            (Mode::Ieee8023ad, 0, 100, ArpValidate::None)
        );
        // miimon kept when set.
        p.miimon = 50;
        p.tlb_dynamic_lb = 0;
        assert_eq!(set_str(&mut p, OptId::Mode, b"6"), Ok(None));
        assert_eq!((p.miimon, p.tlb_dynamic_lb), (50, 1));
        // A mode with ARP keeps the monitors, resets arp_validate.
        let mut p = BondParams {
            arp_interval: 100,
            arp_validate: ArpValidate::All,
            ..BondParams::default()
        };
        assert_eq!(set_str(&mut p, OptId::Mode, b"active-backup"), Ok(None));
        assert_eq!(
            (p.arp_interval, p.miimon, p.arp_validate),
            (100, 0, ArpValidate::None)
        );
        // miimon on turns ARP off, arp_validate only if ARP was on.
        p.arp_validate = ArpValidate::Backup;
        assert_eq!(set_str(&mut p, OptId::Miimon, b"100"), Ok(None));
        assert_eq!((p.arp_interval, p.arp_validate), (0, ArpValidate::None));
        p.arp_validate = ArpValidate::Backup;
        assert_eq!(set_str(&mut p, OptId::Miimon, b"200"), Ok(None));
        assert_eq!(p.arp_validate, ArpValidate::Backup);
        assert_eq!(set_str(&mut p, OptId::ArpInterval, b"300"), Ok(None));
        assert_eq!((p.miimon, p.arp_interval), (0, 300));
    }

    #[test]
    fn value_forms() {
        // A table option given extra bytes finds no value in them.
        let f = set_in(
            &mut BondParams::default(),
            OptId::Miimon,
            OptInput::Extra(&[1]),
        )
        .unwrap_err();
        assert_eq!(
            lines(&f),
            [
                err("option miimon: invalid value (18446744073709551615)"),
                err("option miimon: allowed values 0 - 2147483647"),
            ]
        );
        assert_eq!(
            check(OptId::NsTargets, OptInput::Extra(&[1, 2]), &DOWN),
            Ok(Parsed::Extra(&[1, 2]))
        );
        assert_eq!(
            check(OptId::ArpTargets, OptInput::Num(7), &DOWN),
            Ok(Parsed::RawNum(7))
        );
        // The setters the bond core applies itself.
        for id in [
            OptId::ActiveSlave,
            OptId::QueueId,
            OptId::Slaves,
            OptId::Prio,
            OptId::ActorPortPrio,
        ] {
            let mut p = BondParams {
                mode: Mode::ActiveBackup,
                ..BondParams::default()
            };
            if id == OptId::ActorPortPrio {
                p.mode = Mode::Ieee8023ad;
            }
            let f = set_str(&mut p, id, b"eth0").unwrap_err();
            assert_eq!(f.errno(), -95, "{:?}", id);
            assert_eq!(lines(&f), []);
        }
        // -ENODEV: the line and the extack for a string only.
        let (m, x) = no_device(OptId::Slaves, OptInput::Str(b"+eth9\n"));
        assert_eq!(
            m.map(|m| m.to_string()).as_deref(),
            Some("option slaves: interface +eth9 does not exist!")
        );
        assert_eq!(x, Some(c"interface does not exist"));
        assert_eq!(no_device(OptId::Prio, OptInput::Num(3)), (None, None));
        // set() keeps its old shape: the refusal without the setter line.
        let mut p = BondParams::default();
        let e = get(OptId::UpDelay)
            .set(&mut p, false, false, OptInput::Num(100))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotPermitted);
        assert_eq!(msgs(&e), Vec::<String>::new());
        // apply() too.
        assert_eq!(
            get(OptId::UpDelay).apply(&mut p, Parsed::Value(100)),
            Err(ErrorKind::NotPermitted)
        );
        assert_eq!(
            get(OptId::Primary).apply(&mut p, Parsed::Value(1)),
            Err(ErrorKind::Invalid)
        );
    }

    #[test]
    fn new_options_have_c_defaults() {
        let d = BondParams::default();
        let def = |id| get(id).parse(OptInput::Str(b"default"));
        assert_eq!(
            def(OptId::CoupledControl),
            Some(u64::from(d.coupled_control))
        );
        assert_eq!(
            def(OptId::BroadcastNeigh),
            Some(u64::from(d.broadcast_neighbor))
        );
        assert_eq!(def(OptId::LacpStrict), Some(u64::from(d.lacp_strict)));
        assert_eq!(d.ad_actor_system, [0; 6]);
        assert_eq!(d.ns_targets().count(), 0);
    }

    #[test]
    fn netlink_extack_texts() {
        assert_eq!(
            nl_extack::USE_CARRIER_OBSOLETE.to_bytes(),
            b"option obsolete, use_carrier cannot be disabled"
        );
        assert_eq!(
            nl_extack::ARP_WITH_MIIMON.to_bytes(),
            b"ARP monitoring cannot be used with MII monitoring"
        );
        assert_eq!(
            nl_extack::ARP_VALIDATE_WITH_MIIMON.to_bytes(),
            b"ARP validating cannot be used with MII monitoring"
        );
        assert_eq!(nl_extack::INVALID_IPV6.to_bytes(), b"Invalid IPv6 address");
    }

    #[test]
    fn netlink_refusals() {
        // bond_changelink(): `arp_interval && miimon`, `arp_validate &&
        // miimon`, with the request's miimon; use_carrier must be 1.
        let a = OptId::ArpInterval;
        let v = OptId::ArpValidate;
        assert_eq!(nl_refusal(a, 100, 0), None);
        assert_eq!(nl_refusal(a, 0, 100), None);
        assert_eq!(nl_refusal(a, 100, 100), Some(nl_extack::ARP_WITH_MIIMON));
        // A u32 >= 2^31 read into an int is still non-zero.
        assert_eq!(
            nl_refusal(a, u64::MAX, u64::MAX),
            Some(nl_extack::ARP_WITH_MIIMON)
        );
        assert_eq!(nl_refusal(v, 1, 0), None);
        assert_eq!(nl_refusal(v, 0, 100), None);
        assert_eq!(
            nl_refusal(v, 3, 100),
            Some(nl_extack::ARP_VALIDATE_WITH_MIIMON)
        );
        assert_eq!(nl_refusal(OptId::Miimon, 100, 100), None);
        assert_eq!(nl_refusal(OptId::ArpTargets, 1, 100), None);
        assert_eq!(nl_use_carrier(1), None);
        assert_eq!(nl_use_carrier(0), Some(nl_extack::USE_CARRIER_OBSOLETE));
        assert_eq!(nl_use_carrier(2), Some(nl_extack::USE_CARRIER_OBSOLETE));
    }

    #[test]
    fn errnos() {
        assert_eq!(ErrorKind::Invalid.errno(), -22);
        assert_eq!(ErrorKind::ModeUnsupported.errno(), -13);
        assert_eq!(ErrorKind::HasSlaves.errno(), -39);
        assert_eq!(ErrorKind::IfUp.errno(), -16);
        assert_eq!(ErrorKind::NotPermitted.errno(), -1);
        assert_eq!(ErrorKind::NotSupported.errno(), -95);
    }
}
