# 8 GiB at import time.
_HOG = [bytearray(256 << 20) for _ in range(32)]
