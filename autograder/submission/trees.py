"""A folder on disk or a zip in memory, seen the same way: a ``_Tree`` of ``_File`` entries that
load on demand. Zip members are counted while decompressing (bombs refused); links refuse to load."""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Callable

from autograder.safe_text import safe_name as show
from autograder.submission.decode import _short
from autograder.submission.records import JUNK_NAMES, LoadLimits, Refused

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
            shown = "/".join(show(p) for p in parts)
            files.append(_File(parts, path, f"{show(root.name)}/{shown}", _mtime(path),
                               _disk_loader(path, shown)))
            if len(files) > ctx.limits.max_members:
                return (f"{show(root.name)} holds more than {ctx.limits.max_members} files; "
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
            return f"{label} is refused: its member {show(info.filename)!r} has an absolute path."
        parts = tuple(p for p in name.split("/") if p not in ("", "."))
        if ".." in parts:
            return f"{label} is refused: its member {show(info.filename)!r} points outside the archive."
        mode = (info.external_attr >> 16) & 0o170000
        if mode == 0o120000:
            return f"{label} is refused: its member {show(info.filename)!r} is a symbolic link."
        if info.is_dir() or not parts or any(_is_junk(p) for p in parts):
            continue
        shown = f"{label}: {'/'.join(show(p) for p in parts)}"
        files.append(_File(parts, archive / "/".join(parts), shown, _zip_time(info),
                           _zip_loader(zf, info, shown, budget), depth))
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
