"""Suite of a2_conv2d. Bump SUITE_VERSION whenever a case changes (it keys the reference cache)."""

SUITE_VERSION = "a2_conv2d-2"
