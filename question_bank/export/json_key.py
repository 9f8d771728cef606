"""The key: every student's questions, parameters, answers, options, worked solutions and the
torch record behind each answer. ``quiz grade`` reads it; its schema is key.schema.json."""
from __future__ import annotations

import json
from pathlib import Path

FILENAME = "key.json"
SCHEMA = Path(__file__).with_name("key.schema.json")


def dumps(quiz) -> str:
    """One student per line (json's fast C encoder only runs without indent)."""
    data = quiz.to_dict(students=False)
    head = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # each student's dict is built, written and dropped in turn: the whole key as one tree of
    # dicts would keep the cyclic garbage collector busy scanning it
    lines = [json.dumps(quiz.student_dict(s), ensure_ascii=False, sort_keys=True) for s in quiz.students]
    return head[:-1] + ', "students": [\n' + ",\n".join(lines) + "\n]}\n"


def write(quiz, out_dir, variants=None) -> list[Path]:
    path = Path(out_dir) / FILENAME
    path.write_text(dumps(quiz), encoding="utf-8")
    return [path]


def load(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
