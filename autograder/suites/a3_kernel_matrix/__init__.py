"""Suite of a3_kernel_matrix. Bump SUITE_VERSION whenever a case changes (it keys the reference cache)."""

SUITE_VERSION = "a3_kernel_matrix-2"
