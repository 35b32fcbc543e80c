// SPDX-License-Identifier: GPL-2.0

//! IPv4 address parsing and checks as the kernel does them.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
