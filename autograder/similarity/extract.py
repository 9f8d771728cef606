"""The code a submission compares: its chunks (a file, or a notebook's solution cells) as one view.

``extract(submission) -> Document``: the chunks joined by a blank line into ``code`` (what the
report shows, numbered from 1), with ``pieces`` = ``(chunk code, first line in the view)`` for
the normalizer and ``sections`` naming where each chunk came from ("conv2d.ipynb, cell 4").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder.submission import Submission


@dataclass
class Document:
    """One submission's code as the similarity report sees it."""

    name: str
    code: str
    pieces: list[tuple[str, int]] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)   # (first line, origin)
    problems: list[str] = field(default_factory=list)


def extract(submission: Submission) -> Document:
    """The student's code of ``submission``; a submission that could not be loaded keeps its
    problems and has no code."""
    if not submission.ok:
        problems = submission.problems or ["no code was found in it"]
        return Document(submission.name, "", problems=list(problems))
    lines: list[str] = []
    doc = Document(submission.name, "")
    for chunk in submission.chunks:
        if lines:
            lines.append("")
        first = len(lines) + 1
        code = chunk.code.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        doc.pieces.append((code, first))
        doc.sections.append((first, chunk.origin))
        lines.extend(code.split("\n"))
    doc.code = "\n".join(lines) + "\n"
    return doc


def unique_names(docs: list[Document]) -> list[Document]:
    """Give documents that share a name (from different paths) distinct names: 'x', 'x (2)'."""
    seen: dict[str, int] = {}
    for doc in docs:
        count = seen.get(doc.name, 0) + 1
        seen[doc.name] = count
        if count > 1:
            doc.name = f"{doc.name} ({count})"
    return docs
