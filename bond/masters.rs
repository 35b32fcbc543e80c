// SPDX-License-Identifier: GPL-2.0

//! The class file `bonding_masters` (`bond_sysfs.c`): the listing of a
//! namespace's bonds, and `bonding_store_bonds()`'s creation and deletion
//! (the commands are parsed by `options::masters`).

use kernel::prelude::*;
use kernel::str::CStr;

use super::{Bond, Reg};
use crate::ffi::Net;
use crate::log::KernelLog;
use crate::options::masters::masters_command;
use crate::params::{Level, Log};
use crate::sysfs;
use crate::util::fmt::CStrDisplay;

impl Bond {
    /// `bonding_show_bonds()`: the bonds of `net` into `page`; returns the
    /// length.
    pub(crate) fn list_masters(reg: &Reg, net: &Net, page: &mut [u8]) -> usize {
        let mut list = sysfs::MastersList::new(page);
        reg.for_each_bond(net, |b| list.push(b.name()));
        list.finish()
    }

    /// `bonding_store_bonds()`: the same parse, messages and errors.
    pub(crate) fn store_masters(reg: &Reg, net: &Net, buf: &[u8]) -> Result {
        let cmd = masters_command(buf);
        let name = cmd
            .as_ref()
            .and_then(|c| CStr::from_bytes_with_nul(c.name_with_nul()).ok())
            .filter(|n| reg.dev_valid_name(n));
        let (Some(cmd), Some(name)) = (cmd, name) else {
            pr_err!("no command found in bonding_masters - use +ifname or -ifname\n");
            return Err(EPERM);
        };
        let shown = CStrDisplay(name.to_bytes());
        let mut log = KernelLog::prefixed();
        if cmd.add {
            log.log(Level::Info, format_args!("{} is being created...", shown));
            reg.create_bond(net, Some(name)).inspect_err(|e| {
                let what = if *e == EEXIST {
                    "already exists"
                } else {
                    "creation failed"
                };
                log.log(Level::Info, format_args!("{} {}", shown, what));
            })
        } else {
            let deleting = || {
                KernelLog::prefixed()
                    .log(Level::Info, format_args!("{} is being deleted...", shown));
            };
            match reg.delete_bond(net, name, deleting) {
                Ok(()) => Ok(()),
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
}
