// SPDX-License-Identifier: GPL-2.0

//! Load-time module parameters: `bond_check_params()` of the C driver, with
//! its order of checks, its defaults, its resets and its messages verbatim.
//!
//! Pure logic: `core` only, unit-tested on the host.  The kernel side reads
//! the raw values (declared with `module_param` in the C glue, so the kernel's
//! own parser accepts exactly what it accepts for bonding.ko) and prints the
//! messages this file produces through [`Log`].

use core::fmt;

use crate::options::defaults as d;
use crate::options::{self, BondParams, Mode, OptId, OptInput, Parsed, MAX_ARP_TARGETS};
use crate::util::addr::{in4_pton, ip_target_ok};
use crate::util::fmt::{CStrDisplay, Ipv4Display};
pub(crate) use crate::util::level::{Level, Log};

/// The module parameters as the user gave them (C types, unvalidated).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawParams<'a> {
    /// `max_bonds`.
    pub(crate) max_bonds: i32,
    /// `tx_queues`.
    pub(crate) tx_queues: i32,
    /// `num_grat_arp` / `num_unsol_na`.
    pub(crate) num_peer_notif: i32,
    /// `miimon`.
    pub(crate) miimon: i32,
    /// `updelay`.
    pub(crate) updelay: i32,
    /// `downdelay`.
    pub(crate) downdelay: i32,
    /// `use_carrier`.
    pub(crate) use_carrier: i32,
    /// `mode`.
    pub(crate) mode: Option<&'a [u8]>,
    /// `primary`.
    pub(crate) primary: Option<&'a [u8]>,
    /// `primary_reselect`.
    pub(crate) primary_reselect: Option<&'a [u8]>,
    /// `lacp_rate`.
    pub(crate) lacp_rate: Option<&'a [u8]>,
    /// `ad_select`.
    pub(crate) ad_select: Option<&'a [u8]>,
    /// `min_links`.
    pub(crate) min_links: i32,
    /// `xmit_hash_policy`.
    pub(crate) xmit_hash_policy: Option<&'a [u8]>,
    /// `arp_interval`.
    pub(crate) arp_interval: i32,
    /// `arp_ip_target` entries (a `None` ends the list, as a NULL does in C).
    pub(crate) arp_ip_target: [Option<&'a [u8]>; MAX_ARP_TARGETS],
    /// `arp_validate`.
    pub(crate) arp_validate: Option<&'a [u8]>,
    /// `arp_all_targets`.
    pub(crate) arp_all_targets: Option<&'a [u8]>,
    /// `fail_over_mac`.
    pub(crate) fail_over_mac: Option<&'a [u8]>,
    /// `all_slaves_active`.
    pub(crate) all_slaves_active: i32,
    /// `resend_igmp`.
    pub(crate) resend_igmp: i32,
    /// `packets_per_slave`.
    pub(crate) packets_per_slave: i32,
    /// `lp_interval`.
    pub(crate) lp_interval: u32,
    /// `fast_failover` (bonding_rs only): 1 also reacts to a slave's carrier
    /// and down events at once, 0 polls only, as bonding.ko.
    pub(crate) fast_failover: i32,
}

impl Default for RawParams<'_> {
    /// The C driver's initial values of its parameter variables.
    fn default() -> Self {
        RawParams {
            max_bonds: d::MAX_BONDS,
            tx_queues: d::TX_QUEUES,
            num_peer_notif: i32::from(d::NUM_PEER_NOTIF),
            miimon: 0,
            updelay: 0,
            downdelay: 0,
            use_carrier: d::USE_CARRIER,
            mode: None,
            primary: None,
            primary_reselect: None,
            lacp_rate: None,
            ad_select: None,
            min_links: 0,
            xmit_hash_policy: None,
            arp_interval: 0,
            arp_ip_target: [None; MAX_ARP_TARGETS],
            arp_validate: None,
            arp_all_targets: None,
            fail_over_mac: None,
            all_slaves_active: 0,
            resend_igmp: d::RESEND_IGMP,
            packets_per_slave: d::PACKETS_PER_SLAVE,
            lp_interval: d::LP_INTERVAL,
            fast_failover: d::FAST_FAILOVER,
        }
    }
}

/// The outcome of a successful check: module-wide values and the template
/// every new bond copies (`bonding_defaults`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Checked {
    /// Number of bonds to create at load.
    pub(crate) max_bonds: i32,
    /// Parameters of every new bond.
    pub(crate) bond: BondParams,
    /// Event-driven failover (`fast_failover=1`, the default).
    pub(crate) fast_failover: bool,
}

/// Why the load fails (always `-EINVAL` in the C driver).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Invalid;

/// `bond_opt_parse()` of option `id` (no mode or state dependency: the C
/// driver's check calls the parser directly), then the option's setter: the
/// parameter is set through the table, to a value the table accepts.
/// `false` when the table refuses it.
fn set(p: &mut BondParams, id: OptId, input: OptInput<'_>) -> bool {
    let o = options::get(id);
    o.parse(input)
        .is_some_and(|v| o.apply(p, Parsed::Value(v)).is_ok())
}

/// [`set`] with a string parameter (`bond_opt_initstr`).
fn set_str(p: &mut BondParams, id: OptId, s: &[u8]) -> bool {
    set(p, id, OptInput::Str(s))
}

/// [`set`] with an int parameter (`bond_opt_initval`: widened to u64,
/// sign-extended, so a negative value is out of every range).
fn set_int(p: &mut BondParams, id: OptId, v: i32) -> bool {
    set(p, id, OptInput::Num(i64::from(v) as u64))
}

/// The range of option `id`'s table, for the messages.
fn range(id: OptId) -> (u64, u64) {
    options::get(id).range().unwrap_or((0, 0))
}

/// The "ARP monitoring set to ..." line, with the C driver's quirk of
/// printing the first `count` raw strings of `arp_ip_target`.
struct ArpInfo<'a> {
    interval: i32,
    validate: &'static str,
    count: usize,
    targets: &'a [Option<&'a [u8]>; MAX_ARP_TARGETS],
}

impl fmt::Display for ArpInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ARP monitoring set to {} ms, validate {}, with {} target(s):",
            self.interval, self.validate, self.count
        )?;
        for t in self.targets.iter().take(self.count) {
            write!(f, " {}", CStrDisplay(t.unwrap_or(b"(null)")))?;
        }
        Ok(())
    }
}

/// `bond_check_params()`.
pub(crate) fn check(raw: &RawParams<'_>, log: &mut dyn Log) -> Result<Checked, Invalid> {
    let mut r = *raw;
    let mut p = BondParams::default();

    // bonding_rs's own parameter first: refusing it leaves no other message.
    if !matches!(r.fast_failover, 0 | 1) {
        log.log(
            Level::Err,
            format_args!(
                "Error: fast_failover must be 0 (poll only, as bonding.ko) or 1 (also react to carrier events at once), not {}",
                r.fast_failover
            ),
        );
        return Err(Invalid);
    }

    if let Some(s) = r.mode {
        if !set_str(&mut p, OptId::Mode, s) {
            log.log(
                Level::Err,
                format_args!("Error: Invalid bonding mode \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
    }
    let mode = p.mode;

    if let Some(s) = r.xmit_hash_policy {
        if matches!(
            mode,
            Mode::RoundRobin | Mode::ActiveBackup | Mode::Broadcast
        ) {
            log.log(
                Level::Info,
                format_args!(
                    "xmit_hash_policy param is irrelevant in mode {}",
                    mode.long_name()
                ),
            );
        } else if !set_str(&mut p, OptId::XmitHash, s) {
            log.log(
                Level::Err,
                format_args!("Error: Invalid xmit_hash_policy \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
    }

    if let Some(s) = r.lacp_rate {
        if mode != Mode::Ieee8023ad {
            log.log(
                Level::Info,
                format_args!("lacp_rate param is irrelevant in mode {}", mode.long_name()),
            );
        } else if !set_str(&mut p, OptId::LacpRate, s) {
            log.log(
                Level::Err,
                format_args!("Error: Invalid lacp rate \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
    }

    if let Some(s) = r.ad_select {
        if !set_str(&mut p, OptId::AdSelect, s) {
            log.log(
                Level::Err,
                format_args!("Error: Invalid ad_select \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
        if mode != Mode::Ieee8023ad {
            log.log(
                Level::Warn,
                format_args!("ad_select param only affects 802.3ad mode"),
            );
        }
    }

    if r.max_bonds < 0 {
        log.log(
            Level::Warn,
            format_args!(
                "Warning: max_bonds ({}) not in range {}-{}, so it was reset to BOND_DEFAULT_MAX_BONDS ({})",
                r.max_bonds,
                0,
                i32::MAX,
                d::MAX_BONDS
            ),
        );
        r.max_bonds = d::MAX_BONDS;
    }

    for (name, val) in [
        ("miimon", &mut r.miimon),
        ("updelay", &mut r.updelay),
        ("downdelay", &mut r.downdelay),
    ] {
        if *val < 0 {
            log.log(
                Level::Warn,
                format_args!(
                    "Warning: {} module parameter ({}), not in range 0-{}, so it was reset to 0",
                    name,
                    *val,
                    i32::MAX
                ),
            );
            *val = 0;
        }
    }

    if r.use_carrier != d::USE_CARRIER {
        log.log(
            Level::Err,
            format_args!("Error: invalid use_carrier parameter ({})", r.use_carrier),
        );
        return Err(Invalid);
    }

    if !set_int(&mut p, OptId::NumPeerNotif, r.num_peer_notif) {
        let (lo, hi) = range(OptId::NumPeerNotif);
        log.log(
            Level::Warn,
            format_args!(
                "Warning: num_grat_arp/num_unsol_na ({}) not in range {}-{} so it was reset to {}",
                r.num_peer_notif,
                lo,
                hi,
                d::NUM_PEER_NOTIF
            ),
        );
        p.num_peer_notif = d::NUM_PEER_NOTIF;
    }

    if !mode.uses_arp() && r.miimon == 0 {
        log.log(
            Level::Warn,
            format_args!("Warning: miimon must be specified, otherwise bonding will not detect link failure, speed and duplex which are essential for 802.3ad operation"),
        );
        log.log(Level::Warn, format_args!("Forcing miimon to 100msec"));
        r.miimon = d::MIIMON;
    }

    if !d::TX_QUEUES_RANGE.contains(&r.tx_queues) {
        log.log(
            Level::Warn,
            format_args!(
                "Warning: tx_queues ({}) should be between {} and {}, resetting to {}",
                r.tx_queues,
                d::TX_QUEUES_RANGE.start(),
                d::TX_QUEUES_RANGE.end(),
                d::TX_QUEUES
            ),
        );
        r.tx_queues = d::TX_QUEUES;
    }

    // all_slaves_active's table is "off" 0 and "on" 1, no range.
    if !set_int(&mut p, OptId::AllSlavesActive, r.all_slaves_active) {
        log.log(
            Level::Warn,
            format_args!(
                "Warning: all_slaves_active module parameter ({}), not of valid value (0/1), so it was set to 0",
                r.all_slaves_active
            ),
        );
        p.all_slaves_active = 0;
    }

    if !set_int(&mut p, OptId::ResendIgmp, r.resend_igmp) {
        let (lo, hi) = range(OptId::ResendIgmp);
        log.log(
            Level::Warn,
            format_args!(
                "Warning: resend_igmp ({}) should be between {} and {}, resetting to {}",
                r.resend_igmp,
                lo,
                hi,
                d::RESEND_IGMP
            ),
        );
        p.resend_igmp = d::RESEND_IGMP;
    }

    if !set_int(&mut p, OptId::PacketsPerSlave, r.packets_per_slave) {
        let (lo, hi) = range(OptId::PacketsPerSlave);
        log.log(
            Level::Warn,
            format_args!(
                "Warning: packets_per_slave ({}) should be between {} and {} resetting to {}",
                r.packets_per_slave,
                lo,
                hi,
                d::PACKETS_PER_SLAVE
            ),
        );
        p.packets_per_slave = d::PACKETS_PER_SLAVE;
    }

    if mode == Mode::Alb {
        log.log(
            Level::Notice,
            format_args!(
                "In ALB mode you might experience client disconnections upon reconnection of a link if the bonding module updelay parameter ({} msec) is incompatible with the forwarding delay time of the switch",
                r.updelay
            ),
        );
    }

    if r.miimon == 0 {
        if r.updelay != 0 || r.downdelay != 0 {
            log.log(
                Level::Warn,
                format_args!(
                    "Warning: miimon module parameter not set and updelay ({}) or downdelay ({}) module parameter is set; updelay and downdelay have no effect unless miimon is set",
                    r.updelay, r.downdelay
                ),
            );
        }
    } else {
        if r.arp_interval != 0 {
            log.log(
                Level::Warn,
                format_args!(
                    "Warning: miimon ({}) and arp_interval ({}) can't be used simultaneously, disabling ARP monitoring",
                    r.miimon, r.arp_interval
                ),
            );
            r.arp_interval = 0;
        }
        // miimon > 0 here.  Checked division keeps a panic path out of the
        // module's init: objtool (7.3) does not know that
        // `panic_const_div_by_zero` does not return, and warns that init
        // falls through into the next function.
        let m = r.miimon;
        for (name, val) in [("updelay", &mut r.updelay), ("downdelay", &mut r.downdelay)] {
            let ticks = val.checked_div(m).unwrap_or(0);
            if val.checked_rem(m).unwrap_or(0) != 0 {
                log.log(
                    Level::Warn,
                    format_args!(
                        "Warning: {} ({}) is not a multiple of miimon ({}), {} rounded to {} ms",
                        name,
                        *val,
                        r.miimon,
                        name,
                        ticks * m
                    ),
                );
            }
            *val = ticks;
        }
    }

    if r.arp_interval < 0 {
        log.log(
            Level::Warn,
            format_args!(
                "Warning: arp_interval module parameter ({}), not in range 0-{}, so it was reset to 0",
                r.arp_interval,
                i32::MAX
            ),
        );
        r.arp_interval = 0;
    }

    let mut arp_count = 0usize;
    for s in r.arp_ip_target.iter().map_while(|t| *t) {
        match in4_pton(s).filter(|ip| ip_target_ok(*ip)) {
            None => {
                log.log(
                    Level::Warn,
                    format_args!(
                        "Warning: bad arp_ip_target module parameter ({}), ARP monitoring will not be performed",
                        CStrDisplay(s)
                    ),
                );
                r.arp_interval = 0;
            }
            Some(ip) => {
                if p.arp_targets[..arp_count].contains(&ip) {
                    log.log(
                        Level::Warn,
                        format_args!(
                            "Warning: duplicate address {} in arp_ip_target, skipping",
                            Ipv4Display(ip)
                        ),
                    );
                } else {
                    p.arp_targets[arp_count] = ip;
                    arp_count += 1;
                }
            }
        }
    }

    if r.arp_interval != 0 && arp_count == 0 {
        log.log(
            Level::Warn,
            format_args!(
                "Warning: arp_interval module parameter ({}) specified without providing an arp_ip_target parameter, arp_interval was reset to 0",
                r.arp_interval
            ),
        );
        r.arp_interval = 0;
    }

    if let Some(s) = r.arp_validate {
        if r.arp_interval == 0 {
            log.log(
                Level::Err,
                format_args!("arp_validate requires arp_interval"),
            );
            return Err(Invalid);
        }
        if !set_str(&mut p, OptId::ArpValidate, s) {
            log.log(
                Level::Err,
                format_args!("Error: invalid arp_validate \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
    }

    if let Some(s) = r.arp_all_targets {
        if !set_str(&mut p, OptId::ArpAllTargets, s) {
            // Not fatal in the C driver: logged, then the default.
            log.log(
                Level::Err,
                format_args!(
                    "Error: invalid arp_all_targets_value \"{}\"",
                    CStrDisplay(s)
                ),
            );
        }
    }

    if r.miimon != 0 {
        log.log(
            Level::Info,
            format_args!("MII link monitoring set to {} ms", r.miimon),
        );
    } else if r.arp_interval != 0 {
        let info = ArpInfo {
            interval: r.arp_interval,
            validate: p.arp_validate.name(),
            count: arp_count,
            targets: &r.arp_ip_target,
        };
        log.log(Level::Info, format_args!("{}", info));
    } else if r.max_bonds != 0 {
        log.log(
            Level::Debug,
            format_args!("Warning: either miimon or arp_interval and arp_ip_target module parameters must be specified, otherwise bonding will not detect link failures! see bonding.txt for details"),
        );
    }

    let mut primary = r.primary;
    if let Some(s) = primary {
        if !mode.uses_primary() {
            log.log(
                Level::Warn,
                format_args!(
                    "Warning: {} primary device specified but has no effect in {} mode",
                    CStrDisplay(s),
                    mode.long_name()
                ),
            );
            primary = None;
        }
    }

    if let (Some(_), Some(s)) = (primary, r.primary_reselect) {
        if !set_str(&mut p, OptId::PrimaryReselect, s) {
            log.log(
                Level::Err,
                format_args!("Error: Invalid primary_reselect \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
    }

    if let Some(s) = r.fail_over_mac {
        if !set_str(&mut p, OptId::FailOverMac, s) {
            log.log(
                Level::Err,
                format_args!("Error: invalid fail_over_mac \"{}\"", CStrDisplay(s)),
            );
            return Err(Invalid);
        }
        if mode != Mode::ActiveBackup {
            log.log(
                Level::Warn,
                format_args!("Warning: fail_over_mac only affects active-backup mode"),
            );
        }
    }

    // Only 0 is refused: a uint above INT_MAX, out of lp_interval's table,
    // passes this check in C too.
    if r.lp_interval == 0 {
        let (lo, hi) = range(OptId::LpInterval);
        log.log(
            Level::Warn,
            format_args!(
                "Warning: ip_interval must be between {} and {}, so it was reset to {}",
                lo,
                hi,
                d::LP_INTERVAL
            ),
        );
        r.lp_interval = d::LP_INTERVAL;
    }

    // Both are in 0..=INT_MAX by now and at most one is non-zero, so
    // neither option's reset of the other monitor changes anything and
    // neither set can fail.
    let _ = set_int(&mut p, OptId::Miimon, r.miimon);
    let _ = set_int(&mut p, OptId::ArpInterval, r.arp_interval);
    if let Some(s) = primary {
        // Cannot fail: the setter truncates like strscpy_pad.
        let _ = options::get(OptId::Primary).apply(&mut p, Parsed::Raw(s));
    }
    // Not through the options: the delays are in ticks already (and kept in
    // ms when miimon is 0, as the C driver keeps them, which the delay
    // options refuse); tx_queues is no option; min_links is an unsigned int
    // in struct bond_params (a negative parameter wraps) and lp_interval a
    // uint above INT_MAX, both out of their tables' ranges.
    p.updelay = r.updelay;
    p.downdelay = r.downdelay;
    p.tx_queues = r.tx_queues;
    p.min_links = r.min_links as u32;
    p.lp_interval = r.lp_interval;
    Ok(Checked {
        max_bonds: r.max_bonds,
        bond: p,
        fast_failover: r.fast_failover == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::values::ArpAllTargets;
    use crate::options::{ArpValidate, FailOverMac, PrimaryReselect, XmitHashPolicy};
    use std::string::String;
    use std::vec;
    use std::vec::Vec;

    #[derive(Default)]
    struct VecLog(Vec<(Level, String)>);
    impl Log for VecLog {
        fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
            self.0.push((level, std::format!("{}", args)));
        }
    }

    fn run(raw: RawParams<'_>) -> (Result<Checked, Invalid>, Vec<(Level, String)>) {
        let mut l = VecLog::default();
        let r = check(&raw, &mut l);
        (r, l.0)
    }

    #[test]
    fn defaults_load() {
        let (r, log) = run(RawParams::default());
        let c = r.unwrap();
        assert_eq!(c.max_bonds, 1);
        assert_eq!(c.bond, BondParams::default());
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].0, Level::Debug);
    }

    #[test]
    fn invalid_mode_fails() {
        let (r, log) = run(RawParams {
            mode: Some(b"bogus"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        assert_eq!(
            log,
            vec![(Level::Err, "Error: Invalid bonding mode \"bogus\"".into())]
        );
        let (r, _) = run(RawParams {
            mode: Some(b"7"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        let (r, _) = run(RawParams {
            mode: Some(b"1"),
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.mode, Mode::ActiveBackup);
    }

    #[test]
    fn miimon_and_delays() {
        let (r, log) = run(RawParams {
            mode: Some(b"active-backup"),
            miimon: 100,
            updelay: 250,
            downdelay: -5,
            ..Default::default()
        });
        let c = r.unwrap();
        assert_eq!(c.bond.updelay, 2);
        assert_eq!(c.bond.downdelay, 0);
        let msgs: Vec<&str> = log.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "Warning: downdelay module parameter (-5), not in range 0-2147483647, so it was reset to 0",
                "Warning: updelay (250) is not a multiple of miimon (100), updelay rounded to 200 ms",
                "MII link monitoring set to 100 ms",
            ]
        );
    }

    #[test]
    fn fast_failover_values() {
        let (r, _) = run(RawParams::default());
        assert!(r.unwrap().fast_failover);
        let (r, _) = run(RawParams {
            fast_failover: 0,
            ..Default::default()
        });
        assert!(!r.unwrap().fast_failover);
        let (r, log) = run(RawParams {
            fast_failover: 2,
            miimon: -1,
            ..Default::default()
        });
        assert_eq!(r.err(), Some(Invalid));
        assert_eq!(log.len(), 1, "only the fast_failover error: {log:?}");
        assert!(log[0].1.contains("fast_failover"));
    }

    #[test]
    fn resets() {
        let (r, log) = run(RawParams {
            max_bonds: -1,
            tx_queues: 0,
            num_peer_notif: 256,
            all_slaves_active: 2,
            resend_igmp: -1,
            packets_per_slave: 65536,
            lp_interval: 0,
            ..Default::default()
        });
        let c = r.unwrap();
        assert_eq!(c.max_bonds, 1);
        assert_eq!(c.bond.tx_queues, 16);
        assert_eq!(c.bond.num_peer_notif, 1);
        assert_eq!(c.bond.all_slaves_active, 0);
        assert_eq!(c.bond.resend_igmp, 1);
        assert_eq!(c.bond.packets_per_slave, 1);
        assert_eq!(c.bond.lp_interval, 1);
        assert_eq!(log.iter().filter(|(l, _)| *l == Level::Warn).count(), 7);
    }

    #[test]
    fn reset_messages_verbatim() {
        // The ranges and defaults in these lines come from the tables and
        // options/defaults.rs; the text is bond_check_params()'s.
        let (_, log) = run(RawParams {
            tx_queues: 256,
            num_peer_notif: -1,
            all_slaves_active: -1,
            resend_igmp: 256,
            packets_per_slave: -1,
            lp_interval: 0,
            ..Default::default()
        });
        let msgs: Vec<&str> = log
            .iter()
            .filter(|(l, _)| *l == Level::Warn)
            .map(|(_, m)| m.as_str())
            .collect();
        assert_eq!(
            msgs,
            [
                "Warning: num_grat_arp/num_unsol_na (-1) not in range 0-255 so it was reset to 1",
                "Warning: tx_queues (256) should be between 1 and 255, resetting to 16",
                "Warning: all_slaves_active module parameter (-1), not of valid value (0/1), so it was set to 0",
                "Warning: resend_igmp (256) should be between 0 and 255, resetting to 1",
                "Warning: packets_per_slave (-1) should be between 0 and 65535 resetting to 1",
                "Warning: ip_interval must be between 1 and 2147483647, so it was reset to 1",
            ]
        );
        let (r, log) = run(RawParams {
            max_bonds: -3,
            ..Default::default()
        });
        assert_eq!(r.unwrap().max_bonds, 1);
        assert_eq!(
            log[0].1,
            "Warning: max_bonds (-3) not in range 0-2147483647, so it was reset to BOND_DEFAULT_MAX_BONDS (1)"
        );
    }

    #[test]
    fn values_set_through_the_table() {
        let mut t: [Option<&[u8]>; MAX_ARP_TARGETS] = [None; MAX_ARP_TARGETS];
        t[0] = Some(b"10.0.0.1");
        let (r, _) = run(RawParams {
            mode: Some(b"balance-xor"),
            xmit_hash_policy: Some(b"encap3+4"),
            arp_interval: 300,
            arp_ip_target: t,
            arp_validate: Some(b"5"),
            arp_all_targets: Some(b"all"),
            fail_over_mac: Some(b"follow"),
            ad_select: Some(b"count"),
            num_peer_notif: 7,
            resend_igmp: 0,
            all_slaves_active: 1,
            packets_per_slave: 0,
            ..Default::default()
        });
        let b = r.unwrap().bond;
        assert_eq!(b.mode, Mode::Xor);
        assert_eq!(b.xmit_policy, XmitHashPolicy::Encap34);
        assert_eq!(b.arp_interval, 300);
        assert_eq!(b.miimon, 0);
        assert_eq!(b.arp_validate, ArpValidate::FilterActive);
        assert_eq!(b.arp_all_targets, ArpAllTargets::All);
        assert_eq!(b.fail_over_mac, FailOverMac::Follow);
        assert_eq!(b.ad_select, crate::options::values::AdSelect::Count);
        assert_eq!(
            (
                b.num_peer_notif,
                b.resend_igmp,
                b.all_slaves_active,
                b.packets_per_slave
            ),
            (7, 0, 1, 0)
        );
        let (r, _) = run(RawParams {
            mode: Some(b"802.3ad"),
            lacp_rate: Some(b"fast"),
            ..Default::default()
        });
        let b = r.unwrap().bond;
        assert_eq!(b.lacp_rate, crate::options::values::LacpRate::Fast);
        assert_eq!(b.miimon, 100);
    }

    #[test]
    fn use_carrier_must_be_one() {
        let (r, log) = run(RawParams {
            use_carrier: 0,
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        assert_eq!(log[0].1, "Error: invalid use_carrier parameter (0)");
    }

    #[test]
    fn lacp_modes_force_miimon() {
        let (r, log) = run(RawParams {
            mode: Some(b"802.3ad"),
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.miimon, 100);
        assert_eq!(log[1].1, "Forcing miimon to 100msec");
    }

    #[test]
    fn arp_targets() {
        let mut t: [Option<&[u8]>; MAX_ARP_TARGETS] = [None; MAX_ARP_TARGETS];
        t[0] = Some(b"10.0.0.1");
        t[1] = Some(b"10.0.0.1");
        t[2] = Some(b"10.0.0.2");
        let (r, log) = run(RawParams {
            arp_interval: 100,
            arp_ip_target: t,
            ..Default::default()
        });
        let c = r.unwrap();
        assert_eq!(c.bond.arp_interval, 100);
        assert_eq!(c.bond.arp_targets().count(), 2);
        assert_eq!(
            log[0].1,
            "Warning: duplicate address 10.0.0.1 in arp_ip_target, skipping"
        );
        // The C quirk: the first `count` raw strings are printed.
        assert_eq!(
            log[1].1,
            "ARP monitoring set to 100 ms, validate none, with 2 target(s): 10.0.0.1 10.0.0.1"
        );

        t[1] = Some(b"255.255.255.255");
        let (r, log) = run(RawParams {
            arp_interval: 100,
            arp_ip_target: t,
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.arp_interval, 0);
        assert!(log[0]
            .1
            .starts_with("Warning: bad arp_ip_target module parameter (255.255.255.255)"));

        let (r, log) = run(RawParams {
            arp_interval: 100,
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.arp_interval, 0);
        assert!(log[0]
            .1
            .contains("specified without providing an arp_ip_target"));
    }

    #[test]
    fn arp_validate_needs_interval() {
        let (r, log) = run(RawParams {
            arp_validate: Some(b"all"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        assert_eq!(log[0].1, "arp_validate requires arp_interval");
        let mut t: [Option<&[u8]>; MAX_ARP_TARGETS] = [None; MAX_ARP_TARGETS];
        t[0] = Some(b"10.0.0.1");
        let (r, _) = run(RawParams {
            arp_interval: 100,
            arp_ip_target: t,
            arp_validate: Some(b"bogus"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        let (r, _) = run(RawParams {
            arp_interval: 100,
            arp_ip_target: t,
            arp_validate: Some(b"filter_backup"),
            arp_all_targets: Some(b"bogus"),
            ..Default::default()
        });
        let c = r.unwrap();
        assert_eq!(c.bond.arp_validate, ArpValidate::FilterBackup);
        assert_eq!(c.bond.arp_all_targets, ArpAllTargets::Any);
    }

    #[test]
    fn primary_handling() {
        let (r, log) = run(RawParams {
            primary: Some(b"eth0"),
            primary_reselect: Some(b"bogus"),
            ..Default::default()
        });
        // balance-rr: primary ignored, so primary_reselect is never parsed.
        let c = r.unwrap();
        assert_eq!(c.bond.primary_name(), None);
        assert!(log.iter().any(|(_, m)| m.contains(
            "eth0 primary device specified but has no effect in load balancing (round-robin) mode"
        )));
        let (r, _) = run(RawParams {
            mode: Some(b"active-backup"),
            primary: Some(b"eth0"),
            primary_reselect: Some(b"bogus"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        let (r, _) = run(RawParams {
            mode: Some(b"active-backup"),
            primary: Some(b"a-very-long-interface-name"),
            primary_reselect: Some(b"failure"),
            ..Default::default()
        });
        let c = r.unwrap();
        assert_eq!(c.bond.primary_name(), Some(&b"a-very-long-int"[..]));
        assert_eq!(c.bond.primary_reselect, PrimaryReselect::Failure);
    }

    #[test]
    fn xmit_hash_and_fail_over_mac() {
        let (r, log) = run(RawParams {
            xmit_hash_policy: Some(b"bogus"),
            ..Default::default()
        });
        assert!(r.is_ok());
        assert_eq!(
            log[0].1,
            "xmit_hash_policy param is irrelevant in mode load balancing (round-robin)"
        );
        let (r, _) = run(RawParams {
            mode: Some(b"2"),
            xmit_hash_policy: Some(b"bogus"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
        let (r, _) = run(RawParams {
            mode: Some(b"2"),
            xmit_hash_policy: Some(b"layer3+4"),
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.xmit_policy, XmitHashPolicy::Layer34);
        let (r, log) = run(RawParams {
            fail_over_mac: Some(b"active"),
            ..Default::default()
        });
        assert_eq!(r.unwrap().bond.fail_over_mac, FailOverMac::Active);
        assert!(log.iter().any(|(l, m)| *l == Level::Warn
            && m == "Warning: fail_over_mac only affects active-backup mode"));
        let (r, _) = run(RawParams {
            fail_over_mac: Some(b"3"),
            ..Default::default()
        });
        assert_eq!(r, Err(Invalid));
    }
}
