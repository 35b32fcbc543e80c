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
        // Without a whole ICMP header the key stays zero (type 0: no
        // ICMPv4 error, but an ICMPv6 one, as in C).
        get_icmp(d, nhoff, &mut fk);
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

// `__skb_flow_dissect()` with `flow_keys_bonding` and flags 0, for the
// encap policies.
//
// Of the keys `flow_keys_bonding` asks for (control, basic, IPv4 and IPv6
// addresses, TIPC, ports, ICMP, VLAN, flow label, GRE key id) the hash reads
// the addresses through `flow_get_u32_src()`/`flow_get_u32_dst()` (by the
// last `control.addr_type` set), the ports and the ICMP key; the VLAN, flow
// label and GRE key id are filled in C but read by nobody here, and are
// not kept.  Keys the bonding dissector does not ask for (ARP, MPLS and
// MPLS entropy, CFM, IPsec SPI, TCP flags, L2TPv3, PPPoE, ETH_ADDRS, ...)
// make their helpers return at once, so ARP, MPLS and CFM stop the
// dissection with success and no keys read from them.
//
// What the C function sees that this cannot:
// * `__skb_header_pointer()` falls back to `skb_copy_bits()` beyond the
//   linear part; `d` is taken to be the whole frame (`skb_headlen() ==
//   skb->len`, as for the packet-socket frames of the comparison).  A read
//   past `d` fails here as `skb_copy_bits()` fails past `skb->len`.
// * A negative network offset (arriving as a huge `usize`) makes C read the
//   headroom in front of `skb->data`; here every read there fails.
// * A flow dissector BPF program (net or init_net) would replace all of
//   this; none is expected to be attached.
// * TIPC keepalive (LINK_PROTOCOL) messages get a `get_random_bytes()` key
//   in `tipc_hdr_rps_key()`: not reproducible; the source node word is used
//   for them too.

const ETH_P_8021Q: u16 = 0x8100;
const ETH_P_8021AD: u16 = 0x88a8;
const ETH_P_ARP: u16 = 0x0806;
const ETH_P_RARP: u16 = 0x8035;
const ETH_P_TEB: u16 = 0x6558;
const ETH_P_BATMAN: u16 = 0x4305;
const ETH_P_MPLS_UC: u16 = 0x8847;
const ETH_P_MPLS_MC: u16 = 0x8848;
const ETH_P_PPP_SES: u16 = 0x8864;
const ETH_P_TIPC: u16 = 0x88ca;
const ETH_P_1588: u16 = 0x88f7;
const ETH_P_PRP: u16 = 0x88fb;
const ETH_P_CFM: u16 = 0x8902;
const ETH_P_FCOE: u16 = 0x8906;
const ETH_P_HSR: u16 = 0x892f;
const GRE_PROTO_PPP: u16 = 0x880b;
const IPPROTO_IPIP: u8 = 4;
const IPPROTO_IPV6: u8 = 41;
const IPPROTO_GRE: u8 = 47;
const IPPROTO_MPLS: u8 = 137;
const NEXTHDR_HOP: u8 = 0;
const NEXTHDR_ROUTING: u8 = 43;
const NEXTHDR_FRAGMENT: u8 = 44;
const NEXTHDR_DEST: u8 = 60;
/// `MAX_FLOW_DISSECT_HDRS`.
const MAX_HDRS: u32 = 15;

/// `enum flow_dissect_ret`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ret {
    Good,
    Bad,
    ProtoAgain,
    IpProtoAgain,
    Continue,
}

/// `skb_flow_get_ports()`.
fn get_ports(d: &[u8], thoff: usize, ip_proto: u8) -> u32 {
    ports_offset(ip_proto)
        .and_then(|o| ne32(d, thoff.checked_add(o)?))
        .unwrap_or(0)
}

/// `skb_flow_get_icmp_tci()`: type, code and (for echo and timestamp) the
/// id in host order, 1 for an id of 0; untouched without a whole 8-byte
/// header.
fn get_icmp(d: &[u8], thoff: usize, fk: &mut Flow) {
    if let Some(ih) = bytes(d, thoff, 8) {
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
}

/// `ipv6_addr_hash()` of the 16 bytes at `off` of `h` (there).
fn v6_fold(h: &[u8], off: usize) -> u32 {
    let w = |o: usize| ne32(h, off + o).unwrap_or(0);
    w(0) ^ w(4) ^ w(8) ^ w(12)
}

/// `NET_IP_ALIGN`: 0 where the architecture defines it so, else 2.
const NET_IP_ALIGN: usize = if cfg!(any(
    target_arch = "x86",
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "powerpc",
    target_arch = "powerpc64"
)) {
    0
} else {
    2
};

/// `__skb_flow_dissect_gre()` with flags 0 (no stop at or before an
/// encapsulation).  Where `NET_IP_ALIGN` is not 0, `hlen` is capped at the
/// end of a TEB's Ethernet header; reads past the cap still succeed with
/// an skb (`skb_copy_bits()` reads the same bytes), only FCoE's length
/// test sees the cap.
fn dissect_gre(d: &[u8], st: &mut Dissect) -> Ret {
    let nhoff = st.nhoff;
    let (Some(flags), Some(gproto)) = (be16(d, nhoff), be16(d, nhoff.saturating_add(2))) else {
        return Ret::Bad;
    };
    // Routing present, or a version other than 0 and 1: not looked into.
    if flags & 0x4000 != 0 {
        return Ret::Good;
    }
    let ver = flags & 0x0007;
    if ver > 1 {
        return Ret::Good;
    }
    st.proto = gproto;
    // Version 1 must be PPTP: PPP with a key.
    if ver == 1 && !(gproto == GRE_PROTO_PPP && flags & 0x2000 != 0) {
        return Ret::Good;
    }
    let at = |off: usize| nhoff.saturating_add(off);
    let mut off = 4;
    if flags & 0x8000 != 0 {
        // Checksum and reserved1.
        off += 4;
    }
    if flags & 0x2000 != 0 {
        // The key id must be there (the key id key itself is not read).
        if bytes(d, at(off), 4).is_none() {
            return Ret::Bad;
        }
        off += 4;
    }
    if flags & 0x1000 != 0 {
        off += 4;
    }
    if ver == 0 {
        if gproto == ETH_P_TEB {
            let Some(ty) = bytes(d, at(off), 14).and_then(|e| be16(e, 12)) else {
                return Ret::Bad;
            };
            st.proto = ty;
            off += 14;
            if NET_IP_ALIGN != 0 {
                st.hlen = at(off);
            }
        }
    } else {
        if flags & 0x0080 != 0 {
            // The acknowledgment number.
            off += 4;
        }
        let Some(ppp) = bytes(d, at(off), 4).and_then(|p| be16(p, 2)) else {
            return Ret::Bad;
        };
        // PPP_IP, PPP_IPV6; any other stays GRE_PROTO_PPP, which the next
        // round finds bad.
        match ppp {
            0x21 => st.proto = ETH_P_IP,
            0x57 => st.proto = ETH_P_IPV6,
            _ => {}
        }
        off += 4;
    }
    st.nhoff = at(off);
    Ret::ProtoAgain
}

/// The network-layer round of `__skb_flow_dissect()` (`proto_again:`).
fn dissect_proto(d: &[u8], m: &FrameMeta, st: &mut Dissect, fk: &mut Flow) -> Ret {
    let nhoff = st.nhoff;
    let at = |off: usize| nhoff.saturating_add(off);
    match st.proto {
        ETH_P_IP => {
            let Some(h) = bytes(d, nhoff, 20) else {
                return Ret::Bad;
            };
            let ihl = h[0] & 0x0f;
            if ihl < 5 {
                return Ret::Bad;
            }
            st.nhoff = at(usize::from(ihl) * 4);
            st.ip_proto = h[9];
            fk.src = ne32(h, 12).unwrap_or(0);
            fk.dst = ne32(h, 16).unwrap_or(0);
            // ip_is_fragment(): any fragment, first or not, ends the
            // dissection without FLOW_DISSECTOR_F_PARSE_1ST_FRAG.
            if u16::from_be_bytes([h[6], h[7]]) & 0x3fff != 0 {
                st.fragment = true;
                return Ret::Good;
            }
            Ret::Continue
        }
        ETH_P_IPV6 => {
            let Some(h) = bytes(d, nhoff, 40) else {
                return Ret::Bad;
            };
            st.ip_proto = h[6];
            st.nhoff = at(40);
            fk.src = v6_fold(h, 8);
            fk.dst = v6_fold(h, 24);
            Ret::Continue
        }
        ETH_P_8021Q | ETH_P_8021AD => {
            // The first tag is the out-of-band one if there is one (and
            // then the protocol is skb->protocol's again, no header read).
            if !st.vlan_seen && m.vlan_tci.is_some() {
                st.proto = m.protocol;
            } else {
                let Some(ty) = bytes(d, nhoff, 4).and_then(|v| be16(v, 2)) else {
                    return Ret::Bad;
                };
                st.proto = ty;
                st.nhoff = at(4);
            }
            st.vlan_seen = true;
            Ret::ProtoAgain
        }
        ETH_P_PPP_SES => {
            let Some(h) = bytes(d, nhoff, 8) else {
                return Ret::Bad;
            };
            // Version 1, type 1 (one byte, little-endian bit fields), code 0.
            if h[0] != 0x11 || h[1] != 0 {
                return Ret::Bad;
            }
            let ppp = u16::from_be_bytes([h[6], h[7]]);
            st.nhoff = at(8);
            let next = match ppp {
                0x0021 => ETH_P_IP,
                0x0057 => ETH_P_IPV6,
                0x0281 => ETH_P_MPLS_UC,
                0x0283 => ETH_P_MPLS_MC,
                // ppp_proto_is_valid().
                _ if ppp & 0x0101 == 0x0001 => return Ret::Good,
                _ => return Ret::Bad,
            };
            st.proto = next;
            Ret::ProtoAgain
        }
        ETH_P_TIPC => {
            let (Some(_), Some(key)) = (bytes(d, nhoff, 16), ne32(d, at(12))) else {
                return Ret::Bad;
            };
            // tipc_hdr_rps_key(): the source node (word 3); keepalives
            // would be random (see above).  addr_type TIPC: the source is
            // the key, the destination 0.
            fk.src = key;
            fk.dst = 0;
            Ret::Good
        }
        // The MPLS keys are not in flow_keys_bonding: nothing read.
        ETH_P_MPLS_UC | ETH_P_MPLS_MC => Ret::Good,
        ETH_P_FCOE => {
            // hlen - nhoff < FCOE_HEADER_LEN, in int (a short frame's
            // difference is negative).
            if !matches!(st.hlen.checked_sub(nhoff), Some(n) if n >= 38) {
                return Ret::Bad;
            }
            st.nhoff = at(38);
            Ret::Good
        }
        // No ARP or CFM key either: success, nothing read.
        ETH_P_ARP | ETH_P_RARP | ETH_P_CFM => Ret::Good,
        ETH_P_BATMAN => {
            // struct batadv_unicast_packet (10 bytes) and an Ethernet
            // header: packet type BATADV_UNICAST, version 15.
            let Some(h) = bytes(d, nhoff, 24) else {
                return Ret::Bad;
            };
            if h[1] != 15 || h[0] != 0x40 {
                return Ret::Bad;
            }
            st.proto = u16::from_be_bytes([h[22], h[23]]);
            st.nhoff = at(24);
            Ret::ProtoAgain
        }
        ETH_P_1588 => {
            if bytes(d, nhoff, 34).is_none() {
                return Ret::Bad;
            }
            st.nhoff = at(34);
            Ret::Good
        }
        ETH_P_PRP | ETH_P_HSR => {
            let Some(h) = bytes(d, nhoff, 6) else {
                return Ret::Bad;
            };
            st.proto = u16::from_be_bytes([h[4], h[5]]);
            st.nhoff = at(6);
            Ret::ProtoAgain
        }
        _ => Ret::Bad,
    }
}

/// The transport-layer round (`ip_proto_again:`), ports included.
fn dissect_ip_proto(d: &[u8], st: &mut Dissect, fk: &mut Flow) -> Ret {
    let ret = match st.ip_proto {
        IPPROTO_GRE => dissect_gre(d, st),
        NEXTHDR_HOP | NEXTHDR_ROUTING | NEXTHDR_DEST if st.proto == ETH_P_IPV6 => {
            let Some(h) = bytes(d, st.nhoff, 2) else {
                return Ret::Bad;
            };
            st.ip_proto = h[0];
            st.nhoff = st.nhoff.saturating_add((usize::from(h[1]) + 1) << 3);
            Ret::IpProtoAgain
        }
        NEXTHDR_FRAGMENT if st.proto == ETH_P_IPV6 => {
            let Some(fh) = bytes(d, st.nhoff, 8) else {
                return Ret::Bad;
            };
            // First fragment or not: the end without PARSE_1ST_FRAG.
            st.fragment = true;
            st.nhoff = st.nhoff.saturating_add(8);
            st.ip_proto = fh[0];
            Ret::Good
        }
        IPPROTO_IPIP => {
            st.proto = ETH_P_IP;
            Ret::ProtoAgain
        }
        IPPROTO_IPV6 => {
            st.proto = ETH_P_IPV6;
            Ret::ProtoAgain
        }
        IPPROTO_MPLS => {
            st.proto = ETH_P_MPLS_UC;
            Ret::ProtoAgain
        }
        IPPROTO_ICMP | IPPROTO_ICMPV6 => {
            get_icmp(d, st.nhoff, fk);
            Ret::Continue
        }
        // TCP flags, L2TPv3 session, ESP/AH SPI: keys not asked for.
        _ => Ret::Continue,
    };
    if !st.fragment {
        fk.ports = get_ports(d, st.nhoff, st.ip_proto);
    }
    ret
}

/// The dissector's running state.
struct Dissect {
    proto: u16,
    nhoff: usize,
    /// `hlen`: the frame's length, but see [`dissect_gre()`].
    hlen: usize,
    ip_proto: u8,
    /// `dissector_vlan != FLOW_DISSECTOR_KEY_MAX`.
    vlan_seen: bool,
    /// `FLOW_DIS_IS_FRAGMENT`.
    fragment: bool,
    num_hdrs: u32,
}

impl Dissect {
    /// `skb_flow_dissect_allowed()`.
    fn allowed(&mut self) -> bool {
        self.num_hdrs += 1;
        self.num_hdrs <= MAX_HDRS
    }
}

/// `__skb_flow_dissect(net, skb, &flow_keys_bonding, fk, skb->data,
/// skb->protocol, skb_network_offset(skb), skb_headlen(skb), 0)` into a
/// zeroed `fk`: the keys, or `None` when it returns false.
fn flow_dissect_encap(d: &[u8], m: &FrameMeta) -> Option<Flow> {
    let mut fk = Flow::default();
    let mut st = Dissect {
        proto: m.protocol,
        nhoff: m.network_offset,
        hlen: d.len(),
        ip_proto: 0,
        vlan_seen: false,
        fragment: false,
        num_hdrs: 0,
    };
    'proto: loop {
        match dissect_proto(d, m, &mut st, &mut fk) {
            Ret::Good => break,
            Ret::Bad => return None,
            Ret::ProtoAgain => {
                if st.allowed() {
                    continue;
                }
                break;
            }
            Ret::Continue | Ret::IpProtoAgain => {}
        }
        loop {
            match dissect_ip_proto(d, &mut st, &mut fk) {
                Ret::Bad => return None,
                Ret::ProtoAgain if st.allowed() => continue 'proto,
                Ret::IpProtoAgain if st.allowed() => continue,
                // OUT_GOOD, CONTINUE, or a header too many.
                _ => break 'proto,
            }
        }
    }
    // key_control->thoff is a u16: a transport offset past it fails.
    (st.nhoff.min(d.len()) <= usize::from(u16::MAX)).then_some(fk)
}

/// `bond_xmit_hash()` of a frame whose linear bytes are `d`.
///
/// The layer policies parse the outer IP header as `bond_flow_dissect()`
/// does; the encap policies run the flow dissector emulation above
/// (tunnels, VLAN stacks, PPPoE, IPv6 extension headers, ...).
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
        XmitHashPolicy::Encap23 | XmitHashPolicy::Encap34 => flow_dissect_encap(d, m),
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
        // The encap dissector's paths.
        let udp = [0x30, 0x39, 0x00, 0x35];
        let in4 = ipv4(b, a, 17, &udp);
        push(ETH_P_IP, ipv4(a, b, 47, &gre(0xb000, ETH_P_IP, &in4)));
        let mut teb = eth(9, [2, 0, 0, 0, 0, 9], ETH_P_IP);
        teb.extend_from_slice(&in4);
        push(ETH_P_IP, ipv4(a, b, 47, &gre(0x2000, ETH_P_TEB, &teb)));
        let mut ppp = std::vec![0xff, 0x03, 0x00, 0x21];
        ppp.extend_from_slice(&in4);
        push(ETH_P_IP, ipv4(a, b, 47, &gre(0x3081, GRE_PROTO_PPP, &ppp)));
        push(ETH_P_IP, ipv4(a, b, 4, &in4));
        push(ETH_P_IP, ipv4(a, b, 41, &ipv6(17, &udp)));
        push(ETH_P_IP, ipv4(a, b, 137, &mpls_in(&in4)));
        push(ETH_P_IPV6, ipv6(0, &ext(43, &ext(60, &frag6(17, &udp)))));
        push(ETH_P_IPV6, ipv6(60, &ext(58, &[128, 0, 0, 0, 0, 7, 0, 1])));
        push(ETH_P_8021Q, vlan(ETH_P_8021AD, &vlan(ETH_P_IP, &in4)));
        push(ETH_P_PPP_SES, pppoe(0x0021, &in4));
        push(ETH_P_MPLS_UC, mpls_in(&in4));
        push(ETH_P_TIPC, std::vec![0x11; 16]);
        push(ETH_P_BATMAN, batman(ETH_P_IP, &in4));
        push(ETH_P_HSR, hsr(ETH_P_IP, &in4));
        push(ETH_P_1588, std::vec![0; 34]);
        push(ETH_P_FCOE, std::vec![0; 38]);
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
                                // (The encap dissector accepts ARP, MPLS,
                                // ... without reading them.)
                                let l2_only = p != XmitHashPolicy::VlanSrcMac
                                    && !(p == XmitHashPolicy::Encap34 && l4.is_some())
                                    && !(is_encap(p) && proto != ETH_P_IP && proto != ETH_P_IPV6);
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
        for (proto, f) in frames()
            .into_iter()
            .filter(|f| f.0 == ETH_P_IP || f.0 == ETH_P_IPV6)
        {
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

    fn is_encap(p: XmitHashPolicy) -> bool {
        matches!(p, XmitHashPolicy::Encap23 | XmitHashPolicy::Encap34)
    }

    /// A GRE header with `flags` (each optional field 4 bytes) and `inner`.
    fn gre(flags: u16, proto: u16, inner: &[u8]) -> Vec<u8> {
        let mut h = flags.to_be_bytes().to_vec();
        h.extend_from_slice(&proto.to_be_bytes());
        for bit in [0x8000, 0x2000, 0x1000, 0x0080] {
            if flags & bit != 0 {
                h.extend_from_slice(&[0, 0, 0x0a, 0x0b]);
            }
        }
        h.extend_from_slice(inner);
        h
    }

    fn vlan(next: u16, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x20, 0x05];
        h.extend_from_slice(&next.to_be_bytes());
        h.extend_from_slice(inner);
        h
    }

    fn pppoe(ppp: u16, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x11, 0, 0x12, 0x34, 0, 0];
        h.extend_from_slice(&ppp.to_be_bytes());
        h.extend_from_slice(inner);
        h
    }

    /// One MPLS label (100, bottom of stack) in front of `inner`.
    fn mpls_in(inner: &[u8]) -> Vec<u8> {
        let mut h = ((100u32 << 12) | (1 << 8) | 64).to_be_bytes().to_vec();
        h.extend_from_slice(inner);
        h
    }

    /// An 8-byte IPv6 option header whose next header is `nh`.
    fn ext(nh: u8, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![nh, 0, 1, 4, 0, 0, 0, 0];
        h.extend_from_slice(inner);
        h
    }

    /// A first IPv6 fragment (offset 0, more fragments).
    fn frag6(nh: u8, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![nh, 0, 0, 1, 0, 0, 0x42, 0x42];
        h.extend_from_slice(inner);
        h
    }

    /// batman-adv unicast (type 0x40, version 15, 10 bytes) and Ethernet.
    fn batman(ty: u16, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x40, 15, 50, 0, 2, 0, 0, 0, 0, 8];
        h.extend(eth(8, [2, 0, 0, 0, 0, 8], ty));
        h.extend_from_slice(inner);
        h
    }

    fn hsr(ty: u16, inner: &[u8]) -> Vec<u8> {
        let mut h = std::vec![0x10, 0x40, 0x00, 0x01];
        h.extend_from_slice(&ty.to_be_bytes());
        h.extend_from_slice(inner);
        h
    }

    const A: [u8; 4] = [10, 0, 0, 1];
    const B: [u8; 4] = [10, 0, 0, 2];
    const C: [u8; 4] = [172, 16, 0, 3];
    const D: [u8; 4] = [172, 16, 0, 4];
    const UDP: [u8; 4] = [0x30, 0x39, 0x00, 0x35];

    fn w(b: [u8; 4]) -> u32 {
        u32::from_ne_bytes(b)
    }

    /// What `__bond_xmit_hash()` makes of keys (src, dst as
    /// `flow_get_u32_*()` returns them, the ports or ICMP word) for both
    /// encap policies of frame `f`: encap2+3 starts from the L2 hash,
    /// encap3+4 from the ports word and drops the low bit.
    fn want(f: &[u8], src: u32, dst: u32, l4: u32) -> [u32; 2] {
        let fold = |h: u32| {
            let mut h = h ^ dst ^ src;
            h ^= h >> 16;
            h ^= h >> 8;
            h
        };
        [fold(eth_hash(f)), fold(l4) >> 1]
    }

    fn got(f: &[u8], m: &FrameMeta) -> [u32; 2] {
        [
            xmit_hash(XmitHashPolicy::Encap23, f, m),
            xmit_hash(XmitHashPolicy::Encap34, f, m),
        ]
    }

    /// `proto` frame of `f`'s bytes after the Ethernet header.
    fn framed(proto: u16, l3: &[u8]) -> Vec<u8> {
        let mut f = eth(0x07, [2, 0, 0, 0, 0, 0x03], proto);
        f.extend_from_slice(l3);
        f
    }

    /// Both encap hashes are the L2 hash (`__skb_flow_dissect()` false).
    fn assert_l2(f: &[u8], m: &FrameMeta) {
        assert_eq!(got(f, m), [eth_hash(f); 2], "{f:02x?}");
    }

    #[test]
    fn encap_plain_ip_as_layer() {
        // Without a tunnel the dissector reads the same addresses
        // (addr_type IPV4/IPV6_ADDRS) and skb_flow_get_ports() the same
        // word as bond_flow_ip(): the layer policies' values.
        let f = framed(ETH_P_IP, &ipv4(A, B, 6, &UDP));
        let m = meta(ETH_P_IP);
        assert_eq!(got(&f, &m), want(&f, w(A), w(B), w(UDP)));
        assert_eq!(
            xmit_hash(XmitHashPolicy::Encap34, &f, &m),
            xmit_hash(XmitHashPolicy::Layer34, &f, &m)
        );
        let f = framed(ETH_P_IPV6, &ipv6(17, &UDP));
        let m = meta(ETH_P_IPV6);
        assert_eq!(
            xmit_hash(XmitHashPolicy::Encap34, &f, &m),
            xmit_hash(XmitHashPolicy::Layer34, &f, &m)
        );
        assert_eq!(
            xmit_hash(XmitHashPolicy::Encap23, &f, &m),
            xmit_hash(XmitHashPolicy::Layer23, &f, &m)
        );
        // IHL below 5: OUT_BAD.  (Ports cut short: 0, still success.)
        let mut f = framed(ETH_P_IP, &ipv4(A, B, 17, &UDP));
        assert_eq!(
            got(&f[..36], &meta(ETH_P_IP)),
            want(&f[..36], w(A), w(B), 0)
        );
        f[ETH_HLEN] = 0x44;
        assert_l2(&f, &meta(ETH_P_IP));
        // An unknown ethertype: OUT_BAD.
        let f = framed(0x88b5, &ipv4(A, B, 17, &UDP));
        assert_l2(&f, &meta(0x88b5));
    }

    #[test]
    fn encap_ipv4_fragments_have_no_ports() {
        // ip_is_fragment(): FLOW_DIS_IS_FRAGMENT, then OUT_GOOD with flags
        // 0 for a first fragment (MF, offset 0) as for a later one: the
        // addresses, no ports; DF alone is no fragment.
        for (frag, ports) in [(0x2000u16, 0), (0x0001, 0), (0x4000, w(UDP))] {
            let mut f = framed(ETH_P_IP, &ipv4(A, B, 17, &UDP));
            f[ETH_HLEN + 6..ETH_HLEN + 8].copy_from_slice(&frag.to_be_bytes());
            assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(A), w(B), ports));
        }
        // A fragment of a GRE packet is not looked into.
        let mut f = framed(
            ETH_P_IP,
            &ipv4(A, B, 47, &gre(0, ETH_P_IP, &ipv4(C, D, 17, &UDP))),
        );
        f[ETH_HLEN + 6] = 0x20;
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(A), w(B), 0));
    }

    #[test]
    fn encap_gre() {
        let m = meta(ETH_P_IP);
        let inner = ipv4(C, D, 17, &UDP);
        // Version 0 with checksum, key and sequence (4 + 12 bytes): the
        // inner IPv4 header's addresses overwrite the outer ones, the
        // ports are the inner UDP's.
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0xb000, ETH_P_IP, &inner)));
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        // The key cut off: OUT_BAD; the sequence number or the inner
        // header cut off: the inner IPv4 header missing is OUT_BAD too.
        let g = ETH_HLEN + 20;
        assert_l2(&f[..g + 11], &m);
        assert_l2(&f[..g + 16 + 19], &m);
        // Routing present, or version 2..7: OUT_GOOD at the GRE header,
        // the outer addresses, ports of protocol 47: none.
        for flags in [0x4000, 0x0002, 0x0007] {
            let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(flags, ETH_P_IP, &inner)));
            assert_eq!(got(&f, &m), want(&f, w(A), w(B), 0), "flags {flags:#x}");
        }
        // GRE header itself cut: OUT_BAD.
        assert_l2(&f[..g + 3], &m);
        // TEB: the inner Ethernet header's type, then the inner IPv4.
        let mut e = eth(9, [2, 0, 0, 0, 0, 9], ETH_P_IP);
        e.extend_from_slice(&inner);
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0x2000, ETH_P_TEB, &e)));
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        assert_l2(&f[..g + 8 + 13], &m);
        // TEB carrying ARP: ARP ends it with success, the outer keys stay.
        let mut e = eth(9, [2, 0, 0, 0, 0, 9], ETH_P_ARP);
        e.extend_from_slice(&[0; 28]);
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0, ETH_P_TEB, &e)));
        assert_eq!(got(&f, &m), want(&f, w(A), w(B), 0));
        // GRE carrying MPLS: MPLS ends it (no MPLS key), outer keys.
        let f = framed(
            ETH_P_IP,
            &ipv4(A, B, 47, &gre(0, ETH_P_MPLS_UC, &mpls_in(&inner))),
        );
        assert_eq!(got(&f, &m), want(&f, w(A), w(B), 0));
        // An unknown protocol inside: OUT_BAD.
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0, 0x88be, &inner)));
        assert_l2(&f, &m);
    }

    #[test]
    fn encap_pptp() {
        let m = meta(ETH_P_IP);
        let inner = ipv4(C, D, 17, &UDP);
        // Version 1 with key, sequence and ack (4 + 12 bytes), PPP header
        // ff 03 00 21: PPP_IP, the inner IPv4.
        let mut ppp = std::vec![0xff, 0x03, 0x00, 0x21];
        ppp.extend_from_slice(&inner);
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0x3081, GRE_PROTO_PPP, &ppp)));
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        // The PPP header cut: OUT_BAD.
        assert_l2(&f[..ETH_HLEN + 20 + 16 + 3], &m);
        // Another PPP protocol (LCP): the protocol stays GRE_PROTO_PPP,
        // which the next round does not know: OUT_BAD.
        ppp[2..4].copy_from_slice(&[0xc0, 0x21]);
        let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(0x3081, GRE_PROTO_PPP, &ppp)));
        assert_l2(&f, &m);
        // Version 1 without a key, or not PPP: OUT_GOOD, outer keys.
        for (flags, proto) in [(0x1001, GRE_PROTO_PPP), (0x2001, ETH_P_IP)] {
            let f = framed(ETH_P_IP, &ipv4(A, B, 47, &gre(flags, proto, &ppp)));
            assert_eq!(got(&f, &m), want(&f, w(A), w(B), 0));
        }
    }

    #[test]
    fn encap_ip_in_ip() {
        let inner = ipv4(C, D, 6, &UDP);
        // IPIP: proto becomes ETH_P_IP again at the inner header.
        let f = framed(ETH_P_IP, &ipv4(A, B, 4, &inner));
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(C), w(D), w(UDP)));
        // The inner header cut: OUT_BAD.
        assert_l2(&f[..ETH_HLEN + 20 + 19], &meta(ETH_P_IP));
        // 6in4: the inner IPv6 addresses (addr_type IPV6_ADDRS, folded).
        let i6 = ipv6(17, &UDP);
        let f = framed(ETH_P_IP, &ipv4(A, B, 41, &i6));
        let s = v6_fold(&i6, 8);
        let d = v6_fold(&i6, 24);
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, s, d, w(UDP)));
        // IPv4 in IPv6.
        let f = framed(ETH_P_IPV6, &ipv6(4, &inner));
        assert_eq!(got(&f, &meta(ETH_P_IPV6)), want(&f, w(C), w(D), w(UDP)));
        // MPLS in IP (137): MPLS ends it, outer keys, no ports.
        let f = framed(ETH_P_IP, &ipv4(A, B, 137, &mpls_in(&inner)));
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(A), w(B), 0));
        // Nested IPIP: each tunnel is one header of MAX_FLOW_DISSECT_HDRS
        // (15); with 16 tunnels the 16th is refused and the keys are those
        // of the 16th IPv4 header from the outside (ports of IPIP: none).
        let mut p = ipv4(C, D, 17, &UDP);
        let mut hdrs = std::vec![(C, D)];
        for i in 0..16u8 {
            let (s, d) = ([10, 1, i, 1], [10, 2, i, 2]);
            p = ipv4(s, d, 4, &p);
            hdrs.push((s, d));
        }
        let f = framed(ETH_P_IP, &p);
        // hdrs[16] is the outermost; the 16th from the outside is hdrs[1].
        let (s, d) = hdrs[1];
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(s), w(d), 0));
        // 15 tunnels: the innermost UDP is reached.
        let f = framed(ETH_P_IP, &p[20..]);
        assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(C), w(D), w(UDP)));
    }

    #[test]
    fn encap_ipv6_extension_headers() {
        let m = meta(ETH_P_IPV6);
        let h = ipv6(0, &[]);
        let (s, d) = (v6_fold(&h, 8), v6_fold(&h, 24));
        // Hop-by-hop, routing, destination options ((len + 1) * 8 bytes
        // each), then UDP: the ports after the chain.
        let f = framed(ETH_P_IPV6, &ipv6(0, &ext(43, &ext(60, &ext(17, &UDP)))));
        assert_eq!(got(&f, &m), want(&f, s, d, w(UDP)));
        // Cut inside the chain: OUT_BAD; cut in the ports: 0.
        assert_l2(&f[..ETH_HLEN + 40 + 8 + 1], &m);
        assert_eq!(got(&f[..f.len() - 1], &m), want(&f[..f.len() - 1], s, d, 0));
        // A header longer than the frame: the ports are past the end, 0.
        let mut long = ext(17, &UDP);
        long[1] = 255;
        let f = framed(ETH_P_IPV6, &ipv6(60, &long));
        assert_eq!(got(&f, &m), want(&f, s, d, 0));
        // A fragment header: FLOW_DIS_IS_FRAGMENT, OUT_GOOD, no ports.
        let f = framed(ETH_P_IPV6, &ipv6(0, &ext(44, &frag6(17, &UDP))));
        assert_eq!(got(&f, &m), want(&f, s, d, 0));
        assert_l2(&f[..ETH_HLEN + 48 + 7], &m);
        // Extension header numbers under IPv4 are no extension headers:
        // ports of protocol 0/44 are none, and no OUT_BAD when cut.
        for p in [0, 44, 60] {
            let f = framed(ETH_P_IP, &ipv4(A, B, p, &[]));
            assert_eq!(got(&f, &meta(ETH_P_IP)), want(&f, w(A), w(B), 0));
        }
        // 16 destination options: the 16th header round is refused right
        // after its ip_proto (UDP) was taken and the ports read behind it:
        // the ports are there.  With 17 the last ports read are those of
        // protocol 60: none.
        let chain = |n: usize, last: &[u8], nh: u8| {
            let mut p = ext(nh, last);
            for _ in 1..n {
                p = ext(60, &p);
            }
            framed(ETH_P_IPV6, &ipv6(60, &p))
        };
        let f = chain(16, &UDP, 17);
        assert_eq!(got(&f, &m), want(&f, s, d, w(UDP)));
        let f = chain(17, &UDP, 17);
        assert_eq!(got(&f, &m), want(&f, s, d, 0));
        // ICMPv6 echo behind 15 options: the ICMP key (type 128, code 0,
        // id 7 in host order); behind 16, the ICMP round never comes.
        let echo = [128, 0, 0, 0, 0, 7, 0, 1];
        let key = |id: u16| {
            let id = id.to_ne_bytes();
            u32::from_ne_bytes([128, 0, id[0], id[1]])
        };
        let f = chain(15, &echo, 58);
        assert_eq!(got(&f, &m), want(&f, s, d, key(7)));
        let f = chain(16, &echo, 58);
        assert_eq!(got(&f, &m), want(&f, s, d, 0));
    }

    #[test]
    fn encap_icmp() {
        let m = meta(ETH_P_IP);
        // Echo: the ICMP key, id in host order.
        let f = framed(ETH_P_IP, &ipv4(A, B, 1, &[8, 0, 0, 0, 0x12, 0x34, 0, 1]));
        let id = 0x1234u16.to_ne_bytes();
        assert_eq!(
            got(&f, &m),
            want(&f, w(A), w(B), u32::from_ne_bytes([8, 0, id[0], id[1]]))
        );
        // An error: no id, and unlike bond_flow_dissect() the dissector
        // does not look at the embedded header: outer addresses, ports 0.
        let mut err = std::vec![3, 1, 0, 0, 0, 0, 0, 0];
        err.extend(ipv4(C, D, 17, &UDP));
        let f = framed(ETH_P_IP, &ipv4(A, B, 1, &err));
        assert_eq!(got(&f, &m), want(&f, w(A), w(B), 0));
        assert_ne!(
            xmit_hash(XmitHashPolicy::Encap34, &f, &m),
            xmit_hash(XmitHashPolicy::Layer34, &f, &m)
        );
    }

    #[test]
    fn encap_vlan_stacks() {
        let inner = ipv4(C, D, 17, &UDP);
        // 802.1Q over 802.1ad over IPv4: each tag read in band.
        let f = framed(ETH_P_8021Q, &vlan(ETH_P_8021AD, &vlan(ETH_P_IP, &inner)));
        let m = meta(ETH_P_8021Q);
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        // A tag cut: OUT_BAD.
        assert_l2(&f[..ETH_HLEN + 7], &m);
        // With an out-of-band tag the first VLAN round takes it (proto
        // becomes skb->protocol again, nothing read); the in-band tag is
        // the second round.
        let f = framed(ETH_P_8021Q, &vlan(ETH_P_IP, &inner));
        let mt = FrameMeta {
            vlan_tci: Some(5),
            ..meta(ETH_P_8021Q)
        };
        assert_eq!(got(&f, &mt), want(&f, w(C), w(D), w(UDP)));
        // Each tag is one header: 15 tags reach the IPv4 header, with 16
        // the dissection ends with success before it: no keys.
        let stack = |n: usize| {
            let mut p = vlan(ETH_P_IP, &inner);
            for _ in 1..n {
                p = vlan(ETH_P_8021Q, &p);
            }
            framed(ETH_P_8021Q, &p)
        };
        let f = stack(15);
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        let f = stack(16);
        assert_eq!(got(&f, &m), want(&f, 0, 0, 0));
    }

    #[test]
    fn encap_l2_protocols_without_keys() {
        // ARP, RARP, MPLS, CFM: no key of theirs is asked for; the helper
        // returns OUT_GOOD at once, whatever (if anything) follows: all
        // keys zero, so encap2+3 is the folded L2 hash (layer2+3 gives the
        // L2 hash unfolded) and encap3+4 is 0.
        for proto in [
            ETH_P_ARP,
            ETH_P_RARP,
            ETH_P_MPLS_UC,
            ETH_P_MPLS_MC,
            ETH_P_CFM,
        ] {
            for l3 in [&[][..], &[0x55; 28][..]] {
                let f = framed(proto, l3);
                assert_eq!(got(&f, &meta(proto)), want(&f, 0, 0, 0), "{proto:#x}");
                assert_eq!(got(&f, &meta(proto))[1], 0);
            }
        }
        let f = framed(ETH_P_ARP, &[0; 28]);
        assert_eq!(
            xmit_hash(XmitHashPolicy::Layer23, &f, &meta(ETH_P_ARP)),
            eth_hash(&f)
        );
        // PTP: a whole 34-byte header, else OUT_BAD.  FCoE: 38 bytes
        // after the network offset (hlen - nhoff), else OUT_BAD.
        for (proto, n) in [(ETH_P_1588, 34), (ETH_P_FCOE, 38)] {
            let f = framed(proto, &std::vec![0x55; n]);
            assert_eq!(got(&f, &meta(proto)), want(&f, 0, 0, 0));
            assert_l2(&f[..f.len() - 1], &meta(proto));
        }
    }

    #[test]
    fn encap_pppoe() {
        let inner = ipv4(C, D, 17, &UDP);
        let m = meta(ETH_P_PPP_SES);
        // Session header (ver 1, type 1, code 0) and PPP_IP: the inner.
        let f = framed(ETH_P_PPP_SES, &pppoe(0x0021, &inner));
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        assert_l2(&f[..ETH_HLEN + 7], &m);
        // PPP_IPV6.
        let i6 = ipv6(6, &UDP);
        let f = framed(ETH_P_PPP_SES, &pppoe(0x0057, &i6));
        assert_eq!(
            got(&f, &m),
            want(&f, v6_fold(&i6, 8), v6_fold(&i6, 24), w(UDP))
        );
        // MPLS: ends with success, no keys; LCP (0xc021, a valid PPP
        // protocol): OUT_GOOD, no keys.
        for ppp in [0x0281, 0xc021] {
            let f = framed(ETH_P_PPP_SES, &pppoe(ppp, &inner));
            assert_eq!(got(&f, &m), want(&f, 0, 0, 0));
        }
        // Not a valid PPP protocol (low bit of the high byte set, or even),
        // a bad version or code: OUT_BAD.
        for ppp in [0x0000, 0x0121] {
            assert_l2(&framed(ETH_P_PPP_SES, &pppoe(ppp, &inner)), &m);
        }
        let mut f = framed(ETH_P_PPP_SES, &pppoe(0x0021, &inner));
        f[ETH_HLEN] = 0x21;
        assert_l2(&f, &m);
        f[ETH_HLEN] = 0x11;
        f[ETH_HLEN + 1] = 0x09;
        assert_l2(&f, &m);
    }

    #[test]
    fn encap_tipc_batman_hsr() {
        // TIPC: addr_type TIPC, the key (word 3, the source node) as the
        // source, destination 0; a 16-byte header or OUT_BAD.
        let mut t = [0u8; 16];
        t[12..].copy_from_slice(&[1, 0x01, 0x02, 0x03]);
        let f = framed(ETH_P_TIPC, &t);
        let m = meta(ETH_P_TIPC);
        assert_eq!(got(&f, &m), want(&f, w([1, 1, 2, 3]), 0, 0));
        assert_l2(&f[..f.len() - 1], &m);
        // batman-adv unicast: the inner Ethernet type, then the inner IPv4;
        // another version or packet type: OUT_BAD.
        let inner = ipv4(C, D, 17, &UDP);
        let m = meta(ETH_P_BATMAN);
        let mut f = framed(ETH_P_BATMAN, &batman(ETH_P_IP, &inner));
        assert_eq!(got(&f, &m), want(&f, w(C), w(D), w(UDP)));
        f[ETH_HLEN + 1] = 14;
        assert_l2(&f, &m);
        // HSR/PRP tag: its encapsulated protocol.
        for proto in [ETH_P_HSR, ETH_P_PRP] {
            let f = framed(proto, &hsr(ETH_P_IP, &inner));
            assert_eq!(got(&f, &meta(proto)), want(&f, w(C), w(D), w(UDP)));
            assert_l2(&f[..ETH_HLEN + 5], &meta(proto));
        }
    }

    #[test]
    fn encap_transport_offset_past_u16() {
        // key_control->thoff cannot hold a transport offset past 65535:
        // __skb_flow_dissect() returns false.
        let mut f = std::vec![0u8; 70_000];
        f[..ETH_HLEN].copy_from_slice(&eth(1, [2, 0, 0, 0, 0, 2], ETH_P_IP));
        let ip = ipv4(A, B, 17, &UDP);
        let at = 65_530;
        f[at..at + ip.len()].copy_from_slice(&ip);
        let m = FrameMeta {
            network_offset: at,
            ..meta(ETH_P_IP)
        };
        assert_l2(&f, &m);
        let m = FrameMeta {
            network_offset: 65_500,
            ..meta(ETH_P_IP)
        };
        f[65_500..65_500 + ip.len()].copy_from_slice(&ip);
        assert_eq!(got(&f, &m), want(&f, w(A), w(B), w(UDP)));
    }

    #[test]
    fn encap_garbage_no_panic() {
        // Pseudo-random bytes behind every protocol the dissector knows, at
        // every length, with and without an out-of-band tag: no panic, and
        // deterministic.
        let protos = [
            ETH_P_IP,
            ETH_P_IPV6,
            ETH_P_8021Q,
            ETH_P_8021AD,
            ETH_P_PPP_SES,
            ETH_P_TIPC,
            ETH_P_MPLS_UC,
            ETH_P_FCOE,
            ETH_P_ARP,
            ETH_P_BATMAN,
            ETH_P_1588,
            ETH_P_HSR,
            ETH_P_CFM,
            0x1234,
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..3000 {
            let mut f = std::vec![0u8; 160];
            for b in f.iter_mut() {
                *b = rnd() as u8;
            }
            // Steer some of them into the headers that go deeper.
            let proto = protos[round % protos.len()];
            if round % 3 == 0 {
                f[ETH_HLEN] = 0x45;
                f[ETH_HLEN + 6] = 0;
                f[ETH_HLEN + 9] = [4, 41, 47, 0, 60, 1][round % 6];
                f[ETH_HLEN + 20] &= 0x30;
                f[ETH_HLEN + 21] &= 0x01;
            }
            for len in 0..=f.len() {
                for vlan in [None, Some(7)] {
                    let m = FrameMeta {
                        vlan_tci: vlan,
                        ..meta(proto)
                    };
                    let a = got(&f[..len], &m);
                    assert_eq!(a, got(&f[..len], &m));
                }
            }
        }
    }
}
