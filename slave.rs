// SPDX-License-Identifier: GPL-2.0

//! Slave states, as the seed analysis describes them: an activity state
//! (active or backup) and a bonding link state (up, fail, down, back), which
//! is the bond's own view and not the device's carrier.
//!
//! Pure logic: `core` only, unit-tested on the host.

/// `BOND_LINK_*`: the bond's view of a slave's link.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(
    MODULE,
    expect(dead_code, reason = "used by the data path (slaves), not wired yet")
)]
pub(crate) enum LinkState {
    /// Up: a candidate for transmission.
    Up = 0,
    /// Failing: carrier lost, counting down `downdelay`.
    Fail = 1,
    /// Down.
    Down = 2,
    /// Coming back: carrier seen again, counting down `updelay`.
    Back = 3,
}

impl LinkState {
    /// `bond_slave_link_status()`: the "MII Status" of a slave in /proc.
    pub(crate) fn proc_name(self) -> &'static str {
        match self {
            LinkState::Up => "up",
            LinkState::Fail => "going down",
            LinkState::Down => "down",
            LinkState::Back => "going back",
        }
    }
}

/// `BOND_STATE_*`: whether the slave may carry traffic.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(
    MODULE,
    expect(dead_code, reason = "used by the data path (slaves), not wired yet")
)]
pub(crate) enum Activity {
    /// Active: a candidate for transmission; its frames are delivered.
    Active = 0,
    /// Backup: excluded from transmission; its frames are dropped.
    Backup = 1,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_names() {
        assert_eq!(LinkState::Up.proc_name(), "up");
        assert_eq!(LinkState::Fail.proc_name(), "going down");
        assert_eq!(LinkState::Down.proc_name(), "down");
        assert_eq!(LinkState::Back.proc_name(), "going back");
        assert_ne!(Activity::Active, Activity::Backup);
    }
}
