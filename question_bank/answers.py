"""How answers are written down: numbers, shapes ("1x16x32x32" or "(1, 16, 32, 32)"), letters.

Answers are read after NFKC normalization, so full-width digits, commas and parentheses
(（3，3，2，8）, １２) read like their ASCII forms; ``shape_spellings`` lists the ways of writing a
shape that the LMS exports accept, each of which ``parse_shape`` reads back.
"""
from __future__ import annotations

import re
import unicodedata
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


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalize(text: str) -> str:
    """NFKC (full-width forms to ASCII, 、 to a comma), stripped."""
    return unicodedata.normalize("NFKC", text).replace("、", ",").strip()


def parse_number(text: str) -> float:
    """A decimal, a fraction 'a/b' or a number with thousands separators '1,234' (full-width
    forms too); raises ValueError otherwise."""
    text = normalize(text)
    if not text:
        raise ValueError("empty")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return float(Fraction(text)) if "/" in text else float(text)


def parse_shape(text: str) -> tuple[int, ...]:
    """'1x16x32x32', '1 X 16 x 32 x 32', '1*16*32*32', '1 16 32 32', '(1,16,32,32)' or
    '[1, 16, 32, 32]' (full-width forms too) -> a tuple of ints."""
    body = normalize(text)
    if body[:1] in "([" and body[-1:] in ")]":
        body = body[1:-1]
    parts = [p for p in _SHAPE_SPLIT.split(body.strip()) if p != ""]
    if not parts:
        raise ValueError("empty")
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{text!r} is not a shape such as 1x16x32x32") from None


def shape_spellings(shape) -> list[str]:
    """Ways of writing a shape that an LMS can compare as text: 3x3x2x8, 3 x 3 x 2 x 8, 3×3×2×8,
    3*3*2*8, 3 3 2 8, 3,3,2,8, (3, 3, 2, 8), [3, 3, 2, 8], （3，3，2，8）, ... (no duplicates)."""
    v = [str(int(x)) for x in shape]
    out = []
    for sep in ("x", " x ", "X", "×", " × ", "*", " * ", " ", ",", ", "):
        out.append(sep.join(v))
    for left, right in (("(", ")"), ("[", "]")):
        for sep in (", ", ","):
            out.append(left + sep.join(v) + right)
    out += ["（" + "，".join(v) + "）", "（" + "， ".join(v) + "）", "（" + ", ".join(v) + "）", "，".join(v)]
    return list(dict.fromkeys(out))


def same_value(a, b) -> bool:
    """Equality of answers: numbers by value, shapes element by element."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))
                and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b)))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return float(a) == float(b)
