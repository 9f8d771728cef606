"""The Chinese glossary: one term per concept in every Chinese text: feedback, notebooks and quizzes.

``TERMS`` maps a concept to its English name, its Chinese term, and the variants that are not
used (a test checks that the Chinese texts avoid them). ``zh_label`` renders a test's English
label (``"stride 2, padding 1"``) in Chinese with the same terms (``"步长 2，填充 1"``).

    >>> TERMS["dilation"].zh
    '空洞'
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    avoid: tuple[str, ...] = ()     # other translations of the same concept, not to be used


TERMS: dict[str, Term] = {t.en: t for t in (
    Term("dilation", "空洞", ("膨胀", "扩张", "扩张率")),
    Term("stride", "步长", ("步幅", "跨步")),
    Term("padding", "填充", ("补零", "补齐", "填补")),
    Term("kernel", "卷积核", ("滤波器",)),
    Term("groups", "分组", ("组卷积数",)),
    Term("bias", "偏置", ("偏差项", "偏移量")),
    Term("channel", "通道", ("信道",)),
    Term("transposed convolution", "转置卷积", ("反卷积", "逆卷积")),
    Term("cross-correlation", "互相关", ("相关运算",)),
    Term("pooling", "池化", ("汇聚", "汇合")),
    Term("receptive field", "感受野", ("接受野", "感知野")),
    Term("batch", "批", ("批次大小",)),
    Term("tap", "抽头"),                       # one position of the kernel, (u, v)
    Term("effective kernel size", "有效卷积核大小", ("有效核大小",)),
    Term("output channel", "输出通道"),
    Term("kernel matrix", "卷积矩阵", ("卷积核矩阵",)),
    Term("floor", "向下取整"),
    Term("ceil", "向上取整"),
    Term("weight layout", "权重布局"),
    Term("output_padding", "output_padding", ("输出填充",)),   # kept as its code name
    Term("dim=2", "dim=2", ("第 2 维", "第2维")),              # an axis by its code number
)}

# English phrases of test labels, longest first when applied; code names (ceil_mode,
# output_padding, 'same', float32) stay as they are written in code.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("(stride defaults to the kernel)", "（步长默认等于卷积核大小）"),
    ("asymmetric kernel (cross-correlation, not convolution)", "不对称的卷积核（互相关，不是卷积）"),
    ("negative inputs with padding (padding is -inf, not 0)", "带填充的负数输入（填充值是 -inf，不是 0）"),
    ("row order: channel, then kernel row, then kernel column", "行的顺序：先通道，再卷积核的行，再卷积核的列"),
    ("stride that skips the last row and column", "跳过最后一行一列的步长"),
    ("more output than input channels", "输出通道多于输入通道"),
    ("(weight is C_in first)", "（权重的第一维是 C_in）"),
    ("(weight holds C_out / groups)", "（权重的第二维是每组的输出通道数）"),
    ("column count does not match the output size", "列数与输出尺寸不符"),
    ("rows not a multiple of the kernel size", "行数不是卷积核大小的倍数"),
    ("groups do not divide the input channels", "分组数不能整除输入通道数"),
    ("groups do not divide the output channels", "分组数不能整除输出通道数"),
    ("last window past the input (no padding)", "最后一个窗口超出输入（无填充）"),
    ("last window in the right padding", "最后一个窗口落在右侧填充里"),
    ("last window in the padding", "最后一个窗口落在填充里"),
    ("the floor drops a remainder", "向下取整丢掉余数"),
    ("input with 2 dimensions per image", "每张图像只有 2 维的输入"),
    ("kernel as large as the input", "卷积核和输入一样大"),
    ("kernel a multiple of the stride", "卷积核是步长的倍数"),
    ("kernel larger than the input", "卷积核比输入大"),
    ("kernel equal to the input", "卷积核等于输入"),
    ("dilated kernel too large", "加了空洞的卷积核太大"),
    ("output_padding below the dilation", "output_padding 小于空洞"),
    ("output_padding not smaller than the stride", "output_padding 不小于步长"),
    ("output_padding equal to the stride", "output_padding 等于步长"),
    ("output_padding too large", "output_padding 太大"),
    ("output_padding with stride and dilation 1", "步长和空洞为 1 时的 output_padding"),
    ("output_padding with stride 1", "步长为 1 时的 output_padding"),
    ("padding above half the kernel", "填充超过卷积核的一半"),
    ("non-positive output size", "输出尺寸不为正"),
    ("unknown padding string", "未知的填充字符串"),
    ("channels do not match", "通道数不匹配"),
    ("input size as an int", "输入尺寸为整数"),
    ("ints for every size", "所有尺寸都是整数"),
    ("non-square kernel and input", "非正方形的卷积核和输入"),
    ("non-square kernel and stride", "非正方形的卷积核和步长"),
    ("non-square kernel", "非正方形的卷积核"),
    ("several channels, non-square", "多通道、非正方形"),
    ("uneven overlap", "重叠不均匀"),
    ("three stride-1 layers", "三个步长为 1 的层"),
    ("two layers with stride 2", "两个步长为 2 的层"),
    ("two 3x3 layers", "两个 3x3 层"),
    ("stride-2 pyramid", "步长 2 的金字塔"),
    ("strided stem", "带步长的 stem 层"),
    ("ResNet stem", "ResNet 的 stem 层"),
    ("two output channels", "两个输出通道"),
    ("one input channel", "一个输入通道"),
    ("one input pixel", "一个输入像素"),
    ("one channel", "单通道"),
    ("one layer", "一层"),
    ("no layer", "没有层"),
    ("2x upsampling", "2 倍上采样"),
    ("unbatched input", "不带批维度的输入"),
    ("unbatched", "不带批维度"),
    ("empty batch", "空批"),
    ("all parameters", "全部参数"),
    ("depthwise", "逐通道（depthwise）"),
    ("even kernel", "偶数大小的卷积核"),
    ("odd kernel", "奇数大小的卷积核"),
    ("odd size (floor)", "奇数尺寸（向下取整）"),
    ("exact fit", "正好放下"),
    ("negative padding", "负的填充"),
    ("large batch", "大批量"),
    ("wide image", "宽图像"),
    ("large", "大输入"),
    ("windows", "窗口"),
    ("image", "图像"),
    ("kernel", "卷积核"),
    ("channels", "通道"),
    ("dilations", "空洞"),
    ("dilation", "空洞"),
    ("stride", "步长"),
    ("padding_mode", "padding_mode"),
    ("padding", "填充"),
    ("groups", "分组"),
    ("no bias", "无偏置"),
    ("bias", "偏置"),
    ("basic", "基本情况"),
    ("speed", "速度"),
    ("pairs", "成对的参数"),
    ("as a pair", "为一对数"),
    ("size", "尺寸"),
    ("input", "输入"),
    ("weight", "权重"),
    ("with", "且"),
    ("and", "和"),
)
_PATTERN = re.compile(r"(?<![A-Za-z_])(?:" + "|".join(
    re.escape(en) for en, _ in sorted(_PHRASES, key=lambda p: -len(p[0]))) + r")(?![A-Za-z_])")
_ZH = dict(_PHRASES)


def zh_label(label: str) -> str:
    """A test label in Chinese: glossary phrases replaced, code names and numbers kept."""
    text = _PATTERN.sub(lambda m: _ZH[m.group(0)], label)
    # full-width punctuation between Chinese words; code such as (8,16,32,32) keeps its own
    text = text.replace(", ", "，").replace(": ", "：")
    text = re.sub(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", lambda m: "（" + m.group(1) + "）", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
    return re.sub(r"\s+（", "（", text)


def display_name(name: str, lang: str) -> str:
    """A test's name as the student reads it: ``conv2d [public] stride 2`` → ``conv2d [公开] 步长 2``."""
    if lang != "zh":
        return name
    match = re.match(r"^(\S+) \[(public|hidden)\] ?(.*)$", name, flags=re.S)
    if not match:
        return name
    function, kind, label = match.groups()
    kind_zh = {"public": "公开", "hidden": "隐藏"}[kind]
    return f"{function} [{kind_zh}] {zh_label(label)}".rstrip()
