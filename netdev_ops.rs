// SPDX-License-Identifier: GPL-2.0

//! The bond device's callbacks (`net_device_ops`, the rx handler, slave
//! events, /proc and bonding_masters), in safe Rust over the FFI layer:
//! `impl ffi::Device for Bond`, adapting each callback to the bond core
//! (`bond.rs`, `bond/`), whose accessors and methods it calls.

use core::fmt;
use core::sync::atomic::Ordering::Relaxed;

use kernel::prelude::*;
use kernel::str::CStr;
use kernel::sync::{rcu, Arc};

use crate::bond::{Bond, Ctx, Release, Slave};
use crate::ffi::{
    self, DevRef, Device, Extack, Net, NetDev, RcuRead, Registered, Rtnl, RxFrame, RxVerdict,
    SkBuff, STATS_WORDS,
};
use crate::log::KernelLog;
use crate::modes;
use crate::monitor::Work;
use crate::options::masters::masters_command;
use crate::options::FailOverMac;
use crate::params::{Level, Log};
use crate::proc::{self, MasterView, SlaveView};
use crate::slave::{self, Activity, RxAction};
use crate::sysfs;
use crate::util::fmt::CStrDisplay;

/// The registration proof of bonding_rs's link kind.
type Reg = Registered<Bond>;

impl Device for Bond {
    type Ctx = Ctx;
    type Slave = Slave;
    type Work = Work;

    fn init(ctx: &Ctx, dev: &NetDev) -> Result<KBox<Self>> {
        // `struct bonding`'s mode, for in-tree readers (BOND_MODE_* numbers).
        dev.bonding_set_mode(ctx.defaults.mode as u32);
        Bond::new(ctx)
    }

    fn open(&self, dev: &NetDev) -> Result {
        // bond_open(): reset the slaves' active/backup flags, start the
        // monitors.  ndo_open runs under RTNL.
        let g = rcu::read_lock();
        let rcu = RcuRead::from_guard(&g);
        if let Some(l) = self.slaves(&rcu) {
            for s in l.slaves.iter() {
                if self.uses_primary() && !self.is_curr_active(s) {
                    s.state.set_backup(self.p().all_slaves_active != 0);
                } else {
                    s.state.set_active();
                }
            }
        }
        drop(g);
        self.start_monitors(dev);
        Ok(())
    }

    fn stop(&self, dev: &NetDev) -> Result {
        self.stop_monitors(dev);
        Ok(())
    }

    fn work(&self, bond: &NetDev, which: Work) -> Option<u64> {
        self.run_work(bond, which)
    }

    fn get_stats(&self, bond: &NetDev, out: &mut [u64; STATS_WORDS]) {
        self.fold_stats(bond, out);
    }

    fn link_ksettings(&self, _bond: &NetDev, rtnl: &Rtnl<'_>) -> (u32, u8) {
        let Some(list) = self.slaves_rtnl(rtnl) else {
            return (slave::SPEED_UNKNOWN, slave::DUPLEX_UNKNOWN);
        };
        let mut usable = list.slaves.iter().filter(|s| s.can_tx()).map(|s| {
            s.state.set_speed_duplex(s.dev.speed_duplex(rtnl, true));
            (s.state.speed(), s.state.duplex())
        });
        self.mode_ops().aggregate_speed(&mut usable)
    }

    fn start_xmit(&self, dev: &NetDev, skb: SkBuff, rcu: &RcuRead<'_>) {
        self.xmit(dev, skb, rcu)
    }

    fn set_option(
        &self,
        reg: &Reg,
        dev: &NetDev,
        id: u32,
        val: &ffi::OptVal<'_>,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        self.set_raw_option(reg, dev, id, val, extack, rtnl)
    }

    fn changelink<'r>(
        &self,
        reg: &Reg,
        dev: &NetDev,
        steps: ffi::ChangeSteps<'r>,
        extack: Extack<'r>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        self.netlink_change(reg, dev, steps, extack, rtnl)
    }

    fn option_show(&self, dev: &NetDev, id: u32, page: &mut [u8], rcu: &RcuRead<'_>) -> usize {
        self.sysfs_show(dev, id, page, rcu)
    }

    fn slave_show(
        &self,
        _dev: &NetDev,
        slave: &Slave,
        which: ffi::SlaveAttr,
        page: &mut [u8],
        _rcu: &RcuRead<'_>,
    ) -> usize {
        self.slave_sysfs_show(slave, which as u32, page)
    }

    fn bond_info(&self, _dev: &NetDev, out: &mut ffi::BondInfo, rcu: &RcuRead<'_>) {
        // bond_fill_info(): the parameters as the C driver keeps them
        // (delays in ms, targets in network order).
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

    fn slave_info(&self, _dev: &NetDev, s: &Slave, out: &mut ffi::SlaveInfo, _rtnl: &Rtnl<'_>) {
        // bond_fill_slave_info().
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

    fn change_mtu(&self, _dev: &NetDev, old: u32, new: u32, rtnl: &mut Rtnl<'_>) -> Result {
        // bond_change_mtu(): every slave in order; on a failure the ones
        // already changed go back, and the bond keeps its MTU.
        if self.slave_count(rtnl) == 0 {
            return Ok(());
        }
        let Some(list) = self.slaves_snapshot(rtnl) else {
            return Err(ENOMEM);
        };
        for (i, s) in list.iter().enumerate() {
            if let Err(e) = s.dev.set_mtu(new, rtnl) {
                for r in &list[..i] {
                    let _ = r.dev.set_mtu(old, rtnl);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn vlan_rx_vid(
        &self,
        _dev: &NetDev,
        proto: u16,
        vid: u16,
        add: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result {
        // bond_vlan_rx_add_vid() / bond_vlan_rx_kill_vid(): to every slave;
        // an add that fails takes it back from the slaves before that one.
        let Some(list) = self.slaves_rtnl(rtnl) else {
            return Ok(());
        };
        if !add {
            for s in list.slaves.iter() {
                s.dev.vlan_vid_del(proto, vid, rtnl);
            }
            return Ok(());
        }
        for (i, s) in list.slaves.iter().enumerate() {
            if let Err(e) = s.dev.vlan_vid_add(proto, vid, rtnl) {
                for u in list.slaves.iter().take(i) {
                    u.dev.vlan_vid_del(proto, vid, rtnl);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn bond_event(&self, reg: &Reg, dev: &NetDev, event: u64, rtnl: &mut Rtnl<'_>) {
        // bond_event_changename(): the /proc file follows the name.
        if event == ffi::NETDEV_CHANGENAME {
            reg.proc_refresh(dev, rtnl);
        }
    }

    fn masters_show(_ctx: &Ctx, reg: &Reg, net: &Net, page: &mut [u8]) -> usize {
        let mut list = sysfs::MastersList::new(page);
        reg.for_each_bond(net, |b| list.push(b.name()));
        list.finish()
    }

    fn masters_store(_ctx: &Ctx, reg: &Reg, net: &Net, buf: &[u8]) -> Result {
        // bonding_store_bonds(): the same parse, messages and errors.
        let cmd = masters_command(buf);
        let name = cmd
            .as_ref()
            .and_then(|c| CStr::from_bytes_with_nul(c.name_with_nul()).ok())
            .filter(|n| reg.dev_valid_name(n));
        let (Some(cmd), Some(name)) = (cmd, name) else {
            pr_err!("no command found in bonding_masters - use +ifname or -ifname\n");
            return Err(EPERM);
        };
        let shown = CStrDisplay(name.to_bytes());
        let mut log = KernelLog::prefixed();
        if cmd.add {
            log.log(Level::Info, format_args!("{} is being created...", shown));
            reg.create_bond(net, Some(name)).inspect_err(|e| {
                let what = if *e == EEXIST {
                    "already exists"
                } else {
                    "creation failed"
                };
                log.log(Level::Info, format_args!("{} {}", shown, what));
            })
        } else {
            let deleting = || {
                KernelLog::prefixed()
                    .log(Level::Info, format_args!("{} is being deleted...", shown));
            };
            match reg.delete_bond(net, name, deleting) {
                Ok(()) => Ok(()),
                Err(e) => {
                    log.log(
                        Level::Err,
                        format_args!("unable to delete non-existent {}", shown),
                    );
                    Err(e)
                }
            }
        }
    }

    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result {
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
                    &SlaveView {
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

    fn add_slave(
        &self,
        reg: &Reg,
        bond: &NetDev,
        sdev: &NetDev,
        extack: Extack<'_>,
        rtnl: &mut Rtnl<'_>,
    ) -> Result {
        self.enslave(reg, bond, sdev, extack, rtnl)
    }

    fn del_slave(&self, reg: &Reg, bond: &NetDev, slave: &NetDev, rtnl: &mut Rtnl<'_>) -> Result {
        self.release(reg, bond, slave, Release::Command, rtnl)
    }

    fn uninit(&self, reg: &Reg, bond: &NetDev, rtnl: &mut Rtnl<'_>) {
        self.release_all(reg, bond, rtnl);
    }

    fn set_mac_address(&self, bond: &NetDev, addr: &[u8], rtnl: &mut Rtnl<'_>) -> Result {
        // bond_set_mac_address(): nothing to do with fail_over_mac in
        // active-backup; a valid unicast address; every slave first,
        // unwinding on failure, then the bond.
        if self.fail_over_mac() != FailOverMac::None {
            return Ok(());
        }
        let valid = addr.first().is_some_and(|b| b & 1 == 0) && addr.iter().any(|&b| b != 0);
        if !valid {
            return Err(EADDRNOTAVAIL);
        }
        let old = bond.facts_addr();
        let slaves: KVec<DevRef> = match self.slaves_rtnl(rtnl) {
            Some(l) => {
                let mut v = KVec::new();
                for s in l.slaves.iter() {
                    v.push(s.dev.clone(), GFP_KERNEL)?;
                }
                v
            }
            None => KVec::new(),
        };
        for (i, s) in slaves.iter().enumerate() {
            if let Err(e) = s.set_mac(addr, Extack::none(), rtnl) {
                for u in slaves.iter().take(i) {
                    let _ = u.set_mac(&old[..addr.len()], Extack::none(), rtnl);
                }
                return Err(e);
            }
        }
        bond.addr_set(addr, rtnl);
        Ok(())
    }

    fn change_rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>) {
        let step = |x: Option<bool>| x.map_or(0, |on| if on { 1 } else { -1 });
        let (p, a) = (step(promisc), step(allmulti));
        if self.uses_primary() {
            if let Some(s) = self.curr_active_rtnl(rtnl) {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        } else if let Some(l) = self.slaves_rtnl(rtnl) {
            for s in l.slaves.iter() {
                let _ = s.dev.promisc_allmulti(p, a);
            }
        }
    }

    fn set_rx_mode(&self, bond: &NetDev, rcu: &RcuRead<'_>) {
        if self.uses_primary() {
            if let Some(s) = self.curr_active(rcu) {
                s.dev.addr_lists(bond, true, true);
            }
        } else if let Some(l) = self.slaves(rcu) {
            for s in l.slaves.iter() {
                s.dev.addr_lists(bond, true, true);
            }
        }
    }

    fn slave_event(
        &self,
        reg: &Reg,
        bond: &NetDev,
        slave: &Arc<Slave>,
        dev: &NetDev,
        event: u64,
        rtnl: &mut Rtnl<'_>,
    ) {
        match event {
            ffi::NETDEV_UNREGISTER => {
                let _ = self.release(reg, bond, dev, Release::Unregister, rtnl);
            }
            ffi::NETDEV_UP | ffi::NETDEV_CHANGE => {
                // The notifier path holds the instance ops lock already.
                slave.state.set_speed_duplex(dev.speed_duplex(rtnl, false));
                self.link_event(bond, slave, rtnl);
            }
            ffi::NETDEV_DOWN => self.link_event(bond, slave, rtnl),
            _ => {}
        }
        // Refresh the usable-slave array on these events, as the C driver
        // does, whether or not a monitor runs.
        if matches!(
            event,
            ffi::NETDEV_UP | ffi::NETDEV_CHANGE | ffi::NETDEV_DOWN
        ) {
            self.refresh_usable(rtnl);
        }
    }

    fn handle_frame(
        &self,
        _bond: &NetDev,
        slave: &Slave,
        frame: &RxFrame<'_>,
        rcu: &RcuRead<'_>,
    ) -> RxVerdict {
        let p = self.params(rcu);
        if let Some(v) = modes::ops(p.mode).rx(self, slave, frame, rcu) {
            return v;
        }
        if self.recv_probe() {
            // The ARP monitor's receive probe (`recv_probe`).
            self.arp_rx(slave, frame, rcu);
        }
        match slave::rx_action(slave.state.inactive(), frame.link_local) {
            RxAction::Another => RxVerdict::Another,
            RxAction::Exact => RxVerdict::Exact,
            RxAction::Pass => RxVerdict::Pass,
        }
    }
}
