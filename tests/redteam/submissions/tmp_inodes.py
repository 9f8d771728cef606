# receptive_field fills the sandbox's /tmp with empty files (size-capped tmpfs, so only inodes,
# that is kernel memory); right only if 200,000 files could be made.
import os

_rt_correct = receptive_field


def receptive_field(layers):
    made = 0
    try:
        os.makedirs("/tmp/rt", exist_ok=True)
        for i in range(200_000):
            os.close(os.open(f"/tmp/rt/{i}", os.O_CREAT | os.O_WRONLY, 0o600))
            made += 1
    except OSError:
        pass
    return _rt_correct(layers) if made >= 200_000 else -1
