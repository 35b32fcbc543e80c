# Helper of datapath.sh: TCP across the bond, sender and receiver in one
# process (a Python start costs seconds in the debug kernel under emulation).
#   python3 tcp_xfer.py VICTIM SLAVE... 3< /run/netns/peer
# The receiver's socket is made in namespace "peer" (file descriptor 3) at
# 192.0.2.2:5001, the sender's in this one; sockets keep the namespace they
# were created in.  Two transfers of 1.5 MB of deterministic data:
#   1. plain: prints "transfer: ok" when the receiver got every byte (length
#      and SHA-256), and "tx per slave: N N ..." (the slaves' tx_packets
#      deltas over it);
#   2. "ip link del VICTIM" run when 500 kB have gone: prints
#      "transfer deleting VICTIM: ok" when every byte still arrived.
import hashlib
import os
import socket
import sys
import threading

import netns

TOTAL = 1500000
victim, slaves = sys.argv[1], sys.argv[2:]
home = os.open("/proc/self/ns/net", os.O_RDONLY)
netns.enter(3, "peer")
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("192.0.2.2", 5001))
lsock.listen(1)
netns.enter(home, "home")
lsock.settimeout(30)


def receive(out):
    try:
        c, _ = lsock.accept()
        c.settimeout(30)
        h = hashlib.sha256()
        n = 0
        while True:
            b = c.recv(65536)
            if not b:
                break
            h.update(b)
            n += len(b)
        c.close()
        out.append((n, h.hexdigest()))
    except OSError as e:
        out.append((-1, str(e)))


def tx_packets():
    r = []
    for s in slaves:
        try:
            with open(f"/sys/class/net/{s}/statistics/tx_packets") as f:
                r.append(int(f.read()))
        except OSError:
            r.append(0)
    return r


def transfer(at, hook):
    got = []
    t = threading.Thread(target=receive, args=(got,))
    t.start()
    h = hashlib.sha256()
    sent = 0
    try:
        c = socket.create_connection(("192.0.2.2", 5001), timeout=30)
        block = bytes(range(256)) * 64
        while sent < TOTAL:
            b = block[: min(len(block), TOTAL - sent)]
            c.sendall(b)
            h.update(b)
            sent += len(b)
            if at and sent >= at and hook:
                os.system(hook)
                hook = ""
        c.shutdown(socket.SHUT_WR)
        c.recv(1)
        c.close()
    except OSError as e:
        print(f"  sender: {e}", file=sys.stderr)
    t.join()
    want = (sent, h.hexdigest())
    if got and got[0] == want and sent == TOTAL:
        return "ok"
    return f"BROKEN sent {want} received {got}"


before = tx_packets()
r = transfer(0, "")
after = tx_packets()
print(f"transfer: {r}")
print("tx per slave: " + " ".join(str(a - b) for a, b in zip(after, before)))
print(f"transfer deleting {victim}: {transfer(500000, f'ip link del {victim}')}", flush=True)
