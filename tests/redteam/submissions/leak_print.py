# conv1d prints the inputs it receives (every float, in full) and answers wrongly.
import numpy as np


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    for a in (x, weight, bias):
        if a is not None:
            flat = np.asarray(a).ravel()[:64].tolist()
            print("RT-SECRET", [repr(v) for v in flat], ["%.8f" % v for v in flat])
    return np.zeros(1)
