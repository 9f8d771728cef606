"""convgrade's grading engine: sandboxed student code, hidden pytest suites, torch ground truth."""

__version__ = "0.1.0"
