"""Plain records of a quiz: options, questions, one student's quiz, the whole quiz.

Rendering lives in ``export/``; these classes only hold data and turn it into JSON-able dicts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("numeric", "multichoice", "shape")
LETTERS = "ABCD"


@dataclass
class Option:
    letter: str
    value: Any                  # int, float, list (a shape) or a layer written as code
    text: str
    misconception: str | None   # None for the correct option
    feedback: str               # student words; empty for the correct option


@dataclass
class Question:
    id: str                     # q1, q2, ...
    type: str                   # template name
    kind: str                   # one of KINDS
    params: dict
    prompt: str
    answer: Any                 # int / float for numeric, a letter for multichoice, a list for shape
    answer_value: Any           # the correct value itself (the option's value for multichoice)
    formula_answer: Any         # what the worked formula gives (always equal to answer_value)
    solution: str               # the worked solution, formula included
    verification: dict          # how torch produced the answer
    options: list[Option] = field(default_factory=list)
    misconceptions: dict = field(default_factory=dict)   # id -> the value that mistake gives

    def to_dict(self) -> dict:
        """The JSON form (values are already plain: lists, dicts, numbers, strings)."""
        d = {f: getattr(self, f) for f in _QUESTION_FIELDS}
        d["options"] = [o.__dict__.copy() for o in self.options]
        return d


_QUESTION_FIELDS = [f for f in Question.__dataclass_fields__ if f != "options"]


@dataclass
class StudentQuiz:
    student_id: str
    seed_part: int              # the student part of np.random.default_rng([seed, student, q])
    questions: list[Question]


@dataclass
class Quiz:
    seed: int
    lang: str
    types: list[str]            # template of each question, q1 first
    students: list[StudentQuiz]
    meta: dict = field(default_factory=dict)

    def to_dict(self, students: bool = True) -> dict:
        """The JSON form; ``students=False`` leaves the students out (the key writes them one by one)."""
        d = {
            "format": "convgrade-quiz-key",
            "version": 1,
            "seed": self.seed,
            "lang": self.lang,
            "types": list(self.types),
            "meta": dict(self.meta),
        }
        if students:
            d["students"] = [self.student_dict(s) for s in self.students]
        return d

    @staticmethod
    def student_dict(s: StudentQuiz) -> dict:
        return {"student_id": s.student_id, "seed_part": s.seed_part,
                "questions": [q.to_dict() for q in s.questions]}
