// SPDX-License-Identifier: GPL-2.0

//! The text of the sysfs files of a bond, `/sys/class/net/<bond>/bonding/`
//! (`bond_sysfs.c`), and of a slave, `/sys/class/net/<slave>/bonding_slave/`
//! (`bond_sysfs_slave.c`), with the C driver's format strings.
//!
//! [`show`] writes a bond's file from its parameters and a [`BondView`] the
//! bond core implements (the slaves, the active and primary slave, the
//! carrier, 802.3ad); [`slave_show`] a slave's file from a [`SlaveView`].
//! The lists (`slaves`, `queue_id`) follow the C driver's page arithmetic:
//! `"++more++"` when the page fills up.

use core::fmt::{self, Write};

use super::table::{get, OptId, OPTIONS};
use super::values::Mode;
use super::BondParams;
use crate::slave::{Activity, LinkState};
use crate::util::fmt::{CStrDisplay, HexColonDisplay, Ipv4Display, MacDisplay};

/// `PAGE_SIZE`: the buffer of a sysfs file.
const PAGE_SIZE: usize = 4096;
/// `IFNAMSIZ`.
const IFNAMSIZ: usize = 16;

/// The numbers of the bond's read-only sysfs files in [`SysfsFile::raw`]
/// and [`SysfsFile::from_raw`]: after the option files, numbered by their
/// [`OptId`] (0..=31), from 64 on in `per_bond_attrs[]` order.  This is the
/// one place they are defined.
pub(crate) mod file_no {
    /// `mii_status`.
    pub(crate) const MII_STATUS: u32 = 64;
    /// `ad_aggregator`.
    pub(crate) const AD_AGGREGATOR: u32 = 65;
    /// `ad_num_ports`.
    pub(crate) const AD_NUM_PORTS: u32 = 66;
    /// `ad_actor_key`.
    pub(crate) const AD_ACTOR_KEY: u32 = 67;
    /// `ad_partner_key`.
    pub(crate) const AD_PARTNER_KEY: u32 = 68;
    /// `ad_partner_mac`.
    pub(crate) const AD_PARTNER_MAC: u32 = 69;
}

/// A file of the bond's `bonding` sysfs group (`per_bond_attrs[]`).
///
/// Every option of `bond_opts[]` up to `arp_missed_max` (`OptId` 0..=31)
/// has a file of its name; `ns_ip6_target`, `prio`, `coupled_control`,
/// `broadcast_neighbor`, `actor_port_prio` and `lacp_strict` have none in
/// the C driver (netlink only).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SysfsFile {
    /// The file of an option (mode 0644: shown here, stored through the
    /// option table).
    Opt(OptId),
    /// `mii_status` (0444).
    MiiStatus,
    /// `ad_aggregator` (0444).
    AdAggregator,
    /// `ad_num_ports` (0444).
    AdNumPorts,
    /// `ad_actor_key` (0444).
    AdActorKey,
    /// `ad_partner_key` (0444).
    AdPartnerKey,
    /// `ad_partner_mac` (0444).
    AdPartnerMac,
}

/// The option files: `OptId` 0 to this one.
const LAST_OPTION_FILE: OptId = OptId::MissedMax;

impl SysfsFile {
    /// The files in `per_bond_attrs[]` order.
    pub(crate) const ALL: [SysfsFile; 38] = {
        use OptId as O;
        use SysfsFile::Opt;
        [
            Opt(O::Slaves),
            Opt(O::Mode),
            Opt(O::FailOverMac),
            Opt(O::ArpValidate),
            Opt(O::ArpAllTargets),
            Opt(O::ArpInterval),
            Opt(O::ArpTargets),
            Opt(O::DownDelay),
            Opt(O::UpDelay),
            Opt(O::PeerNotifDelay),
            Opt(O::LacpActive),
            Opt(O::LacpRate),
            Opt(O::AdSelect),
            Opt(O::XmitHash),
            Opt(O::NumPeerNotifAlias),
            Opt(O::NumPeerNotif),
            Opt(O::Miimon),
            Opt(O::Primary),
            Opt(O::PrimaryReselect),
            Opt(O::UseCarrier),
            Opt(O::ActiveSlave),
            SysfsFile::MiiStatus,
            SysfsFile::AdAggregator,
            SysfsFile::AdNumPorts,
            SysfsFile::AdActorKey,
            SysfsFile::AdPartnerKey,
            SysfsFile::AdPartnerMac,
            Opt(O::QueueId),
            Opt(O::AllSlavesActive),
            Opt(O::ResendIgmp),
            Opt(O::MinLinks),
            Opt(O::LpInterval),
            Opt(O::PacketsPerSlave),
            Opt(O::TlbDynamicLb),
            Opt(O::AdActorSysPrio),
            Opt(O::AdActorSystem),
            Opt(O::AdUserPortKey),
            Opt(O::MissedMax),
        ]
    };

    /// The file numbered `n`: an option's [`OptId`] number for an option
    /// file, [`file_no`] for the others; `None` for any other number
    /// (including the options without a file).
    pub(crate) fn from_raw(n: u32) -> Option<SysfsFile> {
        Some(match n {
            file_no::MII_STATUS => SysfsFile::MiiStatus,
            file_no::AD_AGGREGATOR => SysfsFile::AdAggregator,
            file_no::AD_NUM_PORTS => SysfsFile::AdNumPorts,
            file_no::AD_ACTOR_KEY => SysfsFile::AdActorKey,
            file_no::AD_PARTNER_KEY => SysfsFile::AdPartnerKey,
            file_no::AD_PARTNER_MAC => SysfsFile::AdPartnerMac,
            n if n <= LAST_OPTION_FILE as u32 => SysfsFile::Opt(OPTIONS[n as usize].id),
            _ => return None,
        })
    }

    /// The file's number (see [`SysfsFile::from_raw`]).
    pub(crate) fn raw(self) -> u32 {
        match self {
            SysfsFile::Opt(id) => id as u32,
            SysfsFile::MiiStatus => file_no::MII_STATUS,
            SysfsFile::AdAggregator => file_no::AD_AGGREGATOR,
            SysfsFile::AdNumPorts => file_no::AD_NUM_PORTS,
            SysfsFile::AdActorKey => file_no::AD_ACTOR_KEY,
            SysfsFile::AdPartnerKey => file_no::AD_PARTNER_KEY,
            SysfsFile::AdPartnerMac => file_no::AD_PARTNER_MAC,
        }
    }

    /// The file name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SysfsFile::Opt(id) => get(id).name,
            SysfsFile::MiiStatus => "mii_status",
            SysfsFile::AdAggregator => "ad_aggregator",
            SysfsFile::AdNumPorts => "ad_num_ports",
            SysfsFile::AdActorKey => "ad_actor_key",
            SysfsFile::AdPartnerKey => "ad_partner_key",
            SysfsFile::AdPartnerMac => "ad_partner_mac",
        }
    }

    /// The mode bits: 0644 for an option's file, 0444 for the others.
    pub(crate) fn mode(self) -> u16 {
        match self {
            SysfsFile::Opt(_) => 0o644,
            _ => 0o444,
        }
    }

    /// The option a write to the file sets (`bonding_sysfs_store_option`),
    /// `None` for a read-only file.
    pub(crate) fn option(self) -> Option<OptId> {
        match self {
            SysfsFile::Opt(id) => Some(id),
            _ => None,
        }
    }
}

/// `struct ad_info` (`bond_3ad_get_active_agg_info()`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct AdInfo {
    /// `aggregator_id`.
    pub(crate) aggregator_id: u16,
    /// `ports`.
    pub(crate) ports: u16,
    /// `actor_key`.
    pub(crate) actor_key: u16,
    /// `partner_key`.
    pub(crate) partner_key: u16,
    /// `partner_system`.
    pub(crate) partner_system: [u8; 6],
}

/// What [`show`] reads of the bond beyond its parameters; the bond core
/// implements it over its slave list (under RCU, as the C shows read it).
pub(crate) trait BondView {
    /// Calls `f` with each slave's name and `queue_id`, in the bond's
    /// order, until `f` returns `false`.
    fn slaves(&self, f: &mut dyn FnMut(&[u8], u16) -> bool);
    /// Calls `f` with the name of `curr_active_slave`, if there is one
    /// (whatever the mode: [`show`] applies `bond_uses_primary()`).
    fn active_slave(&self, f: &mut dyn FnMut(&[u8]));
    /// Calls `f` with the name of `primary_slave`, if there is one.
    fn primary_slave(&self, f: &mut dyn FnMut(&[u8]));
    /// `netif_carrier_ok()` of the bond.
    fn carrier(&self) -> bool;
    /// `bond_3ad_get_active_agg_info()`: `None` when it fails (no active
    /// aggregator; always, while bonding_rs has no 802.3ad).
    fn ad_info(&self) -> Option<AdInfo>;
    /// `capable(CAP_NET_ADMIN)` of the reader: the 802.3ad identity files
    /// are empty without it.
    fn net_admin(&self) -> bool;
}

/// A sysfs page: what `sysfs_emit_at()` writes at offset `res`, within
/// `PAGE_SIZE - 1` bytes, with the last character held back so that
/// `buf[res-1] = '\n'` ("eat the leftover space") can replace it.
struct Page<'a> {
    w: &'a mut dyn Write,
    res: usize,
    held: Option<char>,
}

impl Page<'_> {
    /// `res += sysfs_emit_at(buf, res, ...)`: what fits of `args`.
    fn emit(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        self.write_fmt(args)
    }

    /// `res = at` past the written text: the page (zeroed by sysfs) holds
    /// NULs in between.
    fn skip_to(&mut self, at: usize) -> fmt::Result {
        while self.res < at {
            self.push('\0')?;
        }
        Ok(())
    }

    fn push(&mut self, c: char) -> fmt::Result {
        if let Some(h) = self.held.replace(c) {
            self.w.write_char(h)?;
        }
        self.res += c.len_utf8();
        Ok(())
    }

    /// `if (res) buf[res-1] = '\n';`
    fn eat_space(self) -> fmt::Result {
        match self.held {
            Some(_) => self.w.write_char('\n'),
            None => Ok(()),
        }
    }
}

impl Write for Page<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if self.res + c.len_utf8() > PAGE_SIZE - 1 {
                break;
            }
            self.push(c)?;
        }
        Ok(())
    }
}

/// `bonding_show_slaves()` / `bonding_show_queue_id()`: one item per
/// slave, "++more++ " once fewer than `room` bytes are left.
fn slave_list(
    v: &dyn BondView,
    w: &mut dyn Write,
    room: usize,
    with_queue_id: bool,
) -> fmt::Result {
    let mut page = Page {
        w,
        res: 0,
        held: None,
    };
    let mut r = Ok(());
    v.slaves(&mut |name, qid| {
        if page.res > PAGE_SIZE - room {
            // not enough space for another interface name
            if PAGE_SIZE - page.res > 10 {
                r = page.skip_to(PAGE_SIZE - 10);
            }
            r = r.and_then(|()| page.emit(format_args!("++more++ ")));
            return false;
        }
        r = if with_queue_id {
            page.emit(format_args!("{}:{} ", CStrDisplay(name), qid))
        } else {
            page.emit(format_args!("{} ", CStrDisplay(name)))
        };
        r.is_ok()
    });
    r?;
    page.eat_space()
}

/// The text of a table-valued option's file: `"%s %d\n"`, the value's
/// name and number.
fn named(w: &mut dyn Write, id: OptId, value: u8) -> fmt::Result {
    writeln!(w, "{} {}", get(id).value_name(u64::from(value)), value)
}

/// The text of the bond's sysfs file `file`, as `bond_sysfs.c` shows it.
/// Files the C driver leaves empty (a slave-less list, no active slave,
/// the 802.3ad files outside 802.3ad mode or without `CAP_NET_ADMIN`)
/// write nothing.
pub(crate) fn show(
    file: SysfsFile,
    p: &BondParams,
    v: &dyn BondView,
    w: &mut dyn Write,
) -> fmt::Result {
    let ad = p.mode == Mode::Ieee8023ad;
    let ad_admin = ad && v.net_admin();
    let id = match file {
        SysfsFile::Opt(id) => id,
        SysfsFile::MiiStatus => {
            return writeln!(w, "{}", if v.carrier() { "up" } else { "down" });
        }
        SysfsFile::AdAggregator if ad => {
            return writeln!(w, "{}", v.ad_info().map_or(0, |i| i.aggregator_id));
        }
        SysfsFile::AdNumPorts if ad => {
            return writeln!(w, "{}", v.ad_info().map_or(0, |i| i.ports));
        }
        SysfsFile::AdActorKey if ad_admin => {
            return writeln!(w, "{}", v.ad_info().map_or(0, |i| i.actor_key));
        }
        SysfsFile::AdPartnerKey if ad_admin => {
            return writeln!(w, "{}", v.ad_info().map_or(0, |i| i.partner_key));
        }
        SysfsFile::AdPartnerMac if ad_admin => {
            return match v.ad_info() {
                Some(i) => writeln!(w, "{}", MacDisplay(i.partner_system)),
                None => Ok(()),
            };
        }
        _ => return Ok(()),
    };
    match id {
        OptId::Slaves => slave_list(v, w, IFNAMSIZ, false),
        OptId::QueueId => slave_list(v, w, IFNAMSIZ + 6, true),
        OptId::Mode => named(w, id, p.mode.value()),
        OptId::XmitHash => named(w, id, p.xmit_policy.value()),
        OptId::ArpValidate => named(w, id, p.arp_validate.value()),
        OptId::ArpAllTargets => named(w, id, p.arp_all_targets.value()),
        OptId::FailOverMac => named(w, id, p.fail_over_mac.value()),
        OptId::LacpActive => named(w, id, p.lacp_active),
        OptId::LacpRate => named(w, id, p.lacp_rate.value()),
        OptId::AdSelect => named(w, id, p.ad_select.value()),
        OptId::PrimaryReselect => named(w, id, p.primary_reselect.value()),
        OptId::ArpInterval => writeln!(w, "{}", p.arp_interval),
        OptId::ArpTargets => {
            // "%pI4 " each, the last space made a newline.
            let mut first = true;
            for t in p.arp_targets() {
                if !first {
                    w.write_char(' ')?;
                }
                first = false;
                write!(w, "{}", Ipv4Display(t))?;
            }
            if first {
                Ok(())
            } else {
                w.write_char('\n')
            }
        }
        OptId::MissedMax => writeln!(w, "{}", p.missed_max),
        OptId::DownDelay => writeln!(w, "{}", p.downdelay.wrapping_mul(p.miimon)),
        OptId::UpDelay => writeln!(w, "{}", p.updelay.wrapping_mul(p.miimon)),
        OptId::PeerNotifDelay => {
            writeln!(w, "{}", p.peer_notif_delay.wrapping_mul(p.miimon))
        }
        OptId::MinLinks => writeln!(w, "{}", p.min_links),
        OptId::NumPeerNotif | OptId::NumPeerNotifAlias => writeln!(w, "{}", p.num_peer_notif),
        OptId::Miimon => writeln!(w, "{}", p.miimon),
        OptId::Primary => {
            let mut r = Ok(());
            v.primary_slave(&mut |name| r = writeln!(w, "{}", CStrDisplay(name)));
            r
        }
        OptId::UseCarrier => w.write_str("1\n"),
        OptId::ActiveSlave => {
            let mut r = Ok(());
            // bond_option_active_slave_get_rcu(): only in the modes with
            // an active slave.
            if p.mode.uses_primary() {
                v.active_slave(&mut |name| r = writeln!(w, "{}", CStrDisplay(name)));
            }
            r
        }
        OptId::AllSlavesActive => writeln!(w, "{}", p.all_slaves_active),
        OptId::ResendIgmp => writeln!(w, "{}", p.resend_igmp),
        // "%d" of the int (its range stops at INT_MAX).
        OptId::LpInterval => writeln!(w, "{}", p.lp_interval as i32),
        OptId::TlbDynamicLb => writeln!(w, "{}", p.tlb_dynamic_lb),
        // "%u" of the int.
        OptId::PacketsPerSlave => writeln!(w, "{}", p.packets_per_slave as u32),
        OptId::AdActorSysPrio if ad_admin => writeln!(w, "{}", p.ad_actor_sys_prio),
        OptId::AdActorSystem if ad_admin => writeln!(w, "{}", MacDisplay(p.ad_actor_system)),
        OptId::AdUserPortKey if ad_admin => writeln!(w, "{}", p.ad_user_port_key),
        // Outside 802.3ad or without CAP_NET_ADMIN, and the options
        // without a file.
        _ => Ok(()),
    }
}

/// A file of a slave's `bonding_slave` sysfs directory (`slave_attrs[]`),
/// numbered in that list's order; all are read-only (0444).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum SlaveAttr {
    /// `state`.
    State = 0,
    /// `mii_status`.
    MiiStatus = 1,
    /// `link_failure_count`.
    LinkFailureCount = 2,
    /// `perm_hwaddr`.
    PermHwaddr = 3,
    /// `queue_id`.
    QueueId = 4,
    /// `ad_aggregator_id`.
    AdAggregatorId = 5,
    /// `ad_actor_oper_port_state`.
    AdActorOperPortState = 6,
    /// `ad_partner_oper_port_state`.
    AdPartnerOperPortState = 7,
}

impl SlaveAttr {
    /// The files in `slave_attrs[]` order.
    pub(crate) const ALL: [SlaveAttr; 8] = [
        SlaveAttr::State,
        SlaveAttr::MiiStatus,
        SlaveAttr::LinkFailureCount,
        SlaveAttr::PermHwaddr,
        SlaveAttr::QueueId,
        SlaveAttr::AdAggregatorId,
        SlaveAttr::AdActorOperPortState,
        SlaveAttr::AdPartnerOperPortState,
    ];

    /// The file numbered `n`.
    pub(crate) fn from_raw(n: u32) -> Option<SlaveAttr> {
        SlaveAttr::ALL.get(n as usize).copied()
    }

    /// The file name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SlaveAttr::State => "state",
            SlaveAttr::MiiStatus => "mii_status",
            SlaveAttr::LinkFailureCount => "link_failure_count",
            SlaveAttr::PermHwaddr => "perm_hwaddr",
            SlaveAttr::QueueId => "queue_id",
            SlaveAttr::AdAggregatorId => "ad_aggregator_id",
            SlaveAttr::AdActorOperPortState => "ad_actor_oper_port_state",
            SlaveAttr::AdPartnerOperPortState => "ad_partner_oper_port_state",
        }
    }

    /// The mode bits (`__ATTR_RO`).
    pub(crate) fn mode(self) -> u16 {
        0o444
    }
}

/// A slave's 802.3ad port, when the bond is in 802.3ad mode and the port
/// has an aggregator.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SlaveAd {
    /// `aggregator->aggregator_identifier`.
    pub(crate) aggregator_id: u16,
    /// `port->actor_oper_port_state`.
    pub(crate) actor_oper_port_state: u8,
    /// `port->partner_oper.port_state`.
    pub(crate) partner_oper_port_state: u8,
}

/// What [`slave_show`] reads of a slave.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SlaveView<'a> {
    /// `bond_slave_state()`: `slave->backup`.
    pub(crate) state: Activity,
    /// `slave->link`.
    pub(crate) link: LinkState,
    /// `slave->link_failure_count`.
    pub(crate) link_failure_count: u32,
    /// `slave->perm_hwaddr`, `dev->addr_len` bytes of it.
    pub(crate) perm_hwaddr: &'a [u8],
    /// `slave->queue_id`.
    pub(crate) queue_id: u16,
    /// The 802.3ad port (`None`: not in 802.3ad mode, or no aggregator).
    pub(crate) ad: Option<SlaveAd>,
}

/// The text of the slave's sysfs file `attr`, as `bond_sysfs_slave.c`
/// shows it.
pub(crate) fn slave_show(attr: SlaveAttr, s: &SlaveView<'_>, w: &mut dyn Write) -> fmt::Result {
    match attr {
        SlaveAttr::State => w.write_str(match s.state {
            Activity::Active => "active\n",
            Activity::Backup => "backup\n",
        }),
        SlaveAttr::MiiStatus => writeln!(w, "{}", s.link.proc_name()),
        // "%d" of the u32.
        SlaveAttr::LinkFailureCount => writeln!(w, "{}", s.link_failure_count as i32),
        SlaveAttr::PermHwaddr => writeln!(w, "{}", HexColonDisplay(s.perm_hwaddr)),
        SlaveAttr::QueueId => writeln!(w, "{}", s.queue_id),
        SlaveAttr::AdAggregatorId => match s.ad {
            Some(a) => writeln!(w, "{}", a.aggregator_id),
            None => w.write_str("N/A\n"),
        },
        SlaveAttr::AdActorOperPortState => match s.ad {
            Some(a) => writeln!(w, "{}", a.actor_oper_port_state),
            None => w.write_str("N/A\n"),
        },
        SlaveAttr::AdPartnerOperPortState => match s.ad {
            Some(a) => writeln!(w, "{}", a.partner_oper_port_state),
            None => w.write_str("N/A\n"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::values::{ArpValidate, FailOverMac, LacpRate, XmitHashPolicy};
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    #[derive(Default)]
    struct View {
        slaves: Vec<(Vec<u8>, u16)>,
        active: Option<&'static [u8]>,
        primary: Option<&'static [u8]>,
        carrier: bool,
        ad: Option<AdInfo>,
        admin: bool,
    }

    impl BondView for View {
        fn slaves(&self, f: &mut dyn FnMut(&[u8], u16) -> bool) {
            for (n, q) in &self.slaves {
                if !f(n, *q) {
                    break;
                }
            }
        }
        fn active_slave(&self, f: &mut dyn FnMut(&[u8])) {
            if let Some(n) = self.active {
                f(n)
            }
        }
        fn primary_slave(&self, f: &mut dyn FnMut(&[u8])) {
            if let Some(n) = self.primary {
                f(n)
            }
        }
        fn carrier(&self) -> bool {
            self.carrier
        }
        fn ad_info(&self) -> Option<AdInfo> {
            self.ad
        }
        fn net_admin(&self) -> bool {
            self.admin
        }
    }

    fn two() -> View {
        View {
            slaves: std::vec![(b"eth0".to_vec(), 0), (b"eth1".to_vec(), 2)],
            active: Some(b"eth1"),
            primary: Some(b"eth0"),
            carrier: true,
            admin: true,
            ..View::default()
        }
    }

    fn s(f: SysfsFile, p: &BondParams, v: &View) -> String {
        let mut out = String::new();
        show(f, p, v, &mut out).unwrap();
        out
    }

    fn o(id: OptId, p: &BondParams, v: &View) -> String {
        s(SysfsFile::Opt(id), p, v)
    }

    #[test]
    fn numbering_names_and_modes() {
        assert_eq!(SysfsFile::ALL.len(), 38);
        for (i, f) in SysfsFile::ALL.iter().enumerate() {
            assert_eq!(SysfsFile::from_raw(f.raw()), Some(*f));
            // Every name once.
            assert!(SysfsFile::ALL[..i].iter().all(|g| g.name() != f.name()));
            assert_eq!(f.mode(), if f.option().is_some() { 0o644 } else { 0o444 });
        }
        // Every option up to arp_missed_max has a file, numbered by OptId.
        for n in 0..=31u32 {
            let f = SysfsFile::from_raw(n).unwrap();
            assert_eq!(f.option().map(|id| id as u32), Some(n));
            assert!(SysfsFile::ALL.contains(&f));
        }
        for n in 32..64u32 {
            assert_eq!(SysfsFile::from_raw(n), None, "{}", n);
        }
        let ro = [
            (64, "mii_status"),
            (65, "ad_aggregator"),
            (66, "ad_num_ports"),
            (67, "ad_actor_key"),
            (68, "ad_partner_key"),
            (69, "ad_partner_mac"),
        ];
        for (n, name) in ro {
            let f = SysfsFile::from_raw(n).unwrap();
            assert_eq!((f.name(), f.mode(), f.option()), (name, 0o444, None));
        }
        assert_eq!(SysfsFile::from_raw(70), None);
        assert_eq!(SysfsFile::ALL[0].name(), "slaves");
        assert_eq!(SysfsFile::ALL[21].name(), "mii_status");
        assert_eq!(SysfsFile::ALL[37].name(), "arp_missed_max");
        assert_eq!(SysfsFile::from_raw(28).unwrap().name(), "num_grat_arp");
        assert_eq!(SysfsFile::from_raw(13).unwrap().name(), "num_unsol_na");
    }

    #[test]
    fn named_values() {
        let v = two();
        let mut p = BondParams::default();
        assert_eq!(o(OptId::Mode, &p, &v), "balance-rr 0\n");
        p.mode = Mode::ActiveBackup;
        assert_eq!(o(OptId::Mode, &p, &v), "active-backup 1\n");
        p.mode = Mode::Ieee8023ad;
        assert_eq!(o(OptId::Mode, &p, &v), "802.3ad 4\n");
        assert_eq!(o(OptId::XmitHash, &p, &v), "layer2 0\n");
        p.xmit_policy = XmitHashPolicy::Layer34;
        assert_eq!(o(OptId::XmitHash, &p, &v), "layer3+4 1\n");
        p.xmit_policy = XmitHashPolicy::VlanSrcMac;
        assert_eq!(o(OptId::XmitHash, &p, &v), "vlan+srcmac 5\n");
        assert_eq!(o(OptId::ArpValidate, &p, &v), "none 0\n");
        p.arp_validate = ArpValidate::FilterBackup;
        assert_eq!(o(OptId::ArpValidate, &p, &v), "filter_backup 6\n");
        assert_eq!(o(OptId::ArpAllTargets, &p, &v), "any 0\n");
        assert_eq!(o(OptId::FailOverMac, &p, &v), "none 0\n");
        p.fail_over_mac = FailOverMac::Follow;
        assert_eq!(o(OptId::FailOverMac, &p, &v), "follow 2\n");
        assert_eq!(o(OptId::LacpActive, &p, &v), "on 1\n");
        p.lacp_active = 0;
        assert_eq!(o(OptId::LacpActive, &p, &v), "off 0\n");
        assert_eq!(o(OptId::LacpRate, &p, &v), "slow 0\n");
        p.lacp_rate = LacpRate::Fast;
        assert_eq!(o(OptId::LacpRate, &p, &v), "fast 1\n");
        assert_eq!(o(OptId::AdSelect, &p, &v), "stable 0\n");
        assert_eq!(o(OptId::PrimaryReselect, &p, &v), "always 0\n");
    }

    #[test]
    fn numbers() {
        let v = two();
        let mut p = BondParams::default();
        assert_eq!(o(OptId::Miimon, &p, &v), "0\n");
        assert_eq!(o(OptId::ArpInterval, &p, &v), "0\n");
        assert_eq!(o(OptId::MissedMax, &p, &v), "2\n");
        assert_eq!(o(OptId::MinLinks, &p, &v), "0\n");
        assert_eq!(o(OptId::NumPeerNotif, &p, &v), "1\n");
        assert_eq!(o(OptId::NumPeerNotifAlias, &p, &v), "1\n");
        assert_eq!(o(OptId::UseCarrier, &p, &v), "1\n");
        assert_eq!(o(OptId::AllSlavesActive, &p, &v), "0\n");
        assert_eq!(o(OptId::ResendIgmp, &p, &v), "1\n");
        assert_eq!(o(OptId::LpInterval, &p, &v), "1\n");
        assert_eq!(o(OptId::TlbDynamicLb, &p, &v), "1\n");
        assert_eq!(o(OptId::PacketsPerSlave, &p, &v), "1\n");
        // Delays are kept in ticks and shown in ms.
        p.miimon = 100;
        p.updelay = 2;
        p.downdelay = 3;
        p.peer_notif_delay = 5;
        assert_eq!(o(OptId::UpDelay, &p, &v), "200\n");
        assert_eq!(o(OptId::DownDelay, &p, &v), "300\n");
        assert_eq!(o(OptId::PeerNotifDelay, &p, &v), "500\n");
        p.miimon = 0;
        assert_eq!(o(OptId::UpDelay, &p, &v), "0\n");
        p.lp_interval = i32::MAX as u32;
        assert_eq!(o(OptId::LpInterval, &p, &v), "2147483647\n");
        p.packets_per_slave = 65535;
        assert_eq!(o(OptId::PacketsPerSlave, &p, &v), "65535\n");
    }

    #[test]
    fn arp_targets() {
        let v = two();
        let mut p = BondParams::default();
        assert_eq!(o(OptId::ArpTargets, &p, &v), "");
        p.arp_targets[0] = [10, 0, 0, 1];
        assert_eq!(o(OptId::ArpTargets, &p, &v), "10.0.0.1\n");
        p.arp_targets[1] = [192, 168, 1, 254];
        assert_eq!(o(OptId::ArpTargets, &p, &v), "10.0.0.1 192.168.1.254\n");
        for (i, t) in p.arp_targets.iter_mut().enumerate() {
            *t = [10, 0, 0, i as u8 + 1];
        }
        let all = o(OptId::ArpTargets, &p, &v);
        assert!(all.starts_with("10.0.0.1 10.0.0.2 "));
        assert!(all.ends_with(" 10.0.0.16\n"));
        assert_eq!(all.matches(' ').count(), 15);
    }

    #[test]
    fn slaves_and_queue_ids() {
        let mut v = two();
        let mut p = BondParams::default();
        assert_eq!(o(OptId::Slaves, &p, &v), "eth0 eth1\n");
        assert_eq!(o(OptId::QueueId, &p, &v), "eth0:0 eth1:2\n");
        // Primary and active slave: the slave's name, or nothing.
        assert_eq!(o(OptId::Primary, &p, &v), "eth0\n");
        // No active slave outside the modes that have one.
        assert_eq!(o(OptId::ActiveSlave, &p, &v), "");
        p.mode = Mode::ActiveBackup;
        assert_eq!(o(OptId::ActiveSlave, &p, &v), "eth1\n");
        v.active = None;
        v.primary = None;
        assert_eq!(o(OptId::ActiveSlave, &p, &v), "");
        assert_eq!(o(OptId::Primary, &p, &v), "");
        v.slaves.clear();
        assert_eq!(o(OptId::Slaves, &p, &v), "");
        assert_eq!(o(OptId::QueueId, &p, &v), "");
        v.slaves.push((b"eth7".to_vec(), 65535));
        assert_eq!(o(OptId::Slaves, &p, &v), "eth7\n");
        assert_eq!(o(OptId::QueueId, &p, &v), "eth7:65535\n");
    }

    /// The C loop over a page, byte for byte (the model).
    fn c_list(names: &[Vec<u8>], room: usize, qid: bool) -> Vec<u8> {
        let mut buf = std::vec![0u8; PAGE_SIZE];
        let mut res = 0;
        let mut emit = |res: &mut usize, s: &[u8]| {
            let n = s.len().min(PAGE_SIZE - *res - 1);
            buf[*res..*res + n].copy_from_slice(&s[..n]);
            *res += n;
        };
        for n in names {
            if res > PAGE_SIZE - room {
                if PAGE_SIZE - res > 10 {
                    res = PAGE_SIZE - 10;
                }
                emit(&mut res, b"++more++ ");
                break;
            }
            let mut item = n.clone();
            if qid {
                item.extend_from_slice(b":0");
            }
            item.push(b' ');
            emit(&mut res, &item);
        }
        if res > 0 {
            buf[res - 1] = b'\n';
        }
        buf.truncate(res);
        buf
    }

    #[test]
    fn full_page_lists() {
        let p = BondParams::default();
        // Names of 1 to 15 bytes, enough to fill the page, in several
        // mixes, so that the page ends at every offset near its end.
        for len in 1..=15usize {
            for extra in 0..4usize {
                let mut v = View::default();
                let mut names = Vec::new();
                for i in 0..700 {
                    let l = if i % 4 == 0 {
                        len
                    } else {
                        (len + extra) % 15 + 1
                    };
                    let n: Vec<u8> = (0..l).map(|k| b'a' + ((i + k) % 26) as u8).collect();
                    names.push(n.clone());
                    v.slaves.push((n, 0));
                }
                for (id, room, qid) in [
                    (OptId::Slaves, IFNAMSIZ, false),
                    (OptId::QueueId, IFNAMSIZ + 6, true),
                ] {
                    let want = c_list(&names, room, qid);
                    let got = o(id, &p, &v);
                    assert_eq!(got.as_bytes(), &want[..], "len {} extra {}", len, extra);
                    assert!(got.len() < PAGE_SIZE);
                }
            }
        }
    }

    #[test]
    fn full_page_by_hand() {
        let p = BondParams::default();
        // 4-byte names: 817 items fill 4085 bytes; the rest jumps to
        // PAGE_SIZE - 10 over a NUL, then "++more++" and the newline.
        let mut v = View::default();
        for _ in 0..900 {
            v.slaves.push((b"abcd".to_vec(), 0));
        }
        let got = o(OptId::Slaves, &p, &v);
        assert_eq!(got.len(), 4095);
        assert_eq!(&got[..10], "abcd abcd ");
        assert_eq!(&got[4080..], "abcd \0++more++\n");
        // 15-byte names: 255 items fill 4080 bytes, the 256th is cut to
        // 15 bytes, its last made the newline; no room for "++more++".
        let mut v = View::default();
        for _ in 0..300 {
            v.slaves.push((b"abcdefghijklmno".to_vec(), 0));
        }
        let got = o(OptId::Slaves, &p, &v);
        assert_eq!(got.len(), 4095);
        assert_eq!(&got[4064..], "abcdefghijklmno abcdefghijklmn\n");
    }

    #[test]
    fn status_and_8023ad() {
        let mut v = two();
        let mut p = BondParams::default();
        assert_eq!(s(SysfsFile::MiiStatus, &p, &v), "up\n");
        v.carrier = false;
        assert_eq!(s(SysfsFile::MiiStatus, &p, &v), "down\n");
        let ad_files = [
            SysfsFile::AdAggregator,
            SysfsFile::AdNumPorts,
            SysfsFile::AdActorKey,
            SysfsFile::AdPartnerKey,
            SysfsFile::AdPartnerMac,
            SysfsFile::Opt(OptId::AdActorSysPrio),
            SysfsFile::Opt(OptId::AdActorSystem),
            SysfsFile::Opt(OptId::AdUserPortKey),
        ];
        // Outside 802.3ad every one is empty.
        for f in ad_files {
            assert_eq!(s(f, &p, &v), "", "{:?}", f);
        }
        p.mode = Mode::Ieee8023ad;
        // No active aggregator: zeros, no partner MAC.
        let got: Vec<String> = ad_files.iter().map(|&f| s(f, &p, &v)).collect();
        assert_eq!(
            got,
            [
                "0\n",
                "0\n",
                "0\n",
                "0\n",
                "",
                "65535\n",
                "00:00:00:00:00:00\n",
                "0\n"
            ]
        );
        v.ad = Some(AdInfo {
            aggregator_id: 3,
            ports: 2,
            actor_key: 9,
            partner_key: 17,
            partner_system: [0, 0x1b, 0x21, 0xaa, 0xbb, 0xcc],
        });
        p.ad_actor_system = [0x02, 0, 0, 0, 0, 0x0a];
        p.ad_actor_sys_prio = 100;
        p.ad_user_port_key = 1023;
        let got: Vec<String> = ad_files.iter().map(|&f| s(f, &p, &v)).collect();
        assert_eq!(
            got,
            [
                "3\n",
                "2\n",
                "9\n",
                "17\n",
                "00:1b:21:aa:bb:cc\n",
                "100\n",
                "02:00:00:00:00:0a\n",
                "1023\n"
            ]
        );
        // Without CAP_NET_ADMIN only the aggregator and its port count.
        v.admin = false;
        let got: Vec<String> = ad_files.iter().map(|&f| s(f, &p, &v)).collect();
        assert_eq!(got, ["3\n", "2\n", "", "", "", "", "", ""]);
    }

    #[test]
    fn every_file_shows() {
        // Every file of every mode writes something well formed.
        let v = two();
        for &m in Mode::ALL {
            let p = BondParams {
                mode: m,
                ..BondParams::default()
            };
            for f in SysfsFile::ALL {
                let t = s(f, &p, &v);
                assert!(t.is_empty() || t.ends_with('\n'), "{:?} {:?}", f, t);
                assert_eq!(t.matches('\n').count(), usize::from(!t.is_empty()));
            }
        }
        let p = BondParams::default();
        for id in [
            OptId::NsTargets,
            OptId::Prio,
            OptId::CoupledControl,
            OptId::BroadcastNeigh,
            OptId::ActorPortPrio,
            OptId::LacpStrict,
        ] {
            // No such file in the C driver; nothing to show.
            assert_eq!(o(id, &p, &v), "");
        }
    }

    fn sl(a: SlaveAttr, v: &SlaveView<'_>) -> String {
        let mut out = String::new();
        slave_show(a, v, &mut out).unwrap();
        out
    }

    #[test]
    fn slave_files() {
        assert_eq!(SlaveAttr::ALL.len(), 8);
        for (i, a) in SlaveAttr::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i);
            assert_eq!(SlaveAttr::from_raw(i as u32), Some(*a));
            assert_eq!(a.mode(), 0o444);
        }
        assert_eq!(SlaveAttr::from_raw(8), None);
        let names: Vec<&str> = SlaveAttr::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(
            names,
            [
                "state",
                "mii_status",
                "link_failure_count",
                "perm_hwaddr",
                "queue_id",
                "ad_aggregator_id",
                "ad_actor_oper_port_state",
                "ad_partner_oper_port_state"
            ]
        );
        let mac = [0x52, 0x54, 0, 0x12, 0x34, 0x56];
        let mut v = SlaveView {
            state: Activity::Active,
            link: LinkState::Up,
            link_failure_count: 0,
            perm_hwaddr: &mac,
            queue_id: 0,
            ad: None,
        };
        let all = |v: &SlaveView<'_>| -> Vec<String> {
            SlaveAttr::ALL.iter().map(|&a| sl(a, v)).collect()
        };
        assert_eq!(
            all(&v),
            [
                "active\n",
                "up\n",
                "0\n",
                "52:54:00:12:34:56\n",
                "0\n",
                "N/A\n",
                "N/A\n",
                "N/A\n"
            ]
        );
        v.state = Activity::Backup;
        v.link = LinkState::Fail;
        v.link_failure_count = 7;
        v.queue_id = 3;
        v.ad = Some(SlaveAd {
            aggregator_id: 1,
            actor_oper_port_state: 61,
            partner_oper_port_state: 63,
        });
        assert_eq!(
            all(&v),
            [
                "backup\n",
                "going down\n",
                "7\n",
                "52:54:00:12:34:56\n",
                "3\n",
                "1\n",
                "61\n",
                "63\n"
            ]
        );
        v.link = LinkState::Back;
        assert_eq!(sl(SlaveAttr::MiiStatus, &v), "going back\n");
        v.link = LinkState::Down;
        assert_eq!(sl(SlaveAttr::MiiStatus, &v), "down\n");
        // An address of another length (InfiniBand: 20 bytes), or none.
        let ib = [0xa0u8; 20];
        v.perm_hwaddr = &ib;
        assert_eq!(
            sl(SlaveAttr::PermHwaddr, &v),
            format!("{}\n", ["a0"; 20].join(":"))
        );
        v.perm_hwaddr = &[];
        assert_eq!(sl(SlaveAttr::PermHwaddr, &v), "\n");
        // "%d" of the u32 counter.
        v.link_failure_count = u32::MAX;
        assert_eq!(sl(SlaveAttr::LinkFailureCount, &v), "-1\n");
    }
}
