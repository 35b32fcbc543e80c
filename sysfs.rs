// SPDX-License-Identifier: GPL-2.0

//! The text of bonding's sysfs files (`bond_sysfs.c`), written against
//! `core` only.

/// `IFNAMSIZ`.
const IFNAMSIZ: usize = 16;

/// `bonding_show_bonds()`: the bond names separated by spaces, the last
/// space made a newline; when the page fills up, "++more++ " in place of the
/// rest.  Fed one name at a time (the names are walked under RCU).
pub(crate) struct MastersList<'a> {
    out: &'a mut [u8],
    res: usize,
}

impl<'a> MastersList<'a> {
    /// Writes into `out`, the sysfs page.
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        MastersList { out, res: 0 }
    }

    /// sysfs_emit_at(): what fits of `parts`, one byte left for the NUL.
    fn emit(&mut self, parts: &[&[u8]]) {
        for p in parts {
            for &b in p.iter() {
                if self.res + 1 >= self.out.len() {
                    return;
                }
                self.out[self.res] = b;
                self.res += 1;
            }
        }
    }

    /// Adds a name; `false` once the page is full (stop walking).
    pub(crate) fn push(&mut self, name: &[u8]) -> bool {
        let page = self.out.len();
        if self.res > page.saturating_sub(IFNAMSIZ) {
            // not enough space for another interface name
            if page - self.res > 10 {
                self.res = page - 10;
            }
            self.emit(&[b"++more++ "]);
            return false;
        }
        self.emit(&[name, b" "]);
        true
    }

    /// Ends the list; returns its length.
    pub(crate) fn finish(self) -> usize {
        if self.res > 0 {
            self.out[self.res - 1] = b'\n';
        }
        self.res
    }
}

/// A sysfs page as a [`core::fmt::Write`]: what fits, one byte left for
/// the NUL sysfs adds (`sysfs_emit()`); [`PageWriter::len`] is the length
/// the show returns.
pub(crate) struct PageWriter<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl<'a> PageWriter<'a> {
    /// Writes into `out`, the sysfs page.
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        PageWriter { out, len: 0 }
    }

    /// The bytes written.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl core::fmt::Write for PageWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for &b in s.as_bytes() {
            if self.len + 1 >= self.out.len() {
                break;
            }
            self.out[self.len] = b;
            self.len += 1;
        }
        Ok(())
    }
}

/// The whole list at once (see [`MastersList`]).
#[cfg(test)]
pub(crate) fn masters_list<'a>(names: impl IntoIterator<Item = &'a [u8]>, out: &mut [u8]) -> usize {
    let mut l = MastersList::new(out);
    for n in names {
        if !l.push(n) {
            break;
        }
    }
    l.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn show(names: &[&[u8]], page: usize) -> Vec<u8> {
        let mut out = std::vec![0u8; page];
        let n = masters_list(names.iter().copied(), &mut out);
        out.truncate(n);
        out
    }

    #[test]
    fn list() {
        assert_eq!(show(&[], 4096), b"");
        assert_eq!(show(&[b"bond0"], 4096), b"bond0\n");
        assert_eq!(show(&[b"bond0", b"bond1"], 4096), b"bond0 bond1\n");
    }

    #[test]
    fn full_page() {
        // 15-byte names: the 256th is cut short by the page (sysfs_emit_at
        // writes what fits), and no "++more++" fits after it.
        let name = [b'x'; 15];
        let names: Vec<&[u8]> = (0..500).map(|_| &name[..]).collect();
        let out = show(&names, 4096);
        assert_eq!(out.len(), 4095);
        assert!(out.ends_with(b"xx\n"));
        // 1-byte names: at 4082 bytes the next name may not fit, the output
        // jumps to 4086 (the bytes between stay as the page had them) and
        // ends in "++more++".
        let names: Vec<&[u8]> = (0..3000).map(|_| &b"y"[..]).collect();
        let out = show(&names, 4096);
        assert_eq!(out.len(), 4095);
        assert!(out.ends_with(b"++more++\n"));
        assert_eq!(&out[4082..4086], &[0, 0, 0, 0]);
    }
}
