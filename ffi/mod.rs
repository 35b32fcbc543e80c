// SPDX-License-Identifier: GPL-2.0

//! The FFI layer: the only place in bonding_rs with `unsafe`, and one that
//! knows nothing about bonding.
//!
//! The 7.3 kernel crate has no `net_device`, rtnetlink, procfs or rx_handler
//! abstractions, so this layer supplies thin ones over the C glue in
//! `ffi/glue.c` (which wraps static inlines, macros and C tables) and over
//! `kernel::bindings`, one file per kernel facility.  It follows
//! `rust/kernel/net/phy.rs`: transparent wrappers with documented invariants,
//! a trait ([`link::Device`]) that a driver implements in safe Rust, and one
//! generic adapter ([`link::Adapter`]) whose `extern "C"` functions fill the
//! ops table the glue calls through.  No file here imports a bonding module;
//! every `unsafe` block states the invariant it relies on.
//!
//! - [`link`]: the rtnetlink link kind, the device callbacks (`net_device_ops`,
//!   ethtool, procfs, `bonding_masters`), slave events and the rx handler.
//! - [`net`]: network namespaces.
//! - [`netdev`]: net_device handles and the operations on them.
//! - [`skb`]: socket buffers.
//! - [`sync`]: RTNL and RCU tokens, RCU-published pointers.
//! - [`work`]: delayed work items and time.
//! - [`extack`]: netlink extended acks.
//! - [`printk`]: the kernel log.
//! - [`modparams`]: the module parameters the glue declares.
//! - [`inet`]: IPv4/IPv6 routes and addresses, upper devices and VLAN tags,
//!   ARP and neighbour-discovery frames.
//! - [`bonding`]: the in-kernel contract of `IFF_BONDING` (`struct bonding`/`slave` shadows).
//! - [`alloc`]: allocations that must not fail (`__GFP_NOFAIL`).
//! - [`netlink`]: option values from rtnetlink and sysfs, the decoded steps
//!   of an rtnetlink change, what rtnetlink reports of a device and its
//!   lower devices.
//! - [`sysfs`]: the device's and its lower devices' sysfs files.

pub(crate) mod alloc;
pub(crate) mod bonding;
pub(crate) mod extack;
pub(crate) mod inet;
pub(crate) mod link;
pub(crate) mod modparams;
pub(crate) mod net;
pub(crate) mod netdev;
pub(crate) mod netlink;
pub(crate) mod printk;
pub(crate) mod skb;
pub(crate) mod sync;
#[expect(
    dead_code,
    reason = "the SHOW_* ids document glue.h's numbering; options/show.rs numbers the files itself"
)]
pub(crate) mod sysfs;
pub(crate) mod work;

pub(crate) use extack::Extack;
pub(crate) use inet::{ipv6_enabled, VlanTag};
pub(crate) use link::{Device, LinkRegistration, Registered, RxFrame, RxVerdict};
pub(crate) use net::Net;
pub(crate) use netdev::{features, DevRef, DeviceTemplate, NetDev, NetdevEvent, STATS_WORDS};
pub(crate) use netdev::{IFF_ALLMULTI, IFF_MULTICAST, IFF_PROMISC, IFF_SLAVE, IFF_UP};
pub(crate) use netdev::{
    IFF_BONDING, IFF_MASTER, IFF_NO_QUEUE, IFF_TX_SKB_SHARING, IFF_UNICAST_FLT,
    IFF_XMIT_DST_RELEASE,
};
pub(crate) use netdev::{
    NETDEV_CHANGE, NETDEV_CHANGENAME, NETDEV_DOWN, NETDEV_FEAT_CHANGE, NETDEV_RESEND_IGMP,
    NETDEV_UNREGISTER, NETDEV_UP,
};
pub(crate) use netlink::{BondInfo, ChangeOp, ChangeSteps, OptVal, SlaveInfo};
pub(crate) use skb::SkBuff;
pub(crate) use sync::{
    rtnl_trylock, RcuArc, RcuBox, RcuBoxed, RcuCell, RcuRead, RcuRef, Rtnl, RtnlCell,
};
pub(crate) use sysfs::{SlaveSysfs, SLAVE_SYSFS_FILES};
pub(crate) use work::{jiffies, msecs_to_jiffies, net_ratelimit, WorkItem};

use kernel::ffi::c_int;
use kernel::prelude::*;

/// A kernel result as the C convention's `0` or `-errno`.
fn to_errno(r: Result) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}
