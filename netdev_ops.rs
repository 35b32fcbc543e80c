// SPDX-License-Identifier: GPL-2.0

//! The bond device's callbacks (`net_device_ops`, the rx handler, slave
//! events, /proc and bonding_masters), in safe Rust over the FFI layer:
//! `impl ffi::Device for Bond`, adapting each callback to the bond core
//! (`bond.rs`, `bond/`): every callback is a call of one of its methods,
//! the bond logic is the core's.

use core::fmt;

use kernel::prelude::*;
use kernel::sync::Arc;

use crate::bond::{Bond, Ctx, Release, Slave};
use crate::ffi::{
    self, Device, Extack, Net, NetDev, RcuRead, Registered, Rtnl, RxFrame, RxVerdict, SkBuff,
    STATS_WORDS,
};
use crate::monitor::Work;

/// The registration proof of bonding_rs's link kind.
type Reg = Registered<Bond>;

impl Device for Bond {
    type Ctx = Ctx;
    type Slave = Slave;
    type Work = Work;

    fn device_template() -> ffi::DeviceTemplate {
        Bond::device_template()
    }

    fn fix_features(&self, _dev: &NetDev, features: u64, rtnl: &Rtnl<'_>) -> u64 {
        Bond::fix_features(self, features, rtnl)
    }

    fn init(ctx: &Ctx, dev: &NetDev) -> Result<KBox<Self>> {
        // `struct bonding`'s mode, for in-tree readers (BOND_MODE_* numbers).
        dev.bonding_set_mode(ctx.defaults.mode as u32);
        Bond::new(ctx)
    }

    fn open(&self, dev: &NetDev) -> Result {
        self.open_dev(dev);
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
        self.link_speed_duplex(rtnl)
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
        self.set_option_raw(reg, dev, id, val, extack, rtnl)
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
        which: u32,
        page: &mut [u8],
        _rcu: &RcuRead<'_>,
    ) -> usize {
        self.slave_sysfs_show(slave, which, page)
    }

    fn bond_info(&self, _dev: &NetDev, out: &mut ffi::BondInfo, rcu: &RcuRead<'_>) {
        self.fill_info(out, rcu);
    }

    fn slave_info(&self, _dev: &NetDev, s: &Slave, out: &mut ffi::SlaveInfo, rtnl: &Rtnl<'_>) {
        self.fill_slave_info(s, out, rtnl);
    }

    fn change_mtu(&self, _dev: &NetDev, old: u32, new: u32, rtnl: &mut Rtnl<'_>) -> Result {
        self.set_slaves_mtu(old, new, rtnl)
    }

    fn vlan_rx_vid(
        &self,
        _dev: &NetDev,
        proto: u16,
        vid: u16,
        add: bool,
        rtnl: &Rtnl<'_>,
    ) -> Result {
        self.vlan_vid(proto, vid, add, rtnl)
    }

    fn bond_event(&self, reg: &Reg, dev: &NetDev, event: u64, rtnl: &mut Rtnl<'_>) {
        self.netdev_event(reg, dev, event, rtnl);
    }

    fn masters_show(_ctx: &Ctx, reg: &Reg, net: &Net, page: &mut [u8]) -> usize {
        Bond::list_masters(reg, net, page)
    }

    fn masters_store(_ctx: &Ctx, reg: &Reg, net: &Net, buf: &[u8]) -> Result {
        Bond::store_masters(reg, net, buf)
    }

    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result {
        self.write_proc(dev, w)
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
        self.set_bond_mac(bond, addr, rtnl)
    }

    fn change_rx_flags(&self, promisc: Option<bool>, allmulti: Option<bool>, rtnl: &Rtnl<'_>) {
        self.rx_flags(promisc, allmulti, rtnl);
    }

    fn set_rx_mode(&self, bond: &NetDev, rcu: &RcuRead<'_>) {
        self.sync_rx_mode(bond, rcu);
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
        self.slave_netdev_event(reg, bond, slave, dev, event, rtnl);
    }

    fn handle_frame(
        &self,
        _bond: &NetDev,
        slave: &Slave,
        frame: &RxFrame<'_>,
        rcu: &RcuRead<'_>,
    ) -> RxVerdict {
        self.rx_frame(slave, frame, rcu)
    }
}
