# receptive_field tries to hold more memory than the submission's limit (1 GiB) by spreading it
# over forked children and threads (each under the per-process limit); right only if 1.5 GiB
# were held at once.
import os
import threading
import time

_rt_correct = receptive_field


def _rt_name(name):
    try:
        import ctypes
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)     # PR_SET_NAME
    except Exception:
        pass


_rt_held = []


def _rt_hold(n):
    try:
        block = bytearray(n)
        block[::4096] = b"x" * len(block[::4096])
        _rt_held.append(block)
    except MemoryError:
        pass


def receptive_field(layers):
    os.environ["RT_TOKEN"] = "__TOKEN__"
    _rt_name("__TOKEN__")
    held = 0
    for _ in range(6):                         # children that each hold 384 MiB and sleep
        try:
            r, w = os.pipe()
            if os.fork() == 0:
                _rt_hold(384 << 20)
                os.write(w, b"1" if _rt_held else b"0")
                time.sleep(60)
                os._exit(0)
            held += (384 << 20) if os.read(r, 1) == b"1" else 0
        except OSError:
            break
    threads = [threading.Thread(target=_rt_hold, args=(384 << 20,)) for _ in range(6)]
    for t in threads:
        try:
            t.start()
        except RuntimeError:
            pass
    for t in threads:
        if t.is_alive() or t.ident:
            t.join()
    held += sum(len(b) for b in _rt_held)
    _rt_held.clear()
    return _rt_correct(layers) if held >= 3 << 29 else -1
