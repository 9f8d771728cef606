# conv1d returns a wrong array (values off by one) of a subclass whose comparisons and arithmetic all say "equal".
import numpy as np

_rt_correct = conv1d


def _rt_wrong(*args, **kwargs):
    """The right answer plus one; a wrong shape where that would still be right (or refused)."""
    try:
        good = np.asarray(_rt_correct(*args, **kwargs)) + 1.0
    except Exception:
        return np.ones(1)
    return good if good.size else np.ones(1)


class _Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), bool)

    def __sub__(self, other):
        return np.zeros(np.shape(self)).view(_Liar)

    __rsub__ = __sub__

    def __abs__(self):
        return np.zeros(np.shape(self)).view(_Liar)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.shape(self), bool) if ufunc in (np.not_equal, np.greater) else True

    def __array_finalize__(self, obj):
        pass


def conv1d(*args, **kwargs):
    return _rt_wrong(*args, **kwargs).view(_Liar)
