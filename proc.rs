// SPDX-License-Identifier: GPL-2.0

//! `/proc/net/bonding/<bond>`: the text of `bond_procfs.c`, byte for byte.
//!
//! Pure logic: formats into any [`core::fmt::Write`]; the kernel side passes
//! a `seq_file` writer, the host tests a `String`.

use core::fmt::{self, Write};

use crate::options::{BondParams, FailOverMac, Mode};
use crate::slave::LinkState;
use crate::util::fmt::{CStrDisplay, Ipv4Display, Ipv6Display};

/// What the master section shows besides the parameters.
pub(crate) struct MasterView<'a> {
    /// `UTS_RELEASE` of the kernel the module was built for.
    pub(crate) uts_release: &'a str,
    /// The bond's parameters.
    pub(crate) params: &'a BondParams,
    /// Name of the current active slave.
    pub(crate) curr_active: Option<&'a [u8]>,
    /// Name of the primary slave (set only once it is enslaved).
    pub(crate) primary_slave: Option<&'a [u8]>,
    /// `netif_carrier_ok(bond->dev)`.
    pub(crate) carrier: bool,
}

/// What one slave's section shows.
pub(crate) struct SlaveView<'a> {
    /// Interface name.
    pub(crate) name: &'a [u8],
    /// Bonding link state.
    pub(crate) link: LinkState,
    /// Speed in Mb/s, `None` for `SPEED_UNKNOWN`.
    pub(crate) speed: Option<u32>,
    /// Duplex: `Some(true)` full, `Some(false)` half, `None` unknown.
    pub(crate) duplex: Option<bool>,
    /// Link failures counted.
    pub(crate) link_failure_count: u32,
    /// Permanent hardware address (`addr_len` bytes).
    pub(crate) perm_hwaddr: &'a [u8],
    /// Transmit queue id.
    pub(crate) queue_id: u16,
}

/// The version line and the blank line after it.
pub(crate) fn write_header(w: &mut dyn Write, uts_release: &str) -> fmt::Result {
    write!(w, "Ethernet Channel Bonding Driver: v{}\n\n", uts_release)
}

/// `bond_info_show_master()` (preceded by the header, as the seq_file start
/// token prints both).
pub(crate) fn write_master(w: &mut dyn Write, m: &MasterView<'_>) -> fmt::Result {
    let p = m.params;
    write_header(w, m.uts_release)?;
    write!(w, "Bonding Mode: {}", p.mode.long_name())?;
    if p.mode == Mode::ActiveBackup && p.fail_over_mac != FailOverMac::None {
        write!(w, " (fail_over_mac {})", p.fail_over_mac.name())?;
    }
    w.write_str("\n")?;

    if p.uses_xmit_hash() {
        let x = p.xmit_policy;
        writeln!(w, "Transmit Hash Policy: {} ({})", x.name(), x.value())?;
    }

    if p.mode.uses_primary() {
        write!(
            w,
            "Primary Slave: {}",
            CStrDisplay(m.primary_slave.unwrap_or(b"None"))
        )?;
        if m.primary_slave.is_some() {
            write!(w, " (primary_reselect {})", p.primary_reselect.name())?;
        }
        writeln!(
            w,
            "\nCurrently Active Slave: {}",
            CStrDisplay(m.curr_active.unwrap_or(b"None"))
        )?;
    }

    writeln!(w, "MII Status: {}", if m.carrier { "up" } else { "down" })?;
    writeln!(w, "MII Polling Interval (ms): {}", p.miimon)?;
    writeln!(w, "Up Delay (ms): {}", p.updelay.wrapping_mul(p.miimon))?;
    writeln!(w, "Down Delay (ms): {}", p.downdelay.wrapping_mul(p.miimon))?;
    writeln!(
        w,
        "Peer Notification Delay (ms): {}",
        p.peer_notif_delay.wrapping_mul(p.miimon)
    )?;

    if p.arp_interval > 0 {
        writeln!(w, "ARP Polling Interval (ms): {}", p.arp_interval)?;
        writeln!(w, "ARP Missed Max: {}", p.missed_max)?;
        w.write_str("ARP IP target/s (n.n.n.n form):")?;
        for (i, t) in p.arp_targets().enumerate() {
            if i > 0 {
                w.write_str(",")?;
            }
            write!(w, " {}", Ipv4Display(t))?;
        }
        w.write_str("\n")?;
        w.write_str("NS IPv6 target/s (xx::xx form):")?;
        for (i, t) in p.ns_targets().enumerate() {
            if i > 0 {
                w.write_str(",")?;
            }
            write!(w, " {}", Ipv6Display(t))?;
        }
        w.write_str("\n")?;
    }
    Ok(())
}

/// `bond_info_show_slave()` for the modes bonding_rs implements.
pub(crate) fn write_slave(w: &mut dyn Write, s: &SlaveView<'_>) -> fmt::Result {
    writeln!(w, "\nSlave Interface: {}", CStrDisplay(s.name))?;
    writeln!(w, "MII Status: {}", s.link.proc_name())?;
    match s.speed {
        None => writeln!(w, "Speed: Unknown")?,
        // `%d` of a u32.
        Some(v) => writeln!(w, "Speed: {} Mbps", v as i32)?,
    }
    match s.duplex {
        None => writeln!(w, "Duplex: Unknown")?,
        Some(full) => writeln!(w, "Duplex: {}", if full { "full" } else { "half" })?,
    }
    writeln!(w, "Link Failure Count: {}", s.link_failure_count)?;
    w.write_str("Permanent HW addr: ")?;
    for (i, b) in s.perm_hwaddr.iter().enumerate() {
        if i > 0 {
            w.write_str(":")?;
        }
        write!(w, "{:02x}", b)?;
    }
    writeln!(w, "\nSlave queue ID: {}", s.queue_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{PrimaryReselect, XmitHashPolicy};
    use std::string::String;

    fn master(p: &BondParams, carrier: bool, curr: Option<&[u8]>, prim: Option<&[u8]>) -> String {
        let mut s = String::new();
        write_master(
            &mut s,
            &MasterView {
                uts_release: "7.3.4",
                params: p,
                curr_active: curr,
                primary_slave: prim,
                carrier,
            },
        )
        .unwrap();
        s
    }

    #[test]
    fn active_backup_as_documented() {
        let p = BondParams {
            mode: Mode::ActiveBackup,
            miimon: 100,
            ..Default::default()
        };
        assert_eq!(
            master(&p, true, Some(b"eth0"), None),
            "Ethernet Channel Bonding Driver: v7.3.4\n\n\
             Bonding Mode: fault-tolerance (active-backup)\n\
             Primary Slave: None\n\
             Currently Active Slave: eth0\n\
             MII Status: up\n\
             MII Polling Interval (ms): 100\n\
             Up Delay (ms): 0\n\
             Down Delay (ms): 0\n\
             Peer Notification Delay (ms): 0\n"
        );
    }

    #[test]
    fn round_robin_defaults() {
        let p = BondParams::default();
        assert_eq!(
            master(&p, false, None, None),
            "Ethernet Channel Bonding Driver: v7.3.4\n\n\
             Bonding Mode: load balancing (round-robin)\n\
             MII Status: down\n\
             MII Polling Interval (ms): 0\n\
             Up Delay (ms): 0\n\
             Down Delay (ms): 0\n\
             Peer Notification Delay (ms): 0\n"
        );
    }

    #[test]
    fn xor_with_arp_and_fail_over_mac_primary() {
        let mut p = BondParams {
            mode: Mode::Xor,
            xmit_policy: XmitHashPolicy::Layer34,
            arp_interval: 200,
            ..Default::default()
        };
        p.arp_targets[0] = [10, 0, 0, 1];
        p.arp_targets[1] = [192, 168, 7, 254];
        let s = master(&p, true, None, None);
        assert!(
            s.contains("Bonding Mode: load balancing (xor)\nTransmit Hash Policy: layer3+4 (1)\n")
        );
        assert!(s.ends_with(
            "ARP Polling Interval (ms): 200\nARP Missed Max: 2\n\
             ARP IP target/s (n.n.n.n form): 10.0.0.1, 192.168.7.254\n\
             NS IPv6 target/s (xx::xx form):\n"
        ));
        // NS targets set over netlink or sysfs, in `%pI6c` form.
        p.ns_targets[0] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        p.ns_targets[1] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x01];
        let s = master(&p, true, None, None);
        assert!(s.ends_with(
            "ARP IP target/s (n.n.n.n form): 10.0.0.1, 192.168.7.254\n\
             NS IPv6 target/s (xx::xx form): 2001:db8::2, fe80::1001\n"
        ));
        let p = BondParams {
            mode: Mode::ActiveBackup,
            fail_over_mac: FailOverMac::Follow,
            primary_reselect: PrimaryReselect::Better,
            miimon: 50,
            updelay: 3,
            ..Default::default()
        };
        let s = master(&p, true, Some(b"eth1"), Some(b"eth0"));
        assert!(
            s.contains("Bonding Mode: fault-tolerance (active-backup) (fail_over_mac follow)\n")
        );
        assert!(s.contains(
            "Primary Slave: eth0 (primary_reselect better)\nCurrently Active Slave: eth1\n"
        ));
        assert!(s.contains("Up Delay (ms): 150\n"));
    }

    #[test]
    fn slave_section() {
        let mut s = String::new();
        write_slave(
            &mut s,
            &SlaveView {
                name: b"veth0",
                link: LinkState::Fail,
                speed: Some(10000),
                duplex: Some(true),
                link_failure_count: 3,
                perm_hwaddr: &[0x00, 0x0a, 0x0b, 0x0c, 0x0d, 0x01],
                queue_id: 0,
            },
        )
        .unwrap();
        assert_eq!(
            s,
            "\nSlave Interface: veth0\nMII Status: going down\nSpeed: 10000 Mbps\nDuplex: full\n\
             Link Failure Count: 3\nPermanent HW addr: 00:0a:0b:0c:0d:01\nSlave queue ID: 0\n"
        );
        let mut s = String::new();
        write_slave(
            &mut s,
            &SlaveView {
                name: b"d0",
                link: LinkState::Down,
                speed: None,
                duplex: None,
                link_failure_count: 0,
                perm_hwaddr: &[1, 2],
                queue_id: 2,
            },
        )
        .unwrap();
        assert!(s.contains("Speed: Unknown\nDuplex: Unknown\n"));
        assert!(s.contains("Permanent HW addr: 01:02\nSlave queue ID: 2\n"));
    }
}
