# Mistake (ceil-mode-window): with ceil_mode the size is rounded up, but the rule that drops
# a last window starting in the right padding is missing.
import math


def pool_output_size(in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    if stride is None:
        stride = kernel_size
    span = in_size + 2 * padding - dilation * (kernel_size - 1) - 1
    if ceil_mode:
        return math.ceil(span / stride) + 1
    return span // stride + 1
