// SPDX-License-Identifier: GPL-2.0

//! bonding_rs: the Linux Ethernet bonding driver in Rust.
//!
//! Module entry: validates the module parameters exactly as bonding.ko's
//! `bond_check_params()` does, registers the "bond" link kind and
//! `/proc/net/bonding`, and creates `max_bonds` bonds.  Unloading deletes
//! every bond.

mod arp;
mod ffi;
mod modes;
mod monitor;
mod netdev_ops;
mod options;
mod params;
mod proc;
mod select;
mod slave;
mod util;

use kernel::prelude::*;

module! {
    type: BondingRs,
    name: "bonding_rs",
    authors: ["bonding_rs developers"],
    description: "Ethernet Channel Bonding Driver (Rust)",
    license: "GPL",
}

struct BondingRs {
    _link: ffi::LinkRegistration,
}

impl kernel::Module for BondingRs {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let raw = ffi::module_params();
        let checked = params::check(&raw, &mut ffi::KernelLog::plain()).map_err(|_| EINVAL)?;
        let mode = checked.bond.mode;
        if !mode.implemented() {
            pr_err!(
                "Error: mode {} ({}) is not implemented by bonding_rs (balance-rr, active-backup, balance-xor and broadcast are)\n",
                mode.name(),
                mode.long_name()
            );
            return Err(EOPNOTSUPP);
        }
        let tx_queues = u32::try_from(checked.bond.tx_queues).map_err(|_| EINVAL)?;
        let ctx = KBox::new(
            netdev_ops::Ctx {
                defaults: checked.bond,
                fast_failover: checked.fast_failover,
            },
            GFP_KERNEL,
        )?;
        let link = ffi::LinkRegistration::new(ctx, tx_queues).inspect_err(|e| {
            if *e == EEXIST {
                pr_err!("Error: link kind \"bond\" is taken: unload bonding.ko first\n");
            }
        })?;
        for _ in 0..checked.max_bonds {
            // On error `link` drops, deleting the bonds made so far.
            link.registered().create_bond(None)?;
        }
        Ok(BondingRs { _link: link })
    }
}
