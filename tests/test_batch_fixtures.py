"""Mixed a1 submissions for the batch tests: correct, buggy, stubs, broken and hostile files."""
from __future__ import annotations

import re
from pathlib import Path

from autograder.assignments import get_assignment
from support import solution_source as _solution

A1 = get_assignment("a1")


def solution_source() -> str:
    return _solution(A1.name)


def stub_source() -> str:
    """Every a1 function raises NotImplementedError."""
    return "\n\n".join(f"def {f}(*args, **kwargs):\n    raise NotImplementedError\n" for f in A1.functions)


def buggy_sources() -> dict[str, str]:
    """Named variants of the solution with one real bug each (each must change the source)."""
    src = solution_source()
    variants = {}
    # floor -> ceil in output sizes: (a // b) becomes -(-a // b)
    variants["ceil"] = re.sub(r"\(([^()]*?)\) // stride", r"-(-(\1) // stride)", src, count=1)
    variants["no_dilation"] = src.replace("def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):",
                                          "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n    dilation = 1", 1)
    variants["bias_off"] = re.sub(r"(def conv2d_num_params\(.*?\):)", r"\1\n    bias = False", src, count=1)
    variants["rf_no_stride"] = re.sub(r"(def receptive_field\(layers\):)",
                                      r"\1\n    layers = [(k, 1, d) for k, s, d in layers]", src, count=1)
    return {k: v for k, v in variants.items() if v != src}


HOSTILE = {
    "loop_at_import": "while True:\n    pass\n",
    "exit_at_import": "import sys\nsys.exit(3)\n",
}
BROKEN = {
    "syntax": "def conv_output_size(:\n    return 1\n",
    "empty": "",
}


def write_batch(folder: Path, copies: int = 10) -> dict[str, str]:
    """Write the mixed batch into ``folder``; returns name -> kind."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}

    def put(name: str, text: str | bytes, kind: str) -> None:
        path = folder / f"{name}_shapes.py"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        kinds[name] = kind

    good = solution_source()
    for i in range(copies):
        put(f"good{i:02d}", good, "correct")
    for bug, text in buggy_sources().items():
        for i in range(copies):
            put(f"{bug}{i:02d}", text, "buggy")
    for i in range(max(2, copies // 2)):
        put(f"stub{i:02d}", stub_source(), "stub")
    for name, text in {**BROKEN, **HOSTILE}.items():
        put(name, text, "broken" if name in BROKEN else "hostile")
    put("binary", b"\x00\x01\x02PK\x03\x04" * 20, "broken")
    return kinds
