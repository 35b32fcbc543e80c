// SPDX-License-Identifier: GPL-2.0

//! The ARP monitor's decisions: jiffies windows, ARP and IPv6 neighbour
//! discovery header parsing, `arp_validate` filtering of received frames,
//! and per-slave link verdicts for the load-balancing and active-backup ARP
//! monitors (which probe the `arp_ip_target`s with ARP and the
//! `ns_ip6_target`s with neighbour solicitations).
//!
//! Pure logic: `core` only, unit-tested on the host.

use crate::options::ArpValidate;
use crate::slave::LinkState;
use crate::util::jiffies::after_eq;

/// `bond_time_in_interval()`: `last - delta <= now <= last + m*delta +
/// delta/2`, with `delta` the ARP interval in jiffies.
pub(crate) fn in_interval(now: u64, last: u64, delta: u64, m: u64) -> bool {
    let lo = last.wrapping_sub(delta);
    let hi = last
        .wrapping_add(m.wrapping_mul(delta))
        .wrapping_add(delta / 2);
    after_eq(now, lo) && after_eq(hi, now)
}

/// What the receive probe (`bond_rcv_validate()`) does with a frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RxProbe {
    /// Count it as traffic: `last_rx = jiffies`.
    Touch,
    /// Parse it as an ARP and validate it (`bond_arp_rcv()`).
    ValidateArp,
    /// Parse it as an IPv6 NS/NA and validate it (`bond_na_rcv()`).
    ValidateNa,
    /// Nothing.
    Ignore,
}

/// `bond_rcv_validate()`: ARP and NS/NA validation share `arp_validate`.
pub(crate) fn rx_probe(
    arp_validate: ArpValidate,
    backup: bool,
    is_arp: bool,
    is_ipv6: bool,
) -> RxProbe {
    if !arp_validate.validates(backup) {
        let filter = arp_validate.filter();
        if !filter || is_arp || is_ipv6 {
            return RxProbe::Touch;
        }
        return RxProbe::Ignore;
    }
    if is_arp {
        RxProbe::ValidateArp
    } else if is_ipv6 {
        RxProbe::ValidateNa
    } else {
        RxProbe::Ignore
    }
}

/// The fields of an Ethernet/IPv4 ARP packet the bond reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Arp {
    /// `ar_op` (1 request, 2 reply).
    pub(crate) op: u16,
    /// Sender IP, network order bytes.
    pub(crate) sip: [u8; 4],
    /// Target IP.
    pub(crate) tip: [u8; 4],
}

/// `ARPOP_REPLY`.
pub(crate) const ARPOP_REPLY: u16 = 2;
/// `PACKET_OTHERHOST`.
const PACKET_OTHERHOST: u8 = 3;
/// `PACKET_LOOPBACK`.
const PACKET_LOOPBACK: u8 = 5;

/// Parses the ARP header at the network header, as `bond_arp_rcv()`
/// checks it: Ethernet hardware type and address length `addr_len`, IPv4,
/// not for another host nor looped back.
pub(crate) fn parse_arp(data: &[u8], addr_len: usize, pkt_type: u8) -> Option<Arp> {
    if pkt_type == PACKET_OTHERHOST || pkt_type == PACKET_LOOPBACK {
        return None;
    }
    let hdr = data.get(..8)?;
    let hrd = u16::from_be_bytes([hdr[0], hdr[1]]);
    let pro = u16::from_be_bytes([hdr[2], hdr[3]]);
    let (hln, pln) = (usize::from(hdr[4]), hdr[5]);
    if hln != addr_len || hrd != 1 || pro != 0x0800 || pln != 4 {
        return None;
    }
    let op = u16::from_be_bytes([hdr[6], hdr[7]]);
    let sip_at = 8 + hln;
    let tip_at = sip_at + 4 + hln;
    let ip = |at: usize| -> Option<[u8; 4]> { data.get(at..at + 4)?.try_into().ok() };
    Some(Arp {
        op,
        sip: ip(sip_at)?,
        tip: ip(tip_at)?,
    })
}

/// Which addresses of a received ARP to check (`bond_arp_rcv()`'s trust
/// rules), or `None` to ignore it.
///
/// * the receiving slave is active: sender and target as they are;
/// * else, if the active slave has received valid ARPs since it became
///   active: swapped (backups see the active slave's requests);
/// * else, if a probing slave sent within the last interval and this is a
///   reply: as they are.
pub(crate) fn trust(
    arp: &Arp,
    slave_active: bool,
    active_rx_since_up: bool,
    arp_slave_sent_recently: bool,
) -> Option<([u8; 4], [u8; 4])> {
    if slave_active {
        Some((arp.sip, arp.tip))
    } else if active_rx_since_up {
        Some((arp.tip, arp.sip))
    } else if arp_slave_sent_recently && arp.op == ARPOP_REPLY {
        Some((arp.sip, arp.tip))
    } else {
        None
    }
}

/// `bond_get_targets_ip()`.
pub(crate) fn target_index(targets: &[[u8; 4]], ip: [u8; 4]) -> Option<usize> {
    targets
        .iter()
        .take_while(|t| **t != [0; 4])
        .position(|t| *t == ip)
}

/// The addresses of a received IPv6 neighbour solicitation or
/// advertisement.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Na {
    /// IPv6 source address.
    pub(crate) saddr: [u8; 16],
    /// IPv6 destination address.
    pub(crate) daddr: [u8; 16],
}

/// `NEXTHDR_ICMP`.
const NEXTHDR_ICMP: u8 = 58;
/// `NDISC_NEIGHBOUR_SOLICITATION`, `NDISC_NEIGHBOUR_ADVERTISEMENT`.
const NDISC_NS: u8 = 135;
const NDISC_NA: u8 = 136;
/// `in6addr_linklocal_allnodes`, ff02::1.
pub(crate) const LINKLOCAL_ALLNODES: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// Parses the IPv6 header and the ICMPv6 header right after it at the
/// network header, as `bond_na_rcv()` checks them: not for another host
/// nor looped back, next header ICMPv6 (no extension headers), a neighbour
/// solicitation or advertisement.
pub(crate) fn parse_na(data: &[u8], pkt_type: u8) -> Option<Na> {
    if pkt_type == PACKET_OTHERHOST || pkt_type == PACKET_LOOPBACK {
        return None;
    }
    // struct ipv6hdr (40 bytes) + struct icmp6hdr (8 bytes).
    let h = data.get(..48)?;
    if h[6] != NEXTHDR_ICMP || !(h[40] == NDISC_NS || h[40] == NDISC_NA) {
        return None;
    }
    Some(Na {
        saddr: h[8..24].try_into().ok()?,
        daddr: h[24..40].try_into().ok()?,
    })
}

/// `bond_na_rcv()`'s trust rules, as [`trust`]'s for ARP but for any
/// NS/NA from a probing slave: `(source, destination)` to validate.
pub(crate) fn trust_na(
    na: &Na,
    slave_active: bool,
    active_rx_since_up: bool,
    arp_slave_sent_recently: bool,
) -> Option<([u8; 16], [u8; 16])> {
    if slave_active || (!active_rx_since_up && arp_slave_sent_recently) {
        Some((na.saddr, na.daddr))
    } else if active_rx_since_up {
        Some((na.daddr, na.saddr))
    } else {
        None
    }
}

/// Per-slave timing the ARP monitors read, in jiffies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArpTimes {
    /// Now.
    pub(crate) now: u64,
    /// The ARP interval in jiffies.
    pub(crate) delta: u64,
    /// `slave_last_tx()`.
    pub(crate) last_tx: u64,
    /// `slave_last_rx()` (the oldest target's with `arp_all_targets all`).
    pub(crate) last_rx: u64,
    /// `last_link_up`.
    pub(crate) last_link_up: u64,
}

/// `bond_loadbalance_arp_mon()`'s verdict for one slave: a link not up
/// comes up with traffic both ways in the last interval; a link up goes
/// down after `missed_max` intervals without either.
pub(crate) fn lb_verdict(link: LinkState, t: &ArpTimes, missed_max: u64) -> Option<LinkState> {
    if link != LinkState::Up {
        (in_interval(t.now, t.last_tx, t.delta, 1) && in_interval(t.now, t.last_rx, t.delta, 1))
            .then_some(LinkState::Up)
    } else {
        let ok = in_interval(t.now, t.last_tx, t.delta, missed_max)
            && in_interval(t.now, t.last_rx, t.delta, missed_max);
        (!ok).then_some(LinkState::Down)
    }
}

/// `bond_ab_arp_inspect()` for one slave.
pub(crate) fn ab_verdict(
    link: LinkState,
    active: bool,
    probing: bool,
    t: &ArpTimes,
    missed_max: u64,
) -> Option<LinkState> {
    if link != LinkState::Up {
        if in_interval(t.now, t.last_rx, t.delta, 1) {
            return Some(LinkState::Up);
        }
        return (link == LinkState::Back).then_some(LinkState::Fail);
    }
    // Two intervals of grace after being enslaved or made active.
    if in_interval(t.now, t.last_link_up, t.delta, 2) {
        return None;
    }
    if !active && !probing && !in_interval(t.now, t.last_rx, t.delta, missed_max + 1) {
        return Some(LinkState::Down);
    }
    if active
        && (!in_interval(t.now, t.last_tx, t.delta, missed_max)
            || !in_interval(t.now, t.last_rx, t.delta, missed_max))
    {
        return Some(LinkState::Down);
    }
    None
}

/// `MAX_NEST_DEV`: devices stack at most this deep on one another, so a
/// path from the bond up to the device a probe's route leaves by has at
/// most this many devices.
pub(crate) const MAX_NEST_DEV: usize = 8;

/// A VLAN tag as a VLAN device carries it: protocol in network order (the
/// kernel's `__be16`) and id.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Tag {
    /// `vlan_dev_vlan_proto()`, network order.
    pub(crate) proto_be: u16,
    /// `vlan_dev_vlan_id()`.
    pub(crate) id: u16,
}

/// The devices between the bond and the device a probe's route leaves by,
/// the one right above the bond first, each with its VLAN tag if it is a
/// VLAN device (`bond_verify_device_path()`'s `struct bond_vlan_tag` list).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct DevicePath {
    tags: [Option<Tag>; MAX_NEST_DEV],
    len: usize,
}

impl DevicePath {
    /// The route leaves by the bond itself.
    pub(crate) const fn direct() -> Self {
        DevicePath {
            tags: [None; MAX_NEST_DEV],
            len: 0,
        }
    }

    /// A path of `len` devices, their tags still to be set; `None` beyond
    /// the nesting limit.
    pub(crate) fn with_len(len: usize) -> Option<Self> {
        (len <= MAX_NEST_DEV).then_some(DevicePath {
            tags: [None; MAX_NEST_DEV],
            len,
        })
    }

    /// Sets the tag of the device at `level` (0: right above the bond).
    pub(crate) fn set(&mut self, level: usize, tag: Option<Tag>) {
        if level < self.len {
            self.tags[level] = tag;
        }
    }

    /// `bond_handle_vlan()`: the tags pushed into the frame's payload, in
    /// the order they are pushed (the device nearest the route's device
    /// last, so that it ends up outermost but one); tags with id 0 and
    /// devices that are not VLANs give none.
    pub(crate) fn inner(&self) -> impl Iterator<Item = Tag> + '_ {
        self.tags[..self.len]
            .iter()
            .skip(1)
            .filter_map(|t| t.filter(|t| t.id != 0))
    }

    /// `bond_handle_vlan()`: the outermost tag, set out of band
    /// (`__vlan_hwaccel_put_tag()`): that of the device right above the bond.
    pub(crate) fn outer(&self) -> Option<Tag> {
        self.tags[..self.len]
            .first()
            .copied()
            .flatten()
            .filter(|t| t.id != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_wrap() {
        assert!(in_interval(1000, 1000, 100, 1));
        assert!(in_interval(1150, 1000, 100, 1));
        assert!(!in_interval(1151, 1000, 100, 1));
        assert!(in_interval(900, 1000, 100, 1));
        assert!(!in_interval(899, 1000, 100, 1));
        assert!(in_interval(1250, 1000, 100, 2));
        // Across the jiffies wrap.
        let last = u64::MAX - 10;
        assert!(in_interval(last.wrapping_add(120), last, 100, 1));
        assert!(!in_interval(last.wrapping_add(160), last, 100, 1));
    }

    #[test]
    fn probe_filtering() {
        use RxProbe::*;
        let v = |n| ArpValidate::from_value(n).unwrap();
        // none: everything counts.
        assert_eq!(rx_probe(v(0), false, false, false), Touch);
        // active (1): active slaves validate ARPs, backups count anything.
        assert_eq!(rx_probe(v(1), false, true, false), ValidateArp);
        assert_eq!(rx_probe(v(1), false, false, false), Ignore);
        assert_eq!(rx_probe(v(1), true, false, false), Touch);
        // backup (2) and all (3).
        assert_eq!(rx_probe(v(2), true, true, false), ValidateArp);
        assert_eq!(rx_probe(v(2), false, false, false), Touch);
        assert_eq!(rx_probe(v(3), true, false, false), Ignore);
        // filter (4): only ARP (and IPv6) counts where not validated.
        assert_eq!(rx_probe(v(4), false, false, false), Ignore);
        assert_eq!(rx_probe(v(4), false, true, false), Touch);
        assert_eq!(rx_probe(v(4), true, false, true), Touch);
        // filter_active (5), filter_backup (6).
        assert_eq!(rx_probe(v(5), false, true, false), ValidateArp);
        assert_eq!(rx_probe(v(5), true, false, false), Ignore);
        assert_eq!(rx_probe(v(6), true, true, false), ValidateArp);
        assert_eq!(rx_probe(v(6), false, true, false), Touch);
    }

    fn arp_bytes(op: u16, sip: [u8; 4], tip: [u8; 4]) -> [u8; 28] {
        let mut b = [0u8; 28];
        b[..8].copy_from_slice(&[0, 1, 8, 0, 6, 4, 0, op as u8]);
        b[14..18].copy_from_slice(&sip);
        b[24..28].copy_from_slice(&tip);
        b
    }

    #[test]
    fn parsing() {
        let b = arp_bytes(2, [192, 0, 2, 2], [192, 0, 2, 1]);
        let a = parse_arp(&b, 6, 0).unwrap();
        assert_eq!((a.op, a.sip, a.tip), (2, [192, 0, 2, 2], [192, 0, 2, 1]));
        assert_eq!(parse_arp(&b, 6, PACKET_OTHERHOST), None);
        assert_eq!(parse_arp(&b, 6, PACKET_LOOPBACK), None);
        assert_eq!(parse_arp(&b, 8, 0), None, "hardware address length");
        assert_eq!(parse_arp(&b[..27], 6, 0), None, "truncated");
        let mut v = b;
        v[3] = 0xdd;
        assert_eq!(parse_arp(&v, 6, 0), None, "not IPv4");
    }

    #[test]
    fn trust_rules() {
        let a = Arp {
            op: 1,
            sip: [1, 1, 1, 1],
            tip: [2, 2, 2, 2],
        };
        let r = Arp {
            op: ARPOP_REPLY,
            ..a
        };
        assert_eq!(trust(&a, true, false, false), Some((a.sip, a.tip)));
        assert_eq!(trust(&a, false, true, false), Some((a.tip, a.sip)));
        assert_eq!(trust(&a, false, false, true), None, "requests need (b)");
        assert_eq!(trust(&r, false, false, true), Some((r.sip, r.tip)));
        assert_eq!(trust(&r, false, false, false), None);
        let t = [[10, 0, 0, 1], [10, 0, 0, 2], [0; 4], [10, 0, 0, 3]];
        assert_eq!(target_index(&t, [10, 0, 0, 2]), Some(1));
        assert_eq!(target_index(&t, [10, 0, 0, 3]), None, "past the end");
    }

    fn nd_bytes(icmp: u8, next: u8, s: u8, d: u8) -> [u8; 48] {
        let mut b = [0u8; 48];
        b[0] = 0x60;
        b[6] = next;
        b[8] = 0x20;
        b[23] = s;
        b[24] = 0x20;
        b[39] = d;
        b[40] = icmp;
        b
    }

    #[test]
    fn na_parsing_and_trust() {
        let b = nd_bytes(136, 58, 2, 1);
        let na = parse_na(&b, 0).unwrap();
        assert_eq!((na.saddr[0], na.saddr[15], na.daddr[15]), (0x20, 2, 1));
        assert!(parse_na(&nd_bytes(135, 58, 2, 1), 0).is_some(), "NS too");
        assert_eq!(parse_na(&nd_bytes(128, 58, 2, 1), 0), None, "echo request");
        assert_eq!(
            parse_na(&nd_bytes(136, 0, 2, 1), 0),
            None,
            "hop-by-hop first"
        );
        assert_eq!(parse_na(&b[..47], 0), None, "truncated");
        assert_eq!(parse_na(&b, PACKET_OTHERHOST), None);
        assert_eq!(parse_na(&b, PACKET_LOOPBACK), None);
        let sd = Some((na.saddr, na.daddr));
        let ds = Some((na.daddr, na.saddr));
        assert_eq!(trust_na(&na, true, true, true), sd);
        assert_eq!(trust_na(&na, false, true, true), ds);
        assert_eq!(
            trust_na(&na, false, false, true),
            sd,
            "any NS/NA, not only replies"
        );
        assert_eq!(trust_na(&na, false, false, false), None);
        assert_eq!(
            rx_probe(ArpValidate::from_value(3).unwrap(), false, false, true),
            RxProbe::ValidateNa
        );
    }

    #[test]
    fn verdicts() {
        let t = |now, tx, rx, up| ArpTimes {
            now,
            delta: 100,
            last_tx: tx,
            last_rx: rx,
            last_link_up: up,
        };
        // Load balancing: up needs tx and rx within one interval.
        assert_eq!(
            lb_verdict(LinkState::Down, &t(1000, 950, 950, 0), 2),
            Some(LinkState::Up)
        );
        assert_eq!(lb_verdict(LinkState::Down, &t(1000, 950, 800, 0), 2), None);
        assert_eq!(lb_verdict(LinkState::Up, &t(1000, 950, 800, 0), 2), None);
        assert_eq!(
            lb_verdict(LinkState::Up, &t(1000, 950, 700, 0), 2),
            Some(LinkState::Down)
        );
        // Active-backup.
        assert_eq!(
            ab_verdict(LinkState::Down, false, false, &t(1000, 0, 950, 0), 2),
            Some(LinkState::Up)
        );
        assert_eq!(
            ab_verdict(LinkState::Back, false, false, &t(1000, 0, 500, 0), 2),
            Some(LinkState::Fail)
        );
        assert_eq!(
            ab_verdict(LinkState::Down, false, false, &t(1000, 0, 500, 0), 2),
            None
        );
        // Grace after becoming active.
        assert_eq!(
            ab_verdict(LinkState::Up, true, false, &t(1000, 0, 0, 800), 2),
            None
        );
        assert_eq!(
            ab_verdict(LinkState::Up, true, false, &t(1000, 990, 700, 0), 2),
            Some(LinkState::Down)
        );
        assert_eq!(
            ab_verdict(LinkState::Up, true, false, &t(1000, 990, 850, 0), 2),
            None
        );
        // Backups get one more interval, and none while probing.
        assert_eq!(
            ab_verdict(LinkState::Up, false, false, &t(1000, 0, 700, 0), 2),
            None
        );
        assert_eq!(
            ab_verdict(LinkState::Up, false, false, &t(1000, 0, 600, 0), 2),
            Some(LinkState::Down)
        );
        assert_eq!(
            ab_verdict(LinkState::Up, false, true, &t(1000, 0, 600, 0), 2),
            None
        );
    }
    #[test]
    fn device_paths() {
        let q = |id| {
            Some(Tag {
                proto_be: 0x0081,
                id,
            })
        };
        let ad = |id| {
            Some(Tag {
                proto_be: 0xa888,
                id,
            })
        };
        let d = DevicePath::direct();
        assert_eq!(d.outer(), None);
        assert_eq!(d.inner().count(), 0);
        // bond0.100 (802.1ad) with .200 (802.1Q) on it: S-tag out of band,
        // the C-tag in the payload.
        let mut p = DevicePath::with_len(2).unwrap();
        p.set(1, q(200));
        p.set(0, ad(100));
        assert_eq!(p.outer(), ad(100));
        let inner: [Option<Tag>; 1] = [p.inner().next()];
        assert_eq!(inner, [q(200)]);
        // A macvlan above the bond, a VLAN above it: no outer tag.
        let mut p = DevicePath::with_len(2).unwrap();
        p.set(0, None);
        p.set(1, q(7));
        assert_eq!(p.outer(), None);
        assert!(p.inner().eq([Tag {
            proto_be: 0x0081,
            id: 7
        }]));
        // VLAN id 0 gives no tag, inner or outer.
        let mut p = DevicePath::with_len(3).unwrap();
        p.set(0, q(0));
        p.set(1, q(0));
        p.set(2, q(5));
        p.set(3, q(9)); // beyond the path: ignored
        assert_eq!(p.outer(), None);
        assert!(p.inner().map(|t| t.id).eq([5]));
        assert!(DevicePath::with_len(MAX_NEST_DEV).is_some());
        assert!(DevicePath::with_len(MAX_NEST_DEV + 1).is_none());
    }
}
