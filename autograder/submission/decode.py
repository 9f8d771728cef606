"""Code from bytes: Python source (UTF-8, BOM, PEP 263) and notebooks (nbgrader solution cells, or
every code cell), IPython magics blanked with line numbers kept."""
from __future__ import annotations

import io
import json
import re
import tokenize
import warnings

from autograder.submission.records import Chunk

def decode_source(data: bytes, label: str) -> tuple[str | None, str | None]:
    """Python source text from bytes (UTF-8, a BOM or a PEP 263 coding line), or a problem."""
    if not data.strip():
        return None, f"{label} is empty."
    if b"\x00" in data:
        return None, f"{label} is a binary file, not Python source code (it contains null bytes)."
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        where = f" (byte 0x{data[e.start]:02x} at position {e.start})" if isinstance(
            e, UnicodeDecodeError) else ""
        return None, (f"{label} is not UTF-8 text{where}; it may be a binary file. "
                      "Save it as UTF-8 and submit it again.")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, None


_ASSIGN_MAGIC = re.compile(r"^[A-Za-z_][\w, ]*=\s*[!%]")
_HELP = re.compile(r"^(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})$")
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


def strip_magics(code: str) -> str:
    """Replace IPython magics and shell lines (``%...``, ``!...``, ``x = !ls``, ``f?``) by
    ``pass`` at the same indentation, so that line numbers stay right. A cell magic whose body is
    not Python (``%%bash``, ``%%writefile``, ...) blanks the whole cell."""
    lines = code.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return "\n".join("" for _ in lines)
        lines[0] = ""
    out = []
    for line, starts in zip(lines, _statement_starts(lines)):
        stripped = line.lstrip()
        is_magic = starts and (stripped[:1] in ("%", "!") or _ASSIGN_MAGIC.match(stripped)
                               or _HELP.match(stripped.rstrip()))
        out.append(line[: len(line) - len(stripped)] + "pass" if is_magic else line)
    return "\n".join(out)


def _statement_starts(lines: list[str]) -> list[bool]:
    """For each line: does a new statement start on it (not inside brackets, a string, or a
    backslash continuation)? Magic lines inside an expression are left alone."""
    starts, depth, quote, cont = [], 0, "", False
    for line in lines:
        start = depth == 0 and not quote and not cont
        starts.append(start)
        stripped = line.lstrip()
        if start and (stripped[:1] in ("%", "!") or _ASSIGN_MAGIC.match(stripped)):
            continue
        cont, i = False, 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == "\\":
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            if ch == "#":
                break
            if ch in "'\"":
                quote = line[i:i + 3] if line[i:i + 3] in ("'''", '"""') else ch
                i += len(quote)
                continue
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
            elif ch == "\\" and i == len(line) - 1:
                cont = True
            i += 1
        if len(quote) == 1 and not cont:
            quote = ""
    return starts


def notebook_chunks(data: bytes, label: str) -> tuple[list[Chunk], bool, list[str]]:
    """(chunks, tolerant, problems) of a notebook. Cells with nbgrader ``solution: true`` form the
    module; without such cells every code cell is a chunk and the notebook is tolerant."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [], False, [f"{label} is not a notebook: it is not UTF-8 text "
                           f"(byte 0x{data[e.start]:02x} at position {e.start})."]
    if not text.strip():
        return [], False, [f"{label} is empty."]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        return [], False, [f"{label} is not a valid notebook: its JSON is broken at line "
                           f"{e.lineno}, column {e.colno} ({e.msg}). Was it saved completely?"]
    except RecursionError:
        return [], False, [f"{label} is not a notebook: its JSON nests lists or objects more deeply "
                           "than Python can read (thousands of levels); no notebook does that."]
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return [], False, [f"{label} is JSON but not a Jupyter notebook (it has no list of cells)."]
    import nbformat  # lazily: nbformat is slow to import where nbgrader is installed

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        cells = list(nb.cells)
    except Exception as e:  # nbformat raises many kinds (RecursionError too) on malformed notebooks
        return [], False, [f"{label} could not be read as a notebook: {_short(e)}"]
    name = label.rsplit("/", 1)[-1]
    code_cells = [(i, c) for i, c in enumerate(cells, 1) if c.get("cell_type") == "code"]
    solution = [(i, c) for i, c in code_cells if _is_solution(c)]
    tolerant = not solution
    chunks = []
    for i, cell in (code_cells if tolerant else solution):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        code = strip_magics(source.replace("\r\n", "\n"))
        if code.strip() and any(ln.strip() not in ("", "pass") for ln in code.split("\n")):
            chunks.append(Chunk(code, f"{name}, cell {i}", 1))
    if not chunks:
        what = "in the cells marked as solutions" if solution else "in any cell"
        return [], tolerant, [f"{label} has no code {what}."]
    return chunks, tolerant, []


def _is_solution(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader")
    return isinstance(meta, dict) and meta.get("solution") is True


def _short(e: Exception, limit: int = 200) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text if len(text) <= limit else text[:limit] + "..."
