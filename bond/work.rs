// SPDX-License-Identifier: GPL-2.0

//! The bond's delayed work (the items are `crate::monitor`'s [`Work`]):
//! dispatch, start and stop (`bond_open()`, `bond_close()`), peer
//! notification and IGMP resend.

use core::sync::atomic::Ordering::Relaxed;

use super::Bond;
use crate::ffi::{self, NetDev, NetdevEvent, Rtnl};
use crate::monitor::Work;

/// Jiffies between IGMP report resends (`HZ/5`).
const IGMP_RESEND_MS: u32 = 200;

impl Bond {
    /// `bond_peer_notify_reset()`.
    pub(crate) fn peer_notify_reset(&self) {
        let n = {
            let p = self.p();
            i32::from(p.num_peer_notif) * p.peer_notif_delay.max(1)
        };
        self.send_peer_notif.store(n, Relaxed);
    }

    pub(super) fn peer_notif_pending(&self) -> bool {
        self.send_peer_notif.load(Relaxed) > 0
    }

    /// `bond_should_notify_peers()`.
    fn should_notify_peers(&self, bond: &NetDev, rtnl: &Rtnl<'_>) -> bool {
        let n = self.send_peer_notif.load(Relaxed);
        if n <= 0 || n % self.p().peer_notif_delay.max(1) != 0 || !bond.carrier_ok() {
            return false;
        }
        self.curr_active
            .get_rtnl(rtnl)
            .is_some_and(|s| !s.dev.linkwatch_pending())
    }

    /// `bond_peer_notify_may_events()`: a gratuitous ARP / unsolicited NA
    /// round (`NETDEV_NOTIFY_PEERS`) when due; the counter goes down when
    /// one was sent, or on every monitor tick (`force`).
    pub(crate) fn peer_notify_may_events(&self, bond: &NetDev, force: bool, rtnl: &mut Rtnl<'_>) {
        let notified = self.should_notify_peers(bond, rtnl);
        if notified {
            bond.notify(NetdevEvent::NotifyPeers, rtnl);
        }
        if notified || force {
            let n = self.send_peer_notif.load(Relaxed);
            self.send_peer_notif.store((n - 1).max(0), Relaxed);
        }
    }

    /// `bond_resend_igmp_join_requests_delayed()`.
    fn resend_igmp(&self, bond: &NetDev) -> Option<u64> {
        let more = ffi::rtnl_trylock(|rtnl| {
            bond.notify(NetdevEvent::ResendIgmp, rtnl);
            let n = self.igmp_retrans.load(Relaxed);
            if n > 1 {
                self.igmp_retrans.store(n - 1, Relaxed);
                true
            } else {
                false
            }
        });
        match more {
            None => Some(1),
            Some(true) => Some(ffi::msecs_to_jiffies(IGMP_RESEND_MS)),
            Some(false) => None,
        }
    }

    /// Runs a work item; see [`ffi::Device::work`].
    pub(crate) fn run_work(&self, bond: &NetDev, which: Work) -> Option<u64> {
        match which {
            Work::Mii => self.mii_monitor(bond),
            Work::Arp => self.arp_monitor(bond),
            Work::Mcast => self.resend_igmp(bond),
        }
    }

    /// Starts the monitors (`bond_open()`).
    pub(crate) fn start_monitors(&self, bond: &NetDev) {
        if self.p().miimon > 0 {
            bond.queue_work(Work::Mii, 0);
        }
        if self.p().arp_interval > 0 {
            bond.queue_work(Work::Arp, 0);
            self.recv_probe.store(true, Relaxed);
        }
    }

    /// Stops every work item (`bond_work_cancel_all()`, `bond_close()`).
    pub(crate) fn stop_monitors(&self, bond: &NetDev) {
        for w in Work::ALL {
            bond.cancel_work_sync(w);
        }
        self.send_peer_notif.store(0, Relaxed);
        self.recv_probe.store(false, Relaxed);
    }
}
