"""Normalization: each disguise alone leaves the normalized tokens unchanged; real differences stay."""
from __future__ import annotations

import pytest

from autograder.similarity.normalize import normalize

KEEP = frozenset({"conv2d"})

SAME = {
    "renamed": ("def conv2d(x, w):\n    acc = x * w\n    return acc.sum()\n",
                "def conv2d(img, kern):\n    total = img * kern\n    return total.sum()\n"),
    "comments and spacing": ("def conv2d(x, w):\n    y = x+w  # add\n    return y\n",
                             "def conv2d(x, w):\n    '''Add them.'''\n\n    y = (x +\n         w)\n    return y\n"),
    "literals": ("def conv2d(x, w):\n    if x.ndim != 4:\n        raise ValueError('x must be 4-D')\n    return x[0] * 2.5\n",
                 "def conv2d(x, w):\n    if x.ndim != 3:\n        raise ValueError(f'bad {x.shape}')\n    return x[1] * 7\n"),
    "function order": ("def helper(a):\n    return a + 1\n\n\ndef conv2d(x, w):\n    return helper(x) @ w\n",
                       "def conv2d(x, w):\n    return helper(x) @ w\n\n\ndef helper(a):\n    return a + 1\n"),
    "loop and comprehension": ("def conv2d(x, w):\n    out = []\n    for g in range(4):\n        out.append(x[g] @ w[g])\n    return out\n",
                               "def conv2d(x, w):\n    out = [x[g] @ w[g] for g in range(4)]\n    return out\n"),
    "nested loop with if": (
        "def conv2d(x, w):\n    r = []\n    for i in x:\n        for j in w:\n            if i < j:\n                r.append(i * j)\n    return r\n",
        "def conv2d(x, w):\n    r = [i * j for i in x for j in w if i < j]\n    return r\n"),
    "accumulating loop and sum": ("def conv2d(x, w):\n    t = 0\n    for k in range(3):\n        t += x[k] * w[k]\n    return t\n",
                                  "def conv2d(x, w):\n    t = sum(x[k] * w[k] for k in range(3))\n    return t\n"),
    "augmented assignment": ("def conv2d(x, w):\n    x += w\n    return x\n", "def conv2d(x, w):\n    x = x + w\n    return x\n"),
    "operand order": ("def conv2d(x, w):\n    return w * x + 1\n", "def conv2d(x, w):\n    return 1 + x * w\n"),
    "flipped comparison": ("def conv2d(x, w):\n    if x.size > w.size:\n        return x\n    return w\n",
                           "def conv2d(x, w):\n    if w.size < x.size:\n        return x\n    return w\n"),
    "type hints": ("def conv2d(x: 'np.ndarray', w) -> 'np.ndarray':\n    n: int = 3\n    return x[n]\n",
                   "def conv2d(x, w):\n    n = 3\n    return x[n]\n"),
    "import styles": ("import numpy as np\n\ndef conv2d(x, w):\n    return np.pad(x, 1)\n",
                      "from numpy import pad as p\n\ndef conv2d(x, w):\n    return p(x, 1)\n"),
    "dead code": ("def conv2d(x, w):\n    return x @ w\n",
                  "def conv2d(x, w):\n    debug = 0\n    if False:\n        x = x * 2\n    print('here')\n    assert x.ndim == 2\n"
                  "    return x @ w\n    x = None\n\n\ndef unused_helper(q):\n    return q\n"),
}

DIFFERENT = {
    "matmul vs einsum": ("import numpy as np\ndef conv2d(x, w):\n    return x @ w\n",
                         "import numpy as np\ndef conv2d(x, w):\n    return np.einsum('ij,jk->ik', x, w)\n"),
    "sum vs max": ("def conv2d(x, w):\n    return (x * w).sum()\n", "def conv2d(x, w):\n    return (x * w).max()\n"),
}


def _texts(code: str) -> list[str]:
    return normalize([(code, 1)], KEEP).texts


@pytest.mark.parametrize("name", list(SAME))
def test_disguise_leaves_tokens_unchanged(name):
    a, b = SAME[name]
    assert _texts(a) == _texts(b)


@pytest.mark.parametrize("name", list(DIFFERENT))
def test_different_code_stays_different(name):
    a, b = DIFFERENT[name]
    assert _texts(a) != _texts(b)


def test_lines_point_back_to_the_source_and_notebook_cells():
    cell1 = "import numpy as np\n"
    cell2 = "def conv2d(x, w):\n\n    y = x @ w\n    return y\n"
    tokens = normalize([(cell1, 1), (cell2, 3)], KEEP)
    at = tokens.texts.index("@")
    assert tokens.lines[at] == (5, 5)          # cell 2 starts at line 3 of the view; `y = x @ w` is its 3rd line


def test_broken_and_absurd_code_never_raises():
    deep = "def conv2d(x, w):\n    return " + "(" * 150 + "x" + ")" * 150 + "\n"
    for code in ("def conv2d(x, w:\n    return x\n", deep, "x = " + " + ".join(["x"] * 5000) + "\n", "\x00\x01", ""):
        tokens = normalize([(code, 1)], KEEP)
        assert len(tokens.texts) == len(tokens.lines) == len(tokens.units)
