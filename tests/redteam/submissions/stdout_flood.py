# receptive_field floods stdout and stderr with 40 MB, then answers wrongly.
import sys


def receptive_field(layers):
    line = "RT-SECRET 102 passed " * 50 + "\n"
    for _ in range(20000):
        sys.stdout.write(line)
        sys.stderr.write(line)
    return -1
