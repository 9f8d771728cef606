# Mistake (off-by-one-size): the student rounds the division up (math.ceil) where PyTorch
# rounds down.
import math


def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):
    return math.ceil((in_size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
