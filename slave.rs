// SPDX-License-Identifier: GPL-2.0

//! Slave states, as the seed analysis describes them: an activity state
//! (active or backup) and a bonding link state (up, fail, down, back), which
//! is the bond's own view and not the device's carrier.
//!
//! Pure logic: `core` only, unit-tested on the host.

use core::sync::atomic::Ordering::{AcqRel, Relaxed};
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicU8};

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
    new_link: AtomicU8,
    last_link_up: AtomicU64,
    last_rx: AtomicU64,
    last_tx: AtomicU64,
    target_rx: [AtomicU64; TARGETS],
}

/// `BOND_MAX_ARP_TARGETS` slots of `target_last_arp_rx` (shared by the ARP
/// and NS targets); options/defaults.rs asserts the limits equal it.
pub(crate) const TARGETS: usize = 16;

/// `BOND_LINK_NOCHANGE` in the `new_link` field.
const NOCHANGE: u8 = 0xff;

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
            new_link: AtomicU8::new(NOCHANGE),
            last_link_up: AtomicU64::new(0),
            last_rx: AtomicU64::new(0),
            last_tx: AtomicU64::new(0),
            target_rx: [const { AtomicU64::new(0) }; TARGETS],
        }
    }

    /// `last_link_up` (jiffies).
    pub(crate) fn last_link_up(&self) -> u64 {
        self.last_link_up.load(Relaxed)
    }

    /// Records the link as (re)gained or the slave as made active now.
    pub(crate) fn set_last_link_up(&self, now: u64) {
        self.last_link_up.store(now, Relaxed);
    }

    /// `slave->last_rx`.
    pub(crate) fn last_rx(&self) -> u64 {
        self.last_rx.load(Relaxed)
    }

    /// `slave_last_tx()`.
    pub(crate) fn last_tx(&self) -> u64 {
        self.last_tx.load(Relaxed)
    }

    /// `slave_update_last_tx()`.
    pub(crate) fn touch_tx(&self, now: u64) {
        self.last_tx.store(now, Relaxed);
    }

    /// Traffic (or a valid ARP) received now.
    pub(crate) fn touch_rx(&self, now: u64) {
        self.last_rx.store(now, Relaxed);
    }

    /// A valid ARP from target `i` received now (`target_last_arp_rx`).
    /// `target_last_arp_rx[i] = t` alone, as a change of the NS target
    /// table writes it (the slots are shared with the ARP targets').
    pub(crate) fn set_target_rx(&self, i: usize, t: u64) {
        if let Some(slot) = self.target_rx.get(i) {
            slot.store(t, Relaxed);
        }
    }

    pub(crate) fn touch_target(&self, i: usize, now: u64) {
        self.last_rx.store(now, Relaxed);
        if let Some(t) = self.target_rx.get(i) {
            t.store(now, Relaxed);
        }
    }

    /// The ARP target table changed from `old` to `new`: each target keeps
    /// its receive time, a new one starts at `fresh` (the C driver's
    /// `target_last_arp_rx[]` updates of `_bond_options_arp_ip_target_set()`
    /// and `_rem()`).
    pub(crate) fn remap_targets(&self, old: &[[u8; 4]], new: &[[u8; 4]], fresh: u64) {
        let mut times = [0u64; TARGETS];
        for (i, t) in new.iter().enumerate().take(TARGETS) {
            if *t == [0; 4] {
                break;
            }
            times[i] = match old.iter().position(|o| o == t) {
                Some(j) if j < TARGETS => self.target_rx[j].load(Relaxed),
                _ => fresh,
            };
        }
        for (slot, v) in self.target_rx.iter().zip(times) {
            slot.store(v, Relaxed);
        }
    }

    /// `slave_oldest_target_arp_rx()` over the first `n` targets.
    pub(crate) fn oldest_target_rx(&self, n: usize) -> u64 {
        let mut ret = self.target_rx[0].load(Relaxed);
        for t in self.target_rx.iter().take(n).skip(1) {
            let v = t.load(Relaxed);
            if crate::util::jiffies::after(ret, v) {
                ret = v;
            }
        }
        ret
    }

    /// Enslave's starting point: every receive and transmit time one ARP
    /// interval and a jiffy in the past.
    pub(crate) fn init_times(&self, then: u64) {
        self.last_rx.store(then, Relaxed);
        self.last_tx.store(then, Relaxed);
        for t in self.target_rx.iter() {
            t.store(then, Relaxed);
        }
    }

    /// `bond_set_backup_slave()`/`bond_set_active_slave()`: only the
    /// backup bit (the load-balancing ARP monitor's state change).
    pub(crate) fn set_backup_bit(&self, backup: bool) {
        self.backup.store(backup, Relaxed);
    }

    /// The up/down delay counter, in monitor ticks.
    pub(crate) fn delay(&self) -> i32 {
        self.delay.load(Relaxed)
    }

    /// Sets the delay counter (the monitor's inspection writes it without
    /// RTNL, as the C driver does; only that monitor reads it back).
    pub(crate) fn set_delay(&self, d: i32) {
        self.delay.store(d, Relaxed);
    }

    /// `bond_propose_link_state()`: `None` is `BOND_LINK_NOCHANGE`.
    pub(crate) fn propose(&self, l: Option<LinkState>) {
        self.new_link
            .store(l.map_or(NOCHANGE, |l| l as u8), Relaxed);
    }

    /// Takes the proposal, leaving none, in one atomic step: a proposal
    /// the monitor's inspection (which runs without RTNL) makes after this
    /// is left for the next commit instead of being mixed into this one.
    pub(crate) fn take_proposed(&self) -> Option<LinkState> {
        let v = self.new_link.swap(NOCHANGE, AcqRel);
        (v != NOCHANGE).then(|| LinkState::from_u8(v))
    }

    /// `bond_commit_link_state()`: takes the proposal and applies it;
    /// returns it if it changed the link state.
    pub(crate) fn commit_proposed(&self) -> Option<LinkState> {
        let l = self.take_proposed()?;
        let changed = self.link() != l;
        self.link.store(l as u8, Relaxed);
        changed.then_some(l)
    }

    /// Counts one more link failure (saturating, as `UINT_MAX` caps it).
    pub(crate) fn count_failure(&self) {
        let n = self.link_failure_count.load(Relaxed);
        self.link_failure_count.store(n.saturating_add(1), Relaxed);
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

    /// `slave->inactive` alone (`bond_option_all_slaves_active_set()`).
    pub(crate) fn set_inactive(&self, inactive: bool) {
        self.inactive.store(inactive, Relaxed);
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

    /// Records speed and duplex from the device's link settings (`None`:
    /// it has none), as `bond_update_speed_duplex()`: both unknown unless
    /// the speed is neither 0 nor `SPEED_UNKNOWN` and the duplex is full
    /// or half.
    pub(crate) fn set_speed_duplex(&self, sd: Option<(u32, u8)>) {
        let known = |&(s, d): &(u32, u8)| s != 0 && s != SPEED_UNKNOWN && (d == 0 || d == 1);
        let (s, d) = sd.filter(known).unwrap_or((SPEED_UNKNOWN, DUPLEX_UNKNOWN));
        self.speed.store(s, Relaxed);
        self.duplex.store(d, Relaxed);
    }

    /// Speed in Mb/s, `None` if unknown.
    pub(crate) fn speed(&self) -> Option<u32> {
        Some(self.speed.load(Relaxed)).filter(|&s| s != SPEED_UNKNOWN)
    }

    /// Duplex as the C driver stores it (`DUPLEX_UNKNOWN` 0xff).
    pub(crate) fn duplex_raw(&self) -> u8 {
        self.duplex.load(Relaxed)
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

/// Monitor parameters the link state machine needs: delays in ticks, as
/// `bond_params` stores them, and the tick in ms for the log lines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Delays {
    /// `downdelay` in ticks.
    pub(crate) down: i32,
    /// `updelay` in ticks.
    pub(crate) up: i32,
    /// `miimon` in ms.
    pub(crate) tick_ms: i32,
}

/// A log line of the inspection (rate-limited `slave_info` in the C driver).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum MiiNote {
    /// "link status down for %sinterface, disabling it in %d ms"
    DownIn(i32),
    /// "link status up again after %d ms"
    UpAgain(i32),
    /// "link status up, enabling it in %d ms"
    UpIn(i32),
    /// "link status down again after %d ms"
    DownAgain(i32),
}

/// One step of `bond_miimon_inspect()` for a slave.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct MiiStep {
    /// The proposed state (`None`: no change).
    pub(crate) propose: Option<LinkState>,
    /// The delay counter afterwards.
    pub(crate) delay: i32,
    /// Whether the bond must commit (`commit++` in C).
    pub(crate) commit: bool,
    /// Log lines, in order (at most two: the state entered, then left).
    pub(crate) notes: [Option<MiiNote>; 2],
}

impl MiiStep {
    fn note(&mut self, n: MiiNote) {
        let i = usize::from(self.notes[0].is_some());
        self.notes[i] = Some(n);
    }
}

/// `bond_miimon_inspect()` for one slave: its committed state `link`, its
/// delay counter and whether the device is running with carrier.
/// `ignore_updelay` is the bond-wide flag of the C loop (no active slave):
/// it is cleared once a slave is proposed up.
pub(crate) fn mii_inspect(
    link: LinkState,
    delay: i32,
    carrier: bool,
    d: Delays,
    ignore_updelay: &mut bool,
) -> MiiStep {
    let mut st = MiiStep {
        propose: None,
        delay,
        commit: false,
        notes: [None, None],
    };
    match link {
        LinkState::Up | LinkState::Fail => {
            if link == LinkState::Up {
                if carrier {
                    return st;
                }
                st.propose = Some(LinkState::Fail);
                st.commit = true;
                st.delay = d.down;
                if st.delay != 0 {
                    st.note(MiiNote::DownIn(d.down * d.tick_ms));
                }
            }
            if carrier {
                // Recovered before downdelay expired.
                st.propose = Some(LinkState::Up);
                st.commit = true;
                st.note(MiiNote::UpAgain((d.down - st.delay) * d.tick_ms));
            } else if st.delay <= 0 {
                st.propose = Some(LinkState::Down);
                st.commit = true;
            } else {
                st.delay -= 1;
            }
        }
        LinkState::Down | LinkState::Back => {
            if link == LinkState::Down {
                if !carrier {
                    return st;
                }
                st.propose = Some(LinkState::Back);
                st.commit = true;
                st.delay = d.up;
                if st.delay != 0 {
                    let ms = if *ignore_updelay { 0 } else { d.up * d.tick_ms };
                    st.note(MiiNote::UpIn(ms));
                }
            }
            if !carrier {
                st.propose = Some(LinkState::Down);
                st.commit = true;
                st.note(MiiNote::DownAgain((d.up - st.delay) * d.tick_ms));
            } else {
                if *ignore_updelay {
                    st.delay = 0;
                }
                if st.delay <= 0 {
                    st.propose = Some(LinkState::Up);
                    st.commit = true;
                    *ignore_updelay = false;
                } else {
                    st.delay -= 1;
                }
            }
        }
    }
    st
}

/// What committing a proposed state means for the bond
/// (`bond_miimon_commit()`), given the slave's role.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Commit {
    /// Nothing beyond recording the state (going down/back).
    Nothing,
    /// The link is definitely up; `failover` asks for a new selection.
    Up {
        /// Whether to reselect the active slave.
        failover: bool,
    },
    /// The link is definitely down.
    Down {
        /// Whether to reselect the active slave.
        failover: bool,
    },
}

/// The bond-level consequence of committing `proposed` on a slave:
/// reselect when a slave comes up and there is no active slave or it is the
/// primary, or when the active slave goes down.
pub(crate) fn commit_effect(
    proposed: Option<LinkState>,
    have_active: bool,
    is_primary: bool,
    is_active: bool,
) -> Commit {
    match proposed {
        Some(LinkState::Up) => Commit::Up {
            failover: !have_active || is_primary,
        },
        Some(LinkState::Down) => Commit::Down {
            failover: is_active,
        },
        _ => Commit::Nothing,
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
        s.set_speed_duplex(Some((100, 0)));
        assert_eq!((s.speed(), s.duplex()), (Some(100), Some(false)));
        // bond_update_speed_duplex(): a zero or unknown speed, or a duplex
        // that is neither half nor full, leaves both unknown.
        for bad in [
            (0, 1),
            (SPEED_UNKNOWN, 1),
            (1000, DUPLEX_UNKNOWN),
            (1000, 2),
        ] {
            s.set_speed_duplex(Some((10000, 1)));
            s.set_speed_duplex(Some(bad));
            assert_eq!(
                (s.speed(), s.duplex_raw()),
                (None, DUPLEX_UNKNOWN),
                "{bad:?}"
            );
        }
    }
}

#[cfg(test)]
mod mii_tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    /// Runs the inspection + commit loop over a carrier sequence and
    /// returns the committed state after each tick.
    fn run(start: LinkState, carrier: &[bool], d: Delays) -> Vec<LinkState> {
        let s = SlaveState::new();
        s.set_link(start, 0);
        let mut out = Vec::new();
        for &c in carrier {
            let mut ign = false;
            let st = mii_inspect(s.link(), s.delay(), c, d, &mut ign);
            s.set_delay(st.delay);
            s.propose(st.propose);
            s.commit_proposed();
            out.push(s.link());
        }
        out
    }

    /// An independent model: the state follows from how many consecutive
    /// ticks the carrier has been lost (or present) since the last stable
    /// state.
    fn model(start: LinkState, carrier: &[bool], d: Delays) -> Vec<LinkState> {
        let mut up_side = matches!(start, LinkState::Up | LinkState::Fail);
        let mut run = 0;
        let mut out = Vec::new();
        for &c in carrier {
            if up_side {
                if c {
                    run = 0;
                    out.push(LinkState::Up);
                } else {
                    run += 1;
                    if run > d.down {
                        up_side = false;
                        run = 0;
                        out.push(LinkState::Down);
                    } else {
                        out.push(LinkState::Fail);
                    }
                }
            } else if !c {
                run = 0;
                out.push(LinkState::Down);
            } else {
                run += 1;
                if run > d.up {
                    up_side = true;
                    run = 0;
                    out.push(LinkState::Up);
                } else {
                    out.push(LinkState::Back);
                }
            }
        }
        out
    }

    #[test]
    fn state_machine_matches_model_exhaustively() {
        for down in 0..4 {
            for up in 0..4 {
                let d = Delays {
                    down,
                    up,
                    tick_ms: 100,
                };
                for bits in 0u32..(1 << 9) {
                    let seq: Vec<bool> = (0..9).map(|i| bits & (1 << i) != 0).collect();
                    for start in [LinkState::Up, LinkState::Down] {
                        assert_eq!(
                            run(start, &seq, d),
                            model(start, &seq, d),
                            "start {start:?} down {down} up {up} seq {seq:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn notes_and_ignore_updelay() {
        let d = Delays {
            down: 2,
            up: 3,
            tick_ms: 100,
        };
        let mut ign = false;
        let st = mii_inspect(LinkState::Up, 0, false, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Fail));
        assert_eq!(st.delay, 1);
        assert_eq!(st.notes, [Some(MiiNote::DownIn(200)), None]);
        let st = mii_inspect(LinkState::Fail, 1, true, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Up));
        assert_eq!(st.notes, [Some(MiiNote::UpAgain(100)), None]);
        let st = mii_inspect(LinkState::Down, 0, true, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Back));
        assert_eq!(st.notes, [Some(MiiNote::UpIn(300)), None]);
        let st = mii_inspect(LinkState::Back, 2, false, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Down));
        assert_eq!(st.notes, [Some(MiiNote::DownAgain(100)), None]);
        // No active slave: the updelay is skipped, and only for one slave.
        let mut ign = true;
        let st = mii_inspect(LinkState::Down, 0, true, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Up));
        assert_eq!(st.notes, [Some(MiiNote::UpIn(0)), None]);
        assert!(!ign);
        let st = mii_inspect(LinkState::Down, 0, true, d, &mut ign);
        assert_eq!(st.propose, Some(LinkState::Back));
        // Zero delays log nothing and go straight through.
        let z = Delays {
            down: 0,
            up: 0,
            tick_ms: 100,
        };
        let st = mii_inspect(LinkState::Up, 0, false, z, &mut ign);
        assert_eq!(
            (st.propose, st.notes),
            (Some(LinkState::Down), [None, None])
        );
        let st = mii_inspect(LinkState::Up, 0, true, z, &mut ign);
        assert_eq!((st.propose, st.commit), (None, false));
    }

    #[test]
    fn commit_effects() {
        use Commit::*;
        for have in [false, true] {
            for prim in [false, true] {
                for act in [false, true] {
                    let up = commit_effect(Some(LinkState::Up), have, prim, act);
                    assert_eq!(
                        up,
                        Up {
                            failover: !have || prim
                        }
                    );
                    let down = commit_effect(Some(LinkState::Down), have, prim, act);
                    assert_eq!(down, Down { failover: act });
                    for l in [None, Some(LinkState::Fail), Some(LinkState::Back)] {
                        assert_eq!(commit_effect(l, have, prim, act), Nothing);
                    }
                }
            }
        }
    }

    #[test]
    fn failure_count_saturates() {
        let s = SlaveState::new();
        s.count_failure();
        assert_eq!(s.link_failure_count(), 1);
        s.link_failure_count.store(u32::MAX, Relaxed);
        s.count_failure();
        assert_eq!(s.link_failure_count(), u32::MAX);
    }
}

/// `bond_fold_stats()`: adds to `res` what each counter grew by from `old`
/// to `new`, taking 32-bit counters' wrap into account and ignoring
/// counters that went backwards (drivers resetting at down/up).
pub(crate) fn fold_stats(res: &mut [u64], new: &[u64], old: &[u64]) {
    for ((r, &nv), &ov) in res.iter_mut().zip(new).zip(old) {
        let delta = if (nv | ov) >> 32 == 0 {
            i64::from((nv as u32).wrapping_sub(ov as u32) as i32)
        } else {
            nv.wrapping_sub(ov) as i64
        };
        if delta > 0 {
            *r = r.wrapping_add(delta as u64);
        }
    }
}

/// `bond_ethtool_get_link_ksettings()`: the bond's speed and duplex from
/// the slaves that can transmit, as `(speed, duplex)` of each (`None`
/// unknown).  Load-balancing modes add the speeds up; broadcast goes as
/// fast as its slowest slave.  The first known duplex wins.
pub(crate) fn aggregate_speed(
    broadcast: bool,
    slaves: impl Iterator<Item = (Option<u32>, Option<bool>)>,
) -> (u32, u8) {
    let mut speed = 0u32;
    let mut duplex = DUPLEX_UNKNOWN;
    for (s, d) in slaves {
        if let Some(s) = s {
            speed = if !broadcast {
                speed.wrapping_add(s)
            } else if speed == 0 || speed == SPEED_UNKNOWN {
                s
            } else {
                speed.min(s)
            };
        }
        if duplex == DUPLEX_UNKNOWN {
            if let Some(d) = d {
                duplex = u8::from(d);
            }
        }
    }
    (if speed == 0 { SPEED_UNKNOWN } else { speed }, duplex)
}

#[cfg(test)]
mod stats_tests {
    use super::*;

    #[test]
    fn fold() {
        let mut res = [10u64, 10, 10, 10];
        // 64-bit growth, 32-bit wrap, backwards (reset), no change.
        let old = [1u64 << 40, 0xffff_fff0, 500, 7];
        let new = [(1u64 << 40) + 5, 0x10, 100, 7];
        fold_stats(&mut res, &new, &old);
        assert_eq!(res, [15, 10 + 0x20, 10, 10]);
    }

    #[test]
    fn speeds() {
        let two = [(Some(1000), Some(true)), (Some(10000), Some(false))];
        assert_eq!(aggregate_speed(false, two.into_iter()), (11000, 1));
        assert_eq!(aggregate_speed(true, two.into_iter()), (1000, 1));
        assert_eq!(
            aggregate_speed(false, [].into_iter()),
            (SPEED_UNKNOWN, DUPLEX_UNKNOWN)
        );
        let unk = [(None, None), (Some(100), Some(false))];
        assert_eq!(aggregate_speed(false, unk.into_iter()), (100, 0));
    }
}
