"""The student bundle: stubs, notebooks, public tests and the student edition of convgrade."""
from __future__ import annotations

from pathlib import Path

from ..assignments import ASSIGNMENTS
from .generate import ReleaseError, release_files
from .leaks import find_leaks, secret_lines
from .wheel import STUDENT_DEPENDENCIES, build_wheel
from .zips import write_zip

TOP = "convgrade-student"

README = """# convgrade: student bundle

This bundle holds the four convolution assignments and a student edition of `convgrade`, the
tool that checks your work against the public tests, offline.

## Install (once)

You need Python 3.10 or newer. In this folder:

```bash
python -m venv .venv
source .venv/bin/activate            # Windows: .venv\\Scripts\\activate
{torch_step}pip install wheels/{wheel}
```

{torch_note}pip installs the rest of what `convgrade` needs ({dependencies}). Add `jupyter`
(`pip install jupyter`) if you want to work in the notebooks.

## Work

Each assignment folder holds the same stubs twice, pick one: a notebook (`.ipynb`, English;
`.zh.ipynb`, Chinese) that teaches the topic with a test cell under each function, or a plain
module (`.py`). Its README says what to implement.

{assignments}

## Check

```bash
convgrade check a2_conv2d/conv2d.py          # or the notebook: a2_conv2d/conv2d.ipynb
convgrade check a2_conv2d/conv2d.zh.ipynb    # a Chinese notebook is answered in Chinese
```

`check` runs the public tests of the assignment and explains every failure, each mistake once.
Its exit status is 0 when every test passed and 1 otherwise, so scripts can use it. The tests
are in each folder as `test_public.py`, to read: `convgrade check` runs them (plain `pytest`
cannot, it lacks the grader). The grader runs more, hidden cases with the same rules.

## Rules

Your module may use `numpy` and the Python standard library only (no torch, no scipy).

---

# convgrade 学生包

包里有四个卷积作业，以及学生版 `convgrade`：它可以离线用公开测试检查你的代码。

## 安装（只需一次）

需要 Python 3.10 或更新版本。在这个文件夹里运行：

```bash
python -m venv .venv
source .venv/bin/activate            # Windows：.venv\\Scripts\\activate
{torch_step}pip install wheels/{wheel}
```

{torch_note_zh}pip 会一并安装 `convgrade` 依赖的其他包（{dependencies}）。想用 notebook 写作业的话，再
`pip install jupyter`。

## 写作业

每个作业文件夹里，同样的函数框架有两份，任选其一：notebook（`.ipynb` 英文，`.zh.ipynb` 中文），边讲解边练习，
每个函数下面都有测试单元格；或者普通模块（`.py`）。文件夹里的 README 说明要实现什么。

## 检查

```bash
convgrade check a2_conv2d/conv2d.zh.ipynb    # 中文 notebook，提示也是中文
convgrade check a2_conv2d/conv2d.py --lang zh
```

`check` 运行该作业的公开测试，并解释每个失败的原因（同一个错误只解释一次）。全部通过时退出码为 0，否则为 1，
可以在脚本里使用。公开测试就在每个文件夹的 `test_public.py` 里，可以打开看；请用 `convgrade check` 运行它们
（直接用 `pytest` 不行，缺少评分器）。正式评分时还会按同样的规则运行更多隐藏用例。

## 规则

你的模块只能使用 `numpy` 和 Python 标准库（不能用 torch，也不能用 scipy）。
"""


TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TORCH_STEP = (f"pip install torch --index-url {TORCH_CPU_INDEX} --retries 0 --timeout 10 "
              '|| echo "CPU index not reachable: the next line takes torch from PyPI"\n')


def _install_texts() -> dict[str, str]:
    """The install lines: torch's CPU build first, from PyTorch's index, where the wheel needs torch."""
    deps = [d for d in STUDENT_DEPENDENCIES if d != "torch"]
    if "torch" not in STUDENT_DEPENDENCIES:
        return {"torch_step": "", "dependencies": ", ".join(deps),
                "torch_note": "No torch: torch's answers on the public tests, and the outputs of the known "
                              "mistakes the diagnosis compares against, come inside the wheel.\n\n",
                "torch_note_zh": "不需要 torch：公开测试上 torch 的结果，以及诊断时要对比的常见错误的输出，"
                                 "都已经放在 wheel 里。\n\n"}
    return {"torch_step": TORCH_STEP, "dependencies": ", ".join(deps),
            "torch_note": "The first pip line takes the CPU build of torch from PyTorch's own index (PyPI's "
                          "Linux build is several GB of GPU libraries you do not need); where that index "
                          "cannot be reached, pip takes torch from PyPI.\n\n",
            "torch_note_zh": "第一条 pip 命令从 PyTorch 自己的索引安装 CPU 版 torch（PyPI 上的 Linux 版带有好几 GB "
                             "用不到的 GPU 库）；连不上那个索引时，pip 会改从 PyPI 安装 torch。\n\n"}


def bundle_files(solutions_dir: Path, suites_dir: Path | None = None) -> dict[str, bytes]:
    """Every file of the bundle (archive name → bytes), checked for leaks; raises ReleaseError."""
    suites_dir = Path(suites_dir or Path(__file__).resolve().parent.parent / "suites")
    files: dict[str, bytes] = {}
    for name, data in release_files(solutions_dir).items():
        files[f"{TOP}/{name}"] = data
    for a in ASSIGNMENTS.values():
        public = suites_dir / a.name / "test_public.py"
        if public.is_file():
            files[f"{TOP}/{a.name}/test_public.py"] = public.read_bytes()
    from .precompute import precompute_all

    precomputed = {p.assignment: p.path.read_bytes() for p in precompute_all()}
    wheel, data = build_wheel(precomputed=precomputed)
    files[f"{TOP}/wheels/{wheel}"] = data
    listing = "\n".join(f"- `{a.name}/`: {a.title}" for a in ASSIGNMENTS.values())
    files[f"{TOP}/README.md"] = README.format(wheel=wheel, assignments=listing, **_install_texts()).encode("utf-8")
    public_text = "\n".join(d.decode("utf-8", "ignore") for n, d in files.items() if not n.endswith(".whl"))
    leaks = find_leaks(files, secret_lines(solutions_dir, suites_dir, public_text))
    if leaks:
        raise ReleaseError("the student bundle would leak hidden material:\n  " + "\n  ".join(leaks))
    return files


def write_bundle(solutions_dir: Path, target: Path) -> Path:
    return write_zip(target, bundle_files(solutions_dir))
