// SPDX-License-Identifier: GPL-2.0

//! What the bond's sysfs files read of a live bond (`bond_sysfs.c`,
//! `bond_sysfs_slave.c`): the text comes from `options::show`, the bond's
//! state from here, under RCU as the C shows read it.

use core::sync::atomic::Ordering::Relaxed;

use super::{Bond, Slave};
use crate::ffi::{self, NetDev, RcuRead};
use crate::options::show::{self, AdInfo, BondView, SlaveAttr, SlaveView, SysfsFile};
use crate::sysfs::PageWriter;

/// The bond as [`show::show`] reads it.
struct View<'a> {
    bond: &'a Bond,
    dev: &'a NetDev,
    rcu: &'a RcuRead<'a>,
}

impl BondView for View<'_> {
    fn slaves(&self, f: &mut dyn FnMut(&[u8], u16) -> bool) {
        if let Some(l) = self.bond.slaves.get(self.rcu) {
            for s in l.slaves.iter() {
                if !f(s.dev.name(), s.queue_id.load(Relaxed)) {
                    break;
                }
            }
        }
    }

    fn active_slave(&self, f: &mut dyn FnMut(&[u8])) {
        if let Some(s) = self.bond.curr_active.get(self.rcu) {
            f(s.dev.name());
        }
    }

    fn primary_slave(&self, f: &mut dyn FnMut(&[u8])) {
        if let Some(s) = self.bond.primary.get(self.rcu) {
            f(s.dev.name());
        }
    }

    fn carrier(&self) -> bool {
        self.dev.carrier_ok()
    }

    fn ad_info(&self) -> Option<AdInfo> {
        // No 802.3ad aggregator yet.
        None
    }

    fn net_admin(&self) -> bool {
        ffi::net::capable_net_admin()
    }
}

impl Bond {
    /// The show of the bond's sysfs file numbered `file`
    /// ([`SysfsFile::from_raw`]) into `page`; returns the length.
    pub(crate) fn sysfs_show(
        &self,
        dev: &NetDev,
        file: u32,
        page: &mut [u8],
        rcu: &RcuRead<'_>,
    ) -> usize {
        let Some(file) = SysfsFile::from_raw(file) else {
            return 0;
        };
        let mut w = PageWriter::new(page);
        let view = View {
            bond: self,
            dev,
            rcu,
        };
        let _ = show::show(file, self.params.get(rcu), &view, &mut w);
        w.len()
    }

    /// The show of file `attr` of a slave's `bonding_slave/` directory.
    pub(crate) fn slave_sysfs_show(&self, s: &Slave, attr: u32, page: &mut [u8]) -> usize {
        let Some(attr) = SlaveAttr::from_raw(attr) else {
            return 0;
        };
        let mut w = PageWriter::new(page);
        let view = SlaveView {
            state: s.state.activity(),
            link: s.state.link(),
            link_failure_count: s.state.link_failure_count(),
            perm_hwaddr: s.perm_addr(),
            queue_id: s.queue_id.load(Relaxed),
            ad: None,
        };
        let _ = show::slave_show(attr, &view, &mut w);
        w.len()
    }
}
