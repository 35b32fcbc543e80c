# Shared by the selftests' Python helpers: move this process into another
# network namespace.  Sockets keep the namespace they were created in, so a
# helper can hold sockets of two namespaces (make some, switch, make others).
import ctypes
import sys

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def enter(fd, what):
    """setns(fd, CLONE_NEWNET); exits naming WHAT if the kernel refuses."""
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        sys.exit("setns(%s): errno %d" % (what, ctypes.get_errno()))
