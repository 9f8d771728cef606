"""What every question template returns: one draw of parameters with its torch answer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Draw:
    params: dict                # JSON-able parameters of the question
    answer: object              # torch's answer (int, or a tuple for shapes / pairs / layers)
    formula: object             # what the worked formula gives
    verification: dict          # the torch record(s) behind the answer
    misconceptions: dict = field(default_factory=dict)   # id -> value that mistake gives
    distractors: list = field(default_factory=list)      # chosen (id, value) for multichoice
