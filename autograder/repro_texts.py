"""Student-facing sentences of hidden-test failures, raise sites and raise patterns (en / zh).

``say(key, lang, **values)`` fills in a ``str.format`` template, as ``messages.say`` does.
"""
from __future__ import annotations

from autograder import catalogue
from autograder.texts import text

TEXTS: dict[str, dict[str, str]] = {
    "list_sep": {"en": ", ", "zh": "、"},
    "hidden_failed": {
        "en": "This hidden test failed.",
        "zh": "这个隐藏测试没有通过。",
    },
    "hidden_covers": {
        "en": "It tests `{function}` with: {features}.",
        "zh": "它测试的是 `{function}`，涉及：{features}。",
    },
    "hidden_covers_basic": {
        "en": "It tests `{function}` on a basic configuration.",
        "zh": "它测试的是 `{function}` 的基本配置。",
    },
    "hidden_no_repro": {
        "en": "None of the public configurations tried here fails, so nothing more can be shown. "
              "Test your function yourself on configurations like the one described above.",
        "zh": "这里尝试的公开配置都没有出错，因此无法给出更多信息。请自己在上面描述的这类配置上测试你的函数。",
    },
    "hidden_repro": {
        "en": "The same function also fails on a public case (public inputs; the hidden inputs are "
              "not shown):\n{call}",
        "zh": "同一个函数在一个公开的例子上也出错了（公开的输入；隐藏测试的输入不会显示）：\n{call}",
    },
    "repro_case": {
        "en": "{inputs}expected =\n{expected}\ngot =\n{got}",
        "zh": "{inputs}期望结果 =\n{expected}\n实际结果 =\n{got}",
    },
    "raised_at": {
        "en": "The exception was raised in {origin}, line {line}:\n    {source}",
        "zh": "异常在 {origin} 第 {line} 行抛出：\n    {source}",
    },
    "raise_pattern": {
        "en": "Your function raises {exc_type} exactly on the configurations where {where}, and "
              "returns a result where this is not so ({tried} configurations tried).",
        "zh": "你的函数恰好在{where}的配置上抛出 {exc_type}，在其他配置上则能返回结果（共尝试了 {tried} 个配置）。",
    },
}

# what a hidden test covers, by feature (see autograder.public_candidates.features)
FEATURES: dict[str, dict[str, str]] = {
    "stride": {"en": "stride > 1", "zh": "步长大于 1"},
    "stride-pair": {"en": "a different stride per axis", "zh": "两个方向步长不同"},
    "padding": {"en": "padding", "zh": "填充"},
    "padding-pair": {"en": "a different padding per axis", "zh": "两个方向填充不同"},
    "padding-same": {"en": "padding='same'", "zh": "padding='same'"},
    "padding-valid": {"en": "padding='valid'", "zh": "padding='valid'"},
    "dilation": {"en": "dilation > 1", "zh": "空洞率大于 1"},
    "dilation-pair": {"en": "a different dilation per axis", "zh": "两个方向空洞率不同"},
    "output_padding": {"en": "output_padding", "zh": "output_padding"},
    "groups": {"en": "groups > 1", "zh": "groups 大于 1"},
    "bias": {"en": "a bias", "zh": "偏置"},
    "no-bias": {"en": "no bias", "zh": "不带偏置"},
    "non-square": {"en": "height ≠ width", "zh": "高度与宽度不相等"},
    "non-square-kernel": {"en": "a non-square kernel", "zh": "非正方形卷积核"},
    "even-kernel": {"en": "an even kernel size", "zh": "偶数大小的卷积核"},
    "unbatched": {"en": "unbatched input", "zh": "不带批次维度的输入"},
    "empty": {"en": "an empty batch", "zh": "空批次"},
    "float32": {"en": "float32", "zh": "float32"},
    "mixed-dtype": {"en": "mixed float dtypes", "zh": "混合的浮点类型"},
    "floor": {"en": "a size the stride does not divide evenly (floor)",
              "zh": "不能被步长整除的尺寸（向下取整）"},
    "ceil_mode": {"en": "ceil_mode", "zh": "ceil_mode"},
    "no-count-pad": {"en": "count_include_pad=False", "zh": "count_include_pad=False"},
    "mode-reflect": {"en": "padding_mode 'reflect'", "zh": "padding_mode 'reflect'"},
    "mode-replicate": {"en": "padding_mode 'replicate'", "zh": "padding_mode 'replicate'"},
    "mode-circular": {"en": "padding_mode 'circular'", "zh": "padding_mode 'circular'"},
    "several-layers": {"en": "several layers", "zh": "多层"},
    "raises": {"en": "a configuration torch refuses (your function must raise ValueError)",
               "zh": "torch 拒绝的配置（你的函数必须抛出 ValueError）"},
    "speed": {"en": "a large input, where speed is graded too", "zh": "大输入，同时考查运行速度"},
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """The sentence ``key`` in ``lang`` (English when the language is unknown), filled in."""
    return text(TEXTS, key, lang, **values)


def feature_words(keys: list[str] | tuple[str, ...], lang: str = "en") -> str:
    """Features as a list in words: "stride > 1, padding, float32" (、 in Chinese)."""
    words = [text(FEATURES, k, lang) for k in keys if k in FEATURES]
    return text(TEXTS, "list_sep", lang).join(words)


def where(misconception: str, lang: str = "en") -> str:
    """Where a function raises when a raise pattern points to ``misconception`` (the catalogue's words)."""
    return text(catalogue.RAISES_WHERE, misconception, lang)
