# conv1d returns no array but an object that converts to the right values (once; later to zeros)
# and claims the right shape and dtype: it scores only if the grader ever calls its hooks.
import numpy as np

_rt_correct = conv1d


def _rt_wrong(*args, **kwargs):
    """The right answer plus one; a wrong shape where that would still be right (or refused)."""
    try:
        good = np.asarray(_rt_correct(*args, **kwargs)) + 1.0
    except Exception:
        return np.ones(1)
    return good if good.size else np.ones(1)


class _Liar:
    def __init__(self, good):
        self._good, self._calls = good, 0
        self.shape, self.dtype, self.ndim, self.size = good.shape, good.dtype, good.ndim, good.size

    def __array__(self, dtype=None, copy=None):
        self._calls += 1
        return self._good if self._calls == 1 else self._good * 0

    def __eq__(self, other):
        return True

    def __len__(self):
        return len(self._good)


def conv1d(*args, **kwargs):
    try:
        return _Liar(np.asarray(_rt_correct(*args, **kwargs)))
    except Exception:
        return _Liar(np.ones(1))
