"""Red-team suite: hostile submissions, fault injection and bad input against the real grader."""
