"""Does PyTorch accept this layer on this input? Four layers, exactly one refused.

The refused one breaks a rule torch enforces: groups divide both channel counts; the dilated
kernel d(k−1)+1 fits in the padded input; output_padding < max(stride, dilation); padding='same'
only with stride 1; pooling padding ≤ kernel/2. Each accepted layer would be refused under one
misconception (``refused_under``), and its feedback says why torch runs it. Validity is read
from real CPU tensors (meta tensors accept more).
"""
from __future__ import annotations

from ..distractors import Redraw
from ..sampling import pick, randint
from .base import Draw

NAME = "accepts"
KIND = "multichoice"

REFUSED = ("groups", "dilation", "output_padding", "same_stride", "pool_padding")


def _refused(rng, family, C, H):
    if family == "groups":
        g = pick(rng, [g for g in (2, 3, 4) if C % g == 0])
        cout = g * randint(rng, 1, 3) + randint(rng, 1, g - 1)
        return f"nn.Conv2d({C}, {cout}, kernel_size=3, padding=1, groups={g})", {"g": g, "cout": cout}
    if family == "dilation":
        k, d = randint(rng, 3, 5), randint(rng, 2, 3)
        p = randint(rng, 0, 1)
        if d * (k - 1) + 1 <= H + 2 * p:
            raise Redraw("fits")
        return f"nn.Conv2d({C}, 4, kernel_size={k}, padding={p}, dilation={d})", {"k": k, "d": d, "p": p, "eff": d * (k - 1) + 1}
    if family == "output_padding":
        s = randint(rng, 1, 3)
        op = s + randint(rng, 0, 1)
        return f"nn.ConvTranspose2d({C}, 4, kernel_size=3, stride={s}, output_padding={op})", {"s": s, "op": op}
    if family == "same_stride":
        s = randint(rng, 2, 3)
        return f"nn.Conv2d({C}, 4, kernel_size=3, stride={s}, padding='same')", {"s": s}
    k = randint(rng, 2, 5)
    p = k // 2 + 1
    return f"nn.MaxPool2d(kernel_size={k}, padding={p})", {"k": k, "p": p}


def _accepted(rng, misconception, C, H):
    """(layer code, the numbers that explain why torch accepts it). Each accepted layer would be
    refused by a student who holds the misconception (and by no other of ACCEPTED): a kernel
    spanning k·d, a kernel compared with the unpadded input, 'same' taken to need an odd total
    padding, output_padding taken to need < stride."""
    if misconception == "effective-kernel-kd":
        for _ in range(50):
            k, d, p = randint(rng, 2, 4), randint(rng, 2, 3), randint(rng, 0, 2)
            if d * (k - 1) + 1 <= H and H + 2 * p < k * d:
                return (f"nn.Conv2d({C}, 4, kernel_size={k}, padding={p}, dilation={d})",
                        _info("conv", k=k, d=d, p=p, H=H))
        raise Redraw("no layer for effective-kernel-kd")
    if misconception == "padding-ignored":
        p = randint(rng, 1, 2)
        k = H + randint(rng, 1, p)
        return f"nn.Conv2d({C}, 4, kernel_size={k}, padding={p})", _info("conv", k=k, p=p, H=H)
    if misconception == "tf-same-padding":
        k = pick(rng, (2, 4))
        return f"nn.Conv2d({C}, 4, kernel_size={k}, padding='same')", _info("conv", k=k, p="same", H=H)
    s = randint(rng, 1, 2)   # output-padding-ignored: output_padding ≥ stride is fine below dilation
    d = s + randint(rng, 1, 2)
    return (f"nn.ConvTranspose2d({C}, 4, kernel_size=3, stride={s}, dilation={d}, output_padding={s})",
            _info("convT", k=3, s=s, d=d, op=s, H=H))


def _info(kind, k, H, p=0, d=1, s=1, op=0) -> dict:
    info = {"kind": kind, "k": k, "p": p, "d": d, "s": s, "op": op, "eff": d * (k - 1) + 1, "kd": k * d,
            "m": max(s, d)}
    if p == "same":
        total = d * (k - 1)
        info.update(total=total, before=total // 2, after=total - total // 2)
    else:
        info["padded"] = H + 2 * p
    return info


ACCEPTED = ("effective-kernel-kd", "padding-ignored", "tf-same-padding", "output-padding-ignored")


def refused_under(misconception: str, info: dict, H: int) -> bool:
    """Would a student who holds the misconception expect torch to refuse this layer?"""
    conv, padded = info["kind"] == "conv", info["p"] != "same"
    if misconception == "effective-kernel-kd":
        return conv and padded and info["d"] > 1 and info["kd"] > H + 2 * info["p"]
    if misconception == "padding-ignored":
        return conv and padded and info["p"] > 0 and info["eff"] > H
    if misconception == "tf-same-padding":
        return conv and not padded and info["total"] % 2 == 1
    return not conv and info["op"] >= info["s"]


def sample(rng, oracle) -> Draw:
    C, H = pick(rng, (4, 6, 8, 12)), randint(rng, 3, 7)
    family = pick(rng, REFUSED)
    refused, reason = _refused(rng, family, C, H)
    mids = [ACCEPTED[i] for i in sorted(rng.choice(len(ACCEPTED), size=3, replace=False))]
    drawn = {m: _accepted(rng, m, C, H) for m in mids}
    distractors = [(m, drawn[m][0]) for m in mids]
    codes = [refused] + [code for _, code in distractors]
    if len(set(codes)) != 4:
        raise Redraw("two options are the same layer")
    if any([m for m in ACCEPTED if refused_under(m, drawn[mid][1], H)] != [mid] for mid in mids):
        raise Redraw("a distractor is not explained by exactly its own misconception")
    records, refused_by_torch = [], []
    for code in codes:
        try:
            _, record = oracle.run_layer((1, C, H, H), code)
        except Exception as exc:            # torch_oracle.Refused
            record = {"by": "torch", "call": f"{code}(zeros{(1, C, H, H)})", "refused": str(exc)}
            refused_by_torch.append(code)
        records.append(record)
    if refused_by_torch != [refused]:
        raise Redraw("torch disagrees with the intended family")
    params = {"C": C, "H": H, "family": family, "reason": reason, "accepted": {m: drawn[m][1] for m in mids}}
    verification = {"by": "torch", "torch": oracle.version, "runs": records, "result": refused_by_torch[0]}
    cands = dict(distractors)
    return Draw(params, refused_by_torch[0], refused, verification, cands, distractors)


def values(params) -> dict:
    return dict(params, **params["reason"], shape=f"(1, {params['C']}, {params['H']}, {params['H']})")


def option_feedback(params: dict, misconception: str, tt: dict) -> str:
    """Why the layer offered for this misconception runs after all."""
    return tt["accepted"][misconception].format(H=params["H"], **params["accepted"][misconception])


def localize(v: dict, tt: dict) -> dict:
    return dict(v, why=tt[v["family"]].format(**v))
