"""Deterministic zip files: sorted entries, a fixed timestamp, fixed permissions."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: dict[str, bytes], executable: frozenset[str] = frozenset()) -> bytes:
    """A zip of ``files`` (archive name → content) that is byte-identical for the same input."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if name in executable else 0o100644) << 16
            info.create_system = 3
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(files))
    return path
