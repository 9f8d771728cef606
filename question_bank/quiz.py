"""make_quiz: one quiz per student, every answer from torch, every question with its worked solution.

Question i (1-based) of a student is drawn with ``np.random.default_rng([seed, student, i])``;
a draw that would not teach (or whose distractors collide) is drawn again from the same
generator, so the same seed always gives the same quiz.
"""
from __future__ import annotations

from collections.abc import Sequence

from . import templates as tpl
from .answers import same_value
from .distractors import Redraw, place
from .i18n import texts
from .model import LETTERS, Option, Question, Quiz, StudentQuiz
from .sampling import Student, balanced_positions, question_rng
from .torch_oracle import Oracle, Refused
from .text import option_text

MAX_DRAWS = 2000


def question_types(count: int | None = None, types: Sequence[str] | None = None) -> list[str]:
    """The template of each question: the given types, or all of them in order, repeated to count."""
    names = list(types) if types else [t.NAME for t in tpl.TEMPLATES]
    for name in names:
        tpl.get(name)
    count = len(names) if count is None else count
    return [names[i % len(names)] for i in range(count)]


def draw(template, rng, oracle: Oracle):
    """The first draw of ``template`` that teaches; raises RuntimeError after MAX_DRAWS tries."""
    for _ in range(MAX_DRAWS):
        try:
            result = template.sample(rng, oracle)
        except (Redraw, Refused):
            continue
        if not same_value(result.answer, result.formula):
            raise AssertionError(f"{template.NAME}: torch says {result.answer}, the formula {result.formula}; "
                                 f"parameters {result.params}")
        return result
    raise RuntimeError(f"{template.NAME}: no teaching draw in {MAX_DRAWS} tries")


def render(template, params: dict, lang: str) -> tuple[str, str]:
    """(prompt, worked solution) of one question in one language."""
    t = texts(lang)
    tt = t.TEMPLATES[template.NAME]
    v = template.values(params)
    if hasattr(template, "localize"):
        v = template.localize(v, tt)
    prompt = tt["prompt"].format(**v)
    if template.KIND == "shape" and not getattr(template, "OWN_HINT", False):
        prompt += "\n" + t.COMMON["hint_shape"]
    elif template.KIND == "numeric":
        prompt += "\n" + t.COMMON["hint_numeric"]
    return prompt, tt["solution"].format(**v)


def make_question(number: int, name: str, rng, oracle: Oracle, lang: str, position: int | None) -> Question:
    template = tpl.get(name)
    result = draw(template, rng, oracle)
    prompt, solution = render(template, result.params, lang)
    answer_value = _plain(result.answer)
    options: list[Option] = []
    answer = answer_value
    if template.KIND == "multichoice":
        for i, (mid, value) in enumerate(place(result.answer, result.distractors, position or 0)):
            options.append(Option(LETTERS[i], _plain(value), option_text(value), mid,
                                  option_feedback(template, result.params, mid, lang) if mid else ""))
        answer = LETTERS[position or 0]
    verification = dict(result.verification, formula_agrees=True)
    return Question(
        id=f"q{number}", type=name, kind=template.KIND, params=_plain(result.params), prompt=prompt,
        answer=answer, answer_value=answer_value, formula_answer=_plain(result.formula),
        solution=solution, verification=_plain(verification), options=options,
        misconceptions=_mistakes(template, result),
    )


def option_feedback(template, params: dict, mid: str, lang: str) -> str:
    """What a wrong option tells the student: the template's own words where it has them
    (why an accepted layer runs), else the misconception's."""
    t = texts(lang)
    if hasattr(template, "option_feedback"):
        return template.option_feedback(params, mid, t.TEMPLATES[template.NAME])
    return t.MISCONCEPTIONS[mid]


def make_student_quiz(seed: int, student: Student, names: list[str], oracle: Oracle, lang: str) -> StudentQuiz:
    n_mc = sum(tpl.get(n).KIND == "multichoice" for n in names)
    positions = iter(balanced_positions(question_rng(seed, student.seed_part, 0), n_mc))
    questions = []
    for i, name in enumerate(names, start=1):
        position = next(positions) if tpl.get(name).KIND == "multichoice" else None
        questions.append(make_question(i, name, question_rng(seed, student.seed_part, i), oracle, lang, position))
    return StudentQuiz(student.student_id, student.seed_part, questions)


def make_quiz(seed: int, students: Sequence[Student], lang: str = "en", count: int | None = None,
              types: Sequence[str] | None = None, oracle: Oracle | None = None) -> Quiz:
    """A quiz for each student; ``count`` questions (default: one of each type)."""
    if seed < 0:
        raise ValueError("the seed must be a non-negative integer")
    texts(lang)
    oracle = oracle or Oracle()
    names = question_types(count, types)
    with oracle.session():   # torch's settings switched once for the whole quiz, restored after
        quizzes = [make_student_quiz(seed, s, names, oracle, lang) for s in students]
    return Quiz(seed=seed, lang=lang, types=names, students=quizzes,
                meta={"torch": oracle.version, "questions": len(names)})


def _mistakes(template, result) -> dict:
    """The mistakes the question names: the shown ones for multiple choice, else every one."""
    chosen = dict(result.distractors) if template.KIND == "multichoice" else result.misconceptions
    return {m: _plain(v) for m, v in sorted(chosen.items())}


_SCALARS = frozenset({int, float, str, bool, type(None)})


def _plain(value):
    """Tuples to lists, recursively: the form the JSON key stores."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
