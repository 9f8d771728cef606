"""Load what students hand in: a ``.py`` file, a notebook, a folder or a zip.

``load_submissions(path)`` turns any of these into a list of ``Submission`` records, each holding
the code to run as ``Chunk`` objects. It never runs student code and never raises on bad content:
an empty, binary or broken file becomes a ``Submission`` whose ``problems`` say what is wrong.

Zips are read in memory (nothing is extracted to disk). Members with ``..`` or absolute paths,
symbolic links, too many members and too many unpacked bytes (counted while decompressing, not
taken from the headers) are refused with a plain-words problem.
"""
from __future__ import annotations

import io
import json
import os
import re
import tokenize
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Callable

from autograder.assignments import ASSIGNMENTS, MODULE_TO_ASSIGNMENT, UnknownAssignment, get_assignment

CODE_SUFFIXES = (".py", ".ipynb", ".zip")
JUNK_NAMES = {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Chunk:
    """One piece of code the worker runs: a whole ``.py`` file or one notebook cell."""

    code: str
    origin: str          # "conv2d.py" or "conv2d.ipynb, cell 4"
    first_line: int = 1  # line of `code` within origin (for syntax error messages)


@dataclass
class Submission:
    """One student's work for one assignment, ready for the worker."""

    name: str                 # student / entry name (file stem, folder name, nbgrader student id)
    assignment: str | None    # detected from the module file name, or None
    chunks: list[Chunk]
    tolerant: bool = False    # notebook without solution metadata: failing cells are skipped
    origin: Path = Path(".")
    problems: list[str] = field(default_factory=list)   # why nothing could be loaded
    submitted_at: datetime | None = None
    warnings: list[str] = field(default_factory=list)   # worth telling the TA; grading goes on
    meta: dict[str, str] = field(default_factory=dict)  # LMS data: canvas_user_id, sid, email, ...

    @property
    def ok(self) -> bool:
        """True when there is code to run and nothing refused the submission."""
        return bool(self.chunks) and not self.problems


@dataclass(frozen=True)
class LoadLimits:
    """Sizes above which a file or an archive is refused."""

    max_source_bytes: int = 2 << 20       # one .py file
    max_notebook_bytes: int = 16 << 20    # one notebook (outputs included)
    max_archive_bytes: int = 64 << 20     # bytes actually unpacked from one zip, nested zips included
    max_members: int = 20000              # entries in a zip, files in a folder
    max_depth: int = 2                    # zips inside zips


class Refused(Exception):
    """A file that is not read at all (too large, a link, unreadable); the text is for people."""


# ---------------------------------------------------------------------------------------------
# names: assignments, Canvas file names, Gradescope metadata


_CANVAS = re.compile(
    r"^(?P<student>[^_]+?)(?P<late>_late)?_(?P<user>\d+)_(?P<file_id>\d+)_(?P<file>.+)$", re.I)
_RESUBMIT = re.compile(r"(?:-(\d+)| \((\d+)\))$")
_LANG = re.compile(r"\.[a-z]{2}(?:[-_][a-z]{2,4})?$", re.I)


@dataclass(frozen=True)
class CanvasName:
    """The parts of a Canvas bulk-download file name ``lastfirst[_late]_12345_67890_conv2d-1.py``."""

    student: str
    user_id: str
    file_id: str
    late: bool
    filename: str        # the name the student uploaded (Canvas renames re-uploads conv2d-1.py)
    resubmission: int    # 0 for conv2d.py, 1 for conv2d-1.py, ...


def parse_canvas_name(filename: str) -> CanvasName | None:
    """Split a Canvas bulk-download file name; None when the name is not in that form."""
    m = _CANVAS.match(filename)
    if not m:
        return None
    stem, suffix = _split_suffix(m["file"])
    r = _RESUBMIT.search(stem)
    number = int(r.group(1) or r.group(2)) if r else 0
    return CanvasName(m["student"], m["user"], m["file_id"], bool(m["late"]), m["file"], number)


def _split_suffix(filename: str) -> tuple[str, str]:
    p = PurePosixPath(filename)
    return (p.stem, p.suffix) if p.suffix else (filename, "")


def detect_assignment(filename: str) -> str | None:
    """The assignment a file name stands for: conv2d.py, conv2d.zh.ipynb, a2_conv2d.ipynb,
    Canvas's smithjo_1_2_conv2d-1.py, ...; None when the name says nothing."""
    name = PurePosixPath(filename).name
    canvas = parse_canvas_name(name)
    if canvas:
        name = canvas.filename
    stem, suffix = _split_suffix(name.lower())
    if suffix not in (".py", ".ipynb", ".zip", ""):
        return None
    stem = _RESUBMIT.sub("", stem)
    if suffix == ".ipynb":
        stem = _LANG.sub("", stem)
    for assignment in ASSIGNMENTS.values():
        for key in (assignment.module, assignment.name):
            if stem == key or stem.endswith("_" + key) or stem.endswith("-" + key):
                return assignment.name
    return None


def _assignment_of_folder(name: str) -> str | None:
    try:
        return get_assignment(name).name
    except UnknownAssignment:
        return None


def parse_gradescope_metadata(text: str) -> dict[str, dict[str, str]]:
    """Read what we need from Gradescope's ``submission_metadata.yml``: per submission folder,
    the submitters' names, sids and emails (joined with '+' for groups) and created_at."""
    out: dict[str, dict[str, str]] = {}
    current: dict[str, list[str]] | None = None
    for line in text.splitlines():
        top = re.match(r"^(submission_\w+):\s*$", line)
        if top:
            current = {}
            out[top.group(1)] = current  # type: ignore[assignment]
            continue
        m = re.match(r"^\s*-?\s*:(name|sid|email|created_at):\s*(.*?)\s*$", line)
        if current is not None and m:
            value = m.group(2).strip("'\"")
            if value:
                current.setdefault(m.group(1), []).append(value)
    return {k: {key: "+".join(vals) for key, vals in v.items()} for k, v in out.items()}


def _parse_time(text: str) -> datetime | None:
    """Gradescope's ``2024-03-01 12:34:56.789012000 -08:00`` (or ISO 8601) as an aware datetime."""
    m = re.match(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d)?$",
                 text.strip())
    if not m:
        return None
    frac = (m.group(3) or "0")[:6].ljust(6, "0")
    tz = m.group(4) or "+00:00"
    tz = "+00:00" if tz == "Z" else tz if ":" in tz else tz[:3] + ":" + tz[3:]
    try:
        return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}.{frac}{tz}")
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# reading one file's content into chunks


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
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return [], False, [f"{label} is JSON but not a Jupyter notebook (it has no list of cells)."]
    import nbformat  # lazily: nbformat is slow to import where nbgrader is installed

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        cells = list(nb.cells)
    except Exception as e:  # nbformat raises many kinds on malformed notebooks
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


# ---------------------------------------------------------------------------------------------
# trees: a folder on disk or a zip in memory, seen the same way


@dataclass
class _File:
    parts: tuple[str, ...]               # path inside the tree
    origin: Path                         # for Submission.origin
    label: str                           # for messages: "batch.zip: alice/conv2d.py"
    mtime: datetime | None
    load: Callable[[int], bytes]         # load(limit) -> bytes; raises Refused
    depth: int = 0                       # zips above it

    @property
    def name(self) -> str:
        return self.parts[-1]

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass
class _Tree:
    files: list[_File]
    depth: int = 0

    def level(self, prefix: tuple[str, ...]) -> tuple[dict[str, _File], list[str]]:
        """Files directly under prefix (by name) and the names of its subfolders."""
        n = len(prefix)
        files, dirs = {}, set()
        for f in self.files:
            if f.parts[:n] != prefix or len(f.parts) == n:
                continue
            if len(f.parts) == n + 1:
                files[f.name] = f
            else:
                dirs.add(f.parts[n])
        return files, sorted(dirs)


def _is_junk(part: str) -> bool:
    return part.startswith(".") or part in JUNK_NAMES


@dataclass
class _Budget:
    """Unpacked bytes left for one top-level archive (nested zips share it)."""

    left: int


@dataclass(frozen=True)
class _Context:
    """What one load_submissions call carries through the recursion."""

    assignment: str | None
    limits: LoadLimits

    def cap(self, suffix: str) -> int:
        lim = self.limits
        return {".py": lim.max_source_bytes, ".ipynb": lim.max_notebook_bytes}.get(
            suffix, lim.max_archive_bytes)


def _folder_tree(root: Path, ctx: _Context) -> _Tree | str:
    """A folder as a tree (symbolic links are kept as entries that refuse to load)."""
    files: list[_File] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _is_junk(d))
        for fn in sorted(filenames):
            if _is_junk(fn):
                continue
            path = Path(dirpath) / fn
            parts = path.relative_to(root).parts
            files.append(_File(parts, path, f"{root.name}/{'/'.join(parts)}", _mtime(path),
                               _disk_loader(path, "/".join(parts))))
            if len(files) > ctx.limits.max_members:
                return (f"{root.name} holds more than {ctx.limits.max_members} files; "
                        "point the grader at the submissions themselves.")
    return _Tree(files)


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.lstat().st_mtime, tz=timezone.utc)
    except OSError:
        return None


def _disk_loader(path: Path, label: str) -> Callable[[int], bytes]:
    def load(limit: int) -> bytes:
        if path.is_symlink():
            raise Refused(f"{label} is a symbolic link; submit the file itself.")
        try:
            if path.stat().st_size > limit:
                raise Refused(f"{label} is larger than {_mb(limit)}; it is refused.")
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except OSError as e:
            raise Refused(f"{label} could not be read ({e.strerror or type(e).__name__}).")
        if len(data) > limit:
            raise Refused(f"{label} is larger than {_mb(limit)}; it is refused.")
        return data

    return load


def _mb(n: int) -> str:
    return f"{n / (1 << 20):g} MB"


def _zip_tree(source, archive: Path, label: str, ctx: _Context, budget: _Budget,
              depth: int) -> _Tree | str:
    """A zip as a tree, its members read in memory on demand; a refused archive gives a str."""
    try:
        zf = zipfile.ZipFile(source)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        return f"{label} is not a valid zip archive ({_short(e)})."
    if len(infos) > ctx.limits.max_members:
        return f"{label} has more than {ctx.limits.max_members} members; it is refused."
    files = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
            return f"{label} is refused: its member {info.filename!r} has an absolute path."
        parts = tuple(p for p in name.split("/") if p not in ("", "."))
        if ".." in parts:
            return f"{label} is refused: its member {info.filename!r} points outside the archive."
        mode = (info.external_attr >> 16) & 0o170000
        if mode == 0o120000:
            return f"{label} is refused: its member {info.filename!r} is a symbolic link."
        if info.is_dir() or not parts or any(_is_junk(p) for p in parts):
            continue
        files.append(_File(parts, archive / "/".join(parts), f"{label}: {'/'.join(parts)}",
                           _zip_time(info), _zip_loader(zf, info, f"{label}: {'/'.join(parts)}",
                                                        budget), depth))
    return _Tree(files, depth)


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    try:
        return datetime(*info.date_time).astimezone()
    except (ValueError, OverflowError):
        return None


def _zip_loader(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                budget: _Budget) -> Callable[[int], bytes]:
    def load(limit: int) -> bytes:
        if info.flag_bits & 0x1:
            raise Refused(f"{label} is encrypted; submit it without a password.")
        if info.file_size > limit:
            raise Refused(f"{label} unpacks to {_mb(info.file_size)}, more than {_mb(limit)}; "
                          "it is refused.")
        data = bytearray()
        try:
            with zf.open(info) as fh:
                while True:
                    block = fh.read(1 << 16)
                    if not block:
                        break
                    data += block
                    budget.left -= len(block)
                    if len(data) > limit:
                        raise Refused(f"{label} unpacks to more than {_mb(limit)} (its header "
                                      "said less: a zip bomb?); it is refused.")
                    if budget.left < 0:
                        raise Refused(f"{label} is refused: the archive unpacks to more than "
                                      "its size limit (a zip bomb?).")
        except Refused:
            raise
        except Exception as e:  # corrupt data, bad CRC, unsupported compression
            raise Refused(f"{label} could not be unpacked ({_short(e)}).")
        return bytes(data)

    return load


# ---------------------------------------------------------------------------------------------
# from trees to submissions


def load_submissions(path: Path | str, assignment: str | None = None, *,
                     limits: LoadLimits = LoadLimits()) -> list[Submission]:
    """All submissions in ``path``: a ``.py`` file, a notebook, a folder or a zip.

    ``assignment`` (a1 / a1_shapes / shapes) overrides what the file names say; an unknown name
    raises ``UnknownAssignment``. Bad content never raises: it becomes a Submission with problems.
    """
    path = Path(path)
    ctx = _Context(get_assignment(assignment).name if assignment else None, limits)
    name = path.resolve().name if path.is_dir() else _entry_name(path.name)[0]
    if not path.exists():
        return [_failed(name, path, ctx, f"{path.name} does not exist.")]
    if path.is_dir():
        tree = _folder_tree(path, ctx)
        if isinstance(tree, str):
            return [_failed(name, path, ctx, tree)]
        return _dedupe(_from_root(tree, path, name, ctx))
    if path.suffix.lower() == ".zip":
        try:
            with open(path, "rb") as fh:
                tree = _zip_tree(fh, path, path.name, ctx, _Budget(limits.max_archive_bytes), 0)
                if isinstance(tree, str):
                    return [_failed(name, path, ctx, tree)]
                return _dedupe(_from_root(tree, path, name, ctx))
        except OSError as e:
            return [_failed(name, path, ctx, f"{path.name} could not be read ({e.strerror}).")]
    file = _File((path.name,), path, path.name, _mtime(path), _disk_loader(path, path.name))
    return [_from_file(file, name, ctx)]


def _failed(name: str, origin: Path, ctx: _Context, problem: str) -> Submission:
    return Submission(name, ctx.assignment, [], False, origin, [problem], None)


def _entry_name(filename: str) -> tuple[str, dict[str, str]]:
    """A submission's name from a file name, with Canvas's parts kept as meta."""
    canvas = parse_canvas_name(filename)
    if canvas:
        meta = {"canvas_user_id": canvas.user_id, "canvas_file_id": canvas.file_id,
                "canvas_filename": canvas.filename, "resubmission": str(canvas.resubmission)}
        if canvas.late:
            meta["late"] = "true"
        return canvas.student, meta
    stem = PurePosixPath(filename).stem if filename.lower().endswith(CODE_SUFFIXES) else filename
    if filename.lower().endswith(".ipynb"):
        stem = _LANG.sub("", stem) if detect_assignment(filename) else stem
    return stem, {}


def _from_file(file: _File, name: str, ctx: _Context, hint: str | None = None,
               meta: dict[str, str] | None = None) -> Submission:
    """One file (a .py, a notebook, or a zip holding one submission) as a Submission."""
    detected = detect_assignment(file.name) or hint
    sub = Submission(name, ctx.assignment or detected, [], False, file.origin, [], file.mtime,
                     meta=dict(meta or {}))
    if file.name and not sub.meta and parse_canvas_name(file.name):
        sub.meta.update(_entry_name(file.name)[1])
    if ctx.assignment and detected and detected != ctx.assignment:
        sub.warnings.append(f"{file.label} is named for {detected} but is graded as "
                            f"{ctx.assignment}.")
    suffix = file.suffix
    if suffix not in CODE_SUFFIXES:
        sub.problems.append(f"{file.label} is not a Python file (.py), a notebook (.ipynb) "
                            "or a zip archive.")
        return sub
    try:
        data = file.load(ctx.cap(suffix))
    except Refused as e:
        sub.problems.append(str(e))
        return sub
    if suffix == ".py":
        text, problem = decode_source(data, file.label)
        if problem:
            sub.problems.append(problem)
        else:
            sub.chunks.append(Chunk(text, file.name, 1))
    elif suffix == ".ipynb":
        sub.chunks, sub.tolerant, sub.problems = notebook_chunks(data, file.label)
    else:
        return _from_nested_zip(data, file, sub, ctx)
    return sub


def _from_nested_zip(data: bytes, file: _File, sub: Submission, ctx: _Context) -> Submission:
    depth = file.depth + 1
    if depth > ctx.limits.max_depth:
        sub.problems.append(f"{file.label} nests zips too deeply; it is refused.")
        return sub
    tree = _zip_tree(io.BytesIO(data), file.origin, file.label, ctx,
                     _Budget(ctx.limits.max_archive_bytes), depth)
    if isinstance(tree, str):
        sub.problems.append(tree)
        return sub
    inner = _single(tree, (), sub.name, ctx, file.label)
    inner.meta = {**sub.meta, **inner.meta}
    inner.warnings = sub.warnings + inner.warnings
    inner.submitted_at = inner.submitted_at or sub.submitted_at
    return inner


def _from_root(tree: _Tree, origin: Path, name: str, ctx: _Context) -> list[Submission]:
    """A folder or zip named on the command line: one submission, or one per entry."""
    prefix: tuple[str, ...] = ()
    label = origin.name
    while True:
        files, dirs = tree.level(prefix)
        here = "/".join((label,) + prefix)
        if "submission_metadata.yml" in files:
            return _gradescope(tree, prefix, files["submission_metadata.yml"], dirs, ctx)
        if "submitted" in dirs and ({"nbgrader_config.py", "gradebook.db"} & set(files)
                                    or {"source", "release", "autograded"} & set(dirs)):
            prefix += ("submitted",)
            continue
        if (prefix[-1:] or (name,))[0] == "submitted":
            return _many(tree, prefix, ctx, here)
        chosen, problem = _choose(files, ctx.assignment)
        if chosen or problem:
            return [_single(tree, prefix, _root_name(origin, name), ctx, here)]
        code = [f for f in files.values() if f.suffix in CODE_SUFFIXES]
        if not code and len(dirs) == 1:
            prefix += (dirs[0],)
            continue
        if not code and dirs and ctx.assignment:
            match = [d for d in dirs if _assignment_of_folder(d) == ctx.assignment]
            if len(match) == 1 and all(_assignment_of_folder(d) for d in dirs):
                prefix += (match[0],)
                continue
        return _many(tree, prefix, ctx, here)


def _root_name(origin: Path, name: str) -> str:
    """nbgrader's submitted/<student>/<assignment>/ given directly is named for the student."""
    if origin.is_dir() and _assignment_of_folder(name) and origin.resolve().parent.name:
        return origin.resolve().parent.name
    return name


def _choose(files: dict[str, _File], assignment: str | None) -> tuple[_File | None, str | None]:
    """The file that makes this folder one submission: the module, a module notebook, or the
    only notebook; or a problem when several assignments' modules sit side by side."""
    modules = [ASSIGNMENTS[assignment].module] if assignment else list(MODULE_TO_ASSIGNMENT)
    py = [files[m + ".py"] for m in modules if m + ".py" in files]
    if len(py) > 1:
        return None, ("holds the modules of several assignments ("
                      + ", ".join(f.name for f in py) + "); say which one with --assignment.")
    if py:
        return py[0], None
    notebooks = sorted((f for f in files.values() if f.suffix == ".ipynb"), key=lambda f: f.name)
    named = [f for f in notebooks if _LANG.sub("", PurePosixPath(f.name).stem) in modules]
    if named:
        exact = [f for f in named if PurePosixPath(f.name).stem in modules]
        return (exact or named)[0], None
    others = [f for f in files.values() if f.suffix in (".py", ".zip")]
    if len(notebooks) == 1 and not others:
        return notebooks[0], None
    return None, None


def _single(tree: _Tree, prefix: tuple[str, ...], name: str, ctx: _Context, label: str,
            hint: str | None = None, meta: dict[str, str] | None = None) -> Submission:
    """A folder that stands for one student: find the one file to grade in it."""
    files, dirs = tree.level(prefix)
    chosen, problem = _choose(files, ctx.assignment)
    if problem:
        sub = Submission(name, ctx.assignment, [], False, _tree_origin(tree, prefix, files),
                         [f"{label} {problem}"], None, meta=dict(meta or {}))
        return sub
    py = [f for f in files.values() if f.suffix == ".py"]
    others = [f for f in files.values() if f.suffix in (".ipynb", ".zip")]
    if not chosen and len(py) == 1 and not others:
        chosen = py[0]
    zips = [f for f in files.values() if f.suffix == ".zip"]
    if not chosen and len(zips) == 1 and not py and len(others) == 1:
        chosen = zips[0]
    if chosen:
        return _from_file(chosen, name, ctx, hint, meta)
    code = sorted(f.name for f in files.values() if f.suffix in CODE_SUFFIXES)
    if not code and dirs:
        pick = None
        if len(dirs) == 1:
            pick = dirs[0]
        else:
            wanted = [d for d in dirs if ctx.assignment and _assignment_of_folder(d) == ctx.assignment]
            pick = wanted[0] if len(wanted) == 1 else None
        if pick:
            return _single(tree, prefix + (pick,), name, ctx, f"{label}/{pick}",
                           _assignment_of_folder(pick) or hint, meta)
    module = ASSIGNMENTS[ctx.assignment].filename if ctx.assignment else "the assignment's module"
    seen = sorted(files) + [d + "/" for d in dirs]
    found = ", ".join(seen[:8]) + (f" and {len(seen) - 8} more" if len(seen) > 8 else "")
    return Submission(name, ctx.assignment or hint, [], False, _tree_origin(tree, prefix, files),
                      [f"{label} holds no {module} and no single notebook (found: {found or 'nothing'})."],
                      None, meta=dict(meta or {}))


def _tree_origin(tree: _Tree, prefix: tuple[str, ...], files: dict[str, _File]) -> Path:
    """The path a folder inside a tree stands for (from any file below it)."""
    n = len(prefix)
    for f in tree.files:
        if f.parts[:n] == prefix:
            origin = f.origin
            for _ in range(len(f.parts) - n):
                origin = origin.parent
            return origin
    return Path(*prefix) if prefix else Path(".")


def _many(tree: _Tree, prefix: tuple[str, ...], ctx: _Context, label: str) -> list[Submission]:
    """Each code file and each subfolder at this level is one submission."""
    files, dirs = tree.level(prefix)
    subs = []
    for fname in sorted(files):
        f = files[fname]
        if f.suffix in CODE_SUFFIXES:
            name, meta = _entry_name(fname)
            subs.append(_from_file(f, name, ctx, meta=meta))
    for d in dirs:
        subs.append(_single(tree, prefix + (d,), d, ctx, f"{label}/{d}"))
    if not subs:
        subs.append(Submission(label.rsplit("/", 1)[-1], ctx.assignment, [], False,
                               _tree_origin(tree, prefix, files),
                               [f"{label} holds no .py file, notebook or zip to grade."], None))
    return subs


def _gradescope(tree: _Tree, prefix: tuple[str, ...], metadata: _File, dirs: list[str],
                ctx: _Context) -> list[Submission]:
    """Gradescope's export: submission_<id>/ folders and submission_metadata.yml beside them."""
    try:
        info = parse_gradescope_metadata(metadata.load(ctx.limits.max_source_bytes)
                                         .decode("utf-8", "replace"))
        note = None
    except Refused as e:
        info, note = {}, str(e)
    subs = []
    for d in dirs:
        m = info.get(d, {})
        name = m.get("sid") or (m.get("email", "").split("@")[0]) or _slug(m.get("name", "")) or d
        meta = {"gradescope_submission": d, **{k: v for k, v in m.items() if k != "created_at"}}
        sub = _single(tree, prefix + (d,), name, ctx, d, meta=meta)
        when = _parse_time(m.get("created_at", ""))
        sub.submitted_at = when or sub.submitted_at
        if note:
            sub.warnings.append(note)
        subs.append(sub)
    return subs


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text.strip()).strip("_")


def _dedupe(subs: list[Submission]) -> list[Submission]:
    """One submission per name: the latest (Canvas re-submission number, then time) is kept."""
    groups: dict[str, list[Submission]] = {}
    for s in subs:
        groups.setdefault(s.name, []).append(s)
    out = []
    for name, group in groups.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        group.sort(key=_recency)
        kept = group[-1]
        ignored = ", ".join(s.origin.name for s in group[:-1])
        kept.warnings.append(f"{len(group)} submissions for {name}: graded {kept.origin.name} "
                             f"(the latest), ignored {ignored}.")
        out.append(kept)
    return out


def _recency(s: Submission) -> tuple:
    when = s.submitted_at.timestamp() if s.submitted_at else float("-inf")
    return (int(s.meta.get("resubmission", 0) or 0), when, s.origin.name)
