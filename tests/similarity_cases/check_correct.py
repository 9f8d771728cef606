"""Check a hand-written a2 module against torch on a spread of configurations (for the tests)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

CONV_CASES = [
    dict(x=(2, 4, 9, 11), w=(6, 2, 3, 2), stride=(2, 1), padding=1, dilation=1, groups=2),
    dict(x=(1, 3, 10, 8), w=(4, 3, 3, 3), stride=1, padding="same", dilation=2, groups=1),
    dict(x=(3, 7, 7), w=(5, 3, 2, 4), stride=3, padding=(2, 0), dilation=(1, 2), groups=1),
    dict(x=(2, 2, 6, 7), w=(2, 2, 3, 3), stride=1, padding="valid", dilation=1, groups=1),
]
POOL_CASES = [
    dict(x=(2, 3, 9, 10), k=3, stride=2, padding=1, ceil_mode=True),
    dict(x=(3, 8, 7), k=(2, 3), stride=None, padding=(1, 0), ceil_mode=False),
    dict(x=(1, 2, 11, 11), k=4, stride=3, padding=2, ceil_mode=True),
]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"case_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_module(path: Path, seed: int = 0) -> list[str]:
    """Every disagreement with torch (empty when the module is right on these cases)."""
    import torch
    import torch.nn.functional as F

    m = load(path)
    rng = np.random.default_rng(seed)
    bad = []
    for i, c in enumerate(CONV_CASES):
        x = rng.standard_normal(c["x"])
        w = rng.standard_normal(c["w"])
        b = rng.standard_normal(c["w"][0])
        args = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"], groups=c["groups"])
        ref = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **args).numpy()
        for fn in ("conv2d", "conv2d_naive"):
            got = getattr(m, fn)(x, w, b, **args)
            if got.shape != ref.shape or not np.allclose(got, ref, atol=1e-9):
                bad.append(f"{path.name}: {fn} case {i}")
        for mode in ("reflect", "replicate", "circular"):
            if c["padding"] in ("same", "valid"):
                continue
            pads = args["padding"] if isinstance(args["padding"], tuple) else (args["padding"],) * 2
            xt = F.pad(torch.from_numpy(x), (pads[1], pads[1], pads[0], pads[0]), mode=mode)
            ref_m = F.conv2d(xt, torch.from_numpy(w), torch.from_numpy(b), stride=c["stride"],
                             dilation=c["dilation"], groups=c["groups"]).numpy()
            got = m.conv2d(x, w, b, padding_mode=mode, **args)
            if got.shape != ref_m.shape or not np.allclose(got, ref_m, atol=1e-9):
                bad.append(f"{path.name}: conv2d {mode} case {i}")
    x1 = rng.standard_normal((2, 4, 13))
    w1 = rng.standard_normal((6, 2, 3))
    ref = F.conv1d(torch.from_numpy(x1), torch.from_numpy(w1), None, 2, 1, 2, 2).numpy()
    got = m.conv1d(x1, w1, None, 2, 1, 2, 2)
    if got.shape != ref.shape or not np.allclose(got, ref, atol=1e-9):
        bad.append(f"{path.name}: conv1d")
    for i, c in enumerate(POOL_CASES):
        x = rng.standard_normal(c["x"])
        t = torch.from_numpy(x)
        args = dict(stride=c["stride"], padding=c["padding"], ceil_mode=c["ceil_mode"])
        ref = F.max_pool2d(t, c["k"], **args).numpy()
        got = m.max_pool2d(x, c["k"], **args)
        if got.shape != ref.shape or not np.allclose(got, ref):
            bad.append(f"{path.name}: max_pool2d case {i}")
        for include in (True, False):
            ref = F.avg_pool2d(t, c["k"], count_include_pad=include, **args).numpy()
            got = m.avg_pool2d(x, c["k"], count_include_pad=include, **args)
            if got.shape != ref.shape or not np.allclose(got, ref):
                bad.append(f"{path.name}: avg_pool2d include_pad={include} case {i}")
    return bad
