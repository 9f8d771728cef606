"""README.md of one assignment folder, for the student (English, then Chinese)."""
from __future__ import annotations

from ..assignments import Assignment
from .content import Lesson


def _first_line(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.strip():
            return line.strip()
    return ""


def readme(assignment: Assignment, lesson: Lesson) -> str:
    a, m = assignment, assignment.module
    en_funcs = "\n".join(f"- `{f.name}`: {_first_line(f.text['en'])}" for f in lesson.functions)
    zh_funcs = "\n".join(f"- `{f.name}`：{_first_line(f.text['zh'])}" for f in lesson.functions)
    return f"""# {a.name}: {lesson.title['en']}

{lesson.summary['en']}

## Files

- `{m}.ipynb`: the notebook that teaches the topic step by step, with a public test under each
  function (`{m}.zh.ipynb`: the same in Chinese).
- `{m}.py`: the same stubs as a plain module, if you prefer an editor to Jupyter.

Work in either one; hand in the one you worked in.

## What to implement

{en_funcs}

Each function's docstring says the exact contract (shapes, dtypes, which errors to raise).
Replace every `# YOUR CODE HERE` / `raise NotImplementedError` with your code.

## Check your work locally

```
convgrade check {m}.py          # or: convgrade check {m}.ipynb
```

This runs the public tests against PyTorch and tells you which cases fail and why. It
works offline. The grader also runs hidden cases, so passing the public tests is a good sign,
not a guarantee.

## Rules

- Your module may import `numpy` and the Python standard library, nothing else: no `torch`,
  no `scipy`. A forbidden import fails the tests that reach it (at the top of the module: all of them).
- Keep the function names and signatures as they are.

---

# {a.name}：{lesson.title['zh']}

{lesson.summary['zh']}

## 文件

- `{m}.ipynb`：一步一步讲解本主题的 notebook，每个函数下面都有公开测试（中文版是 `{m}.zh.ipynb`）。
- `{m}.py`：同样的函数框架，写成普通模块，方便喜欢用编辑器的同学。

两者任选其一完成，交你实际写的那个文件。

## 要实现的函数

{zh_funcs}

每个函数的 docstring 写明了完整要求（形状、dtype、什么情况下抛出什么错误）。
把每处 `# YOUR CODE HERE` / `raise NotImplementedError` 换成你的代码。

## 在本地检查

```
convgrade check {m}.py          # 或者：convgrade check {m}.ipynb
```

它会用 PyTorch 跑公开测试，告诉你哪些用例没通过、原因是什么，不需要联网。
正式评分还有隐藏用例：公开测试全过是好兆头，但不等于满分。

## 规则

- 模块里只能 import `numpy` 和 Python 标准库，其他一律不行（不能用 `torch`、`scipy`）。
  用了被禁止的库，调用到它的测试都会失败；如果写在模块开头，所有测试都会失败。
- 不要改函数名和参数列表。
"""
