// SPDX-License-Identifier: GPL-2.0

//! Comparisons of wrapping jiffies (`time_after()`, `time_after_eq()`),
//! which the per-slave times (`slave.rs`) and the ARP monitor's windows
//! (`arp.rs`) share.
//!
//! Pure logic: `core` only, unit-tested on the host.

/// `time_after_eq(a, b)` on wrapping jiffies.
pub(crate) fn after_eq(a: u64, b: u64) -> bool {
    (a.wrapping_sub(b) as i64) >= 0
}

/// `time_after(a, b)` on wrapping jiffies.
pub(crate) fn after(a: u64, b: u64) -> bool {
    (b.wrapping_sub(a) as i64) < 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap() {
        assert!(after(5, u64::MAX - 5));
        assert!(!after(u64::MAX - 5, 5));
    }
}
