"""Where is the output wrong? |student − torch| over the output positions, channel by channel.

``error_map_png`` draws it with matplotlib (Agg, no display needed) and hatches the border
rows / columns that the padding reaches, so a padding or stride mistake shows at a glance;
``error_map_text`` gives the same picture as a small character grid for the terminal.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np

from autograder import i18n

MAX_CHANNELS = 4
TEXT_ROWS, TEXT_COLS = 24, 48


@dataclass
class ErrorGrid:
    """|got − expected| as (channels, rows, cols) of the first image, on the shapes' common part."""

    error: np.ndarray
    wrong: np.ndarray          # bool, beyond tolerance
    got_shape: tuple
    expected_shape: tuple
    channels_total: int

    @property
    def shapes_differ(self) -> bool:
        return self.got_shape != self.expected_shape


def error_grid(got, expected, *, spatial_dims: int = 2, max_channels: int = MAX_CHANNELS) -> ErrorGrid:
    """Line up the two outputs as (channels, rows, cols) and take the absolute difference."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    g3, e3 = _as_chw(g, spatial_dims), _as_chw(e, spatial_dims)
    union = tuple(max(a, b) for a, b in zip(g3.shape, e3.shape))
    err = np.abs(_fill(g3, union) - _fill(e3, union))
    scale = float(np.max(np.abs(e3[np.isfinite(e3)]), initial=0.0))
    tol = (1e-4 if g.dtype == np.float32 else 1e-9) * max(1.0, scale)
    tol = max(tol, 1e-6 * max(1.0, scale))
    wrong = np.isnan(err) | (err > tol)
    return ErrorGrid(err[:max_channels], wrong[:max_channels], tuple(np.shape(got)),
                     tuple(np.shape(expected)), union[0])


def _fill(a: np.ndarray, shape: tuple) -> np.ndarray:
    """a in the top-left corner of a NaN array of ``shape``."""
    out = np.full(shape, np.nan)
    out[: a.shape[0], : a.shape[1], : a.shape[2]] = np.where(np.isnan(a), np.inf, a)
    return out


def _as_chw(a: np.ndarray, spatial_dims: int) -> np.ndarray:
    if spatial_dims == 1:                 # (N, C, L) or (C, L): one row per channel
        a = a[0] if a.ndim == 3 else a.reshape(1, -1) if a.ndim < 2 else a
        return a[:, None, :]
    if a.ndim >= 4:
        return a.reshape((-1,) + a.shape[-3:])[0]
    if a.ndim == 3:
        return a
    if a.ndim == 2:
        return a[None]
    return a.reshape(1, 1, -1)


def border(size: int, pad: int, stride: int = 1) -> list[int]:
    """Output positions along one axis whose window reaches into the padding (either side)."""
    if pad <= 0 or size <= 0:
        return []
    n = min(size, math.ceil(pad / max(stride, 1)))
    return sorted(set(range(n)) | set(range(size - n, size)))


# ---------------------------------------------------------------- PNG


def error_map_png(got, expected, padding=(0, 0), title: str = "", *, stride=(1, 1),
                  spatial_dims: int = 2, lang: str = "en") -> bytes:
    """A small PNG: one heat map of |got − expected| per channel (up to 4), padding border hatched."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    font = _cjk_font() if lang == "zh" else None
    if lang == "zh" and font is None:            # no font can draw Chinese: label the picture in English
        lang = "en"
        title = title if title.isascii() else ""
    with matplotlib.rc_context({"font.sans-serif": [font, "DejaVu Sans"]} if font else {}):
        return _draw(matplotlib, Figure, Rectangle, got, expected, padding, title, stride, spatial_dims, lang)


_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "AR PL UMing CN", "SimHei", "Microsoft YaHei", "PingFang SC")


def _cjk_font() -> str | None:
    """The first installed font family that can draw Chinese, if any."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FAMILIES if name in installed), None)


def _draw(matplotlib, Figure, Rectangle, got, expected, padding, title, stride, spatial_dims, lang) -> bytes:
    grid = error_grid(got, expected, spatial_dims=spatial_dims)
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    channels, rows, cols = grid.error.shape
    finite = grid.error[np.isfinite(grid.error)]
    vmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    cell = 0.38 if max(rows, cols) <= 8 else max(0.08, 3.2 / max(rows, cols))
    width = max(2.4, cols * cell + 0.9)
    height = max(1.9, rows * cell + 0.9)
    fig = Figure(figsize=(width * max(channels, 1), height + 0.4), dpi=100, layout="constrained")
    fig.suptitle(title or i18n.label("map.title", lang), fontsize=9)
    axes = fig.subplots(1, max(channels, 1), squeeze=False)[0]
    for c, ax in enumerate(axes):
        data = np.where(np.isnan(grid.error[c]), np.nan, np.minimum(grid.error[c], vmax))
        cmap = matplotlib.colormaps["Reds"].with_extremes(bad="#bbbbbb")
        image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=vmax, interpolation="nearest")
        for (r, q) in zip(*np.nonzero(np.isnan(grid.error[c]))):
            ax.text(q, r, "×", ha="center", va="center", fontsize=8, color="black")
        ax.set_title(i18n.label("map.channel", lang, c=c), fontsize=8)
        ax.set_xticks(range(cols) if cols <= 12 else [])
        ax.set_yticks(range(rows) if rows <= 12 else [])
        ax.tick_params(labelsize=6)
        for r in border(rows, ph, sh):
            ax.add_patch(Rectangle((-0.5, r - 0.5), cols, 1, fill=False, hatch="///",
                                   edgecolor="tab:blue", linewidth=0))
        for q in border(cols, pw, sw):
            ax.add_patch(Rectangle((q - 0.5, -0.5), 1, rows, fill=False, hatch="\\\\\\",
                                   edgecolor="tab:blue", linewidth=0))
        if rows <= 8 and cols <= 8:
            for (r, q), v in np.ndenumerate(grid.error[c]):
                if grid.wrong[c][r, q] and not np.isnan(v):
                    ax.text(q, r, f"{v:.2g}", ha="center", va="center", fontsize=6,
                            color="white" if v > vmax / 2 else "black")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=6)
    notes = []
    if ph or pw:
        notes.append(i18n.label("map.padding", lang) + ": ///")
    if grid.shapes_differ:
        notes.append(i18n.label("map.shapes", lang, got=grid.got_shape, expected=grid.expected_shape))
    if notes:
        fig.supxlabel("; ".join(notes), fontsize=6)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _pair(v) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        return (int(v[0]), int(v[-1]))
    if isinstance(v, str) or v is None:
        return (0, 0)
    return (int(v), int(v))


# ---------------------------------------------------------------- text


def error_map_text(got, expected, padding=(0, 0), *, stride=(1, 1), spatial_dims: int = 2,
                   lang: str = "en") -> str:
    """The error map as characters: '.' right, ':' right in the padding border, 1-9 how wrong."""
    grid = error_grid(got, expected, spatial_dims=spatial_dims)
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    channels, rows, cols = grid.error.shape
    finite = grid.error[np.isfinite(grid.error)]
    worst = float(finite.max()) if finite.size else 1.0
    lines = [i18n.label("map.text", lang)]
    if grid.shapes_differ:
        lines.append(i18n.label("map.shapes", lang, got=grid.got_shape, expected=grid.expected_shape))
    brow, bcol = set(border(rows, ph, sh)), set(border(cols, pw, sw))
    for c in range(channels):
        lines.append(i18n.label("map.channel", lang, c=c))
        for r in range(min(rows, TEXT_ROWS)):
            chars = []
            for q in range(min(cols, TEXT_COLS)):
                v = grid.error[c, r, q]
                if np.isnan(v):
                    chars.append("x")
                elif grid.wrong[c, r, q]:
                    level = 9 if not np.isfinite(v) or worst == 0 else max(1, math.ceil(9 * v / worst))
                    chars.append(str(min(level, 9)))
                else:
                    chars.append(":" if (r in brow or q in bcol) else ".")
            lines.append(" ".join(chars) + (" …" if cols > TEXT_COLS else ""))
        if rows > TEXT_ROWS:
            lines.append("…")
    if grid.channels_total > channels:
        lines.append(f"… (+{grid.channels_total - channels})")
    return "\n".join(lines)
