//! `fault-sweep`: fails each allocation of one bonding operation in turn
//! (`/proc/thread-self/fail-nth` with failslab) and checks that a failed
//! operation left everything as it was, and a completed one as a clean run
//! leaves it.
//!
//! The operation is a single system call made from this process (an
//! rtnetlink request or a write to `bonding_masters`), so the n-th
//! allocation counted is the n-th one of that call; the sweep ends at the
//! first n that the call did not reach.

use std::fs;
use std::io::{self, Write};
use std::os::fd::AsRawFd;

use crate::errno_name;

const RTM_NEWLINK: u16 = 16;
const RTM_DELLINK: u16 = 17;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;
const NLM_F_EXCL: u16 = 0x200;
const NLM_F_CREATE: u16 = 0x400;
const NLMSG_ERROR: u16 = 2;
const IFLA_IFNAME: u16 = 3;
const IFLA_MASTER: u16 = 10;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const NLA_F_NESTED: u16 = 0x8000;

/// One rtnetlink request and its acknowledgement.
struct Rtnl(fs::File);

impl Rtnl {
    fn open() -> io::Result<Rtnl> {
        // SAFETY: plain socket(2) call; the fd is owned by the File below.
        let fd = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh fd we own.
        Ok(Rtnl(unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) }))
    }

    /// Sends `ty` with an ifinfomsg for `ifindex` and `attrs`; the kernel's
    /// answer as an errno (0: done).
    fn request(&self, ty: u16, flags: u16, ifindex: i32, attrs: &[u8]) -> io::Result<i32> {
        let mut m = Vec::with_capacity(64);
        let len = 16 + 16 + attrs.len();
        m.extend_from_slice(&(len as u32).to_ne_bytes());
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&(flags | NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
        m.extend_from_slice(&1u32.to_ne_bytes()); // seq
        m.extend_from_slice(&0u32.to_ne_bytes()); // pid
        // struct ifinfomsg
        m.extend_from_slice(&[0u8, 0]); // family, pad
        m.extend_from_slice(&0u16.to_ne_bytes()); // type
        m.extend_from_slice(&ifindex.to_ne_bytes());
        m.extend_from_slice(&0u32.to_ne_bytes()); // flags
        m.extend_from_slice(&0u32.to_ne_bytes()); // change
        m.extend_from_slice(attrs);
        (&self.0).write_all(&m)?;
        let mut buf = [0u8; 8192];
        // SAFETY: reading into a buffer we own.
        let n = unsafe { libc::recv(self.0.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 36 {
            return Err(io::Error::last_os_error());
        }
        let ty = u16::from_ne_bytes([buf[4], buf[5]]);
        if ty != NLMSG_ERROR {
            return Ok(0);
        }
        let err = i32::from_ne_bytes([buf[16], buf[17], buf[18], buf[19]]);
        Ok(-err)
    }
}

fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
    let len = 4 + payload.len();
    let mut a = Vec::with_capacity((len + 3) & !3);
    a.extend_from_slice(&(len as u16).to_ne_bytes());
    a.extend_from_slice(&ty.to_ne_bytes());
    a.extend_from_slice(payload);
    while a.len() % 4 != 0 {
        a.push(0);
    }
    a
}

fn cstr(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

fn ifindex(name: &str) -> i32 {
    fs::read_to_string(format!("/sys/class/net/{name}/ifindex"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// An operation under test and the one that undoes it.
#[derive(Clone)]
enum Op {
    /// `ip link set SLAVE master BOND`.
    Enslave(String, String),
    /// `ip link set SLAVE nomaster`.
    Release(String, String),
    /// `ip link add NAME type bond`.
    Create(String),
    /// `ip link del NAME`.
    Delete(String),
    /// `echo +NAME > bonding_masters`.
    MastersCreate(String),
    /// `echo -NAME > bonding_masters`.
    MastersDelete(String),
    /// `echo VALUE > /sys/class/net/BOND/bonding/FILE`, undone by writing
    /// UNDO.
    Sysfs { bond: String, file: String, value: String, undo: String },
    /// `ip link set BOND type bond ATTR VALUE` for a u32 IFLA_BOND_*
    /// attribute (its number), undone by setting UNDO.
    NlU32 { bond: String, attr: u16, value: u32, undo: u32 },
    /// rmmod of the module under traffic, undone by loading it again with
    /// PARAMS and enslaving SLAVES to bond0 (brought up after).
    Rmmod { ko: String, params: String, slaves: Vec<String> },
    /// The inverse of [`Op::Rmmod`].
    Reload { ko: String, params: String, slaves: Vec<String> },
}

impl Op {
    fn parse(a: &[String]) -> Option<Op> {
        Some(match (a.first()?.as_str(), a.get(1), a.get(2)) {
            ("enslave", Some(s), Some(b)) => Op::Enslave(s.clone(), b.clone()),
            ("release", Some(s), Some(b)) => Op::Release(s.clone(), b.clone()),
            ("create", Some(n), None) => Op::Create(n.clone()),
            ("delete", Some(n), None) => Op::Delete(n.clone()),
            ("masters-create", Some(n), None) => Op::MastersCreate(n.clone()),
            ("masters-delete", Some(n), None) => Op::MastersDelete(n.clone()),
            ("sysfs", Some(b), Some(f)) => Op::Sysfs {
                bond: b.clone(),
                file: f.clone(),
                value: a.get(3)?.clone(),
                undo: a.get(4)?.clone(),
            },
            ("nl-u32", Some(b), Some(at)) => Op::NlU32 {
                bond: b.clone(),
                attr: at.parse().ok()?,
                value: a.get(3)?.parse().ok()?,
                undo: a.get(4)?.parse().ok()?,
            },
            ("rmmod", Some(ko), Some(params)) => Op::Rmmod {
                ko: ko.clone(),
                params: params.clone(),
                slaves: a.get(3)?.split(',').map(String::from).collect(),
            },
            _ => return None,
        })
    }

    fn inverse(&self) -> Op {
        match self {
            Op::Enslave(s, b) => Op::Release(s.clone(), b.clone()),
            Op::Release(s, b) => Op::Enslave(s.clone(), b.clone()),
            Op::Create(n) => Op::Delete(n.clone()),
            Op::Delete(n) => Op::Create(n.clone()),
            Op::MastersCreate(n) => Op::MastersDelete(n.clone()),
            Op::MastersDelete(n) => Op::MastersCreate(n.clone()),
            Op::Sysfs { bond, file, value, undo } => Op::Sysfs {
                bond: bond.clone(),
                file: file.clone(),
                value: undo.clone(),
                undo: value.clone(),
            },
            Op::NlU32 { bond, attr, value, undo } => Op::NlU32 {
                bond: bond.clone(),
                attr: *attr,
                value: *undo,
                undo: *value,
            },
            Op::Rmmod { ko, params, slaves } => Op::Reload {
                ko: ko.clone(),
                params: params.clone(),
                slaves: slaves.clone(),
            },
            Op::Reload { ko, params, slaves } => Op::Rmmod {
                ko: ko.clone(),
                params: params.clone(),
                slaves: slaves.clone(),
            },
        }
    }

    /// Runs the operation, with `arm` called right before its system call;
    /// the errno it ended with (0: done).
    fn run(&self, nl: &Rtnl, arm: &mut dyn FnMut()) -> i32 {
        let r = match self {
            Op::Enslave(s, b) | Op::Release(s, b) => {
                let master = if matches!(self, Op::Enslave(..)) { ifindex(b) } else { 0 };
                let a = attr(IFLA_MASTER, &master.to_ne_bytes());
                let idx = ifindex(s);
                arm();
                nl.request(RTM_NEWLINK, 0, idx, &a)
            }
            Op::Create(n) => {
                let mut a = attr(IFLA_IFNAME, &cstr(n));
                a.extend(attr(IFLA_LINKINFO | NLA_F_NESTED, &attr(IFLA_INFO_KIND, &cstr("bond"))));
                arm();
                nl.request(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, &a)
            }
            Op::Delete(n) => {
                let idx = ifindex(n);
                arm();
                nl.request(RTM_DELLINK, 0, idx, &[])
            }
            Op::MastersCreate(n) | Op::MastersDelete(n) => {
                let cmd = if matches!(self, Op::MastersCreate(_)) { '+' } else { '-' };
                match fs::OpenOptions::new().write(true).open("/sys/class/net/bonding_masters") {
                    Ok(mut f) => {
                        arm();
                        match f.write(format!("{cmd}{n}").as_bytes()) {
                            Ok(_) => Ok(0),
                            Err(e) => Ok(e.raw_os_error().unwrap_or(libc::EIO)),
                        }
                    }
                    Err(e) => Err(e),
                }
            }
            Op::Sysfs { bond, file, value, .. } => {
                let p = format!("/sys/class/net/{bond}/bonding/{file}");
                match fs::OpenOptions::new().write(true).open(&p) {
                    Ok(mut f) => {
                        arm();
                        // The sysfs store restarts the call while RTNL is
                        // busy: a write that returns is the whole answer.
                        match f.write(value.as_bytes()) {
                            Ok(_) => Ok(0),
                            Err(e) => Ok(e.raw_os_error().unwrap_or(libc::EIO)),
                        }
                    }
                    Err(e) => Err(e),
                }
            }
            Op::NlU32 { bond, attr: at, value, .. } => {
                let mut info = attr(IFLA_INFO_KIND, &cstr("bond"));
                info.extend(attr(IFLA_INFO_DATA | NLA_F_NESTED, &attr(*at, &value.to_ne_bytes())));
                let a = attr(IFLA_LINKINFO | NLA_F_NESTED, &info);
                let idx = ifindex(bond);
                arm();
                nl.request(RTM_NEWLINK, 0, idx, &a)
            }
            Op::Rmmod { ko, .. } => {
                let name = crate::module_name(ko);
                arm();
                Ok(crate::unload(&name).err().unwrap_or(0))
            }
            Op::Reload { ko, params, slaves } => {
                arm();
                match crate::load(ko, params) {
                    Err(e) => Ok(e),
                    Ok(()) => {
                        let master = ifindex("bond0");
                        let mut rc = 0;
                        for s in slaves {
                            let a = attr(IFLA_MASTER, &master.to_ne_bytes());
                            rc = nl.request(RTM_NEWLINK, 0, ifindex(s), &a).unwrap_or(libc::EIO);
                            if rc != 0 {
                                break;
                            }
                        }
                        if rc == 0 {
                            rc = set_updown(nl, "bond0", true);
                        }
                        Ok(rc)
                    }
                }
            }
        };
        r.unwrap_or_else(|e| e.raw_os_error().unwrap_or(libc::EIO))
    }
}

/// The sweep is of an option change: the state includes the bonding/ files.
static OPTION_STATE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What a user sees of the devices involved: each one's flags, MTU,
/// address, master and promiscuity, the bonds and their /proc files.
fn state(devs: &[String]) -> Vec<String> {
    let mut s = Vec::new();
    for d in devs {
        let p = format!("/sys/class/net/{d}");
        if !fs::metadata(&p).is_ok() {
            s.push(format!("{d}: absent"));
            continue;
        }
        let rd = |f: &str| fs::read_to_string(format!("{p}/{f}")).map(|v| v.trim().to_string()).unwrap_or_default();
        let master = fs::read_link(format!("{p}/master"))
            .map(|l| l.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default())
            .unwrap_or_default();
        // A bond without slaves has a random address, new each time it is made.
        let lowers = fs::read_dir(&p)
            .map(|r| r.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().starts_with("lower_")))
            .unwrap_or(false);
        let addr = if d.starts_with("bond") && !lowers { "random".to_string() } else { rd("address") };
        s.push(format!(
            "{d}: flags {} mtu {} addr {} master '{}' carrier {}",
            rd("flags"),
            rd("mtu"),
            addr,
            master,
            rd("carrier")
        ));
        // A bond's options as its bonding/ files show them, for the sweeps
        // of option changes (some 40 reads a bond: not for every sweep).
        let dir = match OPTION_STATE.load(std::sync::atomic::Ordering::Relaxed) {
            true => fs::read_dir(format!("{p}/bonding")).ok(),
            false => None,
        };
        if let Some(dir) = dir {
            let mut files: Vec<String> =
                dir.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
            files.sort();
            for f in files {
                s.push(format!("  {f}={}", rd(&format!("bonding/{f}"))));
            }
        }
    }
    s.push(format!("bonds: {:?}", crate::bond_names()));
    for (p, t) in crate::proc_files() {
        // The link failure counters of a slave may move with the monitor.
        s.push(format!("== {p}"));
        s.extend(t.lines().filter(|l| !l.starts_with("Link Failure Count")).map(String::from));
    }
    s
}

/// What `/proc/thread-self/fail-nth` says is left of the count.
fn read_left(f: &fs::File) -> String {
    use std::os::unix::fs::FileExt;
    let mut b = [0u8; 32];
    let n = f.read_at(&mut b, 0).unwrap_or(0);
    String::from_utf8_lossy(&b[..n]).trim().to_string()
}

/// Whether the sweeps count page allocations too (`BONDTOOL_FAIL_PAGES=1`):
/// fail-nth then counts every call that reaches failslab or fail_page_alloc,
/// in the order they come, so the n-th may be a page (a slab refill, an skb
/// head, a vmalloc'ed table) as well as an object.
fn fail_pages() -> bool {
    std::env::var_os("BONDTOOL_FAIL_PAGES").is_some_and(|v| v == "1")
}

/// Sets failslab (and with `fail_pages()` fail_page_alloc) up for fail-nth:
/// sleeping allocations too, every order, no stack dumps.  Otherwise
/// fail_page_alloc is set back to its defaults (sleeping and order-0
/// allocations ignored).  fail-nth is a per-task count: only the sweep's own
/// calls can fail either way.
fn failslab_setup() -> io::Result<()> {
    let d = "/sys/kernel/debug/failslab";
    fs::write(format!("{d}/ignore-gfp-wait"), "N")?;
    fs::write(format!("{d}/verbose"), "0")?;
    let p = "/sys/kernel/debug/fail_page_alloc";
    let pages = fail_pages();
    fs::write(format!("{p}/ignore-gfp-wait"), if pages { "N" } else { "Y" })?;
    fs::write(format!("{p}/ignore-gfp-highmem"), if pages { "N" } else { "Y" })?;
    fs::write(format!("{p}/min-order"), if pages { "0" } else { "1" })?;
    fs::write(format!("{p}/verbose"), "0")?;
    Ok(())
}

/// `fault-sweep MAX[/STRIDE] DEVS OP ARGS...`: DEVS is a comma list of the
/// devices whose state is compared; with a STRIDE, only every STRIDE-th
/// allocation is failed (after the first ten), for a shorter run.  Prints one
/// line per outcome class; false if a failed run changed the state or a
/// completed one left a different state.
pub(crate) fn sweep(a: &[String]) -> bool {
    let (max, stride) = match a.first().map(|m| m.split_once('/')) {
        Some(Some((m, s))) => (m.parse::<u32>().ok(), s.parse::<u32>().ok()),
        _ => (a.first().and_then(|m| m.parse::<u32>().ok()), Some(1)),
    };
    let (Some(max), Some(stride), Some(devs), Some(op)) = (
        max,
        stride.filter(|&s| s > 0),
        a.get(1).map(|d| d.split(',').map(String::from).collect::<Vec<_>>()),
        Op::parse(&a[2.min(a.len())..]),
    ) else {
        eprintln!("usage: bondtool fault-sweep MAX[/STRIDE] DEV,DEV.. enslave S B|release S B|create N|delete N|masters-create N|masters-delete N|sysfs BOND FILE VALUE UNDO|nl-u32 BOND ATTR VALUE UNDO|rmmod KO PARAMS SLAVE,SLAVE");
        return false;
    };
    OPTION_STATE.store(
        matches!(op, Op::Sysfs { .. } | Op::NlU32 { .. }),
        std::sync::atomic::Ordering::Relaxed,
    );
    if let Err(e) = failslab_setup() {
        println!("FAIL: failslab: {e}");
        return false;
    }
    let nl = match Rtnl::open() {
        Ok(n) => n,
        Err(e) => {
            println!("FAIL: netlink: {e}");
            return false;
        }
    };
    let failnth = match fs::OpenOptions::new().read(true).write(true).open("/proc/thread-self/fail-nth") {
        Ok(f) => f,
        Err(e) => {
            println!("FAIL: fail-nth: {e}");
            return false;
        }
    };
    let before = state(&devs);
    // A clean run says what success looks like; then undo it.
    let rc = op.run(&nl, &mut || {});
    if rc != 0 {
        println!("FAIL: clean run: {}", errno_name(rc));
        return false;
    }
    let after = state(&devs);
    let undo = op.inverse();
    if undo.run(&nl, &mut || {}) != 0 || state(&devs) != before {
        println!("FAIL: undoing the clean run did not restore the state:");
        crate::print_diff(&before, &state(&devs));
        return false;
    }
    let (mut points, mut failed, mut completed, mut bad, mut lost) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut errnos: Vec<String> = Vec::new();
    let mut last = 0;
    for n in (1..=max).filter(|&n| n <= 10 || n % stride == 0) {
        last = n;
        let rc = op.run(&nl, &mut || {
            let _ = (&failnth).write_all(n.to_string().as_bytes());
        });
        // What is left of the count: 0 once the fault was injected.  pread at
        // offset 0: the file has no llseek, and opening it again would
        // allocate while the count may still be armed.
        let left = read_left(&failnth);
        let _ = (&failnth).write_all(b"0");
        let injected = left == "0";
        let now = state(&devs);
        // The reply is an allocation too: ENOBUFS with everything done is
        // the acknowledgement that could not be sent, not the operation.
        let reply_lost = rc == libc::ENOBUFS && now == after;
        if rc != 0 && !reply_lost {
            failed += 1;
            let e = errno_name(rc);
            if !errnos.contains(&e) {
                errnos.push(e);
            }
            if now != before {
                bad += 1;
                println!("FAIL: allocation {n} failed, the operation returned {} and changed the state:", errno_name(rc));
                crate::print_diff(&before, &now);
                break;
            }
        } else {
            completed += 1;
            if reply_lost {
                lost += 1;
            }
            if now != after {
                bad += 1;
                println!("FAIL: allocation {n} failed, the operation completed with another state:");
                crate::print_diff(&after, &now);
                break;
            }
            if undo.run(&nl, &mut || {}) != 0 || state(&devs) != before {
                bad += 1;
                println!("FAIL: allocation {n}: undoing the completed operation did not restore the state");
                break;
            }
        }
        if !injected {
            break;
        }
        points += 1;
    }
    // A sweep that stopped on a wrong state leaves the next one a clean start
    // if it can.
    if bad > 0 && state(&devs) != before {
        let _ = undo.run(&nl, &mut || {});
    }
    println!(
        "{}: {points} {} failed in turn (of {last}, stride {stride}): {failed} runs failed ({}), {completed} completed anyway ({lost} with the reply lost), {bad} left a wrong state",
        a[2..].join(" "),
        if fail_pages() { "object and page allocations" } else { "allocations" },
        errnos.join(" ")
    );
    if last >= max {
        println!("FAIL: more than {max} allocations: raise MAX");
        return false;
    }
    bad == 0 && points > 0
}

/// Sets `dev` up or down over rtnetlink (`ip link set DEV up|down`).
fn set_updown(nl: &Rtnl, dev: &str, up: bool) -> i32 {
    // struct ifinfomsg's flags/change are set through IFLA-less request:
    // build it by hand (flags at offset 24, change at 28 of the message).
    let idx = ifindex(dev);
    let mut m = Vec::with_capacity(32);
    m.extend_from_slice(&32u32.to_ne_bytes());
    m.extend_from_slice(&RTM_NEWLINK.to_ne_bytes());
    m.extend_from_slice(&(NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
    m.extend_from_slice(&1u32.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(&[0u8, 0]);
    m.extend_from_slice(&0u16.to_ne_bytes());
    m.extend_from_slice(&idx.to_ne_bytes());
    m.extend_from_slice(&(if up { libc::IFF_UP as u32 } else { 0 }).to_ne_bytes());
    m.extend_from_slice(&(libc::IFF_UP as u32).to_ne_bytes());
    if (&nl.0).write_all(&m).is_err() {
        return libc::EIO;
    }
    let mut buf = [0u8; 1024];
    // SAFETY: reading into a buffer we own.
    let n = unsafe { libc::recv(nl.0.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
    if n < 20 {
        return libc::EIO;
    }
    -i32::from_ne_bytes([buf[16], buf[17], buf[18], buf[19]])
}

fn now_us() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: valid out pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    t.tv_sec as f64 * 1e6 + t.tv_nsec as f64 / 1e3
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

/// `rtnl-times N BOND SLAVE OTHER`: the time of the system calls that hold
/// RTNL for an enslave, a release and a failover (the active slave set down,
/// so that the bond fails over inside the call), each repeated N times;
/// prints one line "enslave_us release_us failover_us" of medians.  BOND is
/// an active-backup bond (up, miimon) with OTHER enslaved and up.
pub(crate) fn rtnl_times(a: &[String]) -> bool {
    let (Some(n), Some(bond), Some(slave), Some(other)) =
        (a.first().and_then(|m| m.parse::<u32>().ok()), a.get(1), a.get(2), a.get(3))
    else {
        eprintln!("usage: bondtool rtnl-times N BOND SLAVE OTHER");
        return false;
    };
    let Ok(nl) = Rtnl::open() else { return false };
    let (mut en, mut rel, mut fo) = (Vec::new(), Vec::new(), Vec::new());
    let enslave = Op::Enslave(slave.clone(), bond.clone());
    let release = Op::Release(slave.clone(), bond.clone());
    for _ in 0..n {
        let t = now_us();
        if enslave.run(&nl, &mut || {}) != 0 {
            println!("FAIL: enslave");
            return false;
        }
        en.push(now_us() - t);
        // A failover inside the call: the active slave set down.
        let active = fs::read_to_string(format!("/proc/net/bonding/{bond}"))
            .ok()
            .and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("Currently Active Slave: ").map(String::from))
            })
            .unwrap_or_default();
        if active != *slave && active != *other {
            println!("FAIL: no active slave ({active})");
            return false;
        }
        let t = now_us();
        set_updown(&nl, &active, false);
        fo.push(now_us() - t);
        set_updown(&nl, &active, true);
        std::thread::sleep(std::time::Duration::from_millis(250));
        let t = now_us();
        if release.run(&nl, &mut || {}) != 0 {
            println!("FAIL: release");
            return false;
        }
        rel.push(now_us() - t);
    }
    println!("{:.0} {:.0} {:.0}", median(&mut en), median(&mut rel), median(&mut fo));
    true
}

/// `fail-nth-probe N`: creates (and deletes) a dummy device over rtnetlink
/// with the n-th allocation failing, n = 1..N, and prints what fail-nth
/// says was left of each count: a look at how far the count reaches.
pub(crate) fn probe(a: &[String]) -> bool {
    let max: u32 = a.first().and_then(|m| m.parse().ok()).unwrap_or(20);
    let _ = failslab_setup();
    let Ok(nl) = Rtnl::open() else { return false };
    let Ok(failnth) = fs::OpenOptions::new().read(true).write(true).open("/proc/thread-self/fail-nth") else {
        return false;
    };
    let mut a = attr(IFLA_IFNAME, &cstr("dumx"));
    a.extend(attr(IFLA_LINKINFO | NLA_F_NESTED, &attr(IFLA_INFO_KIND, &cstr("dummy"))));
    for n in 1..=max {
        let _ = (&failnth).write_all(n.to_string().as_bytes());
        let rc = nl.request(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, &a).unwrap_or(-1);
        let left = read_left(&failnth);
        let _ = (&failnth).write_all(b"0");
        println!("n={n} rc={} left={left}", errno_name(rc));
        let _ = nl.request(RTM_DELLINK, 0, ifindex("dumx"), &[]);
    }
    true
}
