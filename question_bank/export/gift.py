"""GIFT: the same pools as the Moodle export, one $CATEGORY per question.

numeric → {#=answer:0 =%0%mistake:0#feedback}, shape → short answer with the accepted spellings,
multichoice → {=right#... ~wrong#feedback}. Special characters ~ = # { } : \\ are escaped."""
from __future__ import annotations

from pathlib import Path

from ..answers import format_number, format_shape
from ..i18n import texts
from ..text import to_html
from .moodle import shape_spellings
from .pool import category_path, distinct_mistakes, pools

FILENAME = "quiz.gift"
_SPECIAL = "\\~=#{}:"


_ESCAPES = tuple((c, "\\" + c) for c in _SPECIAL) + (("\n", "\\n"),)   # the backslash itself first


def escape(text: str) -> str:
    """Each special character behind a backslash; a newline as \\n."""
    for c, escaped in _ESCAPES:
        if c in text:
            text = text.replace(c, escaped)
    return text


def question_gift(q, name: str, t) -> str:
    head = f"::{escape(name)}::[html]{escape(to_html(q.prompt))}"
    feedback = t.MISCONCEPTIONS
    correct = escape(t.COMMON["correct"])
    if q.kind == "multichoice":
        lines = [(f"={escape(o.text)}#{correct}" if o.misconception is None
                  else f"~{escape(o.text)}#{escape(o.feedback)}") for o in q.options]
        body = "{\n" + "\n".join(lines) + "\n}"
    elif q.kind == "numeric":
        lines = [f"={format_number(q.answer)}:0#{correct}"]
        lines += [f"=%0%{format_number(v)}:0#{escape(feedback[m])}" for m, v in distinct_mistakes(q)]
        body = "{#\n" + "\n".join(lines) + "\n}"
    else:
        lines = [f"={escape(s)}#{correct}" for s in shape_spellings(q.answer)]
        lines += [f"=%0%{escape(format_shape(v))}#{escape(feedback[m])}" for m, v in distinct_mistakes(q)]
        body = "{\n" + "\n".join(lines) + "\n}"
    general = f"####{escape(to_html(q.solution))}"
    return f"{head}{body[:-1]}{general}\n}}"


def gift_text(quiz, variants=None) -> str:
    t = texts(quiz.lang)
    parts = []
    for qid, title, group in pools(quiz, variants):
        parts.append(f"$CATEGORY: {category_path(quiz, qid, title)}")
        for v, q in enumerate(group, start=1):
            parts.append(question_gift(q, f"{qid} v{v:03d}", t))
    return "\n\n".join(parts) + "\n"


def write(quiz, out_dir, variants=None) -> list[Path]:
    path = Path(out_dir) / FILENAME
    path.write_text(gift_text(quiz, variants), encoding="utf-8")
    return [path]
