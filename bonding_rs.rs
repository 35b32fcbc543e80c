// SPDX-License-Identifier: GPL-2.0

//! bonding_rs: the Linux Ethernet bonding driver in Rust.
//!
//! Module entry: validates the module parameters exactly as bonding.ko's
//! `bond_check_params()` does, registers the "bond" link kind and
//! `/proc/net/bonding`, and creates `max_bonds` bonds.  Unloading deletes
//! every bond.

mod arp;
mod bond;
mod ffi;
mod log;
mod modes;
mod monitor;
mod netdev_ops;
mod options;
mod params;
mod proc;
mod select;
mod slave;
mod sysfs;
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
    _link: ffi::LinkRegistration<bond::Bond>,
}

// The module parameter array and the option limit are one number.
const _: () = assert!(ffi::modparams::ARP_TARGETS == options::MAX_ARP_TARGETS);

/// The module parameters in the form `params::check` validates.
fn raw_params(m: &ffi::modparams::ModParams) -> params::RawParams<'static> {
    params::RawParams {
        max_bonds: m.max_bonds,
        tx_queues: m.tx_queues,
        num_peer_notif: m.num_peer_notif,
        miimon: m.miimon,
        updelay: m.updelay,
        downdelay: m.downdelay,
        use_carrier: m.use_carrier,
        mode: m.mode,
        primary: m.primary,
        primary_reselect: m.primary_reselect,
        lacp_rate: m.lacp_rate,
        ad_select: m.ad_select,
        min_links: m.min_links,
        xmit_hash_policy: m.xmit_hash_policy,
        arp_interval: m.arp_interval,
        arp_ip_target: m.arp_ip_target,
        arp_validate: m.arp_validate,
        arp_all_targets: m.arp_all_targets,
        fail_over_mac: m.fail_over_mac,
        all_slaves_active: m.all_slaves_active,
        resend_igmp: m.resend_igmp,
        packets_per_slave: m.packets_per_slave,
        lp_interval: m.lp_interval,
        fast_failover: m.fast_failover,
    }
}

impl kernel::Module for BondingRs {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let raw = raw_params(&ffi::modparams::read());
        let checked = params::check(&raw, &mut log::KernelLog::plain()).map_err(|_| EINVAL)?;
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
            bond::Ctx {
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
            link.registered().create_bond(ffi::Net::init(), None)?;
        }
        Ok(BondingRs { _link: link })
    }
}
