// SPDX-License-Identifier: GPL-2.0

//! Per-mode operations: the table `ndo_start_xmit` dispatches through, one
//! file per mode.

mod active_backup;
mod broadcast;
pub(crate) mod hash;
mod round_robin;
mod xor;

use crate::ffi::{NetDev, RcuRead, SkBuff};
use crate::netdev_ops::Bond;
use crate::options::Mode;

/// A mode's operations.
pub(crate) struct ModeOps {
    /// Transmits (or drops) one frame; always consumes it.  Runs under RCU.
    pub(crate) xmit: fn(&Bond, &NetDev, SkBuff, &RcuRead<'_>),
}

static ROUND_ROBIN: ModeOps = ModeOps {
    xmit: round_robin::xmit,
};
static ACTIVE_BACKUP: ModeOps = ModeOps {
    xmit: active_backup::xmit,
};
static XOR: ModeOps = ModeOps { xmit: xor::xmit };
static BROADCAST: ModeOps = ModeOps {
    xmit: broadcast::xmit,
};

/// The operations of `mode`.
pub(crate) fn ops(mode: Mode) -> &'static ModeOps {
    match mode {
        Mode::RoundRobin => &ROUND_ROBIN,
        Mode::ActiveBackup => &ACTIVE_BACKUP,
        Mode::Broadcast => &BROADCAST,
        // 802.3ad, tlb and alb are refused at load time (`Mode::implemented`).
        Mode::Xor | Mode::Ieee8023ad | Mode::Tlb | Mode::Alb => &XOR,
    }
}
