// SPDX-License-Identifier: GPL-2.0

//! Options set on a live bond: `__bond_opt_set()` and the side effects of
//! the setters of `bond_options.c`.
//!
//! One entry point, [`Bond::set_opt`], under RTNL, for the module
//! parameters of a new bond, sysfs writes and netlink attributes alike:
//!
//! 1. `bond_opt_check_deps()` and `bond_opt_parse()` ([`check`]), with the
//!    C driver's errno, log lines and extack message on refusal;
//! 2. options that act on the bond's slaves (`slaves`, `active_slave`,
//!    `queue_id`, `prio`) run here against the slave list;
//! 3. the others run their pure setter on a copy of the parameters, which
//!    is then published (RCU: readers see the old or the new set, whole);
//! 4. the side effects: monitors started or stopped, the active slave
//!    reselected, slaves' backup flags and ARP target times updated.
//!
//! On failure nothing has changed.
//!
//! An rtnetlink change ([`Bond::netlink_change`]) is `bond_changelink()` /
//! `bond_slave_changelink()` over the glue's decoded attributes: their
//! options one by one in the C driver's order, with the checks and
//! warnings `bond_changelink()` has between them, stopping at the first
//! error (what was set before it stays).

use core::fmt;
use core::sync::atomic::Ordering::Relaxed;

use kernel::prelude::*;
use kernel::sync::Arc;

use super::{Bond, Release, Slave};
use crate::ffi::printk::KernLevel;
use crate::ffi::{self, ChangeOp, Extack, NetDev, RcuBoxed, Registered, Rtnl};
use crate::log::kern_level;
use crate::monitor::Work;
use crate::options::check::{check, no_device, OptMessage, OptState, OptVal, SetFailure};
use crate::options::check::{nl_extack, nl_refusal, nl_targets_warning, nl_use_carrier};
use crate::options::parse::{c_str, cut_newline, is_space, scan_word};
use crate::options::table::{clear_arp_targets, clear_ns_targets};
use crate::options::values::Mode;
use crate::options::{get, ArpValidate, BondParams, OptId, OptInput, Parsed};
use crate::slave::{Activity, LinkState};
use crate::util::fmt::CStrDisplay;

/// `IFNAMSIZ`.
const IFNAMSIZ: usize = 16;

/// One of the option code's lines, at its level, with the bond's prefix.
fn log_msg(dev: &NetDev, m: &OptMessage<'_>) {
    if let Some(level) = kern_level(m.level()) {
        dev.bond_log(level, format_args!("{}", m));
    }
}

/// A refusal (`bond_opt_error_interpret()`, after the setter's own line):
/// its log lines and extack message; returns its errno.
fn opt_fail(dev: &NetDev, f: &SetFailure<'_>, extack: Extack<'_>) -> Error {
    for m in f.messages() {
        log_msg(dev, &m);
    }
    if let Some(msg) = f.extack() {
        extack.set(msg);
    }
    Error::from_errno(f.errno())
}

/// Why a bond-state option failed, beyond the table's refusals.
enum StateError {
    /// `-ENODEV`: "option %s: interface %s does not exist!".
    NoDevice,
    /// Any other errno, its message already logged.
    Other(Error),
}

impl Bond {
    /// `__bond_opt_set()`: sets option `id` from `input` on the live bond;
    /// `slave` is the slave a per-slave netlink option (`prio`) names.
    /// (`NETDEV_CHANGEINFODATA` is the caller's: the sysfs store sends it,
    /// rtnetlink sends its own message.)
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn set_opt(
        &self,
        reg: &Registered<Bond>,
        dev: &NetDev,
        id: OptId,
        input: OptInput<'_>,
        slave: Option<&NetDev>,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let mode = self.params.get_rtnl(rtnl).mode;
        let state = OptState {
            mode,
            has_slaves: self.slave_count(rtnl) > 0,
            is_up: dev.facts_flags() & ffi::IFF_UP != 0,
        };
        let parsed = check(id, input, &state).map_err(|e| opt_fail(dev, &e.into(), extack))?;
        let by_state = match (id, parsed) {
            (OptId::Slaves, Parsed::Raw(s)) => Some(self.opt_slaves(reg, dev, s, extack, rtnl)),
            (OptId::ActiveSlave, Parsed::Raw(s)) => Some(self.opt_active_slave(dev, s, rtnl)),
            (OptId::QueueId, Parsed::Raw(s)) => Some(self.opt_queue_id(dev, s, rtnl)),
            (OptId::Prio, Parsed::RawNum(n)) => Some(self.opt_prio(dev, slave, n, rtnl)),
            (OptId::Mode, Parsed::Value(v))
                if !Mode::from_value(v).is_some_and(|m| m.implemented()) =>
            {
                let m = Mode::from_value(v).map_or("unknown", |m| m.name());
                dev.bond_log(
                    KernLevel::Err,
                    format_args!(
                        "option mode: mode {} ({}) is not implemented by bonding_rs (balance-rr, active-backup, balance-xor and broadcast are)",
                        m, v
                    ),
                );
                extack.set(c"bonding_rs does not implement this mode yet");
                return Err(EOPNOTSUPP);
            }
            _ => None,
        };
        if let Some(r) = by_state {
            return r.map_err(|e| match e {
                StateError::NoDevice => {
                    let (line, msg) = no_device(id, input);
                    if let Some(line) = line {
                        dev.bond_log(KernLevel::Err, format_args!("{}", line));
                    }
                    if let Some(msg) = msg {
                        extack.set(msg);
                    }
                    ENODEV
                }
                StateError::Other(e) => e,
            });
        }
        // A setter on a copy of the parameters, published whole.
        let old = self.params.get_rtnl(rtnl).clone();
        let mut new = RcuBoxed::new(old.clone())?;
        match get(id).apply_logged(&mut new, parsed) {
            Ok(line) => {
                if let Some(m) = line {
                    log_msg(dev, &OptMessage::Setter(m));
                }
            }
            Err(e) => {
                let f = SetFailure::from_setter(e, id, mode, input);
                return Err(opt_fail(dev, &f, extack));
            }
        }
        if id == OptId::ArpTargets {
            // The slaves' target times first, as the C driver writes them
            // before the table slot.
            self.arp_targets_changed(&old, &new, rtnl);
        }
        if id == OptId::NsTargets {
            // The same, and the backups' solicited-node groups.
            self.ns_targets_changed(&old.ns_targets, &new.ns_targets, false, rtnl);
        }
        self.params.replace(new, rtnl);
        if let (OptId::Primary, OptInput::Str(name)) = (id, input) {
            // bond_option_primary_set() compares the slaves' names with the
            // whole string (strncmp over IFNAMSIZ) before storing it cut
            // short: a longer name matches no slave.
            let name = c_str(cut_newline(name));
            self.primary_changed(dev, name.len() < IFNAMSIZ, rtnl);
        }
        self.option_changed(dev, id, &old, rtnl);
        Ok(())
    }

    /// An option set over rtnetlink or sysfs (`Device::set_option`): option
    /// number `id` (`BOND_OPT_*`), the value as the C glue passed it; a
    /// target list's "clear all" goes to [`Bond::clear_targets`], anything
    /// else to [`Bond::set_opt`].
    pub(crate) fn set_option_raw(
        &self,
        reg: &Registered<Bond>,
        dev: &NetDev,
        id: u32,
        val: &ffi::OptVal<'_>,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        let Some(id) = OptId::from_raw(id) else {
            return Err(EINVAL);
        };
        if val.is_clear() && matches!(id, OptId::ArpTargets | OptId::NsTargets) {
            return self.clear_targets(id, rtnl);
        }
        let v = OptVal {
            value: val.value,
            str: val.str,
            extra: val.extra,
        };
        self.set_opt(reg, dev, id, v.input(), val.slave, extack, rtnl)
    }

    /// `bond_changelink()` (also for `newlink`) and `bond_slave_changelink()`:
    /// each step in order, stopping at the first that fails.  A message a
    /// setter records points at its attribute, as `__bond_opt_set()`'s.
    pub(crate) fn netlink_change<'r>(
        &self,
        reg: &Registered<Bond>,
        dev: &NetDev,
        steps: ffi::ChangeSteps<'r>,
        extack: Extack<'r>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        // The request's IFLA_BOND_MIIMON, 0 without it (bond_changelink()'s
        // `miimon`).
        let mut miimon = 0u64;
        // Inside a target list: whether of NS targets, and how many were set.
        let mut list: Option<(bool, usize)> = None;
        for step in steps {
            let attr = step.attr;
            match step.op {
                ChangeOp::Set(id, val) => {
                    if let Some(o) = OptId::from_raw(id) {
                        if o == OptId::Miimon {
                            miimon = val.value;
                        }
                        if let Some(msg) = nl_refusal(o, val.value, miimon) {
                            extack.set_at(msg, attr);
                            return Err(EINVAL);
                        }
                    }
                    let r = extack
                        .pointing_at(attr, |e| self.set_option_raw(reg, dev, id, &val, e, rtnl));
                    match (&mut list, r) {
                        (Some((_, added)), Ok(())) => *added += 1,
                        // The list stops at its first refused target.
                        (Some((ns, added)), Err(e)) => {
                            self.nl_targets_warn(dev, *ns, *added, rtnl);
                            return Err(e);
                        }
                        (None, r) => r?,
                    }
                }
                ChangeOp::UseCarrier(v) => {
                    if let Some(msg) = nl_use_carrier(v) {
                        extack.set_at(msg, attr);
                        return Err(EINVAL);
                    }
                }
                ChangeOp::TargetsBegin(id) => {
                    // bond_option_{arp_ip,ns_ip6}_targets_clear().
                    let (o, ns) = match OptId::from_raw(id) {
                        Some(o @ OptId::ArpTargets) => (o, false),
                        Some(o @ OptId::NsTargets) => (o, true),
                        _ => return Err(EINVAL),
                    };
                    self.clear_targets(o, rtnl)?;
                    list = Some((ns, 0));
                }
                ChangeOp::TargetsEnd => {
                    if let Some((ns, added)) = list.take() {
                        self.nl_targets_warn(dev, ns, added, rtnl);
                    }
                }
                // Returned where the decoding stopped, no warning.
                ChangeOp::DecodeError(e) => return Err(e),
                ChangeOp::BadIpv6 => {
                    extack.set_at(nl_extack::INVALID_IPV6, attr);
                    return Err(EINVAL);
                }
            }
        }
        Ok(())
    }

    /// `bond_changelink()`'s warning after a target list that set none
    /// while ARP monitoring is on.
    fn nl_targets_warn(&self, dev: &NetDev, ns: bool, added: usize, rtnl: &Rtnl<'_>) {
        if let Some(m) = nl_targets_warning(ns, added, self.params.get_rtnl(rtnl)) {
            log_msg(dev, &OptMessage::Setter(m));
        }
    }

    /// The netlink list's "clear all" (`bond_option_arp_ip_targets_clear()`,
    /// `bond_option_ns_ip6_targets_clear()`), which cannot fail: empties
    /// the ARP or NS target table, and the slaves' target times.
    pub(crate) fn clear_targets(&self, id: OptId, rtnl: &mut Rtnl<'_>) -> Result {
        let old = self.params.get_rtnl(rtnl).clone();
        let mut new = RcuBoxed::new(old.clone())?;
        if id == OptId::ArpTargets {
            clear_arp_targets(&mut new);
            self.arp_targets_changed(&old, &new, rtnl);
        } else {
            clear_ns_targets(&mut new);
            self.ns_targets_changed(&old.ns_targets, &new.ns_targets, true, rtnl);
        }
        self.params.replace(new, rtnl);
        Ok(())
    }

    /// The side effects of the setters, after the new parameters are
    /// published; `old` is the set before.
    fn option_changed(&self, dev: &NetDev, id: OptId, old: &BondParams, rtnl: &mut Rtnl<'_>) {
        let up = dev.facts_flags() & ffi::IFF_UP != 0;
        let (miimon, arp_interval, mode, asa) = {
            let p = self.params.get_rtnl(rtnl);
            (p.miimon, p.arp_interval, p.mode, p.all_slaves_active != 0)
        };
        match id {
            OptId::Mode => dev.bonding_set_mode(mode as u32),
            // bond_option_miimon_set() / bond_option_arp_interval_set():
            // the monitor that is now on starts, the other stops.
            OptId::Miimon | OptId::ArpInterval if up => {
                if miimon == 0 {
                    dev.cancel_work_sync(Work::Mii);
                }
                if arp_interval == 0 {
                    dev.cancel_work_sync(Work::Arp);
                }
                if miimon > 0 && (id == OptId::Miimon || old.miimon == 0) {
                    dev.queue_work(Work::Mii, 0);
                }
                if arp_interval > 0 && (id == OptId::ArpInterval || old.arp_interval == 0) {
                    dev.queue_work(Work::Arp, 0);
                }
                if id == OptId::ArpInterval {
                    if arp_interval > 0 {
                        self.recv_probe.store(true, Relaxed);
                    } else if self.p().arp_validate != ArpValidate::None {
                        self.recv_probe.store(false, Relaxed);
                    }
                }
            }
            // bond_option_primary_reselect_set().
            OptId::PrimaryReselect => self.select_active(dev, rtnl),
            // bond_option_arp_validate_set(): validation turned on or off,
            // the backups join or leave the NS targets' groups.
            OptId::ArpValidate => {
                let on = self.p().arp_validate != ArpValidate::None;
                if on != (old.arp_validate != ArpValidate::None) {
                    if let Some(l) = self.slaves.get_rtnl(rtnl) {
                        for s in l.slaves.iter() {
                            self.set_ns_maddrs(s, on, rtnl);
                        }
                    }
                }
            }
            // bond_option_all_slaves_active_set(): the backups follow.
            OptId::AllSlavesActive if asa != (old.all_slaves_active != 0) => {
                if let Some(l) = self.slaves.get_rtnl(rtnl) {
                    for s in l.slaves.iter() {
                        if s.state.activity() == Activity::Backup {
                            s.state.set_inactive(!asa);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `bond_option_primary_set()` after the name is stored.
    fn primary_changed(&self, dev: &NetDev, fits: bool, rtnl: &mut Rtnl<'_>) {
        let found = {
            let p = self.params.get_rtnl(rtnl);
            match p.primary_name() {
                None => None,
                Some(_) if !fits => None,
                Some(name) => self
                    .slaves
                    .get_rtnl(rtnl)
                    .and_then(|l| l.slaves.iter().find(|s| s.dev.name() == name).cloned()),
            }
        };
        match found {
            Some(s) => {
                self.primary.set(Some(s), rtnl);
                self.force_primary_once();
                self.select_active(dev, rtnl);
            }
            None => {
                if self.primary.get_rtnl(rtnl).is_some() {
                    self.primary.set(None, rtnl);
                    self.select_active(dev, rtnl);
                } else if self.params.get_rtnl(rtnl).primary_name().is_none() {
                    self.select_active(dev, rtnl);
                }
            }
        }
    }

    /// The ARP target table changes from `old` to `new`: each slave's
    /// per-target receive times move with their targets; a new target
    /// starts now (`_bond_options_arp_ip_target_set()` writes `jiffies`).
    fn arp_targets_changed(&self, old: &BondParams, new: &BondParams, rtnl: &Rtnl<'_>) {
        let Some(l) = self.slaves.get_rtnl(rtnl) else {
            return;
        };
        let now = ffi::jiffies();
        for s in l.slaves.iter() {
            s.state
                .remap_targets(&old.arp_targets, &new.arp_targets, now);
        }
    }

    /// `bond_option_slaves_set()`: "+ifname" enslaves, "-ifname" releases.
    fn opt_slaves(
        &self,
        reg: &Registered<Bond>,
        dev: &NetDev,
        s: &[u8],
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> core::result::Result<(), StateError> {
        // sscanf(buf, "%16s", command): the first word, at most 16 bytes.
        let word = scan_word(c_str(s), IFNAMSIZ).unwrap_or(&[]);
        let no_cmd = || {
            dev.bond_log(
                KernLevel::Err,
                format_args!("no command found in slaves file - use +ifname or -ifname"),
            );
            StateError::Other(EPERM)
        };
        let (cmd, ifname) = match word.split_first() {
            Some((&c, rest)) if (c == b'+' || c == b'-') && !rest.is_empty() => (c, rest),
            _ => return Err(no_cmd()),
        };
        if !dev_valid_name(ifname) {
            return Err(no_cmd());
        }
        let Some(sdev) = dev.peer_by_name(ifname, rtnl) else {
            // netdev_dbg() only; the errno is -ENODEV with the generic line.
            return Err(StateError::NoDevice);
        };
        let sdev = ffi::DevRef::new(sdev);
        let r = if cmd == b'+' {
            self.enslave(reg, dev, &sdev, extack, rtnl)
        } else {
            self.release(reg, dev, &sdev, Release::Command, rtnl)
        };
        r.map_err(StateError::Other)
    }

    /// `bond_option_active_slave_set()`.
    fn opt_active_slave(
        &self,
        dev: &NetDev,
        s: &[u8],
        rtnl: &mut Rtnl<'_>,
    ) -> core::result::Result<(), StateError> {
        // sscanf(buf, "%15s", ifname): blanks only (or "\n") clear it.
        let name = scan_word(c_str(s), IFNAMSIZ - 1).unwrap_or(&[]);
        if name.is_empty() {
            // "Clearing current active slave" (dbg), then a selection.
            self.curr_active_clear(dev, rtnl);
            self.select_active(dev, rtnl);
            return Ok(());
        }
        let Some(sdev) = dev.peer_by_name(name, rtnl) else {
            return Err(StateError::NoDevice);
        };
        let sdev = ffi::DevRef::new(sdev);
        let Some(new) = self.find(&sdev, rtnl).cloned() else {
            let msg = if sdev.facts_flags() & ffi::IFF_SLAVE != 0 {
                "Device is not our slave"
            } else {
                "Device is not bonding slave"
            };
            Self::log(dev, &sdev, KernLevel::Err, format_args!("{}", msg));
            return Err(StateError::Other(EINVAL));
        };
        if self.curr_active.holds(&new) {
            return Ok(());
        }
        let old = self.curr_active.get_rtnl(rtnl).is_some();
        if old && new.state.link() == LinkState::Up && new.dev.running_carrier() {
            self.change_active(dev, Some(&new), rtnl);
            Ok(())
        } else {
            Self::log(
                dev,
                &new.dev,
                KernLevel::Err,
                format_args!(
                    "Could not set as active slave; either {} is down or the link is down",
                    CStrDisplay(new.dev.name())
                ),
            );
            Err(StateError::Other(EINVAL))
        }
    }

    /// `bond_option_queue_id_set()`: "ifname:queue_id".
    fn opt_queue_id(
        &self,
        dev: &NetDev,
        s: &[u8],
        rtnl: &mut Rtnl<'_>,
    ) -> core::result::Result<(), StateError> {
        // netdev_dbg("invalid input for queue_id set") only, and -EPERM.
        let invalid = || StateError::Other(EPERM);
        let s = match s.iter().position(|&c| c == 0) {
            Some(end) => &s[..end],
            None => s,
        };
        let colon = s.iter().position(|&c| c == b':').ok_or_else(invalid)?;
        let (name, rest) = (&s[..colon], &s[colon + 1..]);
        // "%hd" into a u16.
        let qid = parse_hd(rest).ok_or_else(invalid)? as u16;
        if !dev_valid_name(name) || u32::from(qid) > dev.real_num_tx_queues() {
            return Err(invalid());
        }
        let sdev = dev.peer_by_name(name, rtnl).ok_or_else(invalid)?;
        let list = self
            .slaves
            .get_rtnl(rtnl)
            .map_or(&[][..], |l| &l.slaves[..]);
        let mut target: Option<&Arc<Slave>> = None;
        for sl in list {
            if *sl.dev == *sdev {
                target = Some(sl);
            } else if qid != 0 && sl.queue_id.load(Relaxed) == qid {
                return Err(invalid());
            }
        }
        target.ok_or_else(invalid)?.queue_id.store(qid, Relaxed);
        if qid != 0 {
            self.queue_ids.store(true, Relaxed);
        }
        Ok(())
    }

    /// `bond_option_prio_set()` (netlink `IFLA_BOND_SLAVE_PRIO`).
    fn opt_prio(
        &self,
        dev: &NetDev,
        slave: Option<&NetDev>,
        n: u64,
        rtnl: &mut Rtnl<'_>,
    ) -> core::result::Result<(), StateError> {
        let Some(sl) = slave.and_then(|d| self.find(d, rtnl).cloned()) else {
            return Err(StateError::Other(ENODEV));
        };
        // The value is an s32 carried in the u64.
        sl.prio.store(n as u32 as i32, Relaxed);
        if self.primary.get_rtnl(rtnl).is_some() {
            Self::log(
                dev,
                &sl.dev,
                KernLevel::Warn,
                format_args!(
                    "prio updated, but will not affect failover re-selection as primary slave have been set"
                ),
            );
        } else {
            self.select_active(dev, rtnl);
        }
        Ok(())
    }
}

/// `dev_valid_name()`.
fn dev_valid_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() < IFNAMSIZ
        && name != b"."
        && name != b".."
        && !name
            .iter()
            .any(|&c| c == b'/' || c == b':' || c == 0 || is_space(c))
}

/// `sscanf("%hd\n")`: a signed decimal short after optional whitespace.
fn parse_hd(s: &[u8]) -> Option<i16> {
    let s = &s[s.iter().position(|&c| !is_space(c))?..];
    let (neg, digits) = match s.split_first() {
        Some((b'-', r)) => (true, r),
        Some((b'+', r)) => (false, r),
        _ => (false, s),
    };
    let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in &digits[..n] {
        v = (v * 10 + i64::from(c - b'0')) % (1 << 32);
    }
    let v = if neg { -v } else { v };
    // %hd stores the conversion truncated to a short.
    Some(v as i16)
}

impl fmt::Debug for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::NoDevice => f.write_str("NoDevice"),
            StateError::Other(e) => write!(f, "{:?}", e),
        }
    }
}
