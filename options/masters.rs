// SPDX-License-Identifier: GPL-2.0

//! `/sys/class/net/bonding_masters` commands (`bonding_store_bonds()`).

use super::defaults::IFNAMSIZ;
use super::parse::{c_str, scan_word};

/// A command written to `/sys/class/net/bonding_masters`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct MastersCommand {
    /// `+name` (create) or `-name` (delete).
    pub(crate) add: bool,
    /// The interface name, NUL terminated.
    pub(crate) name: [u8; IFNAMSIZ + 1],
}

impl MastersCommand {
    /// The name with its NUL.
    pub(crate) fn name_with_nul(&self) -> &[u8] {
        let len = self.name.iter().position(|&c| c == 0).unwrap_or(IFNAMSIZ);
        &self.name[..=len]
    }
}

/// `bonding_store_bonds()`'s parsing: `sscanf(buf, "%16s")`, then `+` or
/// `-` and a non-empty name (the caller still checks `dev_valid_name`).
pub(crate) fn masters_command(buf: &[u8]) -> Option<MastersCommand> {
    let word = scan_word(c_str(buf), IFNAMSIZ)?;
    let (&op, name) = word.split_first()?;
    if name.is_empty() || (op != b'+' && op != b'-') {
        return None;
    }
    let mut cmd = MastersCommand {
        add: op == b'+',
        name: [0; IFNAMSIZ + 1],
    };
    cmd.name[..name.len()].copy_from_slice(name);
    Some(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masters_commands() {
        let c = masters_command(b"+bond5\n").unwrap();
        assert!(c.add);
        assert_eq!(c.name_with_nul(), b"bond5\0");
        let c = masters_command(b"  -bond0 junk").unwrap();
        assert!(!c.add);
        assert_eq!(c.name_with_nul(), b"bond0\0");
        // %16s: the command word is cut at 16 bytes, the name at 15.
        let c = masters_command(b"+abcdefghijklmnopqrst").unwrap();
        assert_eq!(c.name_with_nul(), b"abcdefghijklmno\0");
        assert_eq!(masters_command(b"+"), None);
        assert_eq!(masters_command(b"bond0"), None);
        assert_eq!(masters_command(b""), None);
        assert_eq!(masters_command(b"\n"), None);
        assert_eq!(masters_command(b"+b\0ond"), masters_command(b"+b"));
    }
}
