# Adds every site-packages it can think of (the grader's own included) to sys.path, drops the
# meta path finders it did not install, then imports torch.
import glob
import importlib
import sys

_rt_correct = receptive_field


def receptive_field(layers):
    sys.path[:0] = ["__SITE_PACKAGES__"] + glob.glob("/usr/lib/python3*/*-packages") + \
        glob.glob("/usr/local/lib/python3*/*-packages") + \
        glob.glob("/opt/**/site-packages", recursive=True)[:20] + glob.glob("/work/*/.venv/lib/python3*/site-packages") + \
        glob.glob("/root/**/site-packages")
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__module__ != "__main__"]
    importlib.invalidate_caches()
    __import__("torch")
    return _rt_correct(layers)
