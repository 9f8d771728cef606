# Patches builtins the way a student who thinks the tests run in their process would, and returns
# an int that claims to equal everything.
import builtins


class _AlwaysEqual(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


builtins.AssertionError = type("AssertionError", (Exception,), {})
builtins.print = lambda *a, **k: None
builtins.exit = builtins.quit = lambda *a: None


def receptive_field(layers):
    return _AlwaysEqual(-1)
