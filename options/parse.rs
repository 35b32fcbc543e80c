// SPDX-License-Identifier: GPL-2.0

//! `bond_opt_parse()` for a valued option: a value by name or by number,
//! then the table's range, with the C parser's quirks (`sscanf` widths,
//! saturation, blank strings).

use super::values::{valflag, with_flag, OptValue};

/// `BOND_OPT_MAX_NAMELEN`: `sscanf("%32s")` keeps at most this many bytes.
const OPT_MAX_NAMELEN: usize = 32;

/// The value an option is given: a string (sysfs, module parameter), a
/// number (netlink, `bond_opt_initval`) or bytes (netlink,
/// `bond_opt_initextra`: an IPv6 NS target).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OptInput<'a> {
    /// A string, parsed by name or as a decimal number.
    Str(&'a [u8]),
    /// A number (`bond_opt_initval`): `u64::MAX` means "no value".
    Num(u64),
    /// Extra bytes and no value (`bond_opt_initextra`: the number is
    /// `u64::MAX`, the string NULL): only raw options read them, a table
    /// finds no value in them.
    Extra(&'a [u8]),
}

/// The kernel's `isspace()`: space, `\t \n \v \f \r`, plus 0xa0 (`_S` in
/// its ctype table).
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0xa0)
}

/// `s` up to its first NUL, as C sees the string.
pub(crate) fn c_str(s: &[u8]) -> &[u8] {
    match s.iter().position(|&c| c == 0) {
        Some(z) => &s[..z],
        None => s,
    }
}

/// `s` up to its first newline (`strchr(s, '\n')` then `*p = '\0'`).
pub(crate) fn cut_newline(s: &[u8]) -> &[u8] {
    match s.iter().position(|&c| c == b'\n') {
        Some(nl) => &s[..nl],
        None => s,
    }
}

/// `sscanf(s, "%llu")`: skip white space, read decimal digits; on overflow
/// the kernel's `_parse_integer_limit` saturates at `u64::MAX`.  `None` when
/// no digit is found.
fn scan_u64(s: &[u8]) -> Option<u64> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    let mut val: u64 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        val = val
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(s[i] - b'0')))
            .unwrap_or(u64::MAX);
        i += 1;
    }
    (i > start).then_some(val)
}

/// `sscanf(s, "%<width>s")`: the first white-space separated word, at most
/// `width` bytes; `None` for a blank string.
pub(crate) fn scan_word(s: &[u8], width: usize) -> Option<&[u8]> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    while i < s.len() && !is_space(s[i]) && i - start < width {
        i += 1;
    }
    (i > start).then(|| &s[start..i])
}

/// `bond_opt_check_range()`.
pub(crate) fn check_range(tbl: &[OptValue], val: u64) -> bool {
    let min = with_flag(tbl, valflag::MIN);
    let Some(max) = with_flag(tbl, valflag::MAX) else {
        return false;
    };
    !(min.is_some_and(|m| val < m.value) || val > max.value)
}

/// `bond_opt_parse()` for a valued option: the numeric value `input` selects
/// in `tbl`, or `None` when the C driver's parser finds no match.
pub(crate) fn parse(tbl: &[OptValue], input: OptInput<'_>) -> Option<u64> {
    enum Key<'b> {
        Num(u64),
        Word(&'b [u8]),
    }
    let key = match input {
        OptInput::Num(u64::MAX) | OptInput::Extra(_) => return None,
        OptInput::Num(n) => Key::Num(n),
        OptInput::Str(s) => {
            let s = c_str(cut_newline(s));
            if s.iter().all(|&c| c.is_ascii_digit() || is_space(c)) {
                // sscanf returns EOF (not 0) on an empty or blank string, so
                // the C code goes on with value ULLONG_MAX, which matches
                // nothing; the same holds here with `u64::MAX`.
                Key::Num(scan_u64(s).unwrap_or(u64::MAX))
            } else {
                Key::Word(scan_word(s, OPT_MAX_NAMELEN)?)
            }
        }
    };
    for e in tbl {
        let hit = match key {
            Key::Num(n) => n == e.value,
            Key::Word(w) => {
                (w == b"default" && e.flags & valflag::DEFAULT != 0) || w == e.name.as_bytes()
            }
        };
        if hit {
            return Some(e.value);
        }
    }
    match key {
        Key::Num(n) if check_range(tbl, n) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::values::*;
    use super::*;

    fn p(tbl: &[OptValue], s: &str) -> Option<u64> {
        parse(tbl, OptInput::Str(s.as_bytes()))
    }

    #[test]
    fn mode_by_name_and_number() {
        assert_eq!(p(MODE_TBL, "balance-rr"), Some(0));
        assert_eq!(p(MODE_TBL, "active-backup"), Some(1));
        assert_eq!(p(MODE_TBL, "1"), Some(1));
        assert_eq!(p(MODE_TBL, " 6 "), Some(6));
        assert_eq!(p(MODE_TBL, "broadcast\n"), Some(3));
        assert_eq!(p(MODE_TBL, "default"), Some(0));
        assert_eq!(p(MODE_TBL, "7"), None);
        assert_eq!(p(MODE_TBL, "Active-Backup"), None);
        assert_eq!(p(MODE_TBL, ""), None);
        assert_eq!(p(MODE_TBL, "   "), None);
        assert_eq!(p(MODE_TBL, "-1"), None);
        // sscanf %32s takes the first word only.
        assert_eq!(p(MODE_TBL, "broadcast extra"), Some(3));
        // "1 2" is digits and spaces: %llu reads 1.
        assert_eq!(p(MODE_TBL, "1 2"), Some(1));
        // 2^64 + 1 saturates to ULLONG_MAX, which matches nothing.
        assert_eq!(p(MODE_TBL, "18446744073709551617"), None);
        assert_eq!(p(MODE_TBL, "000000000000000000000000001"), Some(1));
        // A C string ends at its NUL; the newline cut comes first.
        assert_eq!(p(MODE_TBL, "1\0junk"), Some(1));
        assert_eq!(p(MODE_TBL, "2\n\0"), Some(2));
    }

    #[test]
    fn range_tables() {
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "255"), Some(255));
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "256"), None);
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "default"), Some(1));
        assert_eq!(p(NUM_PEER_NOTIF_TBL, "maxval"), Some(255));
        assert_eq!(p(LP_INTERVAL_TBL, "0"), None);
        assert_eq!(p(LP_INTERVAL_TBL, "1"), Some(1));
        assert_eq!(parse(PPS_TBL, OptInput::Num(65535)), Some(65535));
        assert_eq!(parse(PPS_TBL, OptInput::Num(65536)), None);
        assert_eq!(parse(PPS_TBL, OptInput::Num(0)), Some(0));
        // A negative int packets_per_slave arrives as a huge u64.
        assert_eq!(parse(PPS_TBL, OptInput::Num(-1i64 as u64)), None);
        assert_eq!(parse(PPS_TBL, OptInput::Num(-2i64 as u64)), None);
        assert_eq!(p(MODE_TBL, "maxval"), None);
        // No value at all (`bond_opt_initval` of ULLONG_MAX).
        assert_eq!(parse(INTMAX_TBL, OptInput::Num(u64::MAX)), None);
        // Out of range below the minimum.
        assert_eq!(p(AD_ACTOR_SYS_PRIO_TBL, "0"), None);
        assert_eq!(p(AD_ACTOR_SYS_PRIO_TBL, "default"), Some(65535));
        assert_eq!(p(MISSED_MAX_TBL, "0"), None);
        assert_eq!(p(MISSED_MAX_TBL, "17"), Some(17));
    }

    #[test]
    fn extra_is_no_value() {
        assert_eq!(parse(MODE_TBL, OptInput::Extra(&[0; 16])), None);
        assert_eq!(parse(INTMAX_TBL, OptInput::Extra(&[1])), None);
    }

    #[test]
    fn words() {
        assert_eq!(scan_word(b"  abc def", 32), Some(&b"abc"[..]));
        assert_eq!(scan_word(b"abcdef", 3), Some(&b"abc"[..]));
        assert_eq!(scan_word(b" \t", 32), None);
        assert!(is_space(0xa0));
    }
}
