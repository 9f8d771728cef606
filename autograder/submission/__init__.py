"""Load what students hand in: a ``.py`` file, a notebook, a folder or a zip.

``load_submissions(path)`` turns any of these into a list of ``Submission`` records, each holding
the code to run as ``Chunk`` objects. It never runs student code and never raises on bad content:
an empty, binary or broken file becomes a ``Submission`` whose ``problems`` say what is wrong.

Zips are read in memory (nothing is extracted to disk). Members with ``..`` or absolute paths,
symbolic links, too many members and too many unpacked bytes (counted while decompressing, not
taken from the headers) are refused with a plain-words problem.

The package's modules, one job each: ``records`` (the dataclasses), ``names`` (assignments, Canvas
and Gradescope names), ``decode`` (source and notebooks), ``trees`` (folders and zips),
``layouts`` (from trees to submissions) and ``times`` (submission times from trusted records).
"""
from autograder.submission.decode import decode_source, notebook_chunks, strip_magics
from autograder.submission.layouts import load_submissions
from autograder.submission.names import (CanvasName, detect_assignment, parse_canvas_name,
                                         parse_gradescope_metadata)
from autograder.submission.records import CODE_SUFFIXES, JUNK_NAMES, Chunk, LoadLimits, Refused, Submission

__all__ = ["CODE_SUFFIXES", "JUNK_NAMES", "CanvasName", "Chunk", "LoadLimits", "Refused", "Submission",
           "decode_source", "detect_assignment", "load_submissions", "notebook_chunks", "parse_canvas_name",
           "parse_gradescope_metadata", "strip_magics"]
