"""How answers are written down: numbers, shapes ("1x16x32x32" or "(1, 16, 32, 32)"), letters."""
from __future__ import annotations

import re
from fractions import Fraction

_SHAPE_SPLIT = re.compile(r"\s*[xX×*,]\s*|\s+")


def format_number(value) -> str:
    """An int as itself; a fraction (the no-floor mistake) with at most two decimals."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(int(value))


def format_shape(shape) -> str:
    """(1, 16, 32, 32) -> '1x16x32x32', the form the responses CSV uses."""
    return "x".join(str(int(v)) for v in shape)


def format_tuple(shape) -> str:
    return "(" + ", ".join(format_number(v) for v in shape) + ")"


def parse_number(text: str) -> float:
    """A decimal or a fraction 'a/b'; raises ValueError otherwise."""
    text = text.strip()
    if not text:
        raise ValueError("empty")
    return float(Fraction(text)) if "/" in text else float(text)


def parse_shape(text: str) -> tuple[int, ...]:
    """'1x16x32x32', '1 X 16 x 32 x 32', '1*16*32*32', '1 16 32 32', '(1,16,32,32)' or
    '[1, 16, 32, 32]' -> a tuple of ints."""
    body = text.strip()
    if body[:1] in "([" and body[-1:] in ")]":
        body = body[1:-1]
    parts = [p for p in _SHAPE_SPLIT.split(body.strip()) if p != ""]
    if not parts:
        raise ValueError("empty")
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{text!r} is not a shape such as 1x16x32x32") from None


def same_value(a, b) -> bool:
    """Equality of answers: numbers by value, shapes element by element."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))
                and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b)))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return float(a) == float(b)
