"""The usual disguises of a copied submission, applied to source text (for the tests).

Each takes source and a numpy Generator and returns source that still runs the same.
"""
from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize

API = {"conv2d_naive", "conv2d", "conv1d", "max_pool2d", "avg_pool2d"}
WORDS = ["alpha", "beta", "gamma", "delta", "omega", "zeta", "theta", "kappa", "sigma", "lam", "mu", "nu",
         "rho", "tau", "phi", "chi", "psi", "eta", "iota", "xi"]


def rename(source: str, rng) -> str:
    """Every name the student chose (not the graded API, not attributes) gets a new name."""
    tree = ast.parse(source)
    chosen = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in API:
            chosen.add(node.name)
        elif isinstance(node, ast.arg):
            chosen.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            chosen.add(node.id)
    methods = {m.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) for m in n.body
               if isinstance(m, ast.FunctionDef)}
    chosen = {c for c in chosen - methods if c != "self" and not c.startswith("__")}
    # keyword parameters of the graded functions are part of the interface
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in API:
            chosen -= {a.arg for a in node.args.args}
    # keywords of library calls (np.pad(..., mode=...)) keep their names everywhere
    own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in own):
            chosen -= {kw.arg for kw in node.keywords}
    new = {}
    for i, name in enumerate(sorted(chosen)):
        new[name] = f"{WORDS[int(rng.integers(len(WORDS)))]}_{i}"
    out, prev = [], None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and tok.string in new and not keyword.iskeyword(tok.string) \
                and not (prev is not None and prev.string == "."):
            tok = tok._replace(string=new[tok.string])
        out.append(tok)
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            prev = tok
    return tokenize.untokenize(out)


def _segments(source: str):
    """(header lines, [top-level function/class sources]) split at top-level definitions."""
    lines = source.split("\n")
    tree = ast.parse(source)
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    starts = [min([n.lineno] + [d.lineno for d in n.decorator_list]) - 1 for n in defs]
    head = lines[:starts[0]] if defs else lines
    parts = ["\n".join(lines[s:n.end_lineno]) for s, n in zip(starts, defs)]
    tail_start = defs[-1].end_lineno if defs else len(lines)
    between = [ln for ln in lines[tail_start:] if ln.strip()]
    return head, parts, between


def reorder(source: str, rng) -> str:
    """Top-level functions in another order (the module's header stays first)."""
    head, parts, tail = _segments(source)
    order = rng.permutation(len(parts))
    if len(parts) > 1 and (order == range(len(parts))).all():
        order = order[::-1]
    return "\n".join(head + ["\n\n" + parts[i] for i in order] + tail) + "\n"


def recomment(source: str, rng) -> str:
    """Comments and docstrings gone, other comments added, blank lines and spacing changed."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            tok = tok._replace(string="# " + WORDS[int(rng.integers(len(WORDS)))] + " step")
        out.append(tok)
    text = tokenize.untokenize(out)
    tree = ast.parse(text)
    lines = text.split("\n")
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                        and ast.get_docstring(n) is not None), key=lambda n: -n.body[0].lineno):
        doc = node.body[0]
        indent = lines[doc.lineno - 1][: len(lines[doc.lineno - 1]) - len(lines[doc.lineno - 1].lstrip())]
        lines[doc.lineno - 1: doc.end_lineno] = [indent + "# " + WORDS[int(rng.integers(len(WORDS)))] + " helper"]
    spaced = []
    for ln in lines:
        spaced.append(ln.rstrip() + ("   " if rng.random() < 0.3 else ""))
        if ln.strip().startswith(("def ", "for ", "return ")) and rng.random() < 0.5:
            spaced.append("")
    return "\n".join(spaced).replace(", ", " , ").replace("(", "( ") + "\n"


def add_dead_code(source: str, rng) -> str:
    """An unused helper, an unused variable per function, an ``if False`` block and a print."""
    tree = ast.parse(source)
    lines = source.split("\n")
    for node in sorted((n for n in tree.body if isinstance(n, ast.FunctionDef)), key=lambda n: -n.lineno):
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(node.body) > 1:
            first = node.body[1]
        indent = " " * first.col_offset
        lines[first.lineno - 1:first.lineno - 1] = [
            f"{indent}unused_counter_{node.lineno} = {int(rng.integers(100))}",
            f"{indent}if False:",
            f"{indent}    print('debug', unused_counter_{node.lineno})",
        ]
    lines += ["", "", "def _debug_report(values, limit=3):",
              "    shown = []",
              "    for item in values[:limit]:",
              "        shown.append(repr(item))",
              "    print(', '.join(shown))",
              "    return len(shown)", ""]
    return "\n".join(lines)


def swap_statements(source: str, rng) -> str:
    """Neighbouring one-line assignments that do not depend on each other change places
    (about two in three of those that could)."""
    words = re.compile(r"[A-Za-z_]\w*")
    tree = ast.parse(source)
    lines = source.split("\n")
    done: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for a, b in zip(body, body[1:]):
            if not (isinstance(a, ast.Assign) and isinstance(b, ast.Assign) and a.lineno == a.end_lineno
                    and b.lineno == b.end_lineno == a.lineno + 1) or {a.lineno, a.lineno - 1} & done:
                continue
            a_out = set(words.findall(" ".join(ast.unparse(t) for t in a.targets)))
            b_out = set(words.findall(" ".join(ast.unparse(t) for t in b.targets)))
            if a_out & set(words.findall(ast.unparse(b))) or b_out & set(words.findall(ast.unparse(a))):
                continue
            if rng.random() < 2 / 3:
                lines[a.lineno - 1], lines[b.lineno - 1] = lines[b.lineno - 1], lines[a.lineno - 1]
                done.add(a.lineno)
    return "\n".join(lines)


def all_disguises(source: str, rng) -> str:
    """Dead code, swapped statements, renamed identifiers, reordered functions and new comments."""
    return recomment(reorder(rename(swap_statements(add_dead_code(source, rng), rng), rng), rng), rng)
