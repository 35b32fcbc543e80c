// SPDX-License-Identifier: GPL-2.0

//! Active-slave selection: `bond_choose_primary_or_current()` and
//! `bond_find_best_slave()` with `primary_reselect` always/better/failure.
//!
//! Pure logic: `core` only, unit-tested on the host.

use crate::options::PrimaryReselect;
use crate::slave::LinkState;

/// What selection reads of one slave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The bond's view of the link.
    pub(crate) link: LinkState,
    /// The updelay counter (for slaves coming back).
    pub(crate) delay: i32,
    /// The device is running with carrier (`bond_slave_is_up()`).
    pub(crate) dev_up: bool,
    /// Speed in Mb/s (`SPEED_UNKNOWN` is `u32::MAX`, compared as the C
    /// driver's `u32` does).
    pub(crate) speed: u32,
    /// Duplex (`DUPLEX_UNKNOWN` is 0xff, compared as a `u8`).
    pub(crate) duplex: u8,
}

/// The bond-wide inputs of a selection.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Selection {
    /// Index of `primary_slave`.
    pub(crate) primary: Option<usize>,
    /// Index of `curr_active_slave`.
    pub(crate) current: Option<usize>,
    /// `primary_reselect`.
    pub(crate) reselect: PrimaryReselect,
    /// `updelay` in ticks.
    pub(crate) updelay: i32,
}

/// The slaves selection looks at, by index: computed as they are read, so
/// that a selection needs no memory of its own (it runs on release paths
/// that must not fail).
pub(crate) trait Candidates {
    /// How many slaves.
    fn len(&self) -> usize;
    /// What selection reads of slave `i` (`i < len()`).
    fn get(&self, i: usize) -> Candidate;
}

impl Candidates for [Candidate] {
    fn len(&self) -> usize {
        <[Candidate]>::len(self)
    }
    fn get(&self, i: usize) -> Candidate {
        self[i]
    }
}

/// `bond_choose_primary_or_current()`.  `force_primary` (set when the
/// primary is enslaved or named) wins once over the reselect policy and is
/// consumed.  All slaves have the same priority in bonding_rs (per-slave
/// `prio` is a netlink option it does not offer), so the highest-priority
/// up slave is the first one up.
fn primary_or_current<C: Candidates + ?Sized>(
    c: &C,
    s: &Selection,
    force_primary: &mut bool,
) -> Option<usize> {
    let up = |i: usize| c.get(i).link == LinkState::Up;
    let curr = s.current.filter(|&i| i < c.len());
    let prim = match s.primary.filter(|&i| i < c.len() && up(i)) {
        Some(p) => {
            if *force_primary {
                *force_primary = false;
                return Some(p);
            }
            p
        }
        None => {
            let hprio = (0..c.len()).find(|&i| up(i));
            match hprio {
                Some(h) if Some(h) != curr => h,
                _ => return curr.filter(|&i| up(i)),
            }
        }
    };
    let Some(cur) = curr.filter(|&i| up(i)) else {
        return Some(prim);
    };
    // Both up.
    match s.reselect {
        PrimaryReselect::Always => Some(prim),
        PrimaryReselect::Better => {
            let (p, q) = (&c.get(prim), &c.get(cur));
            if p.speed < q.speed || (p.speed == q.speed && p.duplex <= q.duplex) {
                Some(cur)
            } else {
                Some(prim)
            }
        }
        // Keep the current slave.
        PrimaryReselect::Failure => Some(cur),
    }
}

/// `bond_find_best_slave()`: the primary or current slave by the policy,
/// else the first slave up, else the slave coming back whose updelay is
/// closest to expiry (its device up).
pub(crate) fn find_best<C: Candidates + ?Sized>(
    c: &C,
    s: &Selection,
    force_primary: &mut bool,
) -> Option<usize> {
    if let Some(i) = primary_or_current(c, s, force_primary) {
        return Some(i);
    }
    let mut mintime = s.updelay;
    let mut best = None;
    for (i, x) in (0..c.len()).map(|i| (i, c.get(i))) {
        if x.link == LinkState::Up {
            return Some(i);
        }
        if x.link == LinkState::Back && x.dev_up && x.delay < mintime {
            mintime = x.delay;
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    const RESELECT_ALWAYS: PrimaryReselect = PrimaryReselect::Always;
    const RESELECT_BETTER: PrimaryReselect = PrimaryReselect::Better;
    const RESELECT_FAILURE: PrimaryReselect = PrimaryReselect::Failure;

    const STATES: [LinkState; 4] = [
        LinkState::Up,
        LinkState::Fail,
        LinkState::Down,
        LinkState::Back,
    ];

    fn cand(link: LinkState, speed: u32) -> Candidate {
        Candidate {
            link,
            delay: 0,
            dev_up: true,
            speed,
            duplex: 1,
        }
    }

    /// An independent statement of the C policy.
    fn expected(c: &[Candidate], s: &Selection, force: bool) -> Option<usize> {
        let up: Vec<usize> = (0..c.len())
            .filter(|&i| c[i].link == LinkState::Up)
            .collect();
        let cur_up = s.current.filter(|p| up.contains(p));
        let policy = |p: usize, q: usize| match s.reselect {
            RESELECT_ALWAYS => p,
            RESELECT_BETTER => {
                let better = c[p].speed > c[q].speed
                    || (c[p].speed == c[q].speed && c[p].duplex > c[q].duplex);
                if better {
                    p
                } else {
                    q
                }
            }
            _ => q,
        };
        // The primary if up, else the first slave up stands in for it.
        let prim = match s.primary.filter(|p| up.contains(p)) {
            Some(p) if force => return Some(p),
            Some(p) => Some(p),
            None => up.first().copied().filter(|&h| Some(h) != s.current),
        };
        match (prim, cur_up) {
            (Some(p), Some(q)) => Some(policy(p, q)),
            (Some(p), None) => Some(p),
            (None, Some(q)) => Some(q),
            (None, None) => (0..c.len())
                .filter(|&i| c[i].link == LinkState::Back && c[i].dev_up && c[i].delay < s.updelay)
                .min_by_key(|&i| (c[i].delay, i)),
        }
    }

    #[test]
    fn exhaustive_three_slaves() {
        let speeds = [100u32, 1000, 1000];
        let opts = [None, Some(0), Some(1), Some(2)];
        let mut n = 0;
        for a in STATES {
            for b in STATES {
                for d in STATES {
                    for primary in opts {
                        for current in opts {
                            for reselect in [RESELECT_ALWAYS, RESELECT_BETTER, RESELECT_FAILURE] {
                                for force in [false, true] {
                                    let links = [a, b, d];
                                    let c: Vec<Candidate> = (0..3)
                                        .map(|i| Candidate {
                                            delay: i as i32,
                                            ..cand(links[i], speeds[i])
                                        })
                                        .collect();
                                    let s = Selection {
                                        primary,
                                        current,
                                        reselect,
                                        updelay: 2,
                                    };
                                    let mut f = force;
                                    let got = find_best(&c[..], &s, &mut f);
                                    let want = expected(&c, &s, force);
                                    assert_eq!(got, want, "{links:?} {s:?} force {force}");
                                    let prim_up =
                                        primary.is_some_and(|p| links[p] == LinkState::Up);
                                    assert_eq!(f, force && !prim_up, "force_primary consumed");
                                    n += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 64 * 16 * 3 * 2);
    }

    #[test]
    fn reselect_policies() {
        // Slave 0 is the primary (100 Mb/s), slave 1 active (1000 Mb/s).
        let c = [cand(LinkState::Up, 100), cand(LinkState::Up, 1000)];
        let sel = |reselect| Selection {
            primary: Some(0),
            current: Some(1),
            reselect,
            updelay: 0,
        };
        let mut f = false;
        assert_eq!(find_best(&c[..], &sel(RESELECT_ALWAYS), &mut f), Some(0));
        assert_eq!(find_best(&c[..], &sel(RESELECT_BETTER), &mut f), Some(1));
        assert_eq!(find_best(&c[..], &sel(RESELECT_FAILURE), &mut f), Some(1));
        // A faster primary wins under "better"; equal speed, full duplex
        // against half does too; equal everything keeps the current one.
        let fast = [cand(LinkState::Up, 10000), cand(LinkState::Up, 1000)];
        assert_eq!(find_best(&fast[..], &sel(RESELECT_BETTER), &mut f), Some(0));
        let mut half = [cand(LinkState::Up, 1000), cand(LinkState::Up, 1000)];
        half[1].duplex = 0;
        assert_eq!(find_best(&half[..], &sel(RESELECT_BETTER), &mut f), Some(0));
        half[1].duplex = 1;
        assert_eq!(find_best(&half[..], &sel(RESELECT_BETTER), &mut f), Some(1));
        // Unknown speed (u32::MAX) compares as the largest, as in C.
        let unk = [cand(LinkState::Up, u32::MAX), cand(LinkState::Up, 1000)];
        assert_eq!(find_best(&unk[..], &sel(RESELECT_BETTER), &mut f), Some(0));
        // force_primary overrides "failure" once.
        let mut f = true;
        assert_eq!(find_best(&c[..], &sel(RESELECT_FAILURE), &mut f), Some(0));
        assert!(!f);
    }

    #[test]
    fn coming_back() {
        let mut c = [
            cand(LinkState::Back, 0),
            cand(LinkState::Back, 0),
            cand(LinkState::Down, 0),
        ];
        c[0].delay = 3;
        c[1].delay = 1;
        let s = Selection {
            primary: None,
            current: None,
            reselect: RESELECT_ALWAYS,
            updelay: 4,
        };
        let mut f = false;
        assert_eq!(find_best(&c[..], &s, &mut f), Some(1));
        c[1].dev_up = false;
        assert_eq!(find_best(&c[..], &s, &mut f), Some(0));
        c[0].delay = 4;
        assert_eq!(
            find_best(&c[..], &s, &mut f),
            None,
            "a full updelay to go is no candidate"
        );
        assert_eq!(find_best(&[][..], &s, &mut f), None);
    }
}
