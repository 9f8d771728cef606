"""The formulas the course teaches. They write the worked solutions; torch decides the answer."""
from __future__ import annotations


def effective_kernel(k: int, d: int = 1) -> int:
    """d·(k−1) + 1."""
    return d * (k - 1) + 1


def conv_out(L: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """floor((L + 2p − d(k−1) − 1) / s) + 1."""
    return (L + 2 * p - d * (k - 1) - 1) // s + 1


def conv_transpose_out(L: int, k: int, s: int = 1, p: int = 0, op: int = 0, d: int = 1) -> int:
    """(L − 1)·s − 2p + d(k−1) + output_padding + 1."""
    return (L - 1) * s - 2 * p + d * (k - 1) + op + 1


def pool_out(L: int, k: int, s: int | None = None, p: int = 0, d: int = 1, ceil_mode: bool = False) -> int:
    """floor or ceil((L + 2p − d(k−1) − 1)/s) + 1; with ceil, minus 1 when the last window
    would start in the right padding (start ≥ L + p)."""
    s = k if s is None else s
    num = L + 2 * p - d * (k - 1) - 1
    out = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= L + p:
        out -= 1
    return out


def same_padding(k: int, d: int = 1) -> tuple[int, int]:
    """Total d(k−1); before = total // 2, the odd extra after (right/bottom)."""
    total = d * (k - 1)
    return total // 2, total - total // 2


def conv_params(cin: int, cout: int, kh: int, kw: int, groups: int = 1, bias: bool = True) -> int:
    """cout · (cin/groups) · kh · kw weights, plus cout biases."""
    return cout * (cin // groups) * kh * kw + (cout if bias else 0)


def receptive_field(layers) -> int:
    """1 + Σ_l d_l(k_l − 1) · Π_{m<l} s_m, layers (k, s, d) first layer first."""
    rf, jump = 1, 1
    for k, s, d in layers:
        rf += d * (k - 1) * jump
        jump *= s
    return rf


def conv_macs(cin: int, cout: int, kh: int, kw: int, ho: int, wo: int, groups: int = 1, n: int = 1) -> int:
    """N · C_out · H_out · W_out · (C_in/groups) · kh · kw multiply-accumulates."""
    return n * cout * ho * wo * (cin // groups) * kh * kw


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def frac(a: int, b: int) -> float:
    """a / b left unfloored (the no-floor mistake), rounded for display."""
    return round(a / b, 2)


__all__ = [n for n in dir() if not n.startswith("_") and n not in ("math", "annotations")]
