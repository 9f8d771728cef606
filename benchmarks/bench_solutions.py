"""Speed of the numpy reference solutions relative to torch on the CPU (a ratio, not seconds).

    python benchmarks/bench_solutions.py [--repeat 7] [--threads N]

conv2d (a2) and conv_transpose2d (a4) on two typical layers and their transposes, float32.
Torch and numpy repetitions alternate within one process, so that the load of a shared machine
hits both alike; each figure is the median of the repetitions, and the ratio is numpy / torch
(targets: conv2d within 3x, conv_transpose2d within 4x). Prints a Markdown table.
"""
import argparse
import importlib.util
import statistics
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]


def load(relative, name):
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases():
    """(label, target ratio, torch function, numpy function, x shape, weight shape, kwargs)."""
    conv = load("solutions/a2_conv2d/conv2d.py", "bench_conv2d")
    transposed = load("solutions/a4_transposed_conv/transposed_conv.py", "bench_transposed_conv")
    return [
        ("conv2d (8,64,56,56) * 3x3 64->64, p1", 3.0, F.conv2d, conv.conv2d,
         (8, 64, 56, 56), (64, 64, 3, 3), dict(padding=1)),
        ("conv2d (32,3,224,224) * 7x7 3->64, s2 p3", 3.0, F.conv2d, conv.conv2d,
         (32, 3, 224, 224), (64, 3, 7, 7), dict(stride=2, padding=3)),
        ("conv_transpose2d (8,64,56,56) * 3x3 64->64, p1", 4.0, F.conv_transpose2d,
         transposed.conv_transpose2d, (8, 64, 56, 56), (64, 64, 3, 3), dict(padding=1)),
        ("conv_transpose2d (32,64,112,112) * 7x7 64->3, s2 p3 op1", 4.0, F.conv_transpose2d,
         transposed.conv_transpose2d, (32, 64, 112, 112), (64, 3, 7, 7),
         dict(stride=2, padding=3, output_padding=1)),
    ]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions of each side")
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    if options.threads:
        torch.set_num_threads(options.threads)
    rng = np.random.default_rng(options.seed)

    rows = []
    for label, target, torch_fn, numpy_fn, x_shape, w_shape, kwargs in cases():
        x = rng.standard_normal(x_shape, dtype=np.float32)
        w = rng.standard_normal(w_shape, dtype=np.float32)
        tx, tw = torch.from_numpy(x), torch.from_numpy(w)
        with torch.no_grad():
            reference = torch_fn(tx, tw, **kwargs).numpy()              # warm-up, and the check
        result = numpy_fn(x, w, **kwargs)
        scale = max(1.0, float(np.abs(reference).max()))
        error = float(np.abs(result.astype(np.float64) - reference).max()) / scale
        assert result.dtype == np.float32 and error <= 1e-4, (label, result.dtype, error)
        torch_times, numpy_times = [], []
        for _ in range(options.repeat):                                  # interleaved
            with torch.no_grad():
                torch_times.append(timed(torch_fn, tx, tw, **kwargs)[0])
            numpy_times.append(timed(numpy_fn, x, w, **kwargs)[0])
        t_torch, t_numpy = statistics.median(torch_times), statistics.median(numpy_times)
        rows.append((label, t_torch, t_numpy, t_numpy / t_torch, target, error))
        del x, w, tx, tw, reference, result

    print(f"torch {torch.__version__}, numpy {np.__version__}, torch threads "
          f"{torch.get_num_threads()}, float32, median of {options.repeat} interleaved runs\n")
    print("| case | torch ms | numpy ms | ratio | target | max rel. error |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, t_torch, t_numpy, ratio, target, error in rows:
        verdict = "ok" if ratio <= target else "SLOW"
        print(f"| {label} | {t_torch * 1e3:.1f} | {t_numpy * 1e3:.1f} | {ratio:.2f}x | "
              f"<= {target:.0f}x {verdict} | {error:.1e} |")


if __name__ == "__main__":
    main()
