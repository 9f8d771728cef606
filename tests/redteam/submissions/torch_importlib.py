import importlib

_rt_correct = receptive_field


def receptive_field(layers):
    importlib.import_module("torch")
    return _rt_correct(layers)
