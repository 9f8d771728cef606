"""Texts every notebook and README shares, per language."""
from __future__ import annotations

HOW_TO = {
    "en": """## How to work in this notebook

- Write your code in the cells that contain `# YOUR CODE HERE` (delete the `raise NotImplementedError` line).
  Those cells together form your module `{filename}`; the other cells are locked.
- Run the test cell under each function. It compares your result with PyTorch on a few small
  cases and prints a line such as `conv2d: 3 checks passed`. An `AssertionError` shows where
  your values differ.
- The public tests here are only a start: the grader also runs hidden cases (other shapes,
  dtypes, invalid configurations that must raise `ValueError`).
- Check the whole module from a terminal: `convgrade check {notebook}` (or `convgrade check {filename}`).
- Rules: your code may use `numpy` and the Python standard library, nothing else. `torch` is
  used here only by the test cells; an `import torch` in your own cells makes the grader fail.""",
    "zh": """## 如何使用这个 notebook

- 在含有 `# YOUR CODE HERE` 的单元格里写代码（记得删掉 `raise NotImplementedError` 那一行）。
  这些单元格合起来就是你的模块 `{filename}`，其余单元格都是锁定的。
- 每个函数下面都有一个测试单元格，运行它：它会在几个小例子上把你的结果和 PyTorch 对比，
  全部通过时打印类似 `conv2d：3 项检查全部通过` 的一行；出现 `AssertionError` 说明数值不一致，看看是哪里不同。
- 这里的公开测试只是起点：评分时还会跑隐藏用例（别的形状、别的 dtype，以及必须抛出 `ValueError` 的非法配置）。
- 在终端里检查整个模块：`convgrade check {notebook}`，中文 notebook 的检查结果也用中文显示
  （检查 `.py` 文件时加上 `--lang zh`：`convgrade check {filename} --lang zh`）。
- 规则：你的代码只能用 `numpy` 和 Python 标准库。`torch` 只给测试单元格用；如果你自己的单元格里
  `import torch`，评分器会直接判失败。""",
}

MODULE_HEADER = {
    "en": "## Your module: imports and helpers\n\nThis cell is the top of `{filename}`. Add imports "
          "here if you need them (numpy and the standard library only).",
    "zh": "## 你的模块：导入与辅助代码\n\n这个单元格是 `{filename}` 的开头。需要的话可以在这里加 import"
          "（只能用 numpy 和标准库）。",
}

HELPERS_HEADING = {"en": "Helpers", "zh": "辅助函数"}

HELPER_GIVEN = {
    "en": "Helpers of the module, given to you. You may use them or change them.",
    "zh": "模块里已经写好的辅助函数，可以直接用，也可以修改。",
}

HELPER_STUB = {
    "en": "Helpers that the functions below can build on; each docstring says what it should do. "
          "Implement them, or delete them and organise your module your own way.",
    "zh": "下面的函数可以用到的辅助函数，每个 docstring 都说明了它要做什么。可以实现它们，"
          "也可以删掉，按你自己的方式组织代码。",
}

TEST_SETUP = {
    "en": "The test cells below compare your functions with PyTorch. Run this cell once first.",
    "zh": "下面的测试单元格会把你的函数和 PyTorch 对比。先运行一次这个单元格。",
}

TEST_SETUP_CODE = """\
# Only the test cells use torch; your own code must not.
import numpy as np
import torch
import torch.nn.functional as F
import warnings

warnings.filterwarnings("ignore", message="Using padding='same'")  # a torch performance note

torch.set_default_dtype(torch.float64)"""

PASSED = {
    "en": 'print("{name}: {checks} checks passed")',
    "zh": 'print("{name}：{checks} 项检查全部通过")',
}

FUNCTION_HEADING = {"en": "## `{name}`", "zh": "## `{name}`"}
