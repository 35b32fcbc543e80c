# Helper of backup_rx.sh, run in namespace "peer" (ip netns exec peer ...):
#   python3 backup_rx.py BOND_MAC 3< /proc/self/ns/net
# Sends 5 frames of ethertype 0x88b5 for each case (destination, peer port)
# and prints how many a packet socket on bond0, in the initial namespace,
# saw (file descriptor 3: the initial namespace, opened by the caller's
# shell before "ip netns exec" switched).  One process for all cases: a Python start costs seconds in the
# debug kernel under emulation.
import socket
import sys

import netns

ETH_P_TEST = 0x88B5
bond_mac = sys.argv[1]
cases = [
    ("unicast via active slave", bond_mac, "p0"),
    ("unicast via backup slave", bond_mac, "p1"),
    ("broadcast via backup slave", "ff:ff:ff:ff:ff:ff", "p1"),
    ("link-local via active slave", "01:80:c2:00:00:0e", "p0"),
]

# Sockets keep the namespace they were created in: the senders here...
tx = {}
for dev in ("p0", "p1"):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    tx[dev] = s
# ...the receiver in the initial namespace.
netns.enter(3, "initial namespace")
rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_TEST))
rx.bind(("bond0", 0))


def drain(timeout):
    n = 0
    rx.settimeout(timeout)
    while True:
        try:
            rx.recv(2048)
            n += 1
        except socket.timeout:
            return n


drain(0.2)
for label, dst, dev in cases:
    frame = (bytes.fromhex(dst.replace(":", "")) + bytes.fromhex("02aabbccddee")
             + ETH_P_TEST.to_bytes(2, "big") + b"bonding_rs test".ljust(46, b"."))
    for _ in range(5):
        tx[dev].send(frame)
    # Delivered within the second, or not at all.
    print("%s: %d" % (label, drain(1.0)), flush=True)
