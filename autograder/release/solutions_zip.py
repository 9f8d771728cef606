"""The solutions handout: the reference modules without their marker lines, plus a README."""
from __future__ import annotations

from pathlib import Path

from ..assignments import ASSIGNMENTS
from .generate import read_solution
from .markers import strip_markers
from .zips import write_zip

README = """# Reference solutions

One module per assignment, the reference implementation that the grader compares against
(together with PyTorch). The lines `### BEGIN SOLUTION` / `### END SOLUTION` that mark the
solution regions in the instructor's copy have been removed; the code between them is kept, so
each file runs as it is (numpy only).

# 参考答案

每个作业一个模块，是评分时与 PyTorch 一起作为标准的参考实现。讲师版本中标记答案区域的
`### BEGIN SOLUTION` / `### END SOLUTION` 两行已删除，中间的代码全部保留，所以每个文件都可以
直接运行（只依赖 numpy）。
"""


def solutions_files(solutions_dir: Path) -> dict[str, bytes]:
    files = {"solutions/README.md": README.encode("utf-8")}
    for assignment in ASSIGNMENTS.values():
        path, source = read_solution(assignment, solutions_dir)
        name = f"solutions/{assignment.name}/{assignment.filename}"
        files[name] = strip_markers(source, path).encode("utf-8")
    return files


def write_solutions_zip(solutions_dir: Path, target: Path) -> Path:
    return write_zip(target, solutions_files(solutions_dir))
