//! `hostile-*` (issue 11): a deterministic corpus of malformed and unusual
//! Ethernet frames, sent through a bond (which slave transmitted each one)
//! and injected into its slaves from their veth peers (what the rx handler
//! delivered to the bond), so that two drivers can be compared frame by
//! frame.  The corpus is built from a fixed seed: the compare step builds it
//! again to print the bytes of a frame the drivers disagree on.
//!
//! * `hostile-tx OUT BOND LABEL POLICIES SLAVES [VIA]` — sends every frame
//!   through a `SOCK_RAW` packet socket bound to BOND (or to each interface
//!   of the comma list VIA, e.g. VLAN devices on the bond) and appends one
//!   line per frame to OUT: `SECTION INDEX OUTCOME`, the outcome being the
//!   slaves whose `tx_packets` moved (`0`, `1`, `012`, ...), `d<N>` for a
//!   slave's `tx_dropped`, `D` for a drop counted by the bond itself, `-`
//!   for nothing seen and `E<errno>` when the socket refused the frame.
//!   POLICIES is `-` or a comma list of `xmit_hash_policy` values written in
//!   turn through sysfs, one section each.  Runs pinned to CPU 0 (the
//!   round-robin counter is per CPU in the C driver).
//! * `hostile-rx OUT NETNS BOND SLAVES PEERS` — sends every frame from each
//!   peer (packet socket in the namespace NETNS) into its slave, followed by
//!   a sentinel frame; once the sentinel is seen on the slave, everything
//!   the rx handler did with the frame is done (same CPU, FIFO backlog).
//!   Outcome `s<A>b<B>`: copies seen on the slave and delivered to the bond.
//! * `hostile-compare WANT GOT` — the two drivers' files section by section:
//!   counts, and for each difference the frame (category, bytes) and what
//!   each driver did.  Fails on any difference.
//! * `hostile-list` — the corpus, one frame a line.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Instant;

/// One frame of the corpus.
pub(crate) struct Frame {
    pub(crate) cat: &'static str,
    pub(crate) data: Vec<u8>,
    /// `sll_protocol` of the send (host order); 0 lets the kernel take the
    /// frame's own ethertype as `skb->protocol`.
    pub(crate) proto: u16,
}

const SEED: u64 = 0x5eed_b0d1_11a1_e000;
/// The bond's address (veth0's, its first slave's).
const BOND_MAC: [u8; 6] = [2, 0, 0, 0, 0, 0x10];
/// Destinations the frames rotate through: the peers, the bond, broadcast,
/// IPv4/IPv6 multicast, the slow-protocols and LLDP groups, a random one.
const DSTS: [[u8; 6]; 10] = [
    [2, 0, 0, 0, 1, 0x10],
    [2, 0, 0, 0, 1, 0x11],
    [2, 0, 0, 0, 1, 0x12],
    BOND_MAC,
    [0xff; 6],
    [1, 0, 0x5e, 0, 0, 1],
    [0x33, 0x33, 0, 0, 0, 1],
    [1, 0x80, 0xc2, 0, 0, 2],
    [1, 0x80, 0xc2, 0, 0, 0x0e],
    [0, 0, 0, 0, 0, 0],
];
const TARGET: [u8; 4] = [192, 0, 2, 2];
const BOND_IP: [u8; 4] = [192, 0, 2, 1];

const P_UDP: u8 = 17;
const P_TCP: u8 = 6;
const P_SCTP: u8 = 132;
const P_ICMP: u8 = 1;
const P_ICMP6: u8 = 58;
const P_GRE: u8 = 47;

struct Gen {
    rng: u64,
    n: usize,
    out: Vec<Frame>,
}

fn be(v: u16) -> [u8; 2] {
    v.to_be_bytes()
}

fn csum(b: &[u8]) -> u16 {
    let mut s: u32 = 0;
    for c in b.chunks(2) {
        s += u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
    }
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    !(s as u16)
}

/// An IPv4 header (options padded to 4 bytes) and its payload.
fn ipv4(proto: u8, src: [u8; 4], dst: [u8; 4], frag: u16, opts: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut o = opts.to_vec();
    while !o.len().is_multiple_of(4) {
        o.push(0);
    }
    let hl = 20 + o.len();
    let mut h = vec![0x40 | ((hl / 4) as u8 & 0x0f), 0];
    h.extend_from_slice(&be((hl + payload.len()) as u16));
    h.extend_from_slice(&[0x12, 0x34]);
    h.extend_from_slice(&be(frag));
    h.extend_from_slice(&[64, proto, 0, 0]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(&o);
    let c = csum(&h);
    h[10..12].copy_from_slice(&be(c));
    h.extend_from_slice(payload);
    h
}

fn ipv6(nh: u8, src: [u8; 16], dst: [u8; 16], payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&be(payload.len() as u16));
    h.extend_from_slice(&[nh, 64]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(payload);
    h
}

fn udp(sp: u16, dp: u16, payload: &[u8]) -> Vec<u8> {
    let mut h = be(sp).to_vec();
    h.extend_from_slice(&be(dp));
    h.extend_from_slice(&be((8 + payload.len()) as u16));
    h.extend_from_slice(&[0, 0]);
    h.extend_from_slice(payload);
    h
}

fn tcp(sp: u16, dp: u16) -> Vec<u8> {
    let mut h = be(sp).to_vec();
    h.extend_from_slice(&be(dp));
    h.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]);
    h
}

fn sctp(sp: u16, dp: u16) -> Vec<u8> {
    let mut h = be(sp).to_vec();
    h.extend_from_slice(&be(dp));
    h.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 1, 0, 0, 4]);
    h
}

fn icmp(t: u8, code: u8, id: u16, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![t, code, 0, 0];
    h.extend_from_slice(&be(id));
    h.extend_from_slice(&[0, 1]);
    h.extend_from_slice(payload);
    h
}

/// An IPv6 extension header of `8 * (units + 1)` bytes: hop-by-hop and
/// destination options padded with one PadN option, routing (type 4,
/// segments left 0), AH (`units` counts 4-byte words there, as its length).
fn ext6(kind: u8, nh: u8, units: u8) -> Vec<u8> {
    if kind == 51 {
        let len = (usize::from(units) + 2) * 4;
        let mut h = vec![nh, units, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 1];
        h.resize(len.max(12), 0xaa);
        return h;
    }
    let len = (usize::from(units) + 1) * 8;
    let mut h = vec![nh, units];
    match kind {
        43 => h.extend_from_slice(&[4, 0]),
        _ => h.extend_from_slice(&[1, (len - 4) as u8]),
    }
    h.resize(len, 0);
    h
}

/// An IPv6 fragment header.
fn frag6(nh: u8, off: u16, more: bool) -> Vec<u8> {
    let mut h = vec![nh, 0];
    h.extend_from_slice(&be((off << 3) | u16::from(more)));
    h.extend_from_slice(&[0, 0, 0x42, 0x42]);
    h
}

/// A chain of extension headers (kinds, 44 being a first fragment) in
/// front of `last` (protocol number) whose bytes are `payload`: the first
/// next-header value and the bytes.
fn chain(kinds: &[(u8, u8)], last: u8, payload: &[u8]) -> (u8, Vec<u8>) {
    let mut v = Vec::new();
    for (i, &(k, units)) in kinds.iter().enumerate() {
        let nh = kinds.get(i + 1).map(|x| x.0).unwrap_or(last);
        v.extend(if k == 44 { frag6(nh, 0, true) } else { ext6(k, nh, units) });
    }
    v.extend_from_slice(payload);
    (kinds.first().map(|x| x.0).unwrap_or(last), v)
}

fn gre(flags: u16, proto: u16, inner: &[u8]) -> Vec<u8> {
    let mut h = be(flags).to_vec();
    h.extend_from_slice(&be(proto));
    for bit in [0x8000u16, 0x4000, 0x2000, 0x1000] {
        if flags & bit != 0 {
            h.extend_from_slice(&[0, 0, 0x0a, 0x0b]);
        }
    }
    h.extend_from_slice(inner);
    h
}

fn mpls(label: u32, bos: bool) -> [u8; 4] {
    ((label << 12) | (u32::from(bos) << 8) | 64).to_be_bytes()
}

#[allow(clippy::too_many_arguments)]
fn arp(hrd: u16, pro: u16, hln: u8, pln: u8, op: u16, sha: &[u8], spa: &[u8], tha: &[u8], tpa: &[u8]) -> Vec<u8> {
    let mut h = be(hrd).to_vec();
    h.extend_from_slice(&be(pro));
    h.extend_from_slice(&[hln, pln]);
    h.extend_from_slice(&be(op));
    for (f, n) in [(sha, hln), (spa, pln), (tha, hln), (tpa, pln)] {
        let mut f = f.to_vec();
        f.resize(usize::from(n), 0x5a);
        h.extend(f);
    }
    h
}

impl Gen {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn u8(&mut self) -> u8 {
        self.next() as u8
    }
    fn u16(&mut self) -> u16 {
        self.next() as u16
    }
    fn fill(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.u8()).collect()
    }
    fn v4(&mut self) -> [u8; 4] {
        match self.next() % 3 {
            0 => [192, 0, 2, self.u8()],
            _ => [10, self.u8(), self.u8(), self.u8()],
        }
    }
    fn v6(&mut self) -> [u8; 16] {
        let mut a = [0u8; 16];
        a[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        for b in a[8..].iter_mut() {
            *b = self.u8();
        }
        a
    }
    fn eth_to(&mut self, dst: [u8; 6], ty: u16) -> Vec<u8> {
        let mut h = dst.to_vec();
        h.extend_from_slice(&[0x02, 0x5e, self.u8(), self.u8(), self.u8(), self.u8()]);
        h.extend_from_slice(&be(ty));
        h
    }
    /// An Ethernet header to the next destination of the rotation.
    fn eth(&mut self, ty: u16) -> Vec<u8> {
        let k = self.n;
        self.n += 1;
        let mut dst = DSTS[k % DSTS.len()];
        if dst == [0; 6] {
            dst = [0x0e, self.u8(), self.u8(), self.u8(), self.u8(), self.u8()];
        }
        self.eth_to(dst, ty)
    }
    fn push(&mut self, cat: &'static str, data: Vec<u8>) {
        self.out.push(Frame { cat, data, proto: 0 });
    }
    fn push_p(&mut self, cat: &'static str, data: Vec<u8>, proto: u16) {
        self.out.push(Frame { cat, data, proto });
    }
    /// `full` cut to every length from `from` to its whole length.
    fn cuts(&mut self, cat: &'static str, full: &[u8], from: usize) {
        for l in from..=full.len() {
            self.push(cat, full[..l].to_vec());
        }
    }
    fn frame(&mut self, ty: u16, rest: &[u8]) -> Vec<u8> {
        let mut f = self.eth(ty);
        f.extend_from_slice(rest);
        f
    }
    fn v4_frame(&mut self, proto: u8, frag: u16, opts: &[u8], l4: &[u8]) -> Vec<u8> {
        let (s, d) = (self.v4(), self.v4());
        let ip = ipv4(proto, s, d, frag, opts, l4);
        self.frame(0x0800, &ip)
    }
    fn v6_frame(&mut self, nh: u8, payload: &[u8]) -> Vec<u8> {
        let (s, d) = (self.v6(), self.v6());
        let ip = ipv6(nh, s, d, payload);
        self.frame(0x86dd, &ip)
    }
    fn udp_p(&mut self) -> Vec<u8> {
        let (s, d, p) = (self.u16(), self.u16(), self.fill(4));
        udp(s, d, &p)
    }
    fn tcp_p(&mut self) -> Vec<u8> {
        let (s, d) = (self.u16(), self.u16());
        tcp(s, d)
    }
    fn inner_v4_udp(&mut self) -> Vec<u8> {
        let (s, d, u) = (self.v4(), self.v4(), self.udp_p());
        ipv4(P_UDP, s, d, 0, &[], &u)
    }
    fn inner_v6_udp(&mut self) -> Vec<u8> {
        let (s, d, u) = (self.v6(), self.v6(), self.udp_p());
        ipv6(P_UDP, s, d, &u)
    }
}

/// The corpus, always the same.
pub(crate) fn corpus() -> Vec<Frame> {
    let mut g = Gen { rng: SEED, n: 0, out: Vec::new() };

    // Pseudo-random bytes of every length to 130, and longer ones; 1515 is
    // over the MTU (refused by the socket), 1518 is allowed as a VLAN frame.
    for len in 0..=130 {
        let f = g.fill(len);
        g.push("random", f);
    }
    for len in [256, 1514, 1515] {
        let f = g.fill(len);
        g.push("random", f);
    }
    let mut f = g.fill(1518);
    f[12..14].copy_from_slice(&be(0x8100));
    g.push("random", f);

    // Unknown, rare and dissector-known ethertypes, short and long.
    let ets: [u16; 52] = [
        0x0000, 0x0001, 0x0004, 0x05dc, 0x05ff, 0x0600, 0x0800, 0x0806, 0x0842, 0x22f0, 0x22f3,
        0x4305, 0x6558, 0x8035, 0x809b, 0x80f3, 0x8100, 0x8137, 0x86dd, 0x8808, 0x8809, 0x8847,
        0x8848, 0x8863, 0x8864, 0x888e, 0x8892, 0x889a, 0x88a2, 0x88a4, 0x88a8, 0x88b5, 0x88ca,
        0x88cc, 0x88e3, 0x88e5, 0x88e7, 0x88f7, 0x88fb, 0x8902, 0x8906, 0x8914, 0x8915, 0x892f,
        0x894f, 0x9000, 0x9100, 0xcafe, 0xdada, 0xdadb, 0xfbfb, 0xffff,
    ];
    for ty in ets {
        for n in [0, 9, 46] {
            let p = g.fill(n);
            let f = g.frame(ty, &p);
            g.push("ethertype", f);
        }
    }

    // 802.1Q/802.1ad stacks 1..3 deep over IPv4/UDP, cut at every byte
    // through the ports, and whole; IPv6/TCP and ARP behind tags; deep stacks.
    for depth in 1..=3u32 {
        for mask in 0..(1u32 << depth) {
            let tpid = |i: u32| if mask & (1 << i) != 0 { 0x88a8 } else { 0x8100 };
            let mut f = g.eth(tpid(0));
            for i in 0..depth {
                let vid = match g.u8() % 4 {
                    0 => 0,
                    1 => 0x0fff,
                    _ => g.u16() & 0x0fff,
                };
                f.extend_from_slice(&be((u16::from(g.u8() & 0xf0) << 8) | vid));
                f.extend_from_slice(&be(if i + 1 < depth { tpid(i + 1) } else { 0x0800 }));
            }
            let ip = g.inner_v4_udp();
            f.extend(ip);
            let tags = 14 + 4 * depth as usize;
            g.cuts("vlan-cut", &f[..tags], 14);
            for extra in [1, 12, 16, 20, 22, 24] {
                g.push("vlan-cut", f[..tags + extra].to_vec());
            }
            g.push("vlan", f.clone());
            let ip6 = {
                let (s, d, t) = (g.v6(), g.v6(), g.tcp_p());
                ipv6(P_TCP, s, d, &t)
            };
            let mut f6 = f[..tags].to_vec();
            f6[tags - 2..tags].copy_from_slice(&be(0x86dd));
            f6.extend(ip6);
            g.push("vlan", f6);
            if depth == 1 {
                let mut fa = f[..tags].to_vec();
                fa[tags - 2..tags].copy_from_slice(&be(0x0806));
                let sha = g.fill(6);
                fa.extend(arp(1, 0x0800, 6, 4, 1, &sha, &TARGET, &[0; 6], &BOND_IP));
                g.push("vlan", fa);
            }
        }
    }
    for (depth, alt) in [(8, false), (16, false), (16, true), (32, false)] {
        let mut f = g.eth(0x8100);
        for i in 0..depth {
            f.extend_from_slice(&be(i as u16 + 1));
            let next = if i + 1 == depth { 0x0800 } else if alt && i % 2 == 0 { 0x88a8 } else { 0x8100 };
            f.extend_from_slice(&be(next));
        }
        let ip = g.inner_v4_udp();
        f.extend(ip);
        g.push("vlan-deep", f);
    }

    // IPv4 with each transport, cut at every byte.
    for proto in [P_UDP, P_TCP, P_SCTP, P_ICMP, 2] {
        let l4 = match proto {
            P_UDP => g.udp_p(),
            P_TCP => g.tcp_p(),
            P_SCTP => {
                let (s, d) = (g.u16(), g.u16());
                sctp(s, d)
            }
            P_ICMP => {
                let (id, p) = (g.u16(), g.fill(4));
                icmp(8, 0, id, &p)
            }
            _ => vec![0x16, 0, 0xfa, 0x04, 224, 0, 0, 251],
        };
        let f = g.v4_frame(proto, 0, &[], &l4);
        g.cuts("ipv4-cut", &f, 14);
    }
    // Other transports: whole, and cut inside their first 8 bytes.
    for proto in [33u8, 136, 50, 51, 115, 137, 0, 255, 103, 132] {
        let l4 = g.fill(16);
        let f = g.v4_frame(proto, 0, &[], &l4);
        g.cuts("ipv4-l4", &f[..42], 34);
        g.push("ipv4-l4", f);
    }
    // Bad IHL: 0..4 and 15 over a frame long enough for 60 bytes.
    for ihl in [0u8, 1, 2, 3, 4, 15] {
        for proto in [P_UDP, P_TCP] {
            let l4 = g.fill(44);
            let mut f = g.v4_frame(proto, 0, &[], &l4);
            f[14] = 0x40 | ihl;
            g.push("ipv4-ihl", f);
        }
    }
    // IHL 6 with nothing after the 20 bytes; IHL 15 with 40 bytes of real
    // options and TCP behind, cut at every byte through the ports.
    let mut f = g.v4_frame(P_UDP, 0, &[], &[]);
    f[14] = 0x46;
    g.push("ipv4-ihl", f);
    let mut opts = vec![1u8; 39];
    opts.push(0);
    let t = g.tcp_p();
    let f = g.v4_frame(P_TCP, 0, &opts, &t);
    g.cuts("ipv4-ihl-cut", &f[..14 + 60 + 4], 34);
    // Version other than 4, and an IPv6 header behind 0x0800.
    for ver in [0u8, 6, 15] {
        let u = g.udp_p();
        let mut f = g.v4_frame(P_UDP, 0, &[], &u);
        f[14] = (ver << 4) | 5;
        g.push("ipv4-ver", f);
    }
    let ip6 = g.inner_v6_udp();
    let f = g.frame(0x0800, &ip6);
    g.push("ipv4-ver", f);
    // Total length below, at and above the header and the frame.
    for tl in [0u16, 19, 20, 21, 27, 65535] {
        let u = g.udp_p();
        let mut f = g.v4_frame(P_UDP, 0, &[], &u);
        f[16..18].copy_from_slice(&be(tl));
        g.push("ipv4-len", f);
    }
    // Fragments: MF, offsets, DF, the reserved bit, over several transports.
    for frag in [0x2000u16, 0x0001, 0x2001, 0x1fff, 0x3fff, 0x4000, 0x8000, 0x6000] {
        for proto in [P_UDP, P_TCP, P_ICMP, P_GRE, 4] {
            let l4 = match proto {
                P_UDP => g.udp_p(),
                P_TCP => g.tcp_p(),
                P_ICMP => icmp(3, 3, 0, &g.inner_v4_udp()),
                P_GRE => gre(0, 0x0800, &g.inner_v4_udp()),
                _ => g.inner_v4_udp(),
            };
            let f = g.v4_frame(proto, frag, &[], &l4);
            g.push("ipv4-frag", f);
        }
    }
    // Options: padding, record route, timestamps, source routes, router
    // alert, random bytes, zero and overlong option lengths.
    let optsets: [&[u8]; 12] = [
        &[1, 1, 1, 1],
        &[0, 0xff, 0xff, 0xff],
        &[7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0],
        &[68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        &[131, 7, 4, 10, 0, 0, 1],
        &[137, 11, 4, 10, 0, 0, 1, 10, 0, 0, 2],
        &[148, 4, 0, 0],
        &[0x99; 40],
        &[7, 0, 0, 0],
        &[7, 255, 4, 0],
        &[1, 1, 68, 40, 5, 0],
        &[130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    for o in optsets {
        let u = g.udp_p();
        let f = g.v4_frame(P_UDP, 0, o, &u);
        g.push("ipv4-opts", f);
    }
    // ICMP: types with and without an id (v4 and v6 numbers), id 0; errors
    // carrying a header, cut at every byte of it.
    for t in [0u8, 8, 13, 14, 128, 129, 3, 4, 5, 11, 12, 42] {
        for id in [0u16, 0x4242] {
            let p = g.fill(8);
            let f = g.v4_frame(P_ICMP, 0, &[], &icmp(t, 0, id, &p));
            g.push("icmp", f);
        }
    }
    for inner in 0..5 {
        let emb = match inner {
            0 => g.inner_v4_udp(),
            1 => {
                let (s, d, t) = (g.v4(), g.v4(), g.tcp_p());
                ipv4(P_TCP, s, d, 0, &[], &t)
            }
            2 => {
                let (s, d) = (g.v4(), g.v4());
                ipv4(P_ICMP, s, d, 0, &[], &icmp(8, 0, 7, &[1; 4]))
            }
            3 => {
                let (s, d, u) = (g.v4(), g.v4(), g.udp_p());
                ipv4(P_UDP, s, d, 0x2001, &[], &u)
            }
            _ => {
                let (s, d, u) = (g.v4(), g.v4(), g.udp_p());
                ipv4(P_UDP, s, d, 0, &[1, 1, 1, 1, 1, 1, 1, 0], &u)
            }
        };
        let f = g.v4_frame(P_ICMP, 0, &[], &icmp(3, 1, 0, &emb));
        if inner == 0 {
            g.cuts("icmp-err-cut", &f, 42);
        } else {
            g.push("icmp", f);
        }
    }
    // IGMP, with the router alert option.
    for (t, opts) in [(0x16u8, &[][..]), (0x11, &[148, 4, 0, 0][..]), (0x22, &[148, 4, 0, 0][..])] {
        let f = g.v4_frame(2, 0, opts, &[t, 0, 0, 0, 224, 0, 0, 251]);
        g.push("igmp", f);
    }

    // IPv6: cut at every byte under UDP and TCP.
    let u = g.udp_p();
    let f = g.v6_frame(P_UDP, &u);
    g.cuts("ipv6-cut", &f, 14);
    let t = g.tcp_p();
    let f = g.v6_frame(P_TCP, &t);
    g.cuts("ipv6-cut", &f[..62], 14);
    // Extension header chains (hop-by-hop, routing, fragment, destination
    // options, AH), long ones, under UDP, TCP and ICMPv6.
    let chains: Vec<Vec<(u8, u8)>> = vec![
        vec![(0, 0)],
        vec![(43, 2)],
        vec![(60, 1)],
        vec![(51, 2)],
        vec![(44, 0)],
        vec![(0, 0), (60, 0)],
        vec![(0, 0), (43, 2), (60, 1)],
        vec![(0, 0), (60, 0), (43, 0), (44, 0), (60, 0), (51, 1)],
        vec![(60, 0); 8],
        vec![(60, 0); 16],
        vec![(60, 0); 32],
        vec![(0, 0), (0, 0), (0, 0)],
        vec![(0, 31)],
    ];
    for c in &chains {
        for last in [P_UDP, P_TCP, P_ICMP6] {
            let l4 = match last {
                P_UDP => g.udp_p(),
                P_TCP => g.tcp_p(),
                _ => icmp(128, 0, 9, &[2; 4]),
            };
            let (nh, p) = chain(c, last, &l4);
            let f = g.v6_frame(nh, &p);
            g.push("ipv6-ext", f);
        }
    }
    // Cut inside a chain, at every byte.
    let u = g.udp_p();
    let (nh, p) = chain(&[(0, 0), (43, 2), (44, 0), (60, 1)], P_UDP, &u);
    let f = g.v6_frame(nh, &p);
    g.cuts("ipv6-ext-cut", &f, 54);
    // A header longer than the frame; fragments (first, later, atomic).
    for units in [8u8, 255] {
        let mut e = ext6(0, P_UDP, 0);
        e[1] = units;
        e.extend(g.udp_p());
        let f = g.v6_frame(0, &e);
        g.push("ipv6-ext", f);
    }
    for (off, more) in [(0u16, true), (0, false), (100, false), (100, true), (8191, true)] {
        let mut p = frag6(P_UDP, off, more);
        p.extend(g.udp_p());
        let f = g.v6_frame(44, &p);
        g.push("ipv6-frag", f);
    }
    // No next header, unknown ones, tunnels, bad lengths and version.
    for nh in [59u8, 255, 4, 41, 47, 50, 51, 33, 136, 132, 115, 137] {
        let p = match nh {
            4 => g.inner_v4_udp(),
            41 => g.inner_v6_udp(),
            47 => gre(0, 0x0800, &g.inner_v4_udp()),
            _ => g.fill(16),
        };
        let f = g.v6_frame(nh, &p);
        g.push("ipv6-misc", f);
    }
    for (off, val) in [(18usize, 0u8), (18, 0xff), (14, 0x40), (14, 0x00)] {
        let u = g.udp_p();
        let mut f = g.v6_frame(P_UDP, &u);
        f[off] = val;
        if off == 18 {
            f[19] = val;
        }
        g.push("ipv6-misc", f);
    }
    // ICMPv6: echo, errors carrying a header (cut), neighbour discovery.
    for t in [128u8, 129, 1, 2, 3, 4, 133, 134, 135, 136, 143, 200] {
        let body = match t {
            1..=4 => g.inner_v6_udp(),
            135 | 136 => {
                let mut b = vec![0x60, 0, 0, 0];
                b.extend_from_slice(&g.v6());
                b.extend_from_slice(&[2, 1, 2, 0, 0, 0, 0, 1]);
                b
            }
            _ => g.fill(8),
        };
        let f = g.v6_frame(P_ICMP6, &icmp(t, 0, 0x77, &body));
        if t == 1 {
            g.cuts("icmpv6-err-cut", &f, 62);
        } else {
            g.push("icmpv6", f);
        }
    }

    // ARP: good requests and replies to and from the ARP target and the
    // bond, bogus hardware/protocol lengths, types and opcodes, cut.
    for (sip, tip) in [(TARGET, BOND_IP), (BOND_IP, TARGET), ([10, 9, 9, 9], BOND_IP), (TARGET, [0; 4]), (TARGET, TARGET)] {
        for op in [1u16, 2] {
            let sha = g.fill(6);
            let a = arp(1, 0x0800, 6, 4, op, &sha, &sip, &BOND_MAC, &tip);
            let f = g.frame(0x0806, &a);
            g.push("arp", f);
        }
    }
    for (hln, pln) in [(0u8, 4u8), (6, 0), (16, 4), (6, 16), (255, 255), (0, 0), (4, 6), (6, 5)] {
        for op in [1u16, 2, 0, 0xffff] {
            let sha = g.fill(usize::from(hln));
            let a = arp(1, 0x0800, hln, pln, op, &sha, &TARGET, &BOND_MAC, &BOND_IP);
            let f = g.frame(0x0806, &a);
            g.push("arp", f);
        }
    }
    for (hrd, pro) in [(6u16, 0x0800u16), (0xffff, 0x0800), (1, 0x86dd), (1, 0), (32, 0x0800)] {
        let sha = g.fill(6);
        let a = arp(hrd, pro, 6, 4, 2, &sha, &TARGET, &BOND_MAC, &BOND_IP);
        let f = g.frame(0x0806, &a);
        g.push("arp", f);
    }
    let sha = g.fill(6);
    let a = arp(1, 0x0800, 6, 4, 2, &sha, &TARGET, &BOND_MAC, &BOND_IP);
    let f = g.frame(0x0806, &a);
    g.cuts("arp-cut", &f, 14);
    let f = g.frame(0x8035, &a);
    g.push("arp", f);

    // Encapsulations the encap policies dissect: GRE (flags, versions,
    // TEB, IPv6, MPLS, PPTP, nested), IPIP, 6in4, VXLAN and Geneve-looking
    // UDP, MPLS stacks, PPPoE sessions.
    for (flags, proto) in [
        (0u16, 0x0800u16),
        (0x8000, 0x0800),
        (0x2000, 0x0800),
        (0x1000, 0x0800),
        (0xb000, 0x0800),
        (0x4000, 0x0800),
        (0x0001, 0x0800),
        (0x0007, 0x0800),
        (0x0000, 0x86dd),
        (0x0000, 0x6558),
        (0x2000, 0x6558),
        (0x0000, 0x8847),
        (0x3001, 0x880b),
        (0x0000, 0x88be),
        (0x0000, 0x0000),
    ] {
        let inner = match proto {
            0x86dd => g.inner_v6_udp(),
            0x6558 => {
                let mut e = g.eth(0x0800);
                e.extend(g.inner_v4_udp());
                e
            }
            0x8847 => {
                let mut m = mpls(100, true).to_vec();
                m.extend(g.inner_v4_udp());
                m
            }
            0x880b => {
                let mut p = vec![0xff, 0x03, 0x00, 0x21];
                p.extend(g.inner_v4_udp());
                p
            }
            _ => g.inner_v4_udp(),
        };
        let f = g.v4_frame(P_GRE, 0, &[], &gre(flags, proto, &inner));
        g.push("gre", f);
    }
    let inner = g.inner_v4_udp();
    let f = g.v4_frame(P_GRE, 0, &[], &gre(0x2000, 0x0800, &inner));
    g.cuts("gre-cut", &f, 34);
    let mut e = g.eth(0x0800);
    e.extend(g.inner_v4_udp());
    let f = g.v4_frame(P_GRE, 0, &[], &gre(0, 0x6558, &e));
    g.cuts("gre-cut", &f, 38);
    for depth in [5, 20] {
        let mut p = g.inner_v4_udp();
        for _ in 0..depth {
            let (s, d) = (g.v4(), g.v4());
            p = ipv4(P_GRE, s, d, 0, &[], &gre(0, 0x0800, &p));
        }
        let f = g.frame(0x0800, &p);
        g.push("gre", f);
    }
    let inner = g.inner_v4_udp();
    let f = g.v4_frame(4, 0, &[], &inner);
    g.cuts("ipip-cut", &f, 34);
    let inner = g.inner_v6_udp();
    let f = g.v4_frame(41, 0, &[], &inner);
    g.cuts("ipip-cut", &f[..34 + 48], 34);
    for depth in [3, 16] {
        let mut p = g.inner_v4_udp();
        for _ in 0..depth {
            let (s, d) = (g.v4(), g.v4());
            p = ipv4(4, s, d, 0, &[], &p);
        }
        let f = g.frame(0x0800, &p);
        g.push("ipip", f);
    }
    for dport in [4789u16, 6081, 4790, 8472] {
        let mut v = vec![0x08, 0, 0, 0, 0, 0x12, 0x34, 0];
        v.extend(g.eth(0x0800));
        v.extend(g.inner_v4_udp());
        let sp = g.u16();
        let f = g.v4_frame(P_UDP, 0, &[], &udp(sp, dport, &v));
        if dport == 4789 {
            for l in (34..=f.len()).step_by(4) {
                g.push("vxlan", f[..l].to_vec());
            }
        } else {
            g.push("vxlan", f);
        }
    }
    // MPLS: one label, three, entropy label, no bottom of stack, IPv6
    // behind, cut through two labels and the IPv4 addresses.
    for stack in [&[(100u32, true)][..], &[(1, false), (2, false), (3, true)], &[(7, false), (0x12345, true)], &[(5, false); 20], &[(2, true)]] {
        let mut f = g.eth(0x8847);
        for &(l, b) in stack {
            f.extend_from_slice(&mpls(l, b));
        }
        let ip = if stack == [(2, true)] { g.inner_v6_udp() } else { g.inner_v4_udp() };
        f.extend(ip);
        g.push("mpls", f);
    }
    let mut f = g.eth(0x8848);
    f.extend_from_slice(&mpls(16, false));
    f.extend_from_slice(&mpls(17, true));
    f.extend(g.inner_v4_udp());
    g.cuts("mpls-cut", &f[..14 + 8 + 20], 14);
    // PPPoE session: IPv4, IPv6, MPLS, LCP, a bad version; cut.
    for (ver, ppp) in [(0x11u8, 0x0021u16), (0x11, 0x0057), (0x11, 0x0281), (0x11, 0xc021), (0x21, 0x0021), (0x11, 0x0000)] {
        let body = match ppp {
            0x0057 => g.inner_v6_udp(),
            0x0281 => {
                let mut m = mpls(3, true).to_vec();
                m.extend(g.inner_v4_udp());
                m
            }
            _ => g.inner_v4_udp(),
        };
        let mut p = vec![ver, 0, 0x12, 0x34];
        p.extend_from_slice(&be((body.len() + 2) as u16));
        p.extend_from_slice(&be(ppp));
        p.extend(body);
        let f = g.frame(0x8864, &p);
        if ppp == 0x0021 && ver == 0x11 {
            g.cuts("pppoe-cut", &f[..14 + 8 + 24], 14);
        } else {
            g.push("pppoe", f);
        }
    }

    // IPv4/UDP and IPv6/UDP to every group and broadcast address.
    for dst in [[0xffu8; 6], [1, 0, 0x5e, 0, 0, 1], [1, 0, 0x5e, 0x7f, 0xff, 0xfa], [0x33, 0x33, 0, 0, 0, 1], [0x33, 0x33, 0xff, 0, 0, 0x10], [1, 0x80, 0xc2, 0, 0, 0], [1, 0x80, 0xc2, 0, 0, 2], [1, 0x80, 0xc2, 0, 0, 0x0e], [0x03, 0, 0, 0, 0, 1]] {
        let mut f = g.eth_to(dst, 0x0800);
        let (s, u) = (g.v4(), g.udp_p());
        f.extend(ipv4(P_UDP, s, [224, 0, 0, 1], 0, &[], &u));
        g.push("mcast", f);
        let mut f = g.eth_to(dst, 0x86dd);
        f.extend(g.inner_v6_udp());
        g.push("mcast", f);
    }

    // skb->protocol other than the frame's ethertype (sll_protocol).
    let u = g.udp_p();
    let v4 = g.v4_frame(P_UDP, 0, &[], &u);
    for p in [0x86dd, 0x0806, 0x8100, 0x88a8, 0x8847, 0x8864, 0x0003, 0x0001, 0x0004, 0x88cc] {
        g.push_p("proto-mismatch", v4.clone(), p);
    }
    let v6 = {
        let u = g.udp_p();
        g.v6_frame(P_UDP, &u)
    };
    g.push_p("proto-mismatch", v6.clone(), 0x0800);
    g.push_p("proto-mismatch", v6[..40].to_vec(), 0x0800);
    let a = g.frame(0x0806, &arp(1, 0x0800, 6, 4, 1, &[1; 6], &TARGET, &[0; 6], &BOND_IP));
    g.push_p("proto-mismatch", a, 0x0800);
    let mut vl = g.eth(0x8100);
    vl.extend_from_slice(&[0, 5, 0x08, 0x00]);
    vl.extend(g.inner_v4_udp());
    g.push_p("proto-mismatch", vl.clone(), 0x0800);
    g.push_p("proto-mismatch", vl, 0x86dd);
    g.out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub(crate) fn list() -> bool {
    for (i, f) in corpus().iter().enumerate() {
        println!("{i} {} len={} proto={:#06x} {}", f.cat, f.data.len(), f.proto, hex(&f.data));
    }
    true
}

fn pin_cpu0() {
    // SAFETY: a zeroed cpu_set_t with CPU 0 set, for this thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(0, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            eprintln!("sched_setaffinity: {}", io::Error::last_os_error());
        }
    }
}

fn ifindex(name: &str) -> i32 {
    let c = std::ffi::CString::new(name).unwrap();
    // SAFETY: NUL-terminated name.
    unsafe { libc::if_nametoindex(c.as_ptr()) as i32 }
}

fn packet_socket(proto: u16) -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the fd is owned below.
    let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, i32::from(proto.to_be())) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh fd we own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn sll(ifindex: i32, proto: u16) -> libc::sockaddr_ll {
    // SAFETY: sockaddr_ll is plain data.
    let mut a: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    a.sll_family = libc::AF_PACKET as u16;
    a.sll_protocol = proto.to_be();
    a.sll_ifindex = ifindex;
    a
}

/// A send socket bound to `ifindex` that receives nothing (protocol 0).
fn send_socket(ifindex: i32) -> io::Result<OwnedFd> {
    let s = packet_socket(0)?;
    let a = sll(ifindex, 0);
    // SAFETY: a valid sockaddr_ll of its size.
    let r = unsafe {
        libc::bind(s.as_raw_fd(), (&a as *const libc::sockaddr_ll).cast(), std::mem::size_of::<libc::sockaddr_ll>() as u32)
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(s)
}

/// Sends one frame; 0 or the errno.
fn send(fd: RawFd, ifindex: i32, f: &[u8], proto: u16) -> i32 {
    let a = sll(ifindex, proto);
    // SAFETY: buffer and address valid for the call.
    let r = unsafe {
        libc::sendto(
            fd,
            f.as_ptr().cast(),
            f.len(),
            0,
            (&a as *const libc::sockaddr_ll).cast(),
            std::mem::size_of::<libc::sockaddr_ll>() as u32,
        )
    };
    if r < 0 { io::Error::last_os_error().raw_os_error().unwrap_or(-1) } else { 0 }
}

/// A statistics file kept open and read again from offset 0.
struct Stat(fs::File);

impl Stat {
    fn open(dev: &str, name: &str) -> Stat {
        let p = format!("/sys/class/net/{dev}/statistics/{name}");
        Stat(fs::File::open(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
    }
    fn get(&self) -> u64 {
        let mut b = [0u8; 32];
        // SAFETY: reading into a buffer we own.
        let n = unsafe { libc::pread(self.0.as_raw_fd(), b.as_mut_ptr().cast(), b.len(), 0) };
        if n <= 0 {
            return u64::MAX;
        }
        std::str::from_utf8(&b[..n as usize]).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(u64::MAX)
    }
}

/// The slaves' `tx_packets`, read around every frame; the drop counters
/// (the slaves' `tx_dropped` and the bond's, which sums them with its own)
/// only when no slave transmitted the frame: a pread of the bond's runs
/// `ndo_get_stats64` over every slave.
struct Counters {
    tx: Vec<Stat>,
    drop: Vec<Stat>,
    bond_drop: Stat,
}

impl Counters {
    fn tx(&self) -> Vec<u64> {
        self.tx.iter().map(Stat::get).collect()
    }
    fn drops(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.drop.iter().map(Stat::get).collect();
        v.push(self.bond_drop.get());
        v
    }
}

/// What the counters say happened to one frame: the slaves whose
/// `tx_packets` moved, else `d<N>` for a slave's drop, `D` for the bond's
/// own, `-` for nothing.
fn outcome(tx0: &[u64], tx1: &[u64], drops: Option<(&[u64], &[u64])>) -> String {
    let mut s = String::new();
    for i in 0..tx0.len() {
        for _ in 0..tx1[i].wrapping_sub(tx0[i]).min(4) {
            s.push_str(&i.to_string());
        }
    }
    if let Some((a, b)) = drops {
        let n = a.len() - 1;
        let mut slave_drops = 0;
        for i in 0..n {
            let d = b[i].wrapping_sub(a[i]);
            if d > 0 {
                s.push_str(&format!("d{i}"));
                slave_drops += d;
            }
        }
        if b[n].wrapping_sub(a[n]) > slave_drops {
            s.push('D');
        }
    }
    if s.is_empty() {
        s.push('-');
    }
    s
}

fn bond_write(bond: &str, file: &str, val: &str) -> io::Result<()> {
    fs::write(format!("/sys/class/net/{bond}/bonding/{file}"), val)
        .map_err(|e| io::Error::new(e.kind(), format!("{file} <- {val}: {e}")))
}

/// Puts the bond in `mode` with `slaves`: down, slaves released, mode set,
/// slaves enslaved again, up.
fn set_mode(bond: &str, mode: &str, slaves: &[&str]) -> io::Result<()> {
    crate::set_up(bond, false)?;
    let cur = fs::read_to_string(format!("/sys/class/net/{bond}/bonding/slaves"))?;
    for s in cur.split_whitespace() {
        bond_write(bond, "slaves", &format!("-{s}"))?;
    }
    bond_write(bond, "mode", mode)?;
    for s in slaves {
        bond_write(bond, "slaves", &format!("+{s}"))?;
    }
    crate::set_up(bond, true)?;
    // A few MII ticks: the links as the monitor sees them settle.
    std::thread::sleep(std::time::Duration::from_millis(300));
    Ok(())
}

pub(crate) fn tx(a: &[String]) -> bool {
    if a.len() < 4 {
        eprintln!("usage: hostile-tx OUT BOND SLAVES MODE[:POLICY,...]...");
        return false;
    }
    let (out, bond) = (&a[0], &a[1]);
    let slaves: Vec<&str> = a[2].split(',').collect();
    pin_cpu0();
    let frames = corpus();
    println!("  corpus: {} frames (bondtool pid {})", frames.len(), std::process::id());
    let mut o = fs::OpenOptions::new().create(true).append(true).open(out).expect("open OUT");
    let ix = ifindex(bond);
    let s = match send_socket(ix) {
        Ok(s) => s,
        Err(e) => {
            println!("FAIL: packet socket on {bond}: {e}");
            return false;
        }
    };
    let mut ok = true;
    for spec in &a[3..] {
        let (mode, pols) = spec.split_once(':').unwrap_or((spec, ""));
        if let Err(e) = set_mode(bond, mode, &slaves) {
            println!("FAIL: [{mode}] bond setup: {e}");
            ok = false;
            continue;
        }
        let c = Counters {
            tx: slaves.iter().map(|s| Stat::open(s, "tx_packets")).collect(),
            drop: slaves.iter().map(|s| Stat::open(s, "tx_dropped")).collect(),
            bond_drop: Stat::open(bond, "tx_dropped"),
        };
        for pol in pols.split(',') {
            let mut sect = mode.to_string();
            if !pol.is_empty() {
                if let Err(e) = bond_write(bond, "xmit_hash_policy", pol) {
                    println!("FAIL: [{mode}] {e}");
                    ok = false;
                    continue;
                }
                sect = format!("{sect}/{pol}");
            }
            let t0 = Instant::now();
            let mut before = c.tx();
            let mut drops = c.drops();
            let mut text = String::new();
            let mut tally: BTreeMap<String, usize> = BTreeMap::new();
            for (i, f) in frames.iter().enumerate() {
                let e = send(s.as_raw_fd(), ix, &f.data, f.proto);
                let after = c.tx();
                let r = if e != 0 {
                    format!("E{e}")
                } else if after == before {
                    let d = c.drops();
                    let r = outcome(&before, &after, Some((&drops, &d)));
                    drops = d;
                    r
                } else {
                    outcome(&before, &after, None)
                };
                *tally.entry(r.clone()).or_default() += 1;
                text.push_str(&format!("{sect} {i} {r}\n"));
                before = after;
            }
            if c.drops() != drops {
                println!("FAIL: [{sect}] frames were dropped by a slave that also transmitted one: not attributed");
                ok = false;
            }
            o.write_all(text.as_bytes()).expect("write OUT");
            let t: Vec<String> = tally.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            println!("  [{sect}] {:.1} s: {}", t0.elapsed().as_secs_f64(), t.join(" "));
        }
    }
    ok
}

fn netns_fd(path: &str) -> OwnedFd {
    OwnedFd::from(fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn setns(fd: &OwnedFd) {
    // SAFETY: a namespace fd; this process is single-threaded.
    if unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        panic!("setns: {}", io::Error::last_os_error());
    }
}

const SENTINEL: &[u8; 8] = b"HOSTILE!";

fn sentinel(peer: usize, k: usize) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 0xee, 2, 0, 0, 0, 0, 0xef, 0x88, 0xb5];
    f.extend_from_slice(SENTINEL);
    f.extend_from_slice(&(peer as u32).to_be_bytes());
    f.extend_from_slice(&(k as u32).to_be_bytes());
    f.resize(60, 0);
    f
}

fn is_sentinel(f: &[u8]) -> bool {
    f.len() >= 30 && &f[14..22] == SENTINEL
}

pub(crate) fn rx(a: &[String]) -> bool {
    if a.len() < 5 {
        eprintln!("usage: hostile-rx OUT NETNS BOND SLAVES PEERS");
        return false;
    }
    let (out, ns, bond) = (&a[0], &a[1], &a[2]);
    let slaves: Vec<&str> = a[3].split(',').collect();
    let peers: Vec<&str> = a[4].split(',').collect();
    pin_cpu0();
    let frames = corpus();
    let bond_ix = ifindex(bond);
    let slave_ix: Vec<i32> = slaves.iter().map(|s| ifindex(s)).collect();
    // Everything on every device of this namespace.
    let cap = packet_socket(libc::ETH_P_ALL as u16).expect("capture socket");
    let (big, one): (i32, i32) = (8 << 20, 1);
    // SAFETY: setsockopt with an int.  PACKET_IGNORE_OUTGOING: no clone of
    // what the bond and the slaves send.
    unsafe {
        libc::setsockopt(cap.as_raw_fd(), libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, (&big as *const i32).cast(), 4);
        libc::setsockopt(cap.as_raw_fd(), libc::SOL_PACKET, libc::PACKET_IGNORE_OUTGOING, (&one as *const i32).cast(), 4);
    }
    let home = netns_fd("/proc/self/ns/net");
    setns(&netns_fd(ns));
    let tx: Vec<(i32, OwnedFd)> = peers
        .iter()
        .map(|p| {
            let ix = ifindex(p);
            (ix, send_socket(ix).unwrap_or_else(|e| panic!("packet socket on {p}: {e}")))
        })
        .collect();
    setns(&home);
    let active = || fs::read_to_string(format!("/sys/class/net/{bond}/bonding/active_slave")).unwrap_or_default();
    let active0 = active();
    let mut o = fs::OpenOptions::new().create(true).append(true).open(out).expect("open OUT");
    let mut buf = vec![0u8; 65536];
    let mut ok = true;
    // Reads one frame (waiting up to `ms`): (ifindex, pkttype, bytes).
    let mut recv = |ms: i32| -> Option<(i32, u8, Vec<u8>)> {
        let mut p = libc::pollfd { fd: cap.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one pollfd.
        if unsafe { libc::poll(&mut p, 1, ms) } <= 0 {
            return None;
        }
        // SAFETY: sockaddr_ll is plain data.
        let mut from: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
        let mut fl = std::mem::size_of::<libc::sockaddr_ll>() as u32;
        // SAFETY: buffer and address valid for the call.
        let n = unsafe {
            libc::recvfrom(cap.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT, (&mut from as *mut libc::sockaddr_ll).cast(), &mut fl)
        };
        if n < 0 {
            return None;
        }
        Some((from.sll_ifindex, from.sll_pkttype, buf[..n as usize].to_vec()))
    };
    while recv(0).is_some() {}
    for (pi, (pix, s)) in tx.iter().enumerate() {
        let t0 = Instant::now();
        let sect = format!("rx/{}", slaves[pi]);
        let mut text = String::new();
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        for (k, f) in frames.iter().enumerate() {
            let e = send(s.as_raw_fd(), *pix, &f.data, 0);
            let r = if e != 0 {
                format!("E{e}")
            } else {
                let e2 = send(s.as_raw_fd(), *pix, &sentinel(pi, k), 0);
                assert_eq!(e2, 0, "sentinel send");
                let want = sentinel(pi, k);
                let (mut on_slave, mut on_bond, mut done) = (0, 0, false);
                while let Some((ix, pt, d)) = recv(3000) {
                    if pt == libc::PACKET_OUTGOING {
                        continue;
                    }
                    if is_sentinel(&d) {
                        if ix == slave_ix[pi] && d.len() >= want.len() && d[..want.len()] == want[..] {
                            done = true;
                            break;
                        }
                        continue;
                    }
                    if d.len() < 12 || d[..12] != f.data[..12] {
                        continue; // not this frame: the peer's ARP replies, the bond's own frames
                    }
                    if ix == slave_ix[pi] {
                        on_slave += 1;
                    } else if ix == bond_ix {
                        on_bond += 1;
                    }
                }
                if done { format!("s{on_slave}b{on_bond}") } else { format!("T{on_slave}b{on_bond}") }
            };
            *tally.entry(r.clone()).or_default() += 1;
            text.push_str(&format!("{sect} {k} {r}\n"));
        }
        o.write_all(text.as_bytes()).expect("write OUT");
        let t: Vec<String> = tally.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        println!("  [{sect}] {} frames in {:.1} s: {}", frames.len(), t0.elapsed().as_secs_f64(), t.join(" "));
        if tally.keys().any(|k| k.starts_with('T')) {
            println!("FAIL: [{sect}] a sentinel did not arrive");
            ok = false;
        }
    }
    let active1 = active();
    println!("  active slave: {} -> {}", active0.trim(), active1.trim());
    writeln!(o, "rx/active-slave 0 {}->{}", active0.trim(), active1.trim()).expect("write OUT");
    ok
}

fn load(path: &str) -> BTreeMap<String, BTreeMap<usize, String>> {
    let mut m: BTreeMap<String, BTreeMap<usize, String>> = BTreeMap::new();
    for l in fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}")).lines() {
        let mut w = l.split(' ');
        if let (Some(s), Some(i), Some(r)) = (w.next(), w.next(), w.next()) {
            m.entry(s.to_string()).or_default().insert(i.parse().unwrap_or(0), r.to_string());
        }
    }
    m
}

/// A tx outcome with each slave index `i` made `(i + 3 - k) % 3`.
fn rotate(r: &str, k: u32) -> String {
    r.chars()
        .map(|c| match c.to_digit(10) {
            Some(i) if i < 3 => char::from_digit((i + 3 - k) % 3, 10).unwrap(),
            _ => c,
        })
        .collect()
}

fn first_slave(m: &BTreeMap<usize, String>, n: usize) -> String {
    (0..n).filter_map(|i| m.get(&i)).find(|r| !r.starts_with('E')).cloned().unwrap_or_default()
}

fn is_drop(r: &str) -> bool {
    r == "-" || r.contains('d') || r.contains('D')
}

pub(crate) fn compare(a: &[String]) -> bool {
    if a.len() != 2 {
        eprintln!("usage: hostile-compare WANT GOT");
        return false;
    }
    let frames = corpus();
    let (want, got) = (load(&a[0]), load(&a[1]));
    let mut ok = true;
    let mut sections: Vec<&String> = want.keys().chain(got.keys()).collect();
    sections.sort();
    sections.dedup();
    let empty = BTreeMap::new();
    for sect in sections {
        let (w, g) = (want.get(sect).unwrap_or(&empty), got.get(sect).unwrap_or(&empty));
        if sect == "rx/active-slave" {
            let (x, y) = (w.get(&0).cloned().unwrap_or_default(), g.get(&0).cloned().unwrap_or_default());
            println!("  [{sect}] bonding.ko {x}, bonding_rs {y}");
            continue;
        }
        let mut same = 0;
        let mut diffs = Vec::new();
        let (mut refused, mut cdrop, mut rdrop) = (0, 0, 0);
        for i in 0..frames.len() {
            let (x, y) = (w.get(&i).map(String::as_str).unwrap_or("missing"), g.get(&i).map(String::as_str).unwrap_or("missing"));
            if x.starts_with('E') {
                refused += 1;
            } else {
                cdrop += usize::from(is_drop(x) || x.ends_with("b0"));
                rdrop += usize::from(is_drop(y) || y.ends_with("b0"));
            }
            if x == y {
                same += 1;
            } else {
                diffs.push((i, x, y));
            }
        }
        let mut note = String::new();
        if sect == "balance-rr" && !diffs.is_empty() {
            if let Some(k) = (1..3).find(|&k| diffs.iter().all(|&(_, x, y)| rotate(x, k) == y)) {
                note = format!(
                    "; NOTE: only {} frames (the IGMP ones, sent on the active slave, and the refused) \
                     identical as sent: bonding_rs's turn is bonding.ko's with every slave index minus {k} \
                     (mod 3), the first frame going to slave {} under bonding.ko, to slave {} under bonding_rs",
                    same,
                    first_slave(w, frames.len()),
                    first_slave(g, frames.len())
                );
                diffs.clear();
                same = frames.len();
            }
        }
        let what = if sect.starts_with("rx/") { "not delivered to the bond" } else { "dropped" };
        let line = format!(
            "[{sect}] {same}/{} frames identical ({refused} refused by the socket; {what}: bonding.ko {cdrop}, bonding_rs {rdrop}){note}",
            frames.len()
        );
        if diffs.is_empty() {
            println!("ok: {line}");
            continue;
        }
        ok = false;
        println!("FAIL: {line}");
        let mut bycat: BTreeMap<&str, usize> = BTreeMap::new();
        for &(i, _, _) in &diffs {
            *bycat.entry(frames[i].cat).or_default() += 1;
        }
        let c: Vec<String> = bycat.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        println!("    differing frames by category: {}", c.join(" "));
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        for &(i, x, y) in &diffs {
            let f = &frames[i];
            let n = shown.entry(f.cat).or_default();
            *n += 1;
            if *n > 3 {
                continue;
            }
            let p = if f.proto != 0 { format!(" sll_protocol={:#06x}", f.proto) } else { String::new() };
            println!("    #{i} {} len={}{p}: bonding.ko {x}, bonding_rs {y}: {}", f.cat, f.data.len(), hex(&f.data[..f.data.len().min(160)]));
        }
    }
    ok
}
