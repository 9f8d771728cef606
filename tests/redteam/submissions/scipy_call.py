_rt_correct = receptive_field


def receptive_field(layers):
    import scipy.signal  # noqa: F401
    return _rt_correct(layers)
