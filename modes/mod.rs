// SPDX-License-Identifier: GPL-2.0

//! Per-mode operations: the table `ndo_start_xmit` dispatches through.

use crate::ffi::{NetDev, SkBuff};
use crate::netdev_ops::Bond;
use crate::options::Mode;

/// A mode's operations.
pub(crate) struct ModeOps {
    /// Transmits (or drops) one frame; always consumes it.
    pub(crate) xmit: fn(&Bond, &NetDev, SkBuff),
}

/// `bond_tx_drop()`: no usable slave, the frame is counted and freed.
fn xmit_drop(_bond: &Bond, dev: &NetDev, skb: SkBuff) {
    dev.tx_drop(skb);
}

/// Until slaves can be enslaved (issue: data path), no mode has a slave to
/// send on and every mode drops, as the C driver does on an empty bond.
static EMPTY_BOND: ModeOps = ModeOps { xmit: xmit_drop };

/// The operations of `mode`.
pub(crate) fn ops(mode: Mode) -> &'static ModeOps {
    match mode {
        Mode::RoundRobin | Mode::ActiveBackup | Mode::Xor | Mode::Broadcast => &EMPTY_BOND,
        // Refused at load time (`Mode::implemented`).
        Mode::Ieee8023ad | Mode::Tlb | Mode::Alb => &EMPTY_BOND,
    }
}
