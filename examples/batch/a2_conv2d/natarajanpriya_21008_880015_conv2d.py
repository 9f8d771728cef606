import numpy as np

def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    out = np.zeros((1, 1, 1, 1)
    return out
