// SPDX-License-Identifier: GPL-2.0

//! The bond's counters: `bond_get_stats()`.

use core::sync::atomic::Ordering::Relaxed;

use kernel::sync::rcu;

use super::Bond;
use crate::ffi::{NetDev, RcuRead, STATS_WORDS};
use crate::slave;

impl Bond {
    /// `bond_get_stats()`: the bond's counters plus what each slave's grew
    /// by since the last fold; `out` gets the result.
    pub(crate) fn fold_stats(&self, bond: &NetDev, out: &mut [u64; STATS_WORDS]) {
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        bond.stats_locked(|| {
            for (o, s) in out.iter_mut().zip(self.stats.iter()) {
                *o = s.load(Relaxed);
            }
            if let Some(l) = self.slaves.get(&rcu) {
                for sl in l.slaves.iter() {
                    let new = sl.dev.stats();
                    let old = sl.saved_stats.each_ref().map(|a| a.load(Relaxed));
                    slave::fold_stats(out, &new, &old);
                    for (a, v) in sl.saved_stats.iter().zip(new) {
                        a.store(v, Relaxed);
                    }
                }
            }
            for (s, o) in self.stats.iter().zip(out.iter()) {
                s.store(*o, Relaxed);
            }
        });
    }
}
