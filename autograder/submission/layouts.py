"""From trees to submissions: one file, one student's folder, a folder of many, and the LMS
layouts (nbgrader's submitted/<student>/<assignment>/, Canvas and Gradescope downloads)."""
from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath

from autograder.assignments import ASSIGNMENTS, MODULE_TO_ASSIGNMENT, get_assignment
from autograder.safe_text import safe_name as show
from autograder.submission.decode import _short, decode_source, notebook_chunks
from autograder.submission.names import (_LANG, _assignment_of_folder, _parse_time, detect_assignment,
                                         parse_canvas_name, parse_gradescope_metadata)
from autograder.submission.records import CODE_SUFFIXES, Chunk, LoadLimits, Refused, Submission
from autograder.submission.trees import (_Budget, _Context, _disk_loader, _File, _folder_tree, _mtime,
                                         _Tree, _zip_tree)

def load_submissions(path: Path | str, assignment: str | None = None, *,
                     limits: LoadLimits = LoadLimits()) -> list[Submission]:
    """All submissions in ``path``: a ``.py`` file, a notebook, a folder or a zip.

    ``assignment`` (a1 / a1_shapes / shapes) overrides what the file names say; an unknown name
    raises ``UnknownAssignment``. Bad content never raises: it becomes a Submission with problems.
    Names are printable (``safe_text.safe_name``): no control characters, bidi overrides or bytes
    that are not UTF-8.
    """
    path = Path(path)
    ctx = _Context(get_assignment(assignment).name if assignment else None, limits)
    name = path.resolve().name if path.is_dir() else _entry_name(path.name)[0]
    try:
        subs = _load(path, name, ctx)
    except Exception as e:  # noqa: BLE001 - whatever a hostile file does, the batch goes on
        subs = [_failed(name, path, ctx, f"{show(path.name)} could not be read: {_short(e)} "
                        f"({type(e).__name__}).")]
    for s in subs:            # a name is shown to people and written to files: one printable line
        s.name = show(s.name)
    return subs


def _load(path: Path, name: str, ctx: _Context) -> list[Submission]:
    limits = ctx.limits
    if not path.exists():
        return [_failed(name, path, ctx, f"{show(path.name)} does not exist.")]
    if path.is_dir():
        tree = _folder_tree(path, ctx)
        if isinstance(tree, str):
            return [_failed(name, path, ctx, tree)]
        return _dedupe(_from_root(tree, path, name, ctx))
    if path.suffix.lower() == ".zip":
        try:
            with open(path, "rb") as fh:
                tree = _zip_tree(fh, path, show(path.name), ctx, _Budget(limits.max_archive_bytes), 0)
                if isinstance(tree, str):
                    return [_failed(name, path, ctx, tree)]
                return _dedupe(_from_root(tree, path, name, ctx))
        except OSError as e:
            return [_failed(name, path, ctx, f"{show(path.name)} could not be read ({e.strerror}).")]
    file = _File((path.name,), path, show(path.name), _mtime(path), _disk_loader(path, show(path.name)))
    return [_from_file(file, name, ctx)]


def _guard(make, name: str, origin: Path, ctx: _Context, label: str) -> Submission:
    """``make()``, or a submission with the reason when reading this one entry failed in a way no
    other check caught: one hostile entry never costs the others their grades."""
    try:
        return make()
    except Exception as e:  # noqa: BLE001
        return _failed(name, origin, ctx, f"{show(label)} could not be read: {_short(e)} ({type(e).__name__}).")


def _failed(name: str, origin: Path, ctx: _Context, problem: str) -> Submission:
    return Submission(name, ctx.assignment, [], False, origin, [problem], None)


def _entry_name(filename: str) -> tuple[str, dict[str, str]]:
    """A submission's name from a file name, with Canvas's parts kept as meta."""
    canvas = parse_canvas_name(filename)
    if canvas:
        meta = {"canvas_user_id": canvas.user_id, "canvas_file_id": canvas.file_id,
                "canvas_filename": canvas.filename, "resubmission": str(canvas.resubmission)}
        if canvas.late:
            meta["late"] = "true"
        return canvas.student, meta
    stem = PurePosixPath(filename).stem if filename.lower().endswith(CODE_SUFFIXES) else filename
    if filename.lower().endswith(".ipynb"):
        stem = _LANG.sub("", stem) if detect_assignment(filename) else stem
    return stem, {}


def _from_file(file: _File, name: str, ctx: _Context, hint: str | None = None,
               meta: dict[str, str] | None = None) -> Submission:
    """One file (a .py, a notebook, or a zip holding one submission) as a Submission."""
    detected = detect_assignment(file.name) or hint
    sub = Submission(name, ctx.assignment or detected, [], False, file.origin, [], None,
                     meta=dict(meta or {}), file_time=file.mtime)
    if file.name and not sub.meta and parse_canvas_name(file.name):
        sub.meta.update(_entry_name(file.name)[1])
    if ctx.assignment and detected and detected != ctx.assignment:
        sub.warnings.append(f"{file.label} is named for {detected} but is graded as "
                            f"{ctx.assignment}.")
    suffix = file.suffix
    if suffix not in CODE_SUFFIXES:
        sub.problems.append(f"{file.label} is not a Python file (.py), a notebook (.ipynb) "
                            "or a zip archive.")
        return sub
    try:
        data = file.load(ctx.cap(suffix))
    except Refused as e:
        sub.problems.append(str(e))
        return sub
    if suffix == ".py":
        text, problem = decode_source(data, file.label)
        if problem:
            sub.problems.append(problem)
        else:
            sub.chunks.append(Chunk(text, show(file.name), 1))
    elif suffix == ".ipynb":
        sub.chunks, sub.tolerant, sub.problems = notebook_chunks(data, file.label)
    else:
        return _from_nested_zip(data, file, sub, ctx)
    return sub


def _from_nested_zip(data: bytes, file: _File, sub: Submission, ctx: _Context) -> Submission:
    depth = file.depth + 1
    if depth > ctx.limits.max_depth:
        sub.problems.append(f"{file.label} nests zips too deeply; it is refused.")
        return sub
    tree = _zip_tree(io.BytesIO(data), file.origin, file.label, ctx,
                     _Budget(ctx.limits.max_archive_bytes), depth)
    if isinstance(tree, str):
        sub.problems.append(tree)
        return sub
    inner = _single(tree, (), sub.name, ctx, file.label)
    inner.meta = {**sub.meta, **inner.meta}
    inner.warnings = sub.warnings + inner.warnings
    inner.file_time = inner.file_time or sub.file_time
    return inner


def _from_root(tree: _Tree, origin: Path, name: str, ctx: _Context) -> list[Submission]:
    """A folder or zip named on the command line: one submission, or one per entry."""
    prefix: tuple[str, ...] = ()
    label = show(origin.name)
    while True:
        files, dirs = tree.level(prefix)
        here = "/".join((label,) + tuple(show(p) for p in prefix))
        if "submission_metadata.yml" in files:
            return _gradescope(tree, prefix, files["submission_metadata.yml"], dirs, ctx)
        if "submitted" in dirs and ({"nbgrader_config.py", "gradebook.db"} & set(files)
                                    or {"source", "release", "autograded"} & set(dirs)):
            prefix += ("submitted",)
            continue
        if (prefix[-1:] or (name,))[0] == "submitted":
            return _many(tree, prefix, ctx, here)
        chosen, problem = _choose(files, ctx.assignment)
        if chosen or problem:
            return [_single(tree, prefix, _root_name(origin, name), ctx, here)]
        code = [f for f in files.values() if f.suffix in CODE_SUFFIXES]
        if not code and len(dirs) == 1:
            prefix += (dirs[0],)
            continue
        if not code and dirs and ctx.assignment:
            match = [d for d in dirs if _assignment_of_folder(d) == ctx.assignment]
            if len(match) == 1 and all(_assignment_of_folder(d) for d in dirs):
                prefix += (match[0],)
                continue
        return _many(tree, prefix, ctx, here)


def _root_name(origin: Path, name: str) -> str:
    """nbgrader's submitted/<student>/<assignment>/ given directly is named for the student."""
    if origin.is_dir() and _assignment_of_folder(name) and origin.resolve().parent.name:
        return origin.resolve().parent.name
    return name


def _choose(files: dict[str, _File], assignment: str | None) -> tuple[_File | None, str | None]:
    """The file that makes this folder one submission: the module, a module notebook, or the
    only notebook; or a problem when several assignments' modules sit side by side."""
    modules = [ASSIGNMENTS[assignment].module] if assignment else list(MODULE_TO_ASSIGNMENT)
    py = [files[m + ".py"] for m in modules if m + ".py" in files]
    if len(py) > 1:
        return None, ("holds the modules of several assignments ("
                      + ", ".join(f.name for f in py) + "); say which one with --assignment.")
    if py:
        return py[0], None
    notebooks = sorted((f for f in files.values() if f.suffix == ".ipynb"), key=lambda f: f.name)
    named = [f for f in notebooks if _LANG.sub("", PurePosixPath(f.name).stem) in modules]
    if named:
        exact = [f for f in named if PurePosixPath(f.name).stem in modules]
        return (exact or named)[0], None
    others = [f for f in files.values() if f.suffix in (".py", ".zip")]
    if len(notebooks) == 1 and not others:
        return notebooks[0], None
    return None, None


def _single(tree: _Tree, prefix: tuple[str, ...], name: str, ctx: _Context, label: str,
            hint: str | None = None, meta: dict[str, str] | None = None) -> Submission:
    """A folder that stands for one student: find the one file to grade in it."""
    files, dirs = tree.level(prefix)
    chosen, problem = _choose(files, ctx.assignment)
    if problem:
        sub = Submission(name, ctx.assignment, [], False, _tree_origin(tree, prefix, files),
                         [f"{label} {problem}"], None, meta=dict(meta or {}))
        return sub
    py = [f for f in files.values() if f.suffix == ".py"]
    others = [f for f in files.values() if f.suffix in (".ipynb", ".zip")]
    if not chosen and len(py) == 1 and not others:
        chosen = py[0]
    zips = [f for f in files.values() if f.suffix == ".zip"]
    if not chosen and len(zips) == 1 and not py and len(others) == 1:
        chosen = zips[0]
    if chosen:
        return _from_file(chosen, name, ctx, hint, meta)
    code = sorted(f.name for f in files.values() if f.suffix in CODE_SUFFIXES)
    if not code and dirs:
        pick = None
        if len(dirs) == 1:
            pick = dirs[0]
        else:
            wanted = [d for d in dirs if ctx.assignment and _assignment_of_folder(d) == ctx.assignment]
            pick = wanted[0] if len(wanted) == 1 else None
        if pick:
            return _single(tree, prefix + (pick,), name, ctx, f"{label}/{show(pick)}",
                           _assignment_of_folder(pick) or hint, meta)
    module = ASSIGNMENTS[ctx.assignment].filename if ctx.assignment else "the assignment's module"
    seen = [show(f) for f in sorted(files)] + [show(d) + "/" for d in dirs]
    found = ", ".join(seen[:8]) + (f" and {len(seen) - 8} more" if len(seen) > 8 else "")
    return Submission(name, ctx.assignment or hint, [], False, _tree_origin(tree, prefix, files),
                      [f"{label} holds no {module} and no single notebook (found: {found or 'nothing'})."],
                      None, meta=dict(meta or {}))


def _tree_origin(tree: _Tree, prefix: tuple[str, ...], files: dict[str, _File]) -> Path:
    """The path a folder inside a tree stands for (from any file below it)."""
    n = len(prefix)
    for f in tree.files:
        if f.parts[:n] == prefix:
            origin = f.origin
            for _ in range(len(f.parts) - n):
                origin = origin.parent
            return origin
    return Path(*prefix) if prefix else Path(".")


def _many(tree: _Tree, prefix: tuple[str, ...], ctx: _Context, label: str) -> list[Submission]:
    """Each code file and each subfolder at this level is one submission."""
    files, dirs = tree.level(prefix)
    subs = []
    for fname in sorted(files):
        f = files[fname]
        if f.suffix in CODE_SUFFIXES:
            name, meta = _entry_name(fname)
            subs.append(_guard(lambda: _from_file(f, name, ctx, meta=meta), name, f.origin, ctx, f.label))
    for d in dirs:
        where = f"{label}/{show(d)}"
        subs.append(_guard(lambda: _single(tree, prefix + (d,), d, ctx, where), d, Path(label, d), ctx, where))
    if not subs:
        subs.append(Submission(label.rsplit("/", 1)[-1], ctx.assignment, [], False,
                               _tree_origin(tree, prefix, files),
                               [f"{label} holds no .py file, notebook or zip to grade."], None))
    return subs


def _gradescope(tree: _Tree, prefix: tuple[str, ...], metadata: _File, dirs: list[str],
                ctx: _Context) -> list[Submission]:
    """Gradescope's export: submission_<id>/ folders and submission_metadata.yml beside them."""
    try:
        info = parse_gradescope_metadata(metadata.load(ctx.limits.max_source_bytes)
                                         .decode("utf-8", "replace"))
        note = None
    except Refused as e:
        info, note = {}, str(e)
    subs = []
    for d in dirs:
        m = info.get(d, {})
        name = m.get("sid") or (m.get("email", "").split("@")[0]) or _slug(m.get("name", "")) or d
        meta = {"gradescope_submission": d, **{k: v for k, v in m.items() if k != "created_at"}}
        sub = _guard(lambda: _single(tree, prefix + (d,), name, ctx, show(d), meta=meta), name, Path(d), ctx, d)
        when = _parse_time(m.get("created_at", ""))
        if when is not None:
            sub.submitted_at, sub.time_source = when, "Gradescope (submission_metadata.yml)"
        if note:
            sub.warnings.append(note)
        subs.append(sub)
    return subs


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text.strip()).strip("_")


def _dedupe(subs: list[Submission]) -> list[Submission]:
    """Canvas re-uploads of one student (same Canvas user id, Canvas's own -1, -2 numbering): the
    highest number is kept, with a warning. Any other two submissions with one name are both kept;
    the batch reports them (a file's date or a zip member's date, which the student sets, never
    decides which one counts)."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for s in subs:
        user = s.meta.get("canvas_user_id", "")
        groups.setdefault((s.name, user) if user else (s.name, str(id(s))), []).append(s)
    out = []
    for (name, _), group in groups.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        group.sort(key=lambda s: (int(s.meta.get("resubmission", 0) or 0), s.origin.name))
        kept = group[-1]
        ignored = ", ".join(show(s.origin.name) for s in group[:-1])
        kept.warnings.append(f"{len(group)} submissions for {show(name)}: graded {show(kept.origin.name)} "
                             f"(Canvas's latest re-upload), ignored {ignored}.")
        out.append(kept)
    return out
