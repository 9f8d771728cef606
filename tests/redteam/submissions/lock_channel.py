# receptive_field tries to publish a bit as a byte-range lock, a whole-file lock and an open-file
# description lock on a standard-library file every sandbox binds read-only (the clean worker, or
# the next submission, would read them back); it answers right only if any lock could be taken.
import fcntl
import os
import struct

_rt_correct = receptive_field


def _rt_locked():
    path = os.__file__
    took = False
    for attempt in ("flock", "lockf", "setlk", "ofd", "getlk"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if attempt == "flock":
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            elif attempt == "lockf":
                fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, 4242)
            elif attempt == "setlk":
                fcntl.fcntl(fd, fcntl.F_SETLK, struct.pack("hhqqi", fcntl.F_RDLCK, 0, 4242, 1, 0) + bytes(4))
            elif attempt == "ofd":
                fcntl.fcntl(fd, 37, struct.pack("hhqqi", fcntl.F_RDLCK, 0, 4242, 1, 0) + bytes(4))
            else:
                fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0) + bytes(4))
            took = True
        except OSError:
            pass
        # the descriptor stays open, as a real channel would keep it
    return took


def receptive_field(layers):
    return _rt_correct(layers) if _rt_locked() else -1
