"""Which edition of convgrade this is.

"instructor": the repository; torch computes every reference. "student": the student wheel
(`convgrade release --bundle` writes this file with EDITION = "student" into it); the references
and what the diagnosis compares against on public cases come from autograder/precomputed/,
recorded with torch when the bundle was made, and torch is never imported.
"""
EDITION = "instructor"
