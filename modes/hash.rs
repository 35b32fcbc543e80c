// SPDX-License-Identifier: GPL-2.0

//! Slave choice of the load-balancing modes, computed as the C driver
//! computes it, so that the same packet picks the same slave index:
//! `bond_xmit_hash()` for balance-xor and the round-robin counter.
//!
//! Pure logic: `core` only, unit-tested on the host against values worked
//! out from the C formulas.

use crate::options::XmitHashPolicy;

const ETH_P_IP: u16 = 0x0800;
const ETH_P_IPV6: u16 = 0x86dd;
const IPPROTO_ICMP: u8 = 1;
const IPPROTO_ICMPV6: u8 = 58;

/// What the transmit hash reads of a frame besides its bytes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FrameMeta {
    /// `skb->protocol` (host order).
    pub(crate) protocol: u16,
    /// `skb_network_offset(skb)`.
    pub(crate) network_offset: usize,
    /// The out-of-band VLAN tag, if present (`skb_vlan_tag_get`).
    pub(crate) vlan_tci: Option<u16>,
    /// `skb->hash` when `skb->l4_hash` is set.
    pub(crate) l4_hash: Option<u32>,
}

/// The `len` bytes at `off`, if the frame has them all: the one place an
/// offset meets the frame, checked so that no offset (a negative
/// `skb_network_offset()` arrives as `usize::MAX`) can overflow.
fn bytes(d: &[u8], off: usize, len: usize) -> Option<&[u8]> {
    d.get(off..off.checked_add(len)?)
}

fn be16(d: &[u8], off: usize) -> Option<u16> {
    let b = bytes(d, off, 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn ne32(d: &[u8], off: usize) -> Option<u32> {
    let b = bytes(d, off, 4)?;
    Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// `bond_eth_hash()`: 0 when the header is not all there.
fn eth_hash(d: &[u8]) -> u32 {
    match (d.get(5), d.get(11), be16(d, 12)) {
        (Some(&dst), Some(&src), Some(proto)) => u32::from(dst ^ src) ^ u32::from(proto),
        _ => 0,
    }
}

/// `bond_vlan_srcmac_hash()`.
fn vlan_srcmac_hash(d: &[u8], vlan: Option<u16>) -> u32 {
    let Some(src) = d.get(6..12) else {
        return 0;
    };
    let vendor = (u32::from(src[0]) << 16) | (u32::from(src[1]) << 8) | u32::from(src[2]);
    let dev = (u32::from(src[3]) << 16) | (u32::from(src[4]) << 8) | u32::from(src[5]);
    u32::from(vlan.unwrap_or(0)) ^ vendor ^ dev
}

/// The flow keys the hash uses (`struct flow_keys`, the parts read).
#[derive(Default, Debug, PartialEq, Eq)]
struct Flow {
    /// `flow_get_u32_src()`.
    src: u32,
    /// `flow_get_u32_dst()`.
    dst: u32,
    /// The ports word as stored (network order bytes, read natively).
    ports: u32,
    /// ICMP type, code and id (host order) as stored in memory
    /// (`struct flow_dissector_key_icmp`).
    icmp: [u8; 4],
}

/// `proto_ports_offset()`: where the 32-bit ports word is, for protocols
/// that have one.
fn ports_offset(proto: u8) -> Option<usize> {
    match proto {
        // TCP, UDP, DCCP, ESP, SCTP, UDPLITE.
        6 | 17 | 33 | 50 | 132 | 136 => Some(0),
        // AH: the SPI.
        51 => Some(4),
        _ => None,
    }
}

/// `bond_flow_ip()`: addresses (and with `l34` the ports) of the IP header
/// at `*nhoff`; advances `*nhoff` past it and reports the L4 protocol.
/// `None` (cannot hash this layer: the caller falls back to the L2 hash)
/// when the header is not all in `d`, as `bond_pull_data()` failing in C.
/// A header before the start of `d` (a negative network offset, which C
/// would read from the headroom) is "not there" too.
fn flow_ip(
    d: &[u8],
    l2_proto: u16,
    nhoff: &mut usize,
    l34: bool,
    fk: &mut Flow,
) -> Option<Option<u8>> {
    let proto = match l2_proto {
        ETH_P_IP => {
            let h = bytes(d, *nhoff, 20)?;
            fk.src = ne32(h, 12)?;
            fk.dst = ne32(h, 16)?;
            let ihl = usize::from(h[0] & 0x0f) * 4;
            let frag = u16::from_be_bytes([h[6], h[7]]) & 0x3fff != 0;
            *nhoff = nhoff.checked_add(ihl)?;
            (!frag).then_some(h[9])
        }
        ETH_P_IPV6 => {
            let h = bytes(d, *nhoff, 40)?;
            let w = |o| ne32(h, o).unwrap_or(0);
            // ipv6_addr_hash(): the four 32-bit words folded by XOR.
            fk.src = w(8) ^ w(12) ^ w(16) ^ w(20);
            fk.dst = w(24) ^ w(28) ^ w(32) ^ w(36);
            *nhoff = nhoff.checked_add(40)?;
            Some(h[6])
        }
        _ => return None,
    };
    if l34 {
        // skb_flow_get_ports(): 0 when the protocol has none or the
        // header is cut short.
        fk.ports = proto
            .and_then(ports_offset)
            .and_then(|o| ne32(d, nhoff.checked_add(o)?))
            .unwrap_or(0);
    }
    Some(proto)
}

fn icmp_is_err(t: u8) -> bool {
    // Destination unreachable, source quench, redirect, time exceeded,
    // parameter problem.
    matches!(t, 3 | 4 | 5 | 11 | 12)
}

fn icmpv6_is_err(t: u8) -> bool {
    t < 128
}

fn icmp_has_id(t: u8) -> bool {
    // Echo reply/request, timestamp and its reply; ICMPv6 echo.
    matches!(t, 0 | 8 | 13 | 14 | 128 | 129)
}

/// `bond_flow_dissect()` for the layer policies.
fn flow_dissect(d: &[u8], l2_proto: u16, nhoff: usize, l34: bool) -> Option<Flow> {
    let mut fk = Flow::default();
    let mut nhoff = nhoff;
    let proto = flow_ip(d, l2_proto, &mut nhoff, l34, &mut fk)?;
    if let Some(p @ (IPPROTO_ICMP | IPPROTO_ICMPV6)) = proto {
        // skb_flow_get_icmp_tci(): type, code and (for echo) the id, from
        // a whole 8-byte ICMP header; without one the key stays zero (type
        // 0: no ICMPv4 error, but an ICMPv6 one, as in C).
        if let Some(ih) = bytes(d, nhoff, 8) {
            // The id in host order, 0 standing for "none": an echo id of 0
            // is stored as 1.
            let id = if icmp_has_id(ih[0]) {
                match u16::from_be_bytes([ih[4], ih[5]]) {
                    0 => 1,
                    id => id,
                }
            } else {
                0
            };
            let id = id.to_ne_bytes();
            fk.icmp = [ih[0], ih[1], id[0], id[1]];
        }
        let err = if p == IPPROTO_ICMP {
            icmp_is_err(fk.icmp[0])
        } else {
            icmpv6_is_err(fk.icmp[0])
        };
        if err {
            // The embedded header of the packet that caused the error,
            // after the 8-byte ICMP header; not there: no flow at all.
            let mut inner = nhoff.checked_add(8)?;
            flow_ip(d, l2_proto, &mut inner, l34, &mut fk)?;
        }
    }
    Some(fk)
}

/// `bond_ip_hash()`.
fn ip_hash(hash: u32, fk: &Flow, xmit_policy: XmitHashPolicy) -> u32 {
    let mut h = hash ^ fk.dst ^ fk.src;
    h ^= h >> 16;
    h ^= h >> 8;
    if matches!(
        xmit_policy,
        XmitHashPolicy::Layer34 | XmitHashPolicy::Encap34
    ) {
        h >> 1
    } else {
        h
    }
}

/// `bond_xmit_hash()` of a frame whose linear bytes are `d`.
///
/// The encap policies hash the outer headers like their layer
/// counterparts; tunnel inner headers are not dissected yet.
pub(crate) fn xmit_hash(xmit_policy: XmitHashPolicy, d: &[u8], m: &FrameMeta) -> u32 {
    if xmit_policy == XmitHashPolicy::Encap34 {
        if let Some(h) = m.l4_hash {
            return h;
        }
    }
    if xmit_policy == XmitHashPolicy::VlanSrcMac {
        return vlan_srcmac_hash(d, m.vlan_tci);
    }
    let l34 = matches!(
        xmit_policy,
        XmitHashPolicy::Layer34 | XmitHashPolicy::Encap34
    );
    let fk = match xmit_policy {
        XmitHashPolicy::Layer2 => None,
        _ => flow_dissect(d, m.protocol, m.network_offset, l34),
    };
    let Some(fk) = fk else {
        return eth_hash(d);
    };
    let hash = if matches!(
        xmit_policy,
        XmitHashPolicy::Layer23 | XmitHashPolicy::Encap23
    ) {
        eth_hash(d)
    } else if fk.icmp[2..] != [0, 0] {
        u32::from_ne_bytes(fk.icmp)
    } else {
        fk.ports
    };
    ip_hash(hash, &fk, xmit_policy)
}

/// `bond_rr_gen_slave_id()` for `packets_per_slave` >= 1, from the value of
/// the transmit counter before its increment (`counter` counts from 0; the C
/// driver's per-CPU `this_cpu_inc_return` starts at 1 on each CPU).
pub(crate) fn rr_slave_id(counter: u32, packets_per_slave: u32) -> u32 {
    match packets_per_slave {
        0 | 1 => counter,
        n => counter / n,
    }
}

/// balance-rr's choice among `usable` slaves for the transmit counter's
/// value before its increment: turns of `packets_per_slave` frames, or a
/// pseudo-random slave for `packets_per_slave` 0 (the C driver draws
/// `get_random_u32()`; a multiplicative hash of the counter spreads as
/// evenly without a random draw per frame).  `None` without a usable slave.
pub(crate) fn rr_pick(counter: u32, packets_per_slave: u32, usable: usize) -> Option<usize> {
    let id = match packets_per_slave {
        0 => counter.wrapping_mul(0x9e37_79b9) >> 16,
        n => rr_slave_id(counter, n),
    };
    (usable != 0).then(|| id as usize % usable)
}

/// Whether `d` is an IPv4 IGMP frame (balance-rr sends those on the
/// current active slave).  As in the C driver, only a whole IPv4 header
/// counts (`pskb_may_pull()` of `sizeof(struct iphdr)` in
/// `bond_xmit_roundrobin_slave_get()`).
pub(crate) fn is_igmp(d: &[u8], m: &FrameMeta) -> bool {
    m.protocol == ETH_P_IP && bytes(d, m.network_offset, 20).is_some_and(|h| h[9] == 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const ETH_HLEN: usize = 14;

    fn eth(dst_last: u8, src: [u8; 6], proto: u16) -> Vec<u8> {
        let mut f = std::vec![0x02, 0, 0, 0, 0, dst_last];
        f.extend_from_slice(&src);
        f.extend_from_slice(&proto.to_be_bytes());
        f
    }

    fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, l4: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, proto, 0, 0];
        h.extend_from_slice(&src);
        h.extend_from_slice(&dst);
        h.extend_from_slice(l4);
        h
    }

    fn meta(proto: u16) -> FrameMeta {
        FrameMeta {
            protocol: proto,
            network_offset: ETH_HLEN,
            ..Default::default()
        }
    }

    #[test]
    fn layer2() {
        // h_dest[5] ^ h_source[5] ^ h_proto = 0x07 ^ 0x03 ^ 0x0800.
        let f = eth(0x07, [2, 0, 0, 0, 0, 0x03], ETH_P_IP);
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer2, &f, &meta(ETH_P_IP)),
            0x0804
        );
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer2, &f[..10], &meta(ETH_P_IP)),
            0
        );
    }

    #[test]
    fn layer23_ipv4() {
        let mut f = eth(0x07, [2, 0, 0, 0, 0, 0x03], ETH_P_IP);
        f.extend(ipv4(
            [10, 0, 0, 1],
            [10, 0, 0, 2],
            17,
            &[0x30, 0x39, 0x00, 0x35],
        ));
        // C: hash = 0x0804; hash ^= dst ^ src (as stored, read natively);
        // hash ^= hash >> 16; hash ^= hash >> 8.
        let s = u32::from_ne_bytes([10, 0, 0, 1]);
        let d = u32::from_ne_bytes([10, 0, 0, 2]);
        let mut h = 0x0804 ^ d ^ s;
        h ^= h >> 16;
        h ^= h >> 8;
        assert_eq!(xmit_hash(XmitHashPolicy::Layer23, &f, &meta(ETH_P_IP)), h);
        assert_eq!(xmit_hash(XmitHashPolicy::Encap23, &f, &meta(ETH_P_IP)), h);
    }

    #[test]
    fn layer34_udp_and_fragments() {
        let mut f = eth(0x07, [2, 0, 0, 0, 0, 0x03], ETH_P_IP);
        f.extend(ipv4(
            [192, 168, 1, 1],
            [192, 168, 1, 2],
            17,
            &[0x30, 0x39, 0x00, 0x35],
        ));
        let ports = u32::from_ne_bytes([0x30, 0x39, 0x00, 0x35]);
        let s = u32::from_ne_bytes([192, 168, 1, 1]);
        let d = u32::from_ne_bytes([192, 168, 1, 2]);
        let mut h = ports ^ d ^ s;
        h ^= h >> 16;
        h ^= h >> 8;
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IP)),
            h >> 1
        );
        // A fragment has no L4 header to read: ports count as 0.
        f[ETH_HLEN + 6] = 0x20;
        let mut h = d ^ s;
        h ^= h >> 16;
        h ^= h >> 8;
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IP)),
            h >> 1
        );
    }

    #[test]
    fn layer34_icmp_echo_uses_id() {
        let mut f = eth(1, [2, 0, 0, 0, 0, 2], ETH_P_IP);
        f.extend(ipv4(
            [10, 0, 0, 1],
            [10, 0, 0, 2],
            1,
            &[8, 0, 0, 0, 0x12, 0x34, 0, 1],
        ));
        // struct flow_dissector_key_icmp { u8 type; u8 code; u16 id; } with
        // id = ntohs(echo.id) (host order), read as one u32 by memcpy.
        let key = |id: u16| {
            let id = id.to_ne_bytes();
            u32::from_ne_bytes([8, 0, id[0], id[1]])
        };
        let addrs = u32::from_ne_bytes([10, 0, 0, 2]) ^ u32::from_ne_bytes([10, 0, 0, 1]);
        let fold = |k: u32| {
            let mut h = k ^ addrs;
            h ^= h >> 16;
            h ^= h >> 8;
            h >> 1
        };
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IP)),
            fold(key(0x1234))
        );
        // An echo id of 0 is stored as 1 ("0 signals no id"): still the
        // ICMP key, not the (zero) ports.
        f[ETH_HLEN + 20 + 4] = 0;
        f[ETH_HLEN + 20 + 5] = 0;
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IP)),
            fold(key(1))
        );
    }

    #[test]
    fn layer34_icmp_error_hashes_inner_flow() {
        let inner = ipv4([10, 9, 9, 9], [10, 0, 0, 1], 6, &[0x04, 0xd2, 0x00, 0x50]);
        let mut l4 = std::vec![3, 1, 0, 0, 0, 0, 0, 0];
        l4.extend(inner);
        let mut f = eth(1, [2, 0, 0, 0, 0, 2], ETH_P_IP);
        f.extend(ipv4([10, 0, 0, 254], [10, 9, 9, 9], 1, &l4));
        let ports = u32::from_ne_bytes([0x04, 0xd2, 0x00, 0x50]);
        let mut h = ports ^ u32::from_ne_bytes([10, 0, 0, 1]) ^ u32::from_ne_bytes([10, 9, 9, 9]);
        h ^= h >> 16;
        h ^= h >> 8;
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IP)),
            h >> 1
        );
    }

    #[test]
    fn ipv6_folds_addresses() {
        let mut f = eth(1, [2, 0, 0, 0, 0, 2], ETH_P_IPV6);
        let mut h6 = std::vec![0x60, 0, 0, 0, 0, 8, 17, 64];
        let src: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        let dst: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        h6.extend_from_slice(&src);
        h6.extend_from_slice(&dst);
        h6.extend_from_slice(&[0x13, 0x88, 0x13, 0x89]);
        f.extend(h6);
        let fold = |a: &[u8; 16]| {
            (0..4).fold(0u32, |x, i| {
                x ^ u32::from_ne_bytes([a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]])
            })
        };
        let ports = u32::from_ne_bytes([0x13, 0x88, 0x13, 0x89]);
        let mut h = ports ^ fold(&dst) ^ fold(&src);
        h ^= h >> 16;
        h ^= h >> 8;
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(ETH_P_IPV6)),
            h >> 1
        );
    }

    #[test]
    fn non_ip_falls_back_to_layer2() {
        let f = eth(0x07, [2, 0, 0, 0, 0, 0x03], 0x0806);
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer34, &f, &meta(0x0806)),
            0x07 ^ 0x03 ^ 0x0806
        );
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer23, &f, &meta(0x0806)),
            0x07 ^ 0x03 ^ 0x0806
        );
    }

    #[test]
    fn vlan_srcmac_and_l4_hash() {
        let f = eth(1, [0x00, 0x11, 0x22, 0x33, 0x44, 0x55], ETH_P_IP);
        let m = FrameMeta {
            vlan_tci: Some(100),
            ..meta(ETH_P_IP)
        };
        assert_eq!(
            xmit_hash(XmitHashPolicy::VlanSrcMac, &f, &m),
            100 ^ 0x001122 ^ 0x334455
        );
        let m = FrameMeta {
            l4_hash: Some(0xdead_beef),
            ..meta(ETH_P_IP)
        };
        assert_eq!(xmit_hash(XmitHashPolicy::Encap34, &f, &m), 0xdead_beef);
    }

    #[test]
    fn round_robin_choice() {
        assert_eq!(rr_slave_id(7, 1), 7);
        assert_eq!(rr_slave_id(7, 3), 2);
        assert_eq!(rr_pick(4, 1, 3), Some(1));
        assert_eq!(rr_pick(7, 3, 3), Some(2));
        assert_eq!(rr_pick(5, 1, 0), None);
        assert_eq!(rr_pick(5, 0, 0), None);
        // Even spread over 3 slaves for consecutive counter values, in
        // turns of packets_per_slave frames: 0 1 2 0 1 2 ... for 1,
        // 0 0 1 1 2 2 0 0 ... for 2.
        for pps in [1u32, 2, 5] {
            let mut n = [0; 3];
            for c in 0..300 * pps {
                let i = rr_pick(c, pps, 3).unwrap();
                assert_eq!(i as u32, (c / pps) % 3, "pps {pps} counter {c}");
                n[i] += 1;
            }
            assert_eq!(n, [100 * pps; 3]);
        }
        // packets_per_slave 0: every slave gets about a third.
        let mut n = [0u32; 3];
        for c in 0..30000 {
            n[rr_pick(c, 0, 3).unwrap()] += 1;
        }
        assert!(n.iter().all(|&k| (9000..11000).contains(&k)), "{n:?}");
    }

    #[test]
    fn igmp_detection() {
        let mut f = eth(1, [2, 0, 0, 0, 0, 2], ETH_P_IP);
        f.extend(ipv4([10, 0, 0, 1], [224, 0, 0, 22], 2, &[]));
        assert!(is_igmp(&f, &meta(ETH_P_IP)));
        assert!(!is_igmp(&f, &meta(ETH_P_IPV6)));
    }
    /// Every policy number the option table knows, and one past it.
    const POLICIES: &[XmitHashPolicy] = XmitHashPolicy::ALL;

    fn ipv6(nexthdr: u8, l4: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x60, 0, 0, 0, 0, 0, nexthdr, 64];
        h.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        h.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        h.extend_from_slice(l4);
        h
    }

    /// Frames with every kind of header the hash follows, each padded to
    /// 128 bytes: (skb->protocol, bytes).
    fn frames() -> Vec<(u16, Vec<u8>)> {
        let mut v = Vec::new();
        let mut push = |proto: u16, l3: Vec<u8>| {
            let mut f = eth(7, [2, 0, 0, 0, 0, 3], proto);
            f.extend(l3);
            f.resize(128, 0);
            v.push((proto, f));
        };
        let a = [10, 0, 0, 1];
        let b = [10, 0, 0, 2];
        push(ETH_P_IP, ipv4(a, b, 17, &[0x30, 0x39, 0x00, 0x35]));
        push(ETH_P_IP, ipv4(a, b, 51, &[0, 0, 0, 0, 1, 2, 3, 4]));
        push(ETH_P_IP, ipv4(a, b, 1, &[8, 0, 0, 0, 0x12, 0x34, 0, 1]));
        let mut err = std::vec![3, 1, 0, 0, 0, 0, 0, 0];
        err.extend(ipv4(b, a, 6, &[0x04, 0xd2, 0x00, 0x50]));
        push(ETH_P_IP, ipv4(a, b, 1, &err));
        push(ETH_P_IP, ipv4(a, b, 2, &[]));
        // Options up to the largest IHL, and an IHL below the minimum.
        let mut opt = ipv4(a, b, 6, &[0; 40]);
        opt[0] = 0x4f;
        push(ETH_P_IP, opt);
        let mut short = ipv4(a, b, 6, &[1, 2, 3, 4]);
        short[0] = 0x40;
        push(ETH_P_IP, short);
        push(ETH_P_IPV6, ipv6(6, &[0x13, 0x88, 0x13, 0x89]));
        let mut err6 = std::vec![1, 0, 0, 0, 0, 0, 0, 0];
        err6.extend(ipv6(17, &[0x13, 0x88, 0x13, 0x89]));
        push(ETH_P_IPV6, ipv6(58, &err6));
        push(ETH_P_IPV6, ipv6(58, &[128, 0, 0, 0, 0xab, 0xcd, 0, 1]));
        push(0x0806, std::vec![0; 28]);
        v
    }

    /// Network offsets from the real one to ones whose additions overflow:
    /// a negative `skb_network_offset()` arrives as `usize::MAX`.
    fn offsets() -> Vec<usize> {
        let mut v = std::vec![0, 1, ETH_HLEN, 18, 64, 127, 128, 129, 1 << 20];
        v.extend([usize::MAX / 2, usize::MAX / 2 + 1]);
        for back in 0..=64 {
            v.push(usize::MAX - back);
        }
        v
    }

    /// Whether the `len` bytes at `off` are in a frame of `n` bytes.
    fn there(off: usize, len: usize, n: usize) -> bool {
        off.checked_add(len).is_some_and(|end| end <= n)
    }

    #[test]
    fn any_offset_and_length_no_panic() {
        // Overflow checks are on in this build, as CONFIG_RUST_DEBUG_ASSERTIONS
        // has them in the test kernel: an overflowing addition panics here.
        for (proto, f) in frames() {
            for len in 0..=f.len() {
                let d = &f[..len];
                for off in offsets() {
                    for l4 in [None, Some(0x1234_5678)] {
                        for vlan in [None, Some(5)] {
                            let m = FrameMeta {
                                protocol: proto,
                                network_offset: off,
                                vlan_tci: vlan,
                                l4_hash: l4,
                            };
                            for &p in POLICIES {
                                let h = xmit_hash(p, d, &m);
                                // No IP header at the offset: the L2 hash,
                                // as bond_flow_dissect() failing in C.
                                let l3 = if proto == ETH_P_IPV6 { 40 } else { 20 };
                                let l2_only = p != XmitHashPolicy::VlanSrcMac
                                    && !(p == XmitHashPolicy::Encap34 && l4.is_some());
                                if l2_only && !there(off, l3, len) {
                                    assert_eq!(h, eth_hash(d), "policy {p:?} off {off} len {len}");
                                }
                            }
                            let igmp = is_igmp(d, &m);
                            assert!(!igmp || there(off, 20, len), "off {off} len {len}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn truncated_ip_header_falls_back_to_layer2() {
        for (proto, f) in frames() {
            let l3 = if proto == ETH_P_IPV6 { 40 } else { 20 };
            for len in 0..ETH_HLEN + l3 {
                let d = &f[..len];
                for p in [
                    XmitHashPolicy::Layer34,
                    XmitHashPolicy::Layer23,
                    XmitHashPolicy::Encap23,
                    XmitHashPolicy::Encap34,
                ] {
                    assert_eq!(xmit_hash(p, d, &meta(proto)), eth_hash(d), "len {len}");
                }
            }
        }
    }

    #[test]
    fn truncated_icmp_header_is_no_icmp_key() {
        // skb_flow_get_icmp_tci() reads a whole 8-byte header or nothing:
        // an IPv4 ICMP error cut inside it keeps type 0 (not an error), so
        // the outer addresses hash with ports and id 0.
        let (_, f) = frames().swap_remove(3);
        let s = u32::from_ne_bytes([10, 0, 0, 1]);
        let d = u32::from_ne_bytes([10, 0, 0, 2]);
        for len in ETH_HLEN + 20..ETH_HLEN + 28 {
            assert_eq!(
                xmit_hash(XmitHashPolicy::Layer34, &f[..len], &meta(ETH_P_IP)),
                ip_hash(
                    0,
                    &Flow {
                        src: s,
                        dst: d,
                        ..Default::default()
                    },
                    XmitHashPolicy::Layer34
                ),
                "len {len}"
            );
        }
        // ICMPv6 type 0 counts as an error whose embedded header is not
        // there: no flow, the L2 hash.
        let (_, f6) = frames().swap_remove(8);
        for len in ETH_HLEN + 40..ETH_HLEN + 48 {
            let d = &f6[..len];
            assert_eq!(
                xmit_hash(XmitHashPolicy::Layer34, d, &meta(ETH_P_IPV6)),
                eth_hash(d)
            );
        }
    }

    #[test]
    fn igmp_needs_a_whole_ipv4_header() {
        let (_, f) = frames().swap_remove(4);
        for len in 0..ETH_HLEN + 20 {
            assert!(!is_igmp(&f[..len], &meta(ETH_P_IP)), "len {len}");
        }
        assert!(is_igmp(&f[..ETH_HLEN + 20], &meta(ETH_P_IP)));
    }
}
