// SPDX-License-Identifier: GPL-2.0

//! The ARP monitor's probes as `bond_arp_send_all()` and `bond_ns_send_all()`
//! build them: the route to the target, the device path from the bond up
//! to the route's device with its VLAN tags (`bond_verify_device_path()`,
//! `bond_handle_vlan()`), the source address the bond has on that path;
//! and the address checks of the receive side (`bond_has_this_ip()`,
//! `bond_has_this_ip6()`), the backups' solicited-node groups.

use crate::arp::{DevicePath, Tag, MAX_NEST_DEV};
use crate::ffi::{self, NetDev, RcuRead, Rtnl, SkBuff, VlanTag};
use crate::log::KernelLog;
use crate::params::{Level, Log};
use crate::util::addr::solicited_node;

/// The outcome of one probe.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Probe {
    /// Sent, routed through the bond (or a device stacked on it).
    Sent,
    /// Sent from the unspecified address: no route to the target.
    SentNoRoute,
    /// The route to the target does not go through the bond: not sent.
    NotOurs,
    /// No memory for the frame: not sent.
    Failed,
}

/// `net_err_ratelimited()`.
fn err_ratelimited(msg: &str) {
    if ffi::net_ratelimit() {
        KernelLog::plain().log(Level::Err, format_args!("{}", msg));
    }
}

fn tag(t: VlanTag) -> Tag {
    Tag {
        proto_be: t.proto_be,
        id: t.id,
    }
}

fn vlan(t: Tag) -> VlanTag {
    VlanTag {
        proto_be: t.proto_be,
        id: t.id,
    }
}

/// `bond_verify_device_path()`: the path from `start` up to `end` through
/// the devices stacked on `start`, or `None` when `end` is not above it.
/// Bounded by the kernel's nesting limit; allocates nothing.
fn device_path(
    start: &NetDev,
    end: &NetDev,
    level: usize,
    rcu: &RcuRead<'_>,
) -> Option<DevicePath> {
    if start == end {
        return DevicePath::with_len(level);
    }
    if level >= MAX_NEST_DEV {
        return None;
    }
    for upper in start.uppers_rcu(rcu) {
        if let Some(mut path) = device_path(upper, end, level + 1, rcu) {
            path.set(level, upper.vlan_tag().map(tag));
            return Some(path);
        }
    }
    None
}

/// The path a probe takes when its route leaves by `route_dev`: `None`
/// when that device is neither the bond nor stacked on it.
fn probe_path(bond: &NetDev, route_dev: &NetDev, rcu: &RcuRead<'_>) -> Option<DevicePath> {
    if route_dev == bond {
        Some(DevicePath::direct())
    } else {
        device_path(bond, route_dev, 0, rcu)
    }
}

/// `bond_handle_vlan()`: the inner tags into the payload, the outer one
/// out of band.  `None` (the frame freed) without memory.
fn tag_frame(mut skb: SkBuff, path: &DevicePath) -> Option<SkBuff> {
    for t in path.inner() {
        let Some(tagged) = skb.push_vlan(vlan(t)) else {
            err_ratelimited("failed to insert inner VLAN tag");
            return None;
        };
        skb = tagged;
    }
    if let Some(t) = path.outer() {
        skb.set_hwaccel_vlan(vlan(t));
    }
    Some(skb)
}

/// One ARP request for `target` through `slave` (`bond_arp_send_all()` for
/// one target): routed through the bond or a device stacked on it, from the
/// address the bond has on that path; with no route at all, from 0.0.0.0
/// to make some traffic.
pub(super) fn arp_probe(
    bond: &NetDev,
    slave: &NetDev,
    target: [u8; 4],
    rcu: &RcuRead<'_>,
) -> Probe {
    let (res, src, path) = match bond.route4_dev(target, rcu) {
        None => (Probe::SentNoRoute, [0; 4], DevicePath::direct()),
        Some(dev) => {
            let Some(path) = probe_path(bond, dev, rcu) else {
                return Probe::NotOurs;
            };
            (
                Probe::Sent,
                dev.inet_confirm_addr(target, [0; 4], rcu),
                path,
            )
        }
    };
    let Some(skb) = SkBuff::arp_request(slave, target, src) else {
        err_ratelimited("ARP packet allocation failed");
        return Probe::Failed;
    };
    let Some(skb) = tag_frame(skb, &path) else {
        return Probe::Failed;
    };
    skb.arp_xmit(rcu);
    res
}

/// One neighbour solicitation for `target` through `slave`
/// (`bond_ns_send_all()` for one target), to the target's solicited-node
/// group: routed as [`arp_probe`], from the bond's source address on the
/// path (`::` when it has none); with no route, from `::`.
pub(super) fn ns_probe(
    bond: &NetDev,
    slave: &NetDev,
    target: &[u8; 16],
    rcu: &RcuRead<'_>,
) -> Probe {
    if !ffi::ipv6_enabled() {
        return Probe::NotOurs;
    }
    let (res, saddr, path) = match bond.route6_dev(target, rcu) {
        None => (Probe::SentNoRoute, [0; 16], DevicePath::direct()),
        Some(dev) => {
            let Some(path) = probe_path(bond, dev, rcu) else {
                return Probe::NotOurs;
            };
            let saddr = dev.ipv6_saddr(target, rcu).unwrap_or([0; 16]);
            (Probe::Sent, saddr, path)
        }
    };
    let Some(skb) = SkBuff::ndisc_ns(slave, target, &saddr) else {
        err_ratelimited("NS packet allocation failed");
        return Probe::Failed;
    };
    let Some(skb) = tag_frame(skb, &path) else {
        return Probe::Failed;
    };
    skb.ndisc_send(&solicited_node(target), &saddr, rcu);
    res
}

/// `dev` or a device stacked on it (at any depth), the first for which `f`
/// holds (`netdev_walk_all_upper_dev_rcu()`).
fn dev_or_upper(
    dev: &NetDev,
    level: usize,
    rcu: &RcuRead<'_>,
    f: &dyn Fn(&NetDev) -> bool,
) -> bool {
    f(dev)
        || (level < MAX_NEST_DEV
            && dev
                .uppers_rcu(rcu)
                .any(|u| dev_or_upper(u, level + 1, rcu, f)))
}

/// `bond_has_this_ip()`: `ip` is an address of the bond or of a device
/// stacked on it.
pub(super) fn has_this_ip(bond: &NetDev, ip: [u8; 4], rcu: &RcuRead<'_>) -> bool {
    dev_or_upper(bond, 0, rcu, &|d| {
        d.inet_confirm_addr([0; 4], ip, rcu) == ip
    })
}

/// `bond_has_this_ip6()`: `addr` is an address of the bond or of a device
/// stacked on it.
pub(super) fn has_this_ip6(bond: &NetDev, addr: &[u8; 16], rcu: &RcuRead<'_>) -> bool {
    ffi::ipv6_enabled() && dev_or_upper(bond, 0, rcu, &|d| d.ipv6_has_addr(addr, rcu))
}

/// `slave_set_ns_maddr()`'s address part: `slave` joins (`add`) or leaves
/// the link-layer group of `target`'s solicited-node address; `::` is no
/// target.
pub(super) fn ns_group(slave: &NetDev, target: &[u8; 16], add: bool, rtnl: &Rtnl<'_>) {
    if *target != [0; 16] {
        slave.mc_ipv6_group(&solicited_node(target), add, rtnl);
    }
}
