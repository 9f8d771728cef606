"""Markdown: quiz.md (every student's quiz, one section each) and key.md (answers and solutions)."""
from __future__ import annotations

from pathlib import Path

from ..i18n import texts
from ..text import answer_text


def _question(q, n: int, t) -> list[str]:
    lines = [f"### {t.COMMON['question'].format(n=n)} ({q.id}) — {t.TEMPLATES[q.type]['title']}", ""]
    for line in q.prompt.split("\n"):
        lines.append(f"    {line.strip()}" if line.startswith("  ") else line)
        if not line.startswith("  "):
            lines.append("")
    for o in q.options:
        lines.append(f"- **{o.letter}.** `{o.text}`" if o.text.startswith("nn.") else f"- **{o.letter}.** {o.text}")
    if q.options:
        lines.append("")
    lines.append(f"{t.COMMON['answer']}: ______")
    lines.append("")
    return lines


def quiz_markdown(quiz) -> str:
    t = texts(quiz.lang)
    out = []
    for student in quiz.students:
        out += [f"# {t.COMMON['quiz_title']} — {student.student_id}", "",
                f"{t.COMMON['seed_line'].format(seed=quiz.seed)} {t.COMMON['name_sheet']}", ""]
        for n, q in enumerate(student.questions, start=1):
            out += _question(q, n, t)
        out += ["---", ""]
    return "\n".join(out)


def key_markdown(quiz) -> str:
    t = texts(quiz.lang)
    out = [f"# {t.COMMON['key_title']} ({t.COMMON['seed']} {quiz.seed})", ""]
    for student in quiz.students:
        out += [f"## {student.student_id}", ""]
        for q in student.questions:
            out.append(f"- **{q.id}** {t.COMMON['answer']}: `{answer_text(q)}`")
            for line in q.solution.split("\n"):
                out.append(f"  {line}")
            v = q.verification
            out.append(f"  _{t.COMMON['verified'].format(torch=v.get('torch', ''), call=v.get('call', q.type))}_")
        out.append("")
    return "\n".join(out)


def write(quiz, out_dir, variants=None) -> list[Path]:
    out = Path(out_dir)
    paths = [out / "quiz.md", out / "key.md"]
    paths[0].write_text(quiz_markdown(quiz), encoding="utf-8")
    paths[1].write_text(key_markdown(quiz), encoding="utf-8")
    return paths
