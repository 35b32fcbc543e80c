#!/usr/bin/env python3
"""Summaries of the bonding_rs benchmarks (stdlib only: no third-party packages).

  bench-report.py pps DIR        DIR/raw.csv from scripts/bench-guest.sh ->
                                 table on stdout, DIR/summary.csv, DIR/summary.json, DIR/pps.svg
  bench-report.py failover DIR   DIR/raw.csv from scripts/failover-bench-guest.sh ->
                                 table on stdout, DIR/summary.csv, DIR/summary.json

Medians over the runs of each configuration and driver; ratios are bonding_rs / C
(and bonding_rs / bare veth for packet rates).
"""
import csv
import json
import statistics
import sys
from pathlib import Path

DRV_NAMES = {"C": "bonding.ko (C)", "RS": "bonding_rs"}


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def median(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def read_rows(d):
    with open(d / "raw.csv", newline="") as f:
        return list(csv.DictReader(f))


def print_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join(str(h).rjust(w) for h, w in zip(headers, widths))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths)))


# --- packets per second ----------------------------------------------------------------

def run_ok(r):
    """Every packet pktgen sent left through a slave (n copies in broadcast), no errors."""
    sent, stx, err = num(r["sent"]), num(r["slave_tx"]), num(r["errors"])
    if sent is None or stx is None or err != 0 or r["note"]:
        return False
    want = sent * (int(r["slaves"]) if r["mode"] == "broadcast" else 1)
    # A few frames of other traffic (ARP, IGMP) may ride along.
    return want <= stx <= want * 1.005 + 20


def pps_report(d):
    rows = read_rows(d)
    configs = []
    for r in rows:
        if r["config"] not in configs:
            configs.append(r["config"])
    bare = median(num(r["pps"]) for r in rows if r["config"] == "bare")
    nbare = sum(1 for r in rows if r["config"] == "bare")
    out = []
    for cfg in configs:
        if cfg == "bare":
            continue
        sel = [r for r in rows if r["config"] == cfg]
        e = {"config": cfg, "mode": sel[0]["mode"], "slaves": int(sel[0]["slaves"])}
        for drv in ("C", "RS"):
            runs = [r for r in sel if r["driver"] == drv]
            e[f"{drv.lower()}_pps"] = median(num(r["pps"]) for r in runs)
            e[f"{drv.lower()}_runs"] = len(runs)
            e[f"{drv.lower()}_ok"] = bool(runs) and all(run_ok(r) for r in runs)
            used = [int(r["slaves_used"]) for r in runs if r["slaves_used"].isdigit()]
            e[f"{drv.lower()}_slaves_used"] = min(used) if used else None
        e["rs_over_c"] = ratio(e["rs_pps"], e["c_pps"])
        e["rs_over_bare"] = ratio(e["rs_pps"], bare)
        e["c_over_bare"] = ratio(e["c_pps"], bare)
        out.append(e)

    print(f"\nMedian packets/s through bond0 (pktgen, 60 B, clone_skb 0); bare veth: "
          f"{fmt(bare, '.0f')} pps ({nbare} runs)")
    headers = ["config", "mode", "slaves", "C pps", "RS pps", "RS/C", "RS/bare", "C/bare",
               "runs C/RS", "slaves used C/RS", "tx check C/RS"]
    table = [[e["config"], e["mode"], e["slaves"], fmt(e["c_pps"], ".0f"), fmt(e["rs_pps"], ".0f"),
              fmt(e["rs_over_c"], ".2f"), fmt(e["rs_over_bare"], ".2f"), fmt(e["c_over_bare"], ".2f"),
              f"{e['c_runs']}/{e['rs_runs']}",
              f"{fmt(e['c_slaves_used'], 'd')}/{fmt(e['rs_slaves_used'], 'd')}",
              f"{'ok' if e['c_ok'] else 'BAD'}/{'ok' if e['rs_ok'] else 'BAD'}"] for e in out]
    print_table(headers, table)
    print("tx check: every run's packets left through the slaves (x slaves in broadcast), "
          "no pktgen errors")

    keys = ["config", "mode", "slaves", "c_pps", "rs_pps", "rs_over_c", "rs_over_bare",
            "c_over_bare", "c_runs", "rs_runs", "c_slaves_used", "rs_slaves_used", "c_ok", "rs_ok"]
    with open(d / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys)
        w.writerow(["bare", "none", 1, "", "", "", "", "", "", "", "", "", "", ""] if bare is None else
                   ["bare", "none", 1, f"{bare:.0f}", f"{bare:.0f}", "", "1.000", "1.000",
                    nbare, nbare, 1, 1, "", ""])
        for e in out:
            w.writerow(["" if e[k] is None else (f"{e[k]:.3f}" if isinstance(e[k], float) and "over" in k
                        else (f"{e[k]:.0f}" if isinstance(e[k], float) else e[k])) for k in keys])
    info = (d / "info.txt").read_text() if (d / "info.txt").exists() else ""
    (d / "summary.json").write_text(json.dumps(
        {"bare_pps": bare, "bare_runs": nbare, "configs": out, "info": info}, indent=1) + "\n")
    (d / "pps.svg").write_text(pps_svg(out, bare))
    print(f"\nwrote {d}/summary.csv, summary.json, pps.svg")
    return all(e["c_ok"] and e["rs_ok"] for e in out)


def nice_max(v):
    if not v:
        return 1.0
    mag = 10 ** (len(str(int(v))) - 1)
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * mag >= v:
            return m * mag
    return 10 * mag


def pps_svg(entries, bare):
    """Grouped bars (C, bonding_rs) per configuration, dashed line at the bare-veth rate."""
    W, H, left, right, top, bottom = 900, 420, 80, 20, 50, 70
    pw, ph = W - left - right, H - top - bottom
    vals = [v for e in entries for v in (e["c_pps"], e["rs_pps"]) if v] + ([bare] if bare else [])
    ymax = nice_max(max(vals) if vals else 1)
    y = lambda v: top + ph - ph * v / ymax  # noqa: E731
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
         f'font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="15">pktgen packets/s through '
         f'bond0 (median), bonding.ko vs bonding_rs</text>']
    for i in range(6):
        v = ymax * i / 5
        s.append(f'<line x1="{left}" x2="{W - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        s.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
    n = max(len(entries), 1)
    gw = pw / n
    bw = gw * 0.35
    colors = {"c": "#4c72b0", "rs": "#dd8452"}
    for i, e in enumerate(entries):
        x0 = left + i * gw + gw * 0.15
        for j, k in enumerate(("c", "rs")):
            v = e[f"{k}_pps"]
            if v is None:
                continue
            x = x0 + j * bw
            s.append(f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bw:.1f}" height="{top + ph - y(v):.1f}" '
                     f'fill="{colors[k]}"><title>{e["config"]} {DRV_NAMES[k.upper()]}: {v:.0f} pps</title></rect>')
        if e["rs_over_c"] is not None and e["rs_pps"]:
            s.append(f'<text x="{x0 + 1.5 * bw:.1f}" y="{y(e["rs_pps"]) - 4:.1f}" text-anchor="middle" '
                     f'font-size="10">{e["rs_over_c"]:.2f}x</text>')
        s.append(f'<text x="{left + (i + 0.5) * gw:.1f}" y="{top + ph + 18}" text-anchor="middle">{e["config"]}</text>')
        s.append(f'<text x="{left + (i + 0.5) * gw:.1f}" y="{top + ph + 32}" text-anchor="middle" '
                 f'font-size="10" fill="#555">{e["mode"]}</text>')
    if bare:
        s.append(f'<line x1="{left}" x2="{W - right}" y1="{y(bare):.1f}" y2="{y(bare):.1f}" '
                 f'stroke="#c44e52" stroke-dasharray="6,4"/>')
        s.append(f'<text x="{W - right - 4}" y="{y(bare) - 4:.1f}" text-anchor="end" fill="#c44e52">'
                 f'bare veth {bare:,.0f}</text>')
    s.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" stroke="black"/>')
    s.append(f'<line x1="{left}" x2="{W - right}" y1="{top + ph}" y2="{top + ph}" stroke="black"/>')
    lx = left + 10
    for k in ("c", "rs"):
        s.append(f'<rect x="{lx}" y="{H - 22}" width="12" height="12" fill="{colors[k]}"/>')
        s.append(f'<text x="{lx + 16}" y="{H - 12}">{DRV_NAMES[k.upper()]}</text>')
        lx += 150
    s.append(f'<text x="{lx}" y="{H - 12}" fill="#555">labels: bonding_rs / C</text>')
    s.append("</svg>")
    return "\n".join(s) + "\n"


# --- failover ----------------------------------------------------------------------------

def failover_report(d):
    rows = read_rows(d)
    monitors = []
    for r in rows:
        if r["monitor"] not in monitors:
            monitors.append(r["monitor"])
    out = []
    for mon in monitors:
        e = {"monitor": mon}
        for drv in ("C", "RS"):
            k = drv.lower()
            runs = [r for r in rows if r["monitor"] == mon and r["driver"] == drv]
            # A trial where nothing flowed before the cut, or whose cut hit a backup (the
            # monitor had moved the active slave just before), measured nothing.
            def valid(r):
                return num(r["pre_received"]) and "not the active slave" not in r.get("note", "")
            e[f"{k}_invalid"] = sum(1 for r in runs if not valid(r))
            runs = [r for r in runs if valid(r)]
            done = [r for r in runs if r["failed_over"] == "1"]
            e[f"{k}_trials"] = len(runs)
            e[f"{k}_failovers"] = len(done)
            timeout = median(num(r["window_ms"]) for r in runs)
            e[f"{k}_timeout_ms"] = timeout
            # A trial without failover counts as a blackout of the whole window (a lower
            # bound); the median is marked when such trials decide it.
            e[f"{k}_blackout_ms"] = median(num(r["blackout_ms"]) for r in runs)
            e[f"{k}_lost"] = median(num(r["lost"]) for r in runs)
            e[f"{k}_no_failover"] = len(runs) - len(done)
            e[f"{k}_send_gap_ms"] = median(num(r.get("send_gap_ms")) for r in runs)
            # The kernel's own failover time (cut to new active slave, kernel log clock).
            e[f"{k}_failover_ms"] = median(num(r.get("failover_ms")) for r in runs)
            e[f"{k}_failover_ms_all"] = [num(r.get("failover_ms")) for r in runs]
            # Nothing lost and the sender's own gap (its interval, or a stall of the guest)
            # makes most of the blackout: the failover proper was shorter than measured.
            e[f"{k}_sender_gap_trials"] = sum(
                1 for r in runs if num(r["lost"]) == 0 and num(r.get("send_gap_ms")) is not None
                and num(r["blackout_ms"]) and num(r.get("send_gap_ms")) >= 0.5 * num(r["blackout_ms"]))
        e["blackout_rs_over_c"] = ratio(e["rs_blackout_ms"], e["c_blackout_ms"])
        e["blackout_c_over_rs"] = ratio(e["c_blackout_ms"], e["rs_blackout_ms"])
        e["lost_rs_over_c"] = ratio(e["rs_lost"], e["c_lost"])
        e["failover_rs_over_c"] = ratio(e["rs_failover_ms"], e["c_failover_ms"])
        e["failover_c_over_rs"] = ratio(e["c_failover_ms"], e["rs_failover_ms"])
        out.append(e)

    def bo(e, k):
        v = e[f"{k}_blackout_ms"]
        if v is None:
            return "-"
        if e[f"{k}_no_failover"] * 2 >= e[f"{k}_trials"]:
            return f">={v:.0f} (no failover)"
        return f"{v:.1f}" if v < 10 else f"{v:.0f}"

    print("\nActive-backup failover after cutting the active slave's carrier (medians)")
    headers = ["monitor", "C blackout ms", "RS blackout ms", "RS/C", "C/RS", "C lost", "RS lost",
               "RS/C lost", "failed over C", "failed over RS"]
    table = [[e["monitor"], bo(e, "c"), bo(e, "rs"),
              fmt(e["blackout_rs_over_c"], ".2f") + ("*" if e["rs_no_failover"] else ""),
              fmt(e["blackout_c_over_rs"], ".1f"),
              fmt(e["c_lost"], ".0f"), fmt(e["rs_lost"], ".0f"), fmt(e["lost_rs_over_c"], ".2f"),
              f"{e['c_failovers']}/{e['c_trials']}", f"{e['rs_failovers']}/{e['rs_trials']}"]
             for e in out]
    print_table(headers, table)
    print("\nKernel failover time: from the cut (the peer port going down) to the bond's new "
          "active slave,\non the kernel log's clock (medians; every trial in brackets)")
    print_table(["monitor", "C ms", "RS ms", "RS/C", "C/RS (times shorter)", "C trials", "RS trials"],
                [[e["monitor"], fmt(e["c_failover_ms"], ".1f"), fmt(e["rs_failover_ms"], ".2f"),
                  fmt(e["failover_rs_over_c"], ".3f"), fmt(e["failover_c_over_rs"], ".1f"),
                  "[" + " ".join(fmt(v, ".0f") for v in e["c_failover_ms_all"]) + "]",
                  "[" + " ".join(fmt(v, ".1f") for v in e["rs_failover_ms_all"]) + "]"]
                 for e in out])
    if any(e["c_send_gap_ms"] is not None or e["rs_send_gap_ms"] is not None for e in out):
        print("sender's own longest pause inside the blackout (median ms): " + ", ".join(
            f"{e['monitor']} C {fmt(e['c_send_gap_ms'], '.1f')} RS {fmt(e['rs_send_gap_ms'], '.1f')}"
            for e in out))
    stalled = [f"{e['monitor']} {k.upper()}: {e[k + '_sender_gap_trials']}" for e in out for k in ("c", "rs")
               if e[k + "_sender_gap_trials"]]
    if stalled:
        print("trials where nothing was lost and the sender's own gap (its interval, or a pause) "
              "makes most of the blackout, so the failover was shorter than the stream "
              "resolves: " + ", ".join(stalled))
    bad = [f"{e['monitor']} {k.upper()}: {e[k + '_invalid']}" for e in out for k in ("c", "rs")
           if e[k + "_invalid"]]
    if bad:
        print("trials without traffic before the cut or whose cut hit a backup (left out): " + ", ".join(bad))
    if any(e["rs_no_failover"] or e["c_no_failover"] for e in out):
        print("no failover: nothing arrived at the receiver after the cut within the window; the "
              "blackout is then the window (a lower bound), and ratios marked * use it")
    keys = list(out[0].keys()) if out else []
    with open(d / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys)
        for e in out:
            w.writerow(["" if e[k] is None else (f"{e[k]:.3f}" if isinstance(e[k], float) else
                                                  " ".join(fmt(v, ".2f") for v in e[k])
                                                  if isinstance(e[k], list) else e[k])
                        for k in keys])
    info = (d / "info.txt").read_text() if (d / "info.txt").exists() else ""
    (d / "summary.json").write_text(json.dumps({"monitors": out, "info": info}, indent=1) + "\n")
    print(f"\nwrote {d}/summary.csv, summary.json")
    return True


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("pps", "failover"):
        sys.exit(__doc__)
    d = Path(sys.argv[2])
    ok = (pps_report if sys.argv[1] == "pps" else failover_report)(d)
    sys.exit(0 if ok else 1)
