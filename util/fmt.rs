// SPDX-License-Identifier: GPL-2.0

//! `printk` conversions bonding_rs's messages and `/proc` text need.

use core::fmt;

/// Shows a C string (bytes) the way `%s` would, escaping bytes that are not
/// UTF-8 since Rust formatting cannot carry them.
pub(crate) struct CStrDisplay<'a>(pub(crate) &'a [u8]);

impl fmt::Display for CStrDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{:02x}", b)?;
            }
        }
        Ok(())
    }
}

/// Shows an IPv4 address as `%pI4` does.
pub(crate) struct Ipv4Display(pub(crate) [u8; 4]);

impl fmt::Display for Ipv4Display {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{}.{}.{}.{}", a, b, c, d)
    }
}

/// Shows a MAC address as `%pM` does: six lower-case hex pairs joined by
/// `:`.
pub(crate) struct MacDisplay(pub(crate) [u8; 6]);

impl fmt::Display for MacDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        HexColonDisplay(&self.0).fmt(f)
    }
}

/// Shows bytes as `%*phC` does: lower-case hex pairs joined by `:`, at most
/// 64 bytes (`hex_string()`'s limit); nothing for no bytes.
pub(crate) struct HexColonDisplay<'a>(pub(crate) &'a [u8]);

impl fmt::Display for HexColonDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().take(64).enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{:02x}", b)?;
        }
        Ok(())
    }
}

/// Shows an IPv6 address as `%pI6c` does (`ip6_compressed_string()`): the
/// first longest run of two or more zero words becomes `::`, words are hex
/// without leading zeros, and a v4-mapped (`::ffff:a.b.c.d`) or ISATAP
/// (`...:0:5efe:a.b.c.d`, `...:200:5efe:a.b.c.d`) address ends in dotted
/// quad.  A v4-compatible `::a.b.c.d` is not special (`::102:304`).
pub(crate) struct Ipv6Display(pub(crate) [u8; 16]);

impl Ipv6Display {
    /// `ipv6_addr_v4mapped()`.
    fn v4mapped(&self) -> bool {
        let a = &self.0;
        a[..10].iter().all(|&b| b == 0) && a[10] == 0xff && a[11] == 0xff
    }

    /// `ipv6_addr_is_isatap()`: the third 32-bit word, with bit 0x02000000
    /// forced on, is 0x02005efe.
    fn isatap(&self) -> bool {
        let a = &self.0;
        [a[8] | 0x02, a[9], a[10], a[11]] == [0x02, 0x00, 0x5e, 0xfe]
    }
}

impl fmt::Display for Ipv6Display {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = &self.0;
        let word = |i: usize| u16::from_be_bytes([a[2 * i], a[2 * i + 1]]);
        let use_ipv4 = self.v4mapped() || self.isatap();
        let range = if use_ipv4 { 6 } else { 8 };
        // The first longest run of zero words, if longer than one word.
        let mut longest = 1;
        let mut colonpos = None;
        for i in 0..range {
            let len = (i..range).take_while(|&j| word(j) == 0).count();
            if len > longest {
                longest = len;
                colonpos = Some(i);
            }
        }
        let mut needcolon = false;
        let mut i = 0;
        while i < range {
            if colonpos == Some(i) {
                if needcolon || i == 0 {
                    f.write_str(":")?;
                }
                f.write_str(":")?;
                needcolon = false;
                i += longest;
                continue;
            }
            if needcolon {
                f.write_str(":")?;
            }
            write!(f, "{:x}", word(i))?;
            needcolon = true;
            i += 1;
        }
        if use_ipv4 {
            if needcolon {
                f.write_str(":")?;
            }
            Ipv4Display([a[12], a[13], a[14], a[15]]).fmt(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn displays() {
        assert_eq!(format!("{}", CStrDisplay(b"eth0")), "eth0");
        assert_eq!(format!("{}", CStrDisplay(b"a\xffb")), "a\\xffb");
        assert_eq!(format!("{}", Ipv4Display([10, 0, 0, 254])), "10.0.0.254");
        assert_eq!(
            format!("{}", MacDisplay([0, 0x1b, 0x21, 0xaa, 0xbb, 0x0c])),
            "00:1b:21:aa:bb:0c"
        );
        assert_eq!(format!("{}", HexColonDisplay(&[])), "");
        assert_eq!(format!("{}", HexColonDisplay(&[0xab])), "ab");
        assert_eq!(format!("{}", HexColonDisplay(&[7; 70])).len(), 64 * 3 - 1);
    }

    fn v6(s: &str) -> std::string::String {
        // Test input: eight hex words, or a word list with one "::".
        let mut a = [0u8; 16];
        let (head, tail) = match s.split_once("::") {
            Some((h, t)) => (h, Some(t)),
            None => (s, None),
        };
        let words = |p: &str| -> std::vec::Vec<u16> {
            p.split(':')
                .filter(|w| !w.is_empty())
                .map(|w| u16::from_str_radix(w, 16).unwrap())
                .collect()
        };
        let h = words(head);
        for (i, w) in h.iter().enumerate() {
            a[2 * i..2 * i + 2].copy_from_slice(&w.to_be_bytes());
        }
        if let Some(t) = tail {
            let t = words(t);
            let start = 8 - t.len();
            for (i, w) in t.iter().enumerate() {
                a[2 * (start + i)..2 * (start + i) + 2].copy_from_slice(&w.to_be_bytes());
            }
        }
        format!("{}", Ipv6Display(a))
    }

    #[test]
    fn ipv6_compressed() {
        assert_eq!(v6("0:0:0:0:0:0:0:0"), "::");
        assert_eq!(v6("0:0:0:0:0:0:0:1"), "::1");
        assert_eq!(v6("1:0:0:0:0:0:0:0"), "1::");
        assert_eq!(v6("fe80:0:0:0:0:0:0:1"), "fe80::1");
        assert_eq!(v6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
        assert_eq!(v6("2001:db8:0:0:0:1:0:0"), "2001:db8::1:0:0");
        assert_eq!(v6("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");
        // A single zero word is not compressed.
        assert_eq!(v6("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
        assert_eq!(v6("1:2:3:4:5:6:7:0"), "1:2:3:4:5:6:7:0");
        assert_eq!(v6("1:2:3:4:5:6:0:0"), "1:2:3:4:5:6::");
        assert_eq!(v6("0:0:3:4:5:6:7:8"), "::3:4:5:6:7:8");
        assert_eq!(v6("ff02:0:0:0:0:1:ff00:abcd"), "ff02::1:ff00:abcd");
        assert_eq!(
            v6("abcd:ef01:23:4:0:ffff:fff:f"),
            "abcd:ef01:23:4:0:ffff:fff:f"
        );
        // v4-mapped and ISATAP end in dotted quad, v4-compatible does not.
        assert_eq!(v6("0:0:0:0:0:ffff:c000:201"), "::ffff:192.0.2.1");
        assert_eq!(v6("0:0:0:0:0:0:c000:201"), "::c000:201");
        assert_eq!(v6("fe80:0:0:0:0:5efe:a00:1"), "fe80::5efe:10.0.0.1");
        assert_eq!(v6("fe80:0:0:0:200:5efe:a00:1"), "fe80::200:5efe:10.0.0.1");
        assert_eq!(v6("0:0:0:0:200:5efe:a00:1"), "::200:5efe:10.0.0.1");
        assert_eq!(v6("1:2:3:4:0:5efe:a00:1"), "1:2:3:4:0:5efe:10.0.0.1");
        assert_eq!(v6("1:2:3:4:100:5efe:a00:1"), "1:2:3:4:100:5efe:a00:1");
        // The longest run wins; of equal runs, the first.
        assert_eq!(v6("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
        assert_eq!(v6("1:0:0:2:0:0:3:4"), "1::2:0:0:3:4");
    }
}
