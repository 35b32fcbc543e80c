// SPDX-License-Identifier: GPL-2.0

//! The bond device's callbacks (`net_device_ops` and the /proc file), in
//! safe Rust over the FFI layer.

use core::fmt;

use kernel::prelude::*;

use kernel::str::CStr;

use crate::ffi::{self, BondDevice, NetDev, Registered, SkBuff};
use crate::modes;
use crate::options::{self, BondParams};
use crate::params::{Level, Log};
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

    fn masters_store(_ctx: &Ctx, reg: &Registered, buf: &[u8]) -> Result {
        // bonding_store_bonds(): the same parse, messages and errors.
        let cmd = options::masters_command(buf);
        let name = cmd
            .as_ref()
            .and_then(|c| CStr::from_bytes_with_nul(c.name_with_nul()).ok())
            .filter(|n| reg.dev_valid_name(n));
        let (Some(cmd), Some(name)) = (cmd, name) else {
            pr_err!("no command found in bonding_masters - use +ifname or -ifname\n");
            return Err(EPERM);
        };
        let shown = options::CStrDisplay(name.to_bytes());
        let mut log = ffi::KernelLog::prefixed();
        if cmd.add {
            log.log(Level::Info, format_args!("{} is being created...", shown));
            reg.create_bond(Some(name)).inspect_err(|e| {
                let what = if *e == EEXIST {
                    "already exists"
                } else {
                    "creation failed"
                };
                log.log(Level::Info, format_args!("{} {}", shown, what));
            })
        } else {
            match reg.delete_bond(name) {
                Ok(()) => {
                    log.log(Level::Info, format_args!("{} is being deleted...", shown));
                    Ok(())
                }
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
