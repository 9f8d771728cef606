"""Pools of variants for LMS exports: per question, the versions the first students got."""
from __future__ import annotations

import hashlib
import json

from ..i18n import texts
from ..model import Question, Quiz


def pools(quiz: Quiz, variants: int | None = None) -> list[tuple[str, str, list[Question]]]:
    """[(question id, title, [distinct variants])], q1 first; duplicates (same prompt and
    options) kept once, so an LMS never draws the same version twice."""
    students = quiz.students if variants is None else quiz.students[:variants]
    titles = texts(quiz.lang).TEMPLATES
    result = []
    for j, name in enumerate(quiz.types):
        seen, group = set(), []
        for student in students:
            q = student.questions[j]
            key = (q.prompt, tuple(o.text for o in q.options))
            if key not in seen:
                seen.add(key)
                group.append(q)
        result.append((f"q{j + 1}", titles[name]["title"], group))
    return result


def content_id(quiz: Quiz) -> str:
    """16 hex digits naming the quiz's content: seed, language, question types and the students
    (ids and seed parts, in order). Equal for the same content, different for any other quiz,
    so an LMS never merges two quizzes made with one seed."""
    content = {"seed": quiz.seed, "lang": quiz.lang, "types": list(quiz.types),
               "students": [[s.student_id, s.seed_part] for s in quiz.students]}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def category_path(quiz: Quiz, qid: str, title: str) -> str:
    return f"$course$/top/convgrade seed {quiz.seed} {content_id(quiz)}/{qid} {title}"


def distinct_mistakes(q) -> list[tuple[str, object]]:
    """(misconception, value) pairs of a numeric or shape question, one per distinct value."""
    from ..answers import same_value
    kept: list[tuple[str, object]] = []
    for mid, value in q.misconceptions.items():
        if isinstance(value, (int, float)) and not float(value).is_integer():
            continue
        if not any(same_value(value, v) for _, v in kept):
            kept.append((mid, value))
    return kept
