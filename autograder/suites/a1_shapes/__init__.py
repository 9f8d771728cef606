"""Suite of a1_shapes. Bump SUITE_VERSION whenever a case changes (it keys the reference cache)."""

SUITE_VERSION = "a1_shapes-3"
