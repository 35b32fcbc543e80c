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

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn displays() {
        assert_eq!(format!("{}", CStrDisplay(b"eth0")), "eth0");
        assert_eq!(format!("{}", CStrDisplay(b"a\xffb")), "a\\xffb");
        assert_eq!(format!("{}", Ipv4Display([10, 0, 0, 254])), "10.0.0.254");
    }
}
