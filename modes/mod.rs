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

/// The frame bytes and skb fields the transmit hash reads.
fn frame(skb: &SkBuff) -> (&[u8], hash::FrameMeta) {
    let v = skb.view();
    let meta = hash::FrameMeta {
        protocol: v.protocol,
        // A negative offset (network header before `head`) becomes
        // `usize::MAX`, which modes/hash.rs reads as "no header there":
        // every offset computation there is checked.
        network_offset: usize::try_from(v.network_offset).unwrap_or(usize::MAX),
        vlan_tci: v.vlan_tci,
        l4_hash: v.l4_hash,
    };
    (v.head, meta)
}

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
