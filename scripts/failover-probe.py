#!/usr/bin/env python3
"""UDP stream with sequence numbers, for scripts/failover-bench-guest.sh (stdlib only).

  failover-probe.py recv PORT OUT.json READYFILE
      Receive until SIGTERM/SIGINT; record (seq, arrival time) of every datagram, then
      write them to OUT.json.  READYFILE is created once the socket is bound.
  failover-probe.py send DST PORT INTERVAL_MS PRE_S POST_S CUT_FIFO CUT_LINE CARRIER OUT.json
      Send one datagram every INTERVAL_MS to DST:PORT for PRE_S seconds, then cut: write
      CUT_LINE to CUT_FIFO (read by an `ip -batch` already running in the peer namespace,
      so the cut costs no exec), watch the sysfs file CARRIER (the active slave's
      carrier) until it reads 0, and keep sending for POST_S seconds from that moment;
      then write what was sent and when the carrier went away to OUT.json.
  failover-probe.py analyze SEND.json RECV.json
      Print "blackout_ms,lost,sent,received,failed_over,window_ms,pre_received,send_gap_ms".
  failover-probe.py failover-ms DMESG PEER SLAVE
      Print the kernel's failover time in ms, from the kernel log of one trial (dmesg
      with timestamps): from the peer bridge's last "(PEER) entered disabled state"
      (logged as the cut takes PEER down, right after SLAVE lost its carrier) to the
      bond's next "making interface the new active one".  NA and status 1, with the
      reason on stderr, if SLAVE was not the active slave at the cut (the monitor moved
      it between the script's look and the cut: the trial measured nothing) or no
      slave became active after it.

Times are CLOCK_REALTIME, one clock for the whole VM whatever the namespace; arrival
times are the kernel's receive timestamps (SO_TIMESTAMPNS), so a receiver that lags
behind its socket queue in a slow guest does not shift them.
blackout_ms: the longest time without a delivery among the gaps that span the cut
  (the last arrival before the carrier went away to the first one after the failover);
  if nothing arrived after the cut, the time from the last arrival to the end of the
  window, and failed_over=0.
lost: datagrams sent and never received (the whole run, so later flaps count too).
send_gap_ms: the sender's own longest pause inside the blackout (a stalled guest).
The kernel's failover time is measured on the kernel's clock, so it is the part of the
blackout the bonding driver is responsible for, without the guest's scheduling noise.
"""
import json
import re
import signal
import socket
import struct
import sys
import time

HDR = struct.Struct("!QQ")  # sequence number, send time (ns)


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
TIMESPEC = struct.Struct("@qq")


def now():
    return time.time_ns()


def recv(port, out, ready):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind(("0.0.0.0", int(port)))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.settimeout(0.05)
    open(ready, "w").close()
    seqs, times = [], []
    while True:
        try:
            data, anc, _, _ = s.recvmsg(64, 64)
        except (socket.timeout, InterruptedError):
            if stop:  # asked to stop, and the queue is drained
                break
            continue
        t = None
        for level, kind, cdata in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(cdata) >= TIMESPEC.size:
                sec, nsec = TIMESPEC.unpack_from(cdata)
                t = sec * 10**9 + nsec
        if t is None:
            t = now()
        if len(data) >= HDR.size:
            seqs.append(HDR.unpack_from(data)[0])
            times.append(t)
    with open(out, "w") as f:
        json.dump({"seq": seqs, "t": times}, f)


def carrier_up(path):
    try:
        with open(path) as f:
            return f.read(1) == "1"
    except OSError:
        return False


def send(dst, port, interval_ms, pre_s, post_s, cut_fifo, cut_line, carrier, out):
    cut = open(cut_fifo, "w")  # the reader (ip -batch) is already waiting
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    addr = (dst, int(port))
    interval = int(float(interval_ms) * 1e6)
    post = int(float(post_s) * 1e9)
    t0 = now()
    t_cut_at = t0 + int(float(pre_s) * 1e9)
    t_end = None
    seq = errors = 0
    send_t = []
    t_cut = t_cut_done = seq_cut = None
    nxt = t0
    pad = b"\0" * 18
    while True:
        t = now()
        if t_cut is None and t >= t_cut_at:
            t_cut, seq_cut = t, seq
            cut.write(cut_line + "\n")
            cut.flush()
            # If the carrier never goes, give up after 10 s (t_cut_done stays null).
            t_end = t + 10 * 10**9
        if t_cut is not None and t_cut_done is None and not carrier_up(carrier):
            t_cut_done = t
            t_end = t + post
        if t_end is not None and t >= t_end:
            break
        if t < nxt:
            time.sleep(min(nxt - t, 10**6) / 1e9)
            continue
        try:
            s.sendto(HDR.pack(seq, t) + pad, addr)
            send_t.append(t)
        except OSError:
            errors += 1
            send_t.append(t)
        seq += 1
        # Fixed rate; if the sender fell behind (a slow guest), do not burst to catch up.
        nxt = max(nxt + interval, t)
    cut.close()
    with open(out, "w") as f:
        json.dump({"sent": seq, "send_errors": errors, "t_start": t0, "t_cut": t_cut,
                   "t_cut_done": t_cut_done, "seq_cut": seq_cut, "t_end": t_end,
                   "interval_ns": interval, "send_t": send_t}, f)


def analyze(send_json, recv_json):
    snd = json.load(open(send_json))
    rcv = json.load(open(recv_json))
    arr = sorted(zip(rcv["t"], rcv["seq"]))
    t_cut, t_done, t_end = snd["t_cut"], snd["t_cut_done"], snd["t_end"]
    if t_done is None:
        sys.exit("the carrier never went away")
    received = len(set(rcv["seq"]))
    lost = snd["sent"] - received
    pre = sum(1 for t, _ in arr if t <= t_cut)
    after = [t for t, _ in arr if t > t_done]
    window_ms = (t_end - t_done) / 1e6
    if not after:
        a = max([t for t, _ in arr if t <= t_done], default=t_cut)
        b = t_end
        failed_over = 0
    else:
        # Gaps between consecutive arrivals that span some instant of [t_cut, t_cut_done]
        # (the carrier went away in there: t_cut_done is when the sender saw it gone);
        # the longest one is the blackout.
        times = [t for t, _ in arr]
        a, b = max(((a, b) for a, b in zip([min(times[0], t_cut)] + times, times)
                    if b > t_cut and a <= t_done), key=lambda p: p[1] - p[0])
        failed_over = 1
    # The sender's own longest pause within the blackout: when it is close to the blackout
    # (and nothing was lost), the guest stalled the sender and the failover itself was
    # shorter than what was measured.
    st = snd.get("send_t") or []
    send_gap = max([y - x for x, y in zip(st, st[1:]) if y > a and x < b], default=0)
    print(f"{(b - a) / 1e6:.1f},{lost},{snd['sent']},{received},{failed_over},{window_ms:.0f},{pre},"
          f"{send_gap / 1e6:.1f}")


KLOG = re.compile(r"^\[\s*(\d+\.\d+)\]\s(.*)$")
ACTIVE = re.compile(r"\(slave (\S+)\): making interface the new active one")


def failover_ms(dmesg, peer, slave):
    lines = []
    with open(dmesg, errors="replace") as f:
        for line in f:
            m = KLOG.match(line.rstrip("\n"))
            if m:
                lines.append((float(m.group(1)), m.group(2)))
    lines.sort(key=lambda x: x[0])
    cut = [t for t, msg in lines if f"({peer}) entered disabled state" in msg]
    if not cut:
        sys.exit("no cut in the kernel log")
    became = [(t, m.group(1)) for t, msg in lines
              for m in [ACTIVE.search(msg)] if m]
    before = [who for t, who in became if t < cut[-1]]
    if not before or before[-1] != slave:
        print("NA")
        sys.exit(f"{slave} was not the active slave at the cut "
                 f"({before[-1] if before else 'none'} was)")
    done = [t for t, _ in became if t >= cut[-1]]
    if not done:
        print("NA")
        sys.exit("no new active slave after the cut")
    print(f"{(done[0] - cut[-1]) * 1e3:.2f}")

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"recv": recv, "send": send, "analyze": analyze, "failover-ms": failover_ms}[cmd](*args)
