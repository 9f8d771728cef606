"""Student-facing sentences of the grading verdicts, in English and Chinese.

Each text is a ``str.format`` template; ``say(key, lang, **values)`` fills it in. Keep the
two languages side by side so that a new verdict is never added in one language only.
"""
from __future__ import annotations

from autograder.texts import text

TEXTS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------- verdicts of one call
    "passed": {
        "en": "Correct.",
        "zh": "正确。",
    },
    "missing": {
        "en": "Your module does not define `{function}`. Check the function's name and that it is "
              "defined at the top level of the file (not inside another function or `if`).",
        "zh": "你的模块里没有定义 `{function}`。请检查函数名是否拼写正确，并确认它定义在文件的最外层"
              "（而不是在别的函数或 `if` 语句里）。",
    },
    "raised_hidden": {
        "en": "Your function raised {exc_type}. This configuration is valid: torch computes a result.",
        "zh": "你的函数抛出了 {exc_type}。这个配置是合法的：torch 可以算出结果。",
    },
    "raised_public": {
        "en": "Your function raised {exc_type}: {exc_message}\nThis configuration is valid: torch "
              "computes a result.",
        "zh": "你的函数抛出了 {exc_type}：{exc_message}\n这个配置是合法的：torch 可以算出结果。",
    },
    "own_exception": {
        "en": "an exception of a class your code defined",
        "zh": "一个由你的代码自己定义的异常类的异常",
    },
    "not_implemented": {
        "en": "Not implemented yet: `{function}` still raises NotImplementedError.",
        "zh": "还没有实现：`{function}` 仍然抛出 NotImplementedError。",
    },
    "forbidden": {
        "en": "Your code imports `{module}`, which is not allowed in this assignment. Use numpy and "
              "the Python standard library only.",
        "zh": "你的代码导入了 `{module}`，本作业不允许使用它。只能使用 numpy 和 Python 标准库。",
    },
    "forbidden_hidden": {
        "en": "Your code imports a module that is not allowed in this assignment. Use numpy and "
              "the Python standard library only.",
        "zh": "你的代码导入了本作业不允许使用的模块。只能使用 numpy 和 Python 标准库。",
    },
    "timeout": {
        "en": "Your function did not finish within {seconds:.1f} s and was stopped. Look for an "
              "endless loop, or a loop that runs far more often than needed.",
        "zh": "你的函数在 {seconds:.1f} 秒内没有结束，已被终止。请检查是否有死循环，或者循环次数远多于需要。",
    },
    "timeout_skipped": {
        "en": "Not run: {function} already ran past its time limit {count} times, so its remaining "
              "tests score 0 without running. Look for an endless loop, or a loop that runs far more "
              "often than needed.",
        "zh": "未运行：{function} 已经 {count} 次超出时间限制，因此它其余的测试不再运行，记 0 分。"
              "请检查是否有死循环，或者循环次数远多于需要。",
    },
    "memory": {
        "en": "Your function ran out of memory (the limit is {limit}). Avoid building arrays much "
              "larger than the input and the output.",
        "zh": "你的函数内存超限（上限为 {limit}）。请避免创建比输入和输出大得多的数组。",
    },
    "crashed": {
        "en": "The process running your code stopped abruptly during this call ({detail}). "
              "The remaining tests ran in a fresh process.",
        "zh": "运行你代码的进程在这次调用中意外终止（{detail}）。其余测试在新的进程中继续运行。",
    },
    "crashed_hidden": {
        "en": "The process running your code stopped abruptly during this call. The remaining "
              "tests ran in a fresh process.",
        "zh": "运行你代码的进程在这次调用中意外终止。其余测试在新的进程中继续运行。",
    },
    "bad_return": {
        "en": "Your function returned a value the grader cannot read ({detail}). Return a plain "
              "numpy array, an int, or a tuple of these.",
        "zh": "你的函数返回了评分器无法读取的值（{detail}）。请返回普通的 numpy 数组、整数，或由它们组成的元组。",
    },
    "bad_return_hidden": {
        "en": "Your function returned a value that is not an array or a number. Return a plain "
              "numpy array, an int, or a tuple of these.",
        "zh": "你的函数返回的值既不是数组也不是数字。请返回普通的 numpy 数组、整数，或由它们组成的元组。",
    },
    "not_array": {
        "en": "Expected a numpy array{what}, but your function returned {got}.",
        "zh": "应当返回 numpy 数组{what}，但你的函数返回了 {got}。",
    },
    "not_int": {
        "en": "Expected an int{what}, but your function returned {got}. Sizes are whole numbers: "
              "use `//` or `int(...)`.",
        "zh": "应当返回整数{what}，但你的函数返回了 {got}。尺寸必须是整数：请使用 `//` 或 `int(...)`。",
    },
    "not_tuple": {
        "en": "Expected a tuple of {n} values{what}, but your function returned {got}.",
        "zh": "应当返回包含 {n} 个值的元组{what}，但你的函数返回了 {got}。",
    },
    "wrong_int": {
        "en": "Wrong value{what}: expected {expected}, got {got}.",
        "zh": "结果错误{what}：应为 {expected}，实际为 {got}。",
    },
    "wrong_int_hidden": {
        "en": "Wrong value{what}: your answer differs from torch's.",
        "zh": "结果错误{what}：你的答案与 torch 的不同。",
    },
    "shape": {
        "en": "Wrong shape{what}: expected {expected}, got {got}. Check the output-size formula "
              "(padding, stride, dilation) and the order of the axes (N, C, H, W).",
        "zh": "形状错误{what}：应为 {expected}，实际为 {got}。请检查输出尺寸公式（padding、stride、dilation）"
              "以及各维度的顺序 (N, C, H, W)。",
    },
    "shape_hidden": {
        "en": "Wrong shape{what}: your output's shape differs from the expected shape {expected}. "
              "Check the output-size formula (padding, stride, dilation) and the order of the axes "
              "(N, C, H, W).",
        "zh": "形状错误{what}：你的输出形状与期望的形状 {expected} 不同。请检查输出尺寸公式（padding、stride、"
              "dilation）以及各维度的顺序 (N, C, H, W)。",
    },
    "dtype": {
        "en": "Wrong dtype{what}: expected {expected}, got {got}. The result should have the dtype "
              "`np.result_type(x, weight)` (pooling and im2col keep `x.dtype`); a float32 input must "
              "not become float64 by accident, nor the other way round.",
        "zh": "dtype 错误{what}：应为 {expected}，实际为 {got}。结果的 dtype 应为 `np.result_type(x, weight)`"
              "（池化和 im2col 保持 `x.dtype`）；不要无意中把 float32 变成 float64，反之亦然。",
    },
    "dtype_hidden": {
        "en": "Wrong dtype{what}: expected {expected}. The result should have the dtype "
              "`np.result_type(x, weight)` (pooling and im2col keep `x.dtype`); a float32 input must "
              "not become float64 by accident, nor the other way round.",
        "zh": "dtype 错误{what}：应为 {expected}。结果的 dtype 应为 `np.result_type(x, weight)`"
              "（池化和 im2col 保持 `x.dtype`）；不要无意中把 float32 变成 float64，反之亦然。",
    },
    "int_dtype": {
        "en": "Wrong dtype{what}: expected an integer array, got {got}.",
        "zh": "dtype 错误{what}：应为整数数组，实际为 {got}。",
    },
    "int_dtype_hidden": {
        "en": "Wrong dtype{what}: expected an integer array.",
        "zh": "dtype 错误{what}：应为整数数组。",
    },
    "nonfinite": {
        "en": "Your result{what} contains NaN or infinity at {count} of {total} positions, where "
              "torch's result is finite. Look for a division by zero or an uninitialized array "
              "(`np.empty`).",
        "zh": "你的结果{what}在 {total} 个位置中有 {count} 个是 NaN 或无穷大，而 torch 的结果是有限值。"
              "请检查是否除以了零，或使用了未初始化的数组（`np.empty`）。",
    },
    "nonfinite_hidden": {
        "en": "Your result{what} contains NaN or infinity where torch's result is finite. Look for "
              "a division by zero or an uninitialized array (`np.empty`).",
        "zh": "你的结果{what}中有 NaN 或无穷大，而 torch 的结果是有限值。请检查是否除以了零，或使用了未初始化的数组"
              "（`np.empty`）。",
    },
    "values_public": {
        "en": "Wrong values{what}: {count} of {total} entries differ from torch's. The largest "
              "error is {err:.3g} at index {index}: expected {expected:.6g}, got {got:.6g} "
              "(tolerance {tol:.1e}).",
        "zh": "数值错误{what}：{total} 个元素中有 {count} 个与 torch 的结果不同。最大误差为 {err:.3g}，"
              "位于索引 {index}：应为 {expected:.6g}，实际为 {got:.6g}（容差 {tol:.1e}）。",
    },
    "values_hidden": {
        "en": "Wrong values{what}: some of the {total} entries differ from torch's.",
        "zh": "数值错误{what}：{total} 个元素中有一些与 torch 的结果不同。",
    },
    "should_raise_returned_hidden": {
        "en": "torch refuses this configuration, so your function should raise ValueError with a "
              "message saying what is wrong; it returned a result instead.",
        "zh": "torch 不接受这个配置，所以你的函数应当抛出 ValueError 并说明哪里不对；但它返回了一个结果。",
    },
    "should_raise_returned_public": {
        "en": "torch refuses this configuration ({reason}), so your function should raise "
              "ValueError with a message saying what is wrong; it returned a result instead.",
        "zh": "torch 不接受这个配置（{reason}），所以你的函数应当抛出 ValueError 并说明哪里不对；"
              "但它返回了一个结果。",
    },
    "should_raise_other_hidden": {
        "en": "torch refuses this configuration and a ValueError was expected, but your function "
              "raised {exc_type}.",
        "zh": "torch 不接受这个配置，应当抛出 ValueError，但你的函数抛出了 {exc_type}。",
    },
    "should_raise_other_public": {
        "en": "torch refuses this configuration ({reason}) and a ValueError was expected, but your "
              "function raised {exc_type}: {exc_message}",
        "zh": "torch 不接受这个配置（{reason}），应当抛出 ValueError，但你的函数抛出了 {exc_type}：{exc_message}",
    },
    "slow": {
        "en": "Correct, but too slow: {elapsed:.2f} s, {ratio:.0f}x the reference solution's time "
              "(the limit is {limit:.0f}x). Vectorize: replace the Python loops over output "
              "positions with numpy operations (im2col and one matrix product, or einsum).",
        "zh": "结果正确，但太慢：用时 {elapsed:.2f} 秒，是参考解法的 {ratio:.0f} 倍（上限为 {limit:.0f} 倍）。"
              "请向量化：用 numpy 运算（im2col 加一次矩阵乘法，或 einsum）代替对输出位置的 Python 循环。",
    },
    "slow_hidden": {
        "en": "Correct, but too slow: more than {limit:.0f}x the reference solution's time. "
              "Vectorize: replace the Python loops over output positions with numpy operations "
              "(im2col and one matrix product, or einsum).",
        "zh": "结果正确，但太慢：用时超过参考解法的 {limit:.0f} 倍。请向量化：用 numpy 运算（im2col 加一次矩阵乘法，"
              "或 einsum）代替对输出位置的 Python 循环。",
    },
    "slow_cut": {
        "en": "Too slow: stopped after {seconds:.2f} s, more than {limit:.0f}x the reference "
              "solution's time. Vectorize: replace the Python loops over output positions with "
              "numpy operations (im2col and one matrix product, or einsum).",
        "zh": "太慢：运行 {seconds:.2f} 秒后被终止，超过参考解法用时的 {limit:.0f} 倍。请向量化：用 numpy 运算"
              "（im2col 加一次矩阵乘法，或 einsum）代替对输出位置的 Python 循环。",
    },
    "slow_cut_hidden": {
        "en": "Too slow: stopped after more than {limit:.0f}x the reference solution's time. "
              "Vectorize: replace the Python loops over output positions with numpy operations "
              "(im2col and one matrix product, or einsum).",
        "zh": "太慢：运行时间超过参考解法用时的 {limit:.0f} 倍，已被终止。请向量化：用 numpy 运算"
              "（im2col 加一次矩阵乘法，或 einsum）代替对输出位置的 Python 循环。",
    },
    "case_public": {
        "en": "Call: {call}",
        "zh": "调用：{call}",
    },
    "case_hidden": {
        "en": "Hidden test: {label}. Its inputs are not shown.",
        "zh": "隐藏测试：{label}。不显示其输入。",
    },
    "smallest_case": {
        "en": "A smaller case that fails the same way:\n{call}\n{inputs}expected =\n{expected}\ngot =\n{got}",
        "zh": "一个以同样方式出错的更小的例子：\n{call}\n{inputs}期望结果 =\n{expected}\n实际结果 =\n{got}",
    },
    "expected_label": {
        "en": "expected",
        "zh": "期望结果",
    },
    "got_label": {
        "en": "got",
        "zh": "实际结果",
    },
    "output_described": {
        "en": "an array of shape {shape} and dtype {dtype} (too large to print)",
        "zh": "形状为 {shape}、dtype 为 {dtype} 的数组（太大，不打印）",
    },
    # ------------------------------------------------------------- whole submission
    "load_failed": {
        "en": "Your submission could not be loaded, so no test could run: {reason}",
        "zh": "你的提交无法加载，因此所有测试都无法运行：{reason}",
    },
    "unknown_assignment": {
        "en": "its file names do not say which assignment it is (name the file after the module, "
              "e.g. conv2d.py, or ask your TA to grade it with --assignment)",
        "zh": "从文件名看不出这是哪一次作业（请按模块命名文件，例如 conv2d.py，或请助教用 --assignment 指定作业）",
    },
    "no_submission": {
        "en": "Nothing gradable was found: {reason}",
        "zh": "没有找到可以评分的内容：{reason}",
    },
    "grader_error": {
        "en": "The grader itself failed on this submission; this is not your fault. Please tell "
              "your TA. ({reason})",
        "zh": "评分器在处理这份提交时自身出错，这不是你的问题。请告知助教。（{reason}）",
    },
    "grader_error_test": {
        "en": "The grader failed while running this test; this is not your fault.",
        "zh": "评分器在运行此测试时出错，这不是你的问题。",
    },
    "cell_errors": {
        "en": "Some notebook cells failed and were skipped:\n{cells}",
        "zh": "笔记本中有些单元格运行出错，已跳过：\n{cells}",
    },
    "worker_output": {
        "en": "What your code printed (excerpt):\n{text}",
        "zh": "你的代码输出的内容（节选）：\n{text}",
    },
    "sandbox_warning": {
        "en": "Warning: no sandbox on this machine; student code ran with resource limits only.",
        "zh": "警告：本机没有沙箱；学生代码仅在资源限制下运行。",
    },
    "wrong_assignment": {
        "en": "{file} defines {functions} of {found}, none of the functions of {expected}. "
              "Run the command again with --assignment {found}, or give the file of {expected}.",
        "zh": "{file} 定义的是 {found} 的函数（{functions}），没有定义 {expected} 的任何函数。"
              "请加上 --assignment {found} 重新运行，或者换成 {expected} 的文件。",
    },
    "final_line": {
        "en": "{name}: {score:g} / {max:g} points{scope}, {passed} of {total} tests passed",
        "zh": "{name}：{score:g} / {max:g} 分{scope}，{total} 个测试通过了 {passed} 个",
    },
    "final_scope_public": {
        "en": " on the public tests",
        "zh": "（公开测试）",
    },
    "final_not_graded": {
        "en": "{name}: 0 / {max:g} points{scope}: could not be graded ({status})",
        "zh": "{name}：0 / {max:g} 分{scope}：无法评分（{status}）",
    },
    "speed_unmeasured": {
        "en": "Values checked; the speed was not measured (no reference solution here).",
        "zh": "已检查数值；未测量速度（此处没有参考解法）。",
    },
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """The ``key`` sentence in ``lang`` (English when that language lacks it), filled in."""
    return text(TEXTS, key, lang, **values)
