// SPDX-License-Identifier: GPL-2.0

//! The bond device's callbacks (`net_device_ops` and the /proc file), in
//! safe Rust over the FFI layer.

use core::fmt;

use kernel::prelude::*;

use crate::ffi::{self, BondDevice, NetDev, SkBuff};
use crate::modes;
use crate::options::BondParams;
use crate::proc::{self, MasterView};

/// What every bond of this module starts from (`bonding_defaults`).
pub(crate) struct Ctx {
    /// Parameters checked at load time, copied into each new bond.
    pub(crate) defaults: BondParams,
}

/// One bond device's state.
pub(crate) struct Bond {
    /// The bond's parameters (fixed at creation until runtime options land).
    params: BondParams,
}

impl BondDevice for Bond {
    type Ctx = Ctx;

    fn init(ctx: &Ctx, _dev: &NetDev) -> Result<KBox<Self>> {
        Ok(KBox::new(
            Bond {
                params: ctx.defaults.clone(),
            },
            GFP_KERNEL,
        )?)
    }

    fn open(&self, _dev: &NetDev) -> Result {
        Ok(())
    }

    fn stop(&self, _dev: &NetDev) -> Result {
        Ok(())
    }

    fn start_xmit(&self, dev: &NetDev, skb: SkBuff) {
        (modes::ops(self.params.mode).xmit)(self, dev, skb)
    }

    fn vlan_rx_vid(&self, _dev: &NetDev, _proto: u16, _vid: u16, _add: bool) -> Result {
        // The VLAN is to be added to (removed from) every slave's filter; a
        // bond without slaves has none to program.
        Ok(())
    }

    fn proc_show(&self, dev: &NetDev, w: &mut dyn fmt::Write) -> fmt::Result {
        proc::write_master(
            w,
            &MasterView {
                uts_release: ffi::uts_release(),
                params: &self.params,
                curr_active: None,
                primary_slave: None,
                carrier: dev.carrier_ok(),
            },
        )
    }
}
