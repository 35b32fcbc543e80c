// SPDX-License-Identifier: GPL-2.0

//! What a live bond shows of itself: its sysfs files (`bond_sysfs.c`,
//! `bond_sysfs_slave.c`; the text comes from `options::show`, the bond's
//! state from here, under RCU as the C shows read it), what rtnetlink
//! reports (`bond_fill_info()`, `bond_fill_slave_info()`) and
//! `/proc/net/bonding/<bond>` (`bond_procfs.c`; the text is `proc.rs`'s).

use core::fmt;
use core::sync::atomic::Ordering::Relaxed;

use kernel::sync::rcu;

use super::{Bond, Slave};
use crate::ffi::{self, NetDev, RcuRead, Rtnl};
use crate::modes;
use crate::options::show::{self, AdInfo, BondView, SlaveAttr, SlaveView, SysfsFile};
use crate::proc::{self, MasterView};
use crate::slave::Activity;
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
        // The glue's bonding_slave/ table lists these files in this order.
        const _: () = assert!(SlaveAttr::ALL.len() == ffi::SLAVE_SYSFS_FILES as usize);
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

    /// `bond_fill_info()`: the parameters as the C driver keeps them
    /// (delays in ms, targets in network order).
    pub(crate) fn fill_info(&self, out: &mut ffi::BondInfo, rcu: &RcuRead<'_>) {
        let p = self.params(rcu);
        if modes::ops(p.mode).uses_primary() {
            out.active_slave_ifindex = self.curr_active(rcu).map_or(0, |s| s.dev.ifindex() as u32);
        }
        out.primary_ifindex = self.primary(rcu).map_or(0, |s| s.dev.ifindex() as u32);
        out.mode = p.mode.value();
        let ms = |ticks: i32| (ticks.wrapping_mul(p.miimon)) as u32;
        out.miimon = p.miimon as u32;
        out.updelay_ms = ms(p.updelay);
        out.downdelay_ms = ms(p.downdelay);
        out.peer_notif_delay_ms = ms(p.peer_notif_delay);
        out.arp_interval = p.arp_interval as u32;
        for (o, t) in out.arp_targets.iter_mut().zip(p.arp_targets.iter()) {
            *o = u32::from_ne_bytes(*t);
        }
        out.ns_targets = p.ns_targets;
        out.arp_validate = u32::from(p.arp_validate.value());
        out.arp_all_targets = u32::from(p.arp_all_targets.value());
        out.primary_reselect = p.primary_reselect.value();
        out.fail_over_mac = p.fail_over_mac.value();
        out.xmit_hash_policy = p.xmit_policy.value();
        out.resend_igmp = p.resend_igmp as u32;
        out.num_peer_notif = p.num_peer_notif;
        out.all_slaves_active = p.all_slaves_active as u8;
        out.min_links = p.min_links;
        out.lp_interval = p.lp_interval;
        out.packets_per_slave = p.packets_per_slave as u32;
        out.lacp_active = p.lacp_active;
        out.lacp_rate = p.lacp_rate.value();
        out.ad_select = p.ad_select.value();
        out.tlb_dynamic_lb = p.tlb_dynamic_lb as u8;
        out.missed_max = p.missed_max;
        out.coupled_control = p.coupled_control;
        out.broadcast_neighbor = p.broadcast_neighbor;
        out.lacp_strict = p.lacp_strict;
        out.ad_actor_sys_prio = p.ad_actor_sys_prio;
        out.ad_user_port_key = p.ad_user_port_key;
        out.ad_actor_system = p.ad_actor_system;
    }

    /// `bond_fill_slave_info()`.
    pub(crate) fn fill_slave_info(&self, s: &Slave, out: &mut ffi::SlaveInfo, _rtnl: &Rtnl<'_>) {
        out.state = match s.state.activity() {
            Activity::Active => 0,
            Activity::Backup => 1,
        };
        out.mii_status = s.state.link() as u8;
        out.link_failure_count = s.state.link_failure_count();
        let a = s.perm_addr();
        out.perm_hwaddr[..a.len()].copy_from_slice(a);
        out.addr_len = a.len() as u8;
        out.queue_id = s.queue_id.load(Relaxed);
        out.prio = s.prio.load(Relaxed);
    }

    /// `bond_info_show_master()` and `bond_info_show_slave()` of every
    /// slave: `/proc/net/bonding/<bond>` into `w`.
    pub(crate) fn write_proc(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result {
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        let ops = modes::ops(self.params(&rcu).mode);
        let curr = self.curr_active(&rcu).map(|s| s.dev.name());
        let primary = self.primary(&rcu).map(|s| s.dev.name());
        proc::write_master(
            w,
            &MasterView {
                uts_release: ffi::printk::uts_release(),
                params: self.params(&rcu),
                curr_active: curr,
                primary_slave: primary,
                carrier: dev.carrier_ok(),
            },
        )?;
        ops.proc_master(self, w, &rcu)?;
        if let Some(list) = self.slaves(&rcu) {
            for s in list.slaves.iter() {
                proc::write_slave(
                    w,
                    &proc::SlaveView {
                        name: s.dev.name(),
                        link: s.state.link(),
                        speed: s.state.speed(),
                        duplex: s.state.duplex(),
                        link_failure_count: s.state.link_failure_count(),
                        perm_hwaddr: s.perm_addr(),
                        queue_id: s.queue_id.load(Relaxed),
                    },
                )?;
                ops.proc_slave(self, s, w, &rcu)?;
            }
        }
        Ok(())
    }
}
