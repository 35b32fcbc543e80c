// SPDX-License-Identifier: GPL-2.0

//! The [`Slave`] type, one enslaved device as the bond core keeps it (its
//! pure link and activity state machine is `crate::slave`'s
//! [`SlaveState`]), and the bond's RCU-published slave lists: the slaves in
//! enslave order and the usable-slave array (`bond_update_slave_arr()`).

use core::sync::atomic::{AtomicI32, AtomicU16, AtomicU64};

use kernel::prelude::*;
use kernel::sync::Arc;

use super::Bond;
use crate::ffi::{self, DevRef, NetDev, RcuBoxed, Rtnl, RtnlCell, STATS_WORDS};
use crate::modes;
use crate::slave::{Activity, LinkState, SlaveState};

// The slave link states are the C driver's numbers, which in-tree readers of
// `struct slave` see.
const _: () = assert!(
    LinkState::Up as i8 == ffi::bonding::BOND_LINK_UP
        && LinkState::Fail as i8 == ffi::bonding::BOND_LINK_FAIL
        && LinkState::Down as i8 == ffi::bonding::BOND_LINK_DOWN
        && LinkState::Back as i8 == ffi::bonding::BOND_LINK_BACK
);

/// One enslaved device.
pub(crate) struct Slave {
    /// The slave's net_device, held until the `Slave` is dropped (after its
    /// release and a grace period).
    pub(crate) dev: DevRef,
    /// The bond's net_device.
    pub(super) bond_dev: DevRef,
    /// Link and activity state.
    pub(crate) state: SlaveState,
    pub(super) perm_hwaddr: [u8; 32],
    pub(super) addr_len: usize,
    pub(super) original_mtu: u32,
    /// The slave's counters at the last stats fold (`slave_stats`).
    pub(super) saved_stats: [AtomicU64; STATS_WORDS],
    /// `queue_id`: the tx queue that selects this slave (option `queue_id`).
    pub(crate) queue_id: AtomicU16,
    /// `prio`: the slave's priority in active-slave selection.
    pub(crate) prio: AtomicI32,
    /// `/sys/class/net/<slave>/bonding_slave/`, removed at release (in
    /// process context, under RTNL: not when the last reference goes,
    /// which may be an RCU callback).
    pub(super) sysfs: RtnlCell<ffi::SlaveSysfs>,
}

impl Slave {
    /// `bond_slave_can_tx()`.
    pub(crate) fn can_tx(&self) -> bool {
        self.state.can_tx(self.dev.running_carrier())
    }

    pub(crate) fn perm_addr(&self) -> &[u8] {
        &self.perm_hwaddr[..self.addr_len]
    }
}

/// The bond's slaves in enslave order (an RCU-published snapshot).
pub(crate) struct SlaveList {
    /// The slaves.
    pub(crate) slaves: KVec<Arc<Slave>>,
}

impl Bond {
    pub(super) fn find<'a>(&'a self, dev: &NetDev, rtnl: &'a Rtnl<'_>) -> Option<&'a Arc<Slave>> {
        self.slaves
            .get_rtnl(rtnl)?
            .slaves
            .iter()
            .find(|s| *s.dev == *dev)
    }

    pub(crate) fn slave_count(&self, rtnl: &Rtnl<'_>) -> usize {
        self.slaves.get_rtnl(rtnl).map_or(0, |l| l.slaves.len())
    }

    /// A slave list with room for `cap` slaves, allocated ahead of the steps
    /// that cannot be undone, so that publishing it cannot fail; `must` for
    /// steps that have to complete (`__GFP_NOFAIL`).
    fn alloc_list(cap: usize, must: bool) -> Result<RcuBoxed<SlaveList>> {
        let slaves = if must {
            ffi::alloc::kvec_nofail(cap)
        } else {
            KVec::with_capacity(cap, GFP_KERNEL)?
        };
        let list = SlaveList { slaves };
        Ok(if must {
            RcuBoxed::new_nofail(list)
        } else {
            RcuBoxed::new(list)?
        })
    }

    /// Fills `out` (allocated for them) with `slaves`; never allocates.
    fn fill<'a>(out: &mut SlaveList, slaves: impl Iterator<Item = &'a Arc<Slave>>) {
        out.slaves.clear();
        for s in slaves {
            // Within the capacity `alloc_list` gave: cannot fail.
            let _ = out.slaves.push_within_capacity(s.clone());
        }
    }

    /// The slave list after adding `add` and removing `remove`, allocated
    /// now (see [`Bond::alloc_list`]) and published later by
    /// [`Bond::publish_slaves`].
    pub(super) fn slaves_after(
        &self,
        add: Option<&Arc<Slave>>,
        remove: Option<&Slave>,
        must: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result<RcuBoxed<SlaveList>> {
        let cur = self
            .slaves
            .get_rtnl(rtnl)
            .map_or(&[][..], |l| &l.slaves[..]);
        let mut out = Self::alloc_list(cur.len() + usize::from(add.is_some()), must)?;
        let kept = cur
            .iter()
            .filter(|s| !remove.is_some_and(|r| core::ptr::eq(r, &***s)));
        Self::fill(&mut out, Iterator::chain(kept, add));
        Ok(out)
    }

    /// Publishes a list from [`Bond::slaves_after`]; cannot fail.
    pub(super) fn publish_slaves(&self, list: RcuBoxed<SlaveList>, rtnl: &mut Rtnl<'_>) {
        let list = (!list.slaves.is_empty()).then_some(list);
        self.slaves.replace(list, rtnl);
    }

    /// Whether the mode transmits from the usable-slave array.  The C driver
    /// keeps the array for the hash modes only; bonding_rs's balance-rr and
    /// broadcast transmit from it too.
    fn uses_usable(&self) -> bool {
        let p = self.p();
        modes::ops(p.mode).uses_usable(&p)
    }

    /// A list to hold the usable slaves, allocated ahead of the steps that
    /// cannot be undone (`None` in modes without the array).
    pub(super) fn alloc_usable(
        &self,
        extra: usize,
        must: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result<Option<RcuBoxed<SlaveList>>> {
        if !self.uses_usable() {
            return Ok(None);
        }
        Self::alloc_list(self.slave_count(rtnl) + extra, must).map(Some)
    }

    /// `bond_update_slave_arr()` with the list allocated in advance: fills
    /// it with the slaves that can transmit (less `exclude`) and republishes
    /// it if that changed the array.  Cannot fail.
    pub(super) fn publish_usable(
        &self,
        list: Option<RcuBoxed<SlaveList>>,
        exclude: Option<&Slave>,
        rtnl: &mut Rtnl<'_>,
    ) {
        let Some(mut list) = list else {
            return;
        };
        let ops = self.mode_ops();
        {
            let cur = self
                .slaves
                .get_rtnl(rtnl)
                .map_or(&[][..], |l| &l.slaves[..]);
            let usable = cur.iter().filter(|s| {
                ops.tx_usable(self, s) && !exclude.is_some_and(|x| core::ptr::eq(x, &***s))
            });
            Self::fill(&mut list, usable);
        }
        let same = match self.usable.get_rtnl(rtnl) {
            Some(u) => {
                u.slaves.len() == list.slaves.len()
                    && u.slaves
                        .iter()
                        .zip(list.slaves.iter())
                        .all(|(a, b)| Arc::ptr_eq(a, b))
            }
            None => list.slaves.is_empty(),
        };
        if !same {
            let list = (!list.slaves.is_empty()).then_some(list);
            self.usable.replace(list, rtnl);
        }
    }

    /// `bond_update_slave_arr()` after a link event.  Without memory for the
    /// new array the old one stays (its slaves stay valid; the C driver
    /// retries from a work item).
    pub(crate) fn refresh_usable(&self, rtnl: &mut Rtnl<'_>) {
        if let Ok(list) = self.alloc_usable(0, false, rtnl) {
            self.publish_usable(list, None, rtnl);
        }
    }

    /// `bond_lower_state_changed()`, and the slave's state as in-tree readers
    /// of `struct slave` see it.
    pub(crate) fn notify_lower(&self, s: &Slave, rtnl: &mut Rtnl<'_>) {
        let link = s.state.link();
        s.dev.lower_state_changed(
            link as i8,
            matches!(link, LinkState::Up | LinkState::Fail),
            s.state.activity() == Activity::Active,
            s.state.inactive(),
            rtnl,
        );
    }

    /// The slave list as owned references, for loops that need `&mut Rtnl`.
    pub(crate) fn slaves_snapshot(&self, rtnl: &Rtnl<'_>) -> Option<KVec<Arc<Slave>>> {
        let list = self.slaves.get_rtnl(rtnl)?;
        let mut v = KVec::with_capacity(list.slaves.len(), GFP_KERNEL).ok()?;
        for s in list.slaves.iter() {
            v.push(s.clone(), GFP_KERNEL).ok()?;
        }
        Some(v)
    }
}
