//! bondtool: in-guest helper of the bonding_rs selftests.
//!
//! In the debug test VM (KASAN, TCG) every exec costs about 0.3 s, so the
//! tests that load modules hundreds of times do it from this one process,
//! with the same system calls `insmod`/`rmmod` make:
//!
//! * `params-compare C_KO RS_KO CASES` — for each case (module arguments, one
//!   per line), load bonding.ko and bonding_rs.ko in turn with it and compare
//!   what a user sees: the load's outcome, the bonds created, every
//!   /proc/net/bonding file and the kernel log lines (driver prefix made
//!   neutral).  A line `!unimplemented ARGS` expects bonding.ko to load and
//!   bonding_rs to refuse with EOPNOTSUPP and a message.
//! * `cycles RS_KO N` — N load/unload cycles across modes and bond counts.
//! * `fault-sweep MAX DEVS OP ARGS` — fails each allocation of one operation
//!   in turn (see `faults.rs`).
//! * `hostile-tx`, `hostile-rx`, `hostile-compare`, `hostile-list` — a
//!   deterministic corpus of malformed frames through a bond and into its
//!   slaves, compared between two drivers (see `hostile.rs`).

mod faults;
mod hostile;

use std::ffi::CString;
use std::fs;
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::ExitCode;

fn errno_name(e: i32) -> String {
    let name = match e {
        libc::EPERM => "EPERM",
        libc::ENOENT => "ENOENT",
        libc::EINVAL => "EINVAL",
        libc::EEXIST => "EEXIST",
        libc::EBUSY => "EBUSY",
        libc::ENOMEM => "ENOMEM",
        libc::EOPNOTSUPP => "EOPNOTSUPP",
        libc::ENOSPC => "ENOSPC",
        libc::ERANGE => "ERANGE",
        _ => return format!("errno {e}"),
    };
    name.to_string()
}

/// finit_module(2), as insmod does it.
fn load(ko: &str, args: &str) -> Result<(), i32> {
    let f = fs::File::open(ko).map_err(|e| e.raw_os_error().unwrap_or(libc::EIO))?;
    let a = CString::new(args).map_err(|_| libc::EINVAL)?;
    // SAFETY: valid fd and NUL-terminated argument string.
    let r = unsafe { libc::syscall(libc::SYS_finit_module, f.as_raw_fd(), a.as_ptr(), 0) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error().raw_os_error().unwrap_or(0)) }
}

/// delete_module(2), as rmmod does it.
fn unload(name: &str) -> Result<(), i32> {
    let n = CString::new(name).unwrap();
    // SAFETY: NUL-terminated module name.
    let r = unsafe { libc::syscall(libc::SYS_delete_module, n.as_ptr(), libc::O_NONBLOCK) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error().raw_os_error().unwrap_or(0)) }
}

fn module_name(ko: &str) -> String {
    Path::new(ko).file_stem().unwrap().to_string_lossy().replace('-', "_")
}

fn loaded(name: &str) -> bool {
    fs::read_to_string("/proc/modules")
        .map(|m| m.lines().any(|l| l.split(' ').next() == Some(name)))
        .unwrap_or(false)
}

/// The kernel log from "now" on, read through /dev/kmsg.
struct Kmsg(fs::File);

impl Kmsg {
    fn open() -> Kmsg {
        let f = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open("/dev/kmsg")
            .expect("open /dev/kmsg");
        // SAFETY: valid fd; SEEK_END skips the existing records.
        unsafe { libc::lseek(f.as_raw_fd(), 0, libc::SEEK_END) };
        Kmsg(f)
    }

    /// New records as "LEVEL message", the driver prefix made neutral.
    fn drain(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 16384];
        loop {
            match self.0.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let rec = String::from_utf8_lossy(&buf[..n]);
                    let first = rec.lines().next().unwrap_or("");
                    let Some((hdr, msg)) = first.split_once(';') else { continue };
                    let prio: u32 = hdr.split(',').next().and_then(|p| p.parse().ok()).unwrap_or(0);
                    if msg.contains("taints kernel") {
                        continue;
                    }
                    let msg = msg
                        .strip_prefix("bonding_rs: ")
                        .or_else(|| msg.strip_prefix("bonding: "))
                        .map(|m| format!("DRV: {m}"))
                        .unwrap_or_else(|| msg.to_string());
                    out.push(format!("{} {}", prio & 7, msg));
                }
                Err(e) if e.raw_os_error() == Some(libc::EPIPE) => continue, // overrun
                Err(_) => break, // EAGAIN: nothing more
            }
        }
        out
    }
}

fn bond_names() -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir("/sys/class/net")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.retain(|n| n.starts_with("bond"));
    v.sort();
    v
}

fn proc_files() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = fs::read_dir("/proc/net/bonding")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    (p.display().to_string(), fs::read_to_string(&p).unwrap_or_else(|e| format!("<{e}>")))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Everything a user sees of one load; unloads afterwards.
fn snapshot(ko: &str, args: &str) -> Vec<String> {
    let name = module_name(ko);
    let mut k = Kmsg::open();
    let mut s = vec![match load(ko, args) {
        Ok(()) => "load: ok".to_string(),
        Err(e) => format!("load: {}", errno_name(e)),
    }];
    s.push(format!("bonds: {}", bond_names().join(" ")));
    for (path, text) in proc_files() {
        s.push(format!("== {path}"));
        s.extend(text.lines().map(str::to_string));
    }
    s.extend(k.drain());
    if loaded(&name) {
        if let Err(e) = unload(&name) {
            s.push(format!("unload: {}", errno_name(e)));
        }
    }
    s
}

fn print_diff(want: &[String], got: &[String]) {
    for l in want.iter().filter(|l| !got.contains(l)) {
        println!("    C:  {l}");
    }
    for l in got.iter().filter(|l| !want.contains(l)) {
        println!("    RS: {l}");
    }
    if want.iter().all(|l| got.contains(l)) && got.iter().all(|l| want.contains(l)) {
        println!("    (same lines, different order)");
        for l in got {
            println!("    RS: {l}");
        }
    }
}

fn params_compare(c_ko: &str, rs_ko: &str, cases: &str) -> bool {
    let text = fs::read_to_string(cases).expect("read cases");
    let (mut ok, mut bad) = (0, 0);
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
        let (unimpl, args) = match line.strip_prefix("!unimplemented ") {
            Some(a) => (true, a),
            None => (false, if line == "\"\"" { "" } else { line }),
        };
        if line.is_empty() {
            continue;
        }
        let want = snapshot(c_ko, args);
        let got = snapshot(rs_ko, args);
        let good = if unimpl {
            want[0] == "load: ok"
                && got[0] == "load: EOPNOTSUPP"
                && got.iter().any(|l| l.starts_with("3 DRV: Error: mode ") && l.contains("is not implemented by bonding_rs"))
        } else {
            want == got
        };
        if good {
            ok += 1;
            println!("ok: {} [{args}]", if unimpl { "refused as unimplemented" } else { "same as bonding.ko" });
        } else {
            bad += 1;
            println!("FAIL: [{args}]");
            print_diff(&want, &got);
        }
    }
    println!("{ok} cases as expected, {bad} not");
    bad == 0 && ok > 0
}

/// SIOCSIFFLAGS up or down.
pub(crate) fn set_up(ifname: &str, up: bool) -> io::Result<()> {
    // SAFETY: plain socket/ioctl calls on a zeroed, NUL-terminated ifreq.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let mut ifr: libc::ifreq = std::mem::zeroed();
        for (d, s) in ifr.ifr_name.iter_mut().zip(ifname.bytes()) {
            *d = s as libc::c_char;
        }
        let mut r = libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut ifr);
        if r == 0 {
            let f = &mut ifr.ifr_ifru.ifru_flags;
            if up { *f |= libc::IFF_UP as i16 } else { *f &= !(libc::IFF_UP as i16) }
            r = libc::ioctl(fd, libc::SIOCSIFFLAGS, &ifr);
        }
        let e = io::Error::last_os_error();
        libc::close(fd);
        if r == 0 { Ok(()) } else { Err(e) }
    }
}

fn cycles(rs_ko: &str, n: u32) -> bool {
    let modes = ["balance-rr", "active-backup", "balance-xor", "broadcast"];
    let long = [
        "load balancing (round-robin)",
        "fault-tolerance (active-backup)",
        "load balancing (xor)",
        "fault-tolerance (broadcast)",
    ];
    let name = module_name(rs_ko);
    let mut fails = 0;
    let mut fail = |i: u32, what: String| {
        println!("FAIL: cycle {i}: {what}");
        fails += 1;
    };
    for i in 1..=n {
        let nb = (i % 3) + 1;
        let args = format!("mode={} max_bonds={nb} miimon=100", modes[(i % 4) as usize]);
        if let Err(e) = load(rs_ko, &args) {
            fail(i, format!("load {args}: {}", errno_name(e)));
            continue;
        }
        let mut want: Vec<String> = (0..nb).map(|b| format!("bond{b}")).collect();
        want.push("bonding_masters".into());
        let got = bond_names();
        if got != want {
            fail(i, format!("bonds {got:?} != {want:?}"));
        }
        for b in want.iter().filter(|b| *b != "bonding_masters") {
            let p = format!("/proc/net/bonding/{b}");
            match fs::read_to_string(&p) {
                Ok(t) if t.starts_with("Ethernet Channel Bonding Driver: v")
                    && t.contains(&format!("Bonding Mode: {}\n", long[(i % 4) as usize])) => {}
                other => fail(i, format!("{p}: {other:?}")),
            }
        }
        if let Err(e) = set_up("bond0", true).and_then(|_| set_up("bond0", false)) {
            fail(i, format!("bond0 up/down: {e}"));
        }
        if let Err(e) = unload(&name) {
            fail(i, format!("unload: {}", errno_name(e)));
        }
        if Path::new("/proc/net/bonding").exists() {
            fail(i, "/proc/net/bonding left behind".into());
        }
        if !bond_names().is_empty() {
            fail(i, format!("bonds (or bonding_masters) left behind: {:?}", bond_names()));
        }
    }
    if fails == 0 {
        println!("ok: {n} load/unload cycles");
    }
    fails == 0
}

fn main() -> ExitCode {
    let a: Vec<String> = std::env::args().collect();
    let ok = match a.get(1).map(String::as_str) {
        Some("params-compare") if a.len() == 5 => params_compare(&a[2], &a[3], &a[4]),
        Some("cycles") if a.len() == 4 => cycles(&a[2], a[3].parse().expect("N")),
        Some("fault-sweep") => faults::sweep(&a[2..]),
        Some("rtnl-times") => faults::rtnl_times(&a[2..]),
        Some("fail-nth-probe") => faults::probe(&a[2..]),
        Some("hostile-tx") => hostile::tx(&a[2..]),
        Some("hostile-rx") => hostile::rx(&a[2..]),
        Some("hostile-compare") => hostile::compare(&a[2..]),
        Some("hostile-list") => hostile::list(),
        _ => {
            eprintln!("usage: bondtool params-compare C_KO RS_KO CASES | cycles RS_KO N | fault-sweep ...");
            false
        }
    };
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
