"""Suite of a4_transposed_conv. Bump SUITE_VERSION whenever a case changes (it keys the reference cache)."""

SUITE_VERSION = "a4_transposed_conv-2"
