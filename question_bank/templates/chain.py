"""A stack of layers: the spatial size after each one.

Conv: floor((H + 2p − d(k−1) − 1)/s) + 1; MaxPool: the same with floor or ceil_mode;
ConvTranspose: (H − 1)s − 2p + (k − 1) + output_padding + 1.
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, pick, randint
from .base import Draw

NAME = "chain"
KIND = "shape"
OWN_HINT = True   # the prompt says how to write the sizes: one format, not the shape hint


def _layer(rng, c):
    kind = pick(rng, ("conv", "conv", "pool", "convT"))
    if kind == "conv":
        spec = {"type": "conv", "cin": c, "cout": randint(rng, 2, 8), "k": pick(rng, (3, 5)),
                "s": randint(rng, 1, 2), "p": randint(rng, 0, 2), "d": 1 if chance(rng, 0.7) else 2}
    elif kind == "pool":
        spec = {"type": "pool", "cin": c, "cout": c, "k": randint(rng, 2, 3), "s": None, "p": 0,
                "ceil": chance(rng, 0.5)}
    else:
        spec = {"type": "convT", "cin": c, "cout": randint(rng, 2, 8), "k": randint(rng, 2, 4), "s": 2,
                "p": randint(rng, 0, 1), "op": randint(rng, 0, 1)}
    return spec


def code(spec) -> str:
    if spec["type"] == "conv":
        return (f"nn.Conv2d({spec['cin']}, {spec['cout']}, kernel_size={spec['k']}, stride={spec['s']}, "
                f"padding={spec['p']}, dilation={spec['d']})")
    if spec["type"] == "pool":
        return f"nn.MaxPool2d(kernel_size={spec['k']}, ceil_mode={spec['ceil']})"
    return (f"nn.ConvTranspose2d({spec['cin']}, {spec['cout']}, kernel_size={spec['k']}, stride={spec['s']}, "
            f"padding={spec['p']}, output_padding={spec['op']})")


def size_after(spec, H, ceil_everywhere=False) -> int:
    if spec["type"] == "conv":
        num = H + 2 * spec["p"] - spec["d"] * (spec["k"] - 1) - 1
        return (fm.ceil_div(num, spec["s"]) if ceil_everywhere else num // spec["s"]) + 1
    if spec["type"] == "pool":
        return fm.pool_out(H, spec["k"], None, 0, 1, spec["ceil"] or ceil_everywhere)
    return fm.conv_transpose_out(H, spec["k"], spec["s"], spec["p"], spec["op"])


def sizes(layers, H, ceil_everywhere=False):
    out = []
    for spec in layers:
        H = size_after(spec, H, ceil_everywhere)
        out.append(H)
    return out


def sample(rng, oracle) -> Draw:
    C, H = randint(rng, 1, 3), randint(rng, 12, 40)
    layers, c = [], C
    for _ in range(randint(rng, 3, 4)):
        spec = _layer(rng, c)
        layers.append(spec)
        c = spec["cout"]
    formula = sizes(layers, H)
    if min(formula) < 1 or sizes(layers, H, True) == formula:
        raise Redraw("empty output, or no rounding in the whole stack")
    params = {"C": C, "H": H, "layers": layers}
    cands = explained(tuple(formula), mistakes.chain(params))
    shapes, record = oracle.run_stack((1, C, H, H), [code(s) for s in layers])
    answer = tuple(int(s[-1]) for s in shapes)
    return Draw(params, answer, tuple(formula), record, cands)


def values(params) -> dict:
    return dict(params, n=len(params["layers"]),
                stack="\n".join(f"  {code(s)}," for s in params["layers"]))


def steps(params) -> list[tuple[str, int, int]]:
    """(layer code, size before, size after) for the worked solution."""
    H, out = params["H"], []
    for spec in params["layers"]:
        after = size_after(spec, H)
        out.append((code(spec), H, after))
        H = after
    return out


def localize(v: dict, tt: dict) -> dict:
    return dict(v, steps="\n".join(tt["step"].format(code=c, before=b, after=a) for c, b, a in steps(v)))
