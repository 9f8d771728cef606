"""`convgrade release`: student stubs, notebooks and READMEs from solutions/, the solutions
handout and the student bundle.

    files = release_files(Path("solutions"))      # {"a2_conv2d/conv2d.py": b"...", ...}
    write_release(files, Path("assignments"))
    out_of_date(files, Path("assignments"))       # [] when assignments/ is in step
"""
from .generate import ReleaseError, out_of_date, release_files, write_release
from .markers import MarkerError, find_regions, strip_markers
from .stubs import make_stub

__all__ = ["MarkerError", "ReleaseError", "find_regions", "make_stub", "out_of_date",
           "release_files", "strip_markers", "write_release"]
