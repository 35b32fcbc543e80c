// SPDX-License-Identifier: GPL-2.0

//! Address parsing and checks as the kernel does them: IPv4 (`in4_pton`),
//! MAC (`mac_pton`, `is_multicast_ether_addr`), IPv6 (`ipv6_addr_*`).

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

/// `mac_pton()`: `XX:XX:XX:XX:XX:XX` at the start of `s` (at least 17
/// bytes before a NUL; what follows is ignored), hex digits in either case.
pub(crate) fn mac_pton(s: &[u8]) -> Option<[u8; 6]> {
    const MAC_ADDR_STR_LEN: usize = 3 * 6 - 1;
    let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    if s.len() < MAC_ADDR_STR_LEN {
        return None;
    }
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut mac = [0u8; 6];
    for (i, m) in mac.iter_mut().enumerate() {
        let (hi, lo) = (hex(s[i * 3])?, hex(s[i * 3 + 1])?);
        if i != 5 && s[i * 3 + 2] != b':' {
            return None;
        }
        *m = (hi << 4) | lo;
    }
    Some(mac)
}

/// `is_multicast_ether_addr()`: the group bit of the first byte.
pub(crate) fn is_multicast_ether(mac: &[u8; 6]) -> bool {
    mac[0] & 1 != 0
}

/// `ipv6_addr_any()`.
pub(crate) fn ipv6_any(a: &[u8; 16]) -> bool {
    *a == [0; 16]
}

/// `bond_is_ip6_target_ok()`: not `::`, not `::1`, not multicast
/// (`ff00::/8`).  Link-local and other unicast addresses are accepted.
pub(crate) fn ip6_target_ok(a: &[u8; 16]) -> bool {
    let mut loopback = [0u8; 16];
    loopback[15] = 1;
    !ipv6_any(a) && *a != loopback && a[0] != 0xff
}

/// `addrconf_addr_solict_mult()`: the solicited-node multicast address of
/// `a`, `ff02::1:ffXX:XXXX` with the low 24 bits of `a`.
pub(crate) fn solicited_node(a: &[u8; 16]) -> [u8; 16] {
    let mut m = [0u8; 16];
    m[0] = 0xff;
    m[1] = 0x02;
    m[11] = 1;
    m[12] = 0xff;
    m[13..].copy_from_slice(&a[13..]);
    m
}

/// `bond_get_targets_ip6()`: the slot of `targets` holding `a` or whose
/// solicited-node multicast address is `a` (so a backup that sees the
/// active slave's solicitation finds its target), looking no further than
/// the first empty slot (which is itself tested: `::`'s group matches it).
pub(crate) fn ns_target_index(targets: &[[u8; 16]], a: &[u8; 16]) -> Option<usize> {
    for (i, t) in targets.iter().enumerate() {
        if t == a || solicited_node(t) == *a {
            return Some(i);
        }
        if ipv6_any(t) {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ns_target_lookup() {
        let mut a = [0u8; 16];
        a[0] = 0x20;
        a[15] = 2;
        let mut b = a;
        b[15] = 3;
        let t = [a, b, [0; 16], a];
        assert_eq!(ns_target_index(&t, &a), Some(0));
        assert_eq!(
            ns_target_index(&t, &solicited_node(&b)),
            Some(1),
            "a backup sees the group"
        );
        assert_eq!(
            ns_target_index(&t, &[0; 16]),
            Some(2),
            "the first empty slot"
        );
        let mut c = a;
        c[15] = 9;
        assert_eq!(ns_target_index(&t, &c), None, "past the first empty slot");
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
    fn mac_pton_as_the_kernel() {
        let m = [0x00, 0x1b, 0x21, 0xaa, 0xbb, 0x0c];
        assert_eq!(mac_pton(b"00:1b:21:aa:bb:0c"), Some(m));
        assert_eq!(mac_pton(b"00:1B:21:AA:BB:0C\n"), Some(m));
        assert_eq!(mac_pton(b"00:1b:21:aa:bb:0cjunk"), Some(m));
        assert_eq!(mac_pton(b"00:1b:21:aa:bb:0"), None);
        assert_eq!(mac_pton(b"00:1b:21:aa:bb:0\0c"), None);
        assert_eq!(mac_pton(b"00-1b-21-aa-bb-0c"), None);
        assert_eq!(mac_pton(b"0:1b:21:aa:bb:0c:"), None);
        assert_eq!(mac_pton(b"00:1b:21:aa:bb:gc"), None);
        assert_eq!(mac_pton(b" 00:1b:21:aa:bb:0c"), None);
        assert_eq!(mac_pton(b""), None);
        assert!(is_multicast_ether(&[0x01, 0, 0x5e, 0, 0, 1]));
        assert!(is_multicast_ether(&[0xff; 6]));
        assert!(!is_multicast_ether(&[0x02, 0, 0, 0, 0, 1]));
    }

    #[test]
    fn ipv6_checks() {
        let mut a = [0u8; 16];
        assert!(ipv6_any(&a) && !ip6_target_ok(&a));
        a[15] = 1;
        assert!(!ip6_target_ok(&a));
        a[15] = 2;
        assert!(ip6_target_ok(&a));
        let ll = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        assert!(ip6_target_ok(&ll));
        let mut mc = [0u8; 16];
        mc[0] = 0xff;
        assert!(!ip6_target_ok(&mc));
        mc[0] = 0xfe;
        assert!(ip6_target_ok(&mc));
        let t = [
            0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78,
        ];
        assert_eq!(
            solicited_node(&t),
            [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x34, 0x56, 0x78]
        );
    }
}
