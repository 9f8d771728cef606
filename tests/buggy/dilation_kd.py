# Mistake (dilation-ignored): in the output size, the dilated kernel is taken to span
# kernel_size * dilation pixels instead of dilation * (kernel_size - 1) + 1.


def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):
    effective = kernel_size * dilation
    return (in_size + 2 * padding - effective) // stride + 1
