"""Pickle-free wire format between the grader and the sandboxed worker.

A message is a frame: ``MAGIC``, the header length and the payload length (``struct``
``!4sQQ``), a UTF-8 JSON header, then the raw bytes of every array in the message, one after
the other. The header holds a *value tree* in which every non-JSON value is a one-key object:

    None, bool, int, str          as themselves (str bounded when decoding)
    float                         as itself, or {"f": "nan" | "inf" | "-inf"}
    complex                       {"c": [re, im]}
    list / tuple                  {"l": [...]} / {"t": [...]}
    dict (str keys)               {"d": [[key, value], ...]}
    numpy.ndarray                 {"a": [dtype_name, shape, offset, nbytes]}  (little endian)

Decoding never trusts the other side: dtype allow-list, shape and byte counts checked against
the payload, size caps, and ``np.frombuffer(...).copy()`` so the result owns its memory.
Arrays lie in the payload in the order of the tree, each after the one before: two arrays
that share bytes (aliasing, which would let a small payload decode into a huge value) are
refused, so the decoded arrays never hold more bytes than the payload.
This module imports only the standard library and numpy: the worker loads it too.
"""
from __future__ import annotations

import json
import math
import os
import struct

import numpy as np

MAGIC = b"CGv1"
PREFIX = struct.Struct("!4sQQ")
MAX_HEADER_BYTES = 16 << 20
MAX_DEPTH = 64
MAX_ITEMS = 1_000_000
MAX_STR = 1 << 20
MAX_NDIM = 32
MAX_DIM = 1 << 40            # no axis longer than this, even in an empty array

ALLOWED_DTYPES = {
    name: np.dtype(name).newbyteorder("<")
    for name in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float16", "float32", "float64", "complex64", "complex128")
}


class ProtocolError(Exception):
    """The other side sent something that is not a valid message."""


class UnsupportedValue(TypeError):
    """A value that the wire format cannot carry (its type name is the message)."""


# ---------------------------------------------------------------- encoding

def to_tree(value, arrays: list, depth: int = 0):
    """Convert a plain value into its JSON tree; arrays are appended to ``arrays``.

    Accepts exactly the types listed in the module docstring (numpy scalars become Python
    numbers). Raises :class:`UnsupportedValue` for anything else.
    """
    if depth > MAX_DEPTH:
        raise UnsupportedValue("value nested too deeply")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value
    if t is float:
        return value if math.isfinite(value) else {"f": repr(value)}
    if t is complex:
        return {"c": [to_tree(value.real, arrays), to_tree(value.imag, arrays)]}
    if t is list or t is tuple:
        return {"l" if t is list else "t": [to_tree(v, arrays, depth + 1) for v in value]}
    if t is dict:
        items = []
        for k, v in value.items():
            if type(k) is not str:
                raise UnsupportedValue(f"dict key of type {type(k).__name__}")
            items.append([k, to_tree(v, arrays, depth + 1)])
        return {"d": items}
    if t is np.ndarray:
        name = value.dtype.name
        if name not in ALLOWED_DTYPES or value.dtype.fields is not None:
            raise UnsupportedValue(f"numpy array of dtype {value.dtype}")
        arr = value.astype(ALLOWED_DTYPES[name], order="C", copy=False)
        offset = sum(len(a) for a in arrays)
        arrays.append(memoryview(arr.reshape(-1).view(np.uint8)))
        return {"a": [name, list(arr.shape), offset, arr.nbytes]}
    if isinstance(value, np.generic):
        return to_tree(value.item(), arrays, depth)
    raise UnsupportedValue(t.__name__)


def frame(header: dict, arrays: list) -> list:
    """The buffers of one frame: prefix + JSON header + array bytes."""
    data = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    payload = sum(len(a) for a in arrays)
    return [PREFIX.pack(MAGIC, len(data), payload), data, *arrays]


def pack(header: dict, trees: dict) -> list:
    """Frame ``header`` with the values in ``trees`` converted to value trees."""
    arrays: list = []
    full = dict(header)
    for key, value in trees.items():
        full[key] = to_tree(value, arrays)
    return frame(full, arrays)


def write_all(fd: int, buffers: list) -> None:
    """Blocking write of every buffer (worker side)."""
    for buf in buffers:
        view = memoryview(buf)
        while view:
            n = os.write(fd, view)
            view = view[n:]


# ---------------------------------------------------------------- decoding

def parse_prefix(raw: bytes, max_payload: int) -> tuple[int, int]:
    """Check the fixed prefix; returns (header length, payload length)."""
    magic, hlen, plen = PREFIX.unpack(raw)
    if magic != MAGIC:
        raise ProtocolError("bad frame magic")
    if hlen > MAX_HEADER_BYTES:
        raise ProtocolError(f"header of {hlen} bytes is too large")
    if plen > max_payload:
        raise ProtocolError(f"payload of {plen} bytes exceeds the limit of {max_payload}")
    return hlen, plen


def parse_header(raw: bytes) -> dict:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"header is not JSON: {type(exc).__name__}") from None
    if type(header) is not dict:
        raise ProtocolError("header is not an object")
    return header


class Budget:
    """What is left while decoding the trees of one message: items, and the payload position
    the next array may start at (arrays never overlap)."""

    def __init__(self, items: int = MAX_ITEMS):
        self.items = items
        self.position = 0


def from_tree(tree, payload: memoryview, budget: Budget | None = None, depth: int = 0):
    """Rebuild a value from its tree, checking everything against ``payload``.

    Pass one ``budget`` to the decoding of every tree of the same message."""
    if budget is None:
        budget = Budget()
    budget.items -= 1
    if budget.items < 0:
        raise ProtocolError("too many items")
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    t = type(tree)
    if tree is None or t is bool or t is int:
        return tree
    if t is float:
        return tree
    if t is str:
        if len(tree) > MAX_STR:
            raise ProtocolError("string too long")
        return tree
    if t is not dict or len(tree) != 1:
        raise ProtocolError(f"malformed value node ({t.__name__})")
    (tag, body), = tree.items()
    if tag == "f":
        if body not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(body)
    if tag == "c":
        if type(body) is not list or len(body) != 2:
            raise ProtocolError("bad complex")
        re_, im = (from_tree(b, payload, budget, depth + 1) for b in body)
        if type(re_) is not float or type(im) is not float:
            raise ProtocolError("bad complex")
        return complex(re_, im)
    if tag in ("l", "t"):
        if type(body) is not list:
            raise ProtocolError("bad sequence")
        items = [from_tree(b, payload, budget, depth + 1) for b in body]
        return items if tag == "l" else tuple(items)
    if tag == "d":
        if type(body) is not list:
            raise ProtocolError("bad dict")
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise ProtocolError("bad dict item")
            out[pair[0]] = from_tree(pair[1], payload, budget, depth + 1)
        return out
    if tag == "a":
        return _array(body, payload, budget)
    raise ProtocolError(f"unknown value tag {tag!r}")


def _array(body, payload: memoryview, budget: Budget) -> np.ndarray:
    if type(body) is not list or len(body) != 4:
        raise ProtocolError("bad array node")
    name, shape, offset, nbytes = body
    if type(name) is not str or name not in ALLOWED_DTYPES:
        raise ProtocolError(f"dtype {str(name)[:40]!r} is not allowed")
    if (type(shape) is not list or len(shape) > MAX_NDIM
            or any(type(s) is not int or not 0 <= s <= MAX_DIM for s in shape)):
        raise ProtocolError("bad array shape")
    if (type(offset) is not int or type(nbytes) is not int
            or not 0 <= offset <= len(payload) or not 0 <= nbytes <= len(payload)):
        raise ProtocolError("bad array offsets")
    if offset < budget.position:
        raise ProtocolError("two arrays share payload bytes")
    dtype = ALLOWED_DTYPES[name]
    count = math.prod(shape)
    if count * dtype.itemsize != nbytes or offset + nbytes > len(payload):
        raise ProtocolError("array byte count does not match its shape or the payload")
    budget.position = offset + nbytes
    try:
        arr = np.frombuffer(payload, dtype=dtype, count=count, offset=offset).reshape(shape).copy()
        return arr.astype(dtype.newbyteorder("="), copy=False)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ProtocolError(f"array cannot be built: {type(exc).__name__}") from None


def read_exact(fd: int, n: int) -> bytearray:
    """Blocking read of exactly ``n`` bytes (worker side); EOF raises EOFError."""
    buf = bytearray(n)
    view = memoryview(buf)
    pos = 0
    while pos < n:
        got = os.readv(fd, [view[pos:]])
        if got == 0:
            raise EOFError("pipe closed")
        pos += got
    return buf


def read_message(fd: int, max_payload: int) -> tuple[dict, memoryview]:
    """Blocking read of one frame (worker side): (header, payload)."""
    hlen, plen = parse_prefix(bytes(read_exact(fd, PREFIX.size)), max_payload)
    header = parse_header(bytes(read_exact(fd, hlen)))
    return header, memoryview(read_exact(fd, plen))
