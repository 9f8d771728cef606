"""Renderings of grading results: Gradescope's results.json, the student's console table, feedback."""
