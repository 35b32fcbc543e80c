// SPDX-License-Identifier: GPL-2.0

//! Receive: `bond_handle_frame()`, the mode's hook, the ARP monitor's
//! receive probe, then what the slave's role makes of the frame.

use super::{Bond, Slave};
use crate::ffi::{RcuRead, RxFrame, RxVerdict};
use crate::modes;
use crate::slave::{self, RxAction};

impl Bond {
    /// `bond_handle_frame()`: the verdict on `frame`, received on `slave`.
    pub(crate) fn rx_frame(
        &self,
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
