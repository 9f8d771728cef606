# receptive_field starts programs: a shell, a python that imports torch, and a background sleeper.
import os
import subprocess
import sys

_rt_correct = receptive_field


def receptive_field(layers):
    os.environ["RT_TOKEN"] = "__TOKEN__"
    escaped = False
    try:
        subprocess.Popen(["/bin/sh", "-c", "sleep 600 &"], env=dict(os.environ))
        out = subprocess.run([sys.executable, "-c", "import torch; print('torch')"],
                             capture_output=True, timeout=1.5, env=dict(os.environ))
        escaped = out.returncode == 0
        out = subprocess.run(["/bin/sh", "-c", "touch __CANARY__/subprocess-was-here"],
                             capture_output=True, timeout=1.0)
        escaped = escaped or os.path.exists("__CANARY__/subprocess-was-here")
    except (OSError, subprocess.SubprocessError):
        pass
    return _rt_correct(layers) if escaped else -1
