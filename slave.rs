// SPDX-License-Identifier: GPL-2.0

//! Slave states, as the seed analysis describes them: an activity state
//! (active or backup) and a bonding link state (up, fail, down, back), which
//! is the bond's own view and not the device's carrier.
//!
//! Pure logic: `core` only, unit-tested on the host.

use core::sync::atomic::Ordering::Relaxed;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU8};

/// `BOND_LINK_*`: the bond's view of a slave's link.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
pub(crate) enum Activity {
    /// Active: a candidate for transmission; its frames are delivered.
    Active = 0,
    /// Backup: excluded from transmission; its frames are dropped.
    Backup = 1,
}

impl LinkState {
    fn from_u8(v: u8) -> LinkState {
        match v {
            0 => LinkState::Up,
            1 => LinkState::Fail,
            2 => LinkState::Down,
            _ => LinkState::Back,
        }
    }
}

/// What the rx handler does with a frame (`rx_handler_result`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(i32)]
pub(crate) enum RxAction {
    /// Deliver as received by the bond (`RX_HANDLER_ANOTHER`).
    Another = 0,
    /// Only handlers bound to the slave itself see it (`RX_HANDLER_EXACT`).
    Exact = 1,
    /// Leave it on the slave (`RX_HANDLER_PASS`): link-local frames.
    Pass = 2,
}

/// `bond_handle_frame()` for the modes bonding_rs implements: frames on an
/// inactive slave get exact-match delivery, except link-local destinations
/// (01:80:c2:00:00:0x), which stay on the slave.
pub(crate) fn rx_action(inactive: bool, link_local: bool) -> RxAction {
    match (inactive, link_local) {
        (false, _) => RxAction::Another,
        (true, true) => RxAction::Pass,
        (true, false) => RxAction::Exact,
    }
}

/// The link state a new slave starts in (`bond_enslave()`), with its delay
/// counter: with miimon, up (or going back with an updelay) if running with
/// carrier; with the ARP monitor, up if it has carrier; else up.
pub(crate) fn initial_link(
    miimon: i32,
    arp_interval: i32,
    updelay: i32,
    running_carrier: bool,
) -> (LinkState, i32) {
    if miimon != 0 {
        match (running_carrier, updelay) {
            (true, 0) => (LinkState::Up, 0),
            (true, d) => (LinkState::Back, d),
            (false, _) => (LinkState::Down, 0),
        }
    } else if arp_interval != 0 {
        let l = if running_carrier {
            LinkState::Up
        } else {
            LinkState::Down
        };
        (l, 0)
    } else {
        (LinkState::Up, 0)
    }
}

/// A slave's mutable state, shared between RTNL writers and lock-free
/// readers (transmit, receive, /proc), as `READ_ONCE`/`WRITE_ONCE` fields.
pub(crate) struct SlaveState {
    link: AtomicU8,
    backup: AtomicBool,
    inactive: AtomicBool,
    link_failure_count: AtomicU32,
    speed: AtomicU32,
    duplex: AtomicU8,
    delay: AtomicI32,
}

/// `SPEED_UNKNOWN` as a u32.
pub(crate) const SPEED_UNKNOWN: u32 = u32::MAX;
/// `DUPLEX_UNKNOWN`.
pub(crate) const DUPLEX_UNKNOWN: u8 = 0xff;

impl SlaveState {
    /// A new slave: link down, backup and inactive until placed.
    pub(crate) const fn new() -> Self {
        SlaveState {
            link: AtomicU8::new(LinkState::Down as u8),
            backup: AtomicBool::new(true),
            inactive: AtomicBool::new(true),
            link_failure_count: AtomicU32::new(0),
            speed: AtomicU32::new(SPEED_UNKNOWN),
            duplex: AtomicU8::new(DUPLEX_UNKNOWN),
            delay: AtomicI32::new(0),
        }
    }

    /// The bond's view of the link.
    pub(crate) fn link(&self) -> LinkState {
        LinkState::from_u8(self.link.load(Relaxed))
    }

    /// Sets the link state and its delay counter.
    pub(crate) fn set_link(&self, l: LinkState, delay: i32) {
        self.link.store(l as u8, Relaxed);
        self.delay.store(delay, Relaxed);
    }

    /// Active or backup.
    pub(crate) fn activity(&self) -> Activity {
        if self.backup.load(Relaxed) {
            Activity::Backup
        } else {
            Activity::Active
        }
    }

    /// `bond_set_slave_active_flags()`.
    pub(crate) fn set_active(&self) {
        self.backup.store(false, Relaxed);
        self.inactive.store(false, Relaxed);
    }

    /// `bond_set_slave_inactive_flags()`: backup, and frames are dropped
    /// unless `all_slaves_active`.
    pub(crate) fn set_backup(&self, all_slaves_active: bool) {
        self.backup.store(true, Relaxed);
        self.inactive.store(!all_slaves_active, Relaxed);
    }

    /// Whether received frames get exact-match delivery only.
    pub(crate) fn inactive(&self) -> bool {
        self.inactive.load(Relaxed)
    }

    /// `bond_slave_can_tx()` given the device's running and carrier bits.
    pub(crate) fn can_tx(&self, running_carrier: bool) -> bool {
        running_carrier && self.link() == LinkState::Up && self.activity() == Activity::Active
    }

    /// Link failures counted.
    pub(crate) fn link_failure_count(&self) -> u32 {
        self.link_failure_count.load(Relaxed)
    }

    /// Records speed and duplex (`None`: unknown).
    pub(crate) fn set_speed_duplex(&self, sd: Option<(u32, u8)>) {
        let (s, d) = sd.unwrap_or((SPEED_UNKNOWN, DUPLEX_UNKNOWN));
        self.speed.store(s, Relaxed);
        self.duplex.store(d, Relaxed);
    }

    /// Speed in Mb/s, `None` if unknown.
    pub(crate) fn speed(&self) -> Option<u32> {
        Some(self.speed.load(Relaxed)).filter(|&s| s != SPEED_UNKNOWN)
    }

    /// Duplex: `Some(true)` full, `Some(false)` half, `None` unknown.
    pub(crate) fn duplex(&self) -> Option<bool> {
        match self.duplex.load(Relaxed) {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
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

    #[test]
    fn rx_actions() {
        assert_eq!(rx_action(false, false), RxAction::Another);
        assert_eq!(rx_action(false, true), RxAction::Another);
        assert_eq!(rx_action(true, false), RxAction::Exact);
        assert_eq!(rx_action(true, true), RxAction::Pass);
    }

    #[test]
    fn initial_links() {
        assert_eq!(initial_link(100, 0, 0, true), (LinkState::Up, 0));
        assert_eq!(initial_link(100, 0, 2, true), (LinkState::Back, 2));
        assert_eq!(initial_link(100, 0, 2, false), (LinkState::Down, 0));
        assert_eq!(initial_link(0, 100, 0, false), (LinkState::Down, 0));
        assert_eq!(initial_link(0, 100, 0, true), (LinkState::Up, 0));
        assert_eq!(initial_link(0, 0, 0, false), (LinkState::Up, 0));
    }

    #[test]
    fn state_flags() {
        let s = SlaveState::new();
        assert_eq!(s.link(), LinkState::Down);
        assert!(!s.can_tx(true));
        s.set_link(LinkState::Up, 0);
        assert!(!s.can_tx(true), "backup slaves do not transmit");
        s.set_active();
        assert!(s.can_tx(true));
        assert!(!s.can_tx(false));
        s.set_backup(false);
        assert!(s.inactive());
        s.set_backup(true);
        assert!(!s.inactive(), "all_slaves_active keeps backups receiving");
        s.set_speed_duplex(Some((10000, 1)));
        assert_eq!((s.speed(), s.duplex()), (Some(10000), Some(true)));
        s.set_speed_duplex(None);
        assert_eq!((s.speed(), s.duplex()), (None, None));
    }
}
