"""Mutation check: break the code one small change at a time and see whether a test notices.

Run:  .venv/bin/python tests/perf/mutation_check.py [GROUP ...] [--list] [--jobs N]
      [--module NAME ...] [--tests FILE ...] [--out FILE] [--again FILE]
      (groups: engine, practice, packs, privacy; default all). Takes a while: about 20-60 min
      per group on 2 cores. Not part of the unit suite (tests/perf is not collected).

How: the project is copied to a scratch folder (so the working tree is never touched); for
each module of a group, the lines its tests run are recorded once (a tracer), and for every
mutation on such a line the mutated module is written into the copy and the group's tests
run there (`pytest -x`, no xdist, with a time limit of a few times the clean run). A mutant
is killed when a test fails or the run times out, it survives when every test passes.
Mutations on lines no test runs are counted apart ("not run by a test").

Mutations, one at a time: arithmetic (+ -, * /, // /, % *), comparisons (< <=, > >=, == !=,
in / not in, is / is not), `and`/`or`, dropping a `not`, numbers (n -> n+1, 0 <-> 1, a float
x -> 2x), True <-> False, `+=` <-> `-=`, `min` <-> `max`, and a whole simple statement (a
call, an assignment) replaced by `pass`. Strings, docstrings, annotations, logging and
lines marked `# no mutate` are left alone.

The survivors are printed with file:line and the change, for a person to judge: each must be
killed by a test written from the specification, or explained (an equivalent change, a
bound nobody can observe).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

ENGINE = [
    "tests/engine/test_engine_spec.py",
    "tests/engine/test_mixer.py",
    "tests/engine/test_player.py",
    "tests/engine/test_device_faults.py",
]
PRACTICE = [
    "tests/core/test_practice_spec.py",
    "tests/core/test_recorder.py",
    "tests/core/test_planner.py",
    "tests/core/test_figures_honest.py",
    "tests/core/test_planner_properties.py",
    "tests/core/test_report.py",
]
PACKS = [  # the names and contents rules first: they kill most mutants of both modules
    "tests/core/test_pack_rules.py",
    "tests/core/test_packs_hostile.py",
    "tests/core/test_packs.py",
    "tests/core/test_pack_read.py",
    "tests/core/test_pack_names.py",
]
GROUPS: dict[str, dict[str, list[str]]] = {
    # group: {module: the tests that speak for it, quickest first}
    "engine": {
        # each module's contract tests first: they are quick and kill most of its mutants
        "vallei_player/engine/limiter.py": ENGINE[:2],
        "vallei_player/engine/mixer.py": ["tests/engine/test_mixer_contract.py", *ENGINE,
                                          "tests/engine/test_levels.py",
                                          "tests/engine/test_ask_chime.py"],
        "vallei_player/engine/stream.py": ["tests/engine/test_stream_contract.py", *ENGINE],
        "vallei_player/engine/player.py": ["tests/engine/test_player_contract.py",
                                          "tests/engine/test_player_lifecycle.py",
                                          "tests/engine/test_player_races.py", *ENGINE],
    },
    "practice": {
        "vallei_player/core/practice/recorder.py": [*PRACTICE[:2], "tests/ui/test_privacy_spec.py"],
        "vallei_player/core/practice/planner.py": PRACTICE,
        "vallei_player/core/practice/figures.py": PRACTICE,
    },
    "packs": {
        "vallei_player/core/packs/rules.py": PACKS,
        "vallei_player/core/packs/read.py": PACKS,
        "vallei_player/core/packs/write.py": PACKS,
    },
    "privacy": {
        # the lock screen and passphrase dialogs (test_privacy_spec is about discreet mode);
        # of test_views only the tests that open them (the whole file takes 90 s a run)
        "vallei_player/ui/privacy.py": [
            "tests/ui/test_lock_and_passphrase.py",
            "tests/ui/test_settings_minors.py",
            *(f"tests/ui/test_views.py::test_{t}" for t in (
                "an_encrypted_journal_opens_behind_the_lock_screen",
                "passphrase_set_and_removed_from_settings",
                "delete_all_my_data_asks_then_erases_everything",
                "an_idle_encrypted_journal_locks_and_opens_again")),
            *(f"tests/ui/test_accessible_names.py::test_{t}" for t in (
                "the_dialogs_controls_have_names_and_descriptions",
                "every_control_of_every_view_has_a_name_and_a_description")),
            "tests/cli/test_passphrase.py::test_the_app_settings_use_the_same_rules_and_words",
        ],
        "vallei_player/core/practice/calendar.py": ["tests/core/test_calendar.py",
                                                    "tests/cli/test_plan_log_calendar.py"],
        "vallei_player/core/store/crashlog.py": ["tests/core/test_crashlog.py",
                                                 "tests/core/test_erase.py",
                                                 "tests/cli/test_qa_robustness.py"],
    },
}  # fmt: skip

SKIP_CALLS = {"logging", "getLogger", "warning", "info", "debug", "error", "exception"}


@dataclass(frozen=True)
class Mutant:
    path: str
    line: int
    what: str
    start: tuple[int, int]  # (line, col) of the replaced source span
    end: tuple[int, int]
    text: str  # what replaces the span


# -- making mutants --------------------------------------------------------------------------

BINOPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
          ast.FloorDiv: ast.Div, ast.Mod: ast.Mult}  # fmt: skip
CMPOPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
          ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
          ast.IsNot: ast.Is}  # fmt: skip


def _skipped_lines(tree: ast.Module, source: str) -> set[int]:
    """Docstrings, annotations, logging calls, TYPE_CHECKING blocks, `# no mutate` lines."""
    skip = {i for i, line in enumerate(source.splitlines(), 1) if "# no mutate" in line}

    def span(node: ast.AST) -> range:
        return range(node.lineno, (node.end_lineno or node.lineno) + 1)  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skip.update(span(first))
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(span(node))
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func).split(".")
            if name[0] == "logging" or (len(name) > 1 and name[-1] in SKIP_CALLS):
                skip.update(span(node))
    return skip


def _in_annotation_or_string(tree: ast.Module) -> set[int]:
    """ids of nodes inside annotations and f-strings (never mutated)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        roots: list[ast.AST] = []
        if isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
            roots.append(node.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            roots.append(node.returns)
        if isinstance(node, ast.JoinedStr):
            roots.append(node)
        for r in roots:
            out.update(id(n) for n in ast.walk(r))
    return out


def _replaced(node: ast.expr, **change: object) -> str:
    copy = ast.parse(ast.unparse(node), mode="eval").body
    for key, value in change.items():
        setattr(copy, key, value)
    return f"({ast.unparse(copy)})"


def mutants_of(path: str) -> Iterator[Mutant]:
    source = (REPO / path).read_text()
    tree = ast.parse(source)
    skip = _skipped_lines(tree, source)
    frozen = _in_annotation_or_string(tree)
    in_functions = {  # statements run by calls (deleting a module constant only breaks imports)
        id(n)
        for f in ast.walk(tree)
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        for n in ast.walk(f)
    }

    def made(node: ast.AST, what: str, text: str) -> Mutant:
        return Mutant(path, node.lineno, what, (node.lineno, node.col_offset),  # type: ignore[attr-defined]
                      (node.end_lineno, node.end_col_offset), text)  # type: ignore[attr-defined]  # fmt: skip

    for node in ast.walk(tree):
        if id(node) in frozen or getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in BINOPS:
            new = BINOPS[type(node.op)]()
            yield made(node, f"{type(node.op).__name__} -> {type(new).__name__}",
                       _replaced(node, op=new))  # fmt: skip
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in CMPOPS:
            new = CMPOPS[type(node.ops[0])]()
            yield made(node, f"{type(node.ops[0]).__name__} -> {type(new).__name__}",
                       _replaced(node, ops=[new]))  # fmt: skip
        elif isinstance(node, ast.BoolOp):
            new = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            yield made(node, f"{type(node.op).__name__} -> {type(new).__name__}",
                       _replaced(node, op=new))  # fmt: skip
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield made(node, "drop not", f"({ast.unparse(node.operand)})")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield made(node, "drop minus", f"({ast.unparse(node.operand)})")
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            v = node.value
            if isinstance(v, bool):
                yield made(node, f"{v} -> {not v}", repr(not v))
            elif isinstance(v, int):
                new_v = {0: 1, 1: 0}.get(v, v + 1)
                yield made(node, f"{v} -> {new_v}", repr(new_v))
            else:
                yield made(node, f"{v} -> {v * 2 if v else 1.0}", repr(v * 2 if v else 1.0))
        elif isinstance(node, ast.AugAssign) and type(node.op) in (ast.Add, ast.Sub):
            new = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            copy = ast.parse(ast.unparse(node)).body[0]
            copy.op = new  # type: ignore[attr-defined]
            yield made(node, f"{type(node.op).__name__}= -> {type(new).__name__}=",
                       ast.unparse(copy))  # fmt: skip
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id in ("min", "max"))
        ):
            other = "max" if node.func.id == "min" else "min"
            yield made(node.func, f"{node.func.id} -> {other}", other)
        if (
            isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign))
            and id(node) in in_functions
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        ):
            yield made(node, "statement -> pass", "pass")


def apply(source: str, m: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    (l1, c1), (l2, c2) = m.start, m.end
    head = "".join(lines[: l1 - 1]) + lines[l1 - 1][:c1]
    tail = lines[l2 - 1][c2:] + "".join(lines[l2:])
    text = m.text
    if text == "pass" and l2 > l1:  # keep the line count: later tracebacks stay readable
        text += "\n" * (l2 - l1)
    return head + text + tail


# -- which lines the tests run ---------------------------------------------------------------

TRACER = """
import sys, threading, json, atexit, os
targets = set(json.loads(os.environ.get("MUT_TARGETS", "[]")))
seen = {}
def tracer(frame, event, arg):
    f = frame.f_code.co_filename
    if f in targets:
        seen.setdefault(f, set()).add(frame.f_lineno)
        return tracer
    return None
if targets:
    sys.settrace(tracer)
    threading.settrace(tracer)
    def dump():
        name = os.path.join(os.environ["MUT_SEEN"], f"{os.getpid()}.json")
        with open(name, "w") as out:
            json.dump({k: sorted(v) for k, v in seen.items()}, out)
    atexit.register(dump)
"""


def lines_run(copy: Path, modules: list[str], tests: list[str]) -> dict[str, set[int]]:
    """The lines of `modules` that the tests run, in this process and in the ones it starts."""
    trace = copy / ".mut-trace"
    seen = trace / "seen"
    shutil.rmtree(trace, ignore_errors=True)  # the copy serves module after module
    seen.mkdir(parents=True)
    (trace / "sitecustomize.py").write_text(TRACER)
    env = dict(os.environ, MUT_TARGETS=json.dumps([str(copy / m) for m in modules]),
               MUT_SEEN=str(seen), PYTHONPATH=f"{trace}{os.pathsep}{copy}")  # fmt: skip
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                    *tests], cwd=copy, env=env, capture_output=True, timeout=3600)  # fmt: skip
    found: dict[str, set[int]] = {m: set() for m in modules}
    for part in seen.glob("*.json"):
        for name, lines in json.loads(part.read_text()).items():
            found[str(Path(name).relative_to(copy))].update(lines)
    return found


# -- running ---------------------------------------------------------------------------------


def run_tests(copy: Path, tests: list[str], timeout: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider",
             "-p", "no:randomly", *tests],
            cwd=copy, env=env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return "killed (timeout)"
    return "survived" if done.returncode == 0 else "killed"


def make_copy() -> Path:
    copy = Path(tempfile.mkdtemp(prefix="vallei-mutation-"))
    for name in ("vallei_player", "tests", "programs", "audio", ".ci"):
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy)
    return copy


def check_module(copies: list[Path], group: str, module: str, tests: list[str],
                 only: set[tuple[str, int, str]] | None = None,
                 ) -> list[dict[str, object]]:  # fmt: skip
    """Every mutant of `module` (or those in `only`), run in as many copies as there are jobs."""
    copy = copies[0]
    started = time.monotonic()
    if run_tests(copy, tests, 3600) != "survived":
        print(f"{module}: the tests fail without any mutation; fix that first", flush=True)
        return []
    clean = time.monotonic() - started
    covered = lines_run(copy, [module], tests)[module]
    print(f"== {module} ({group}): {' '.join(tests)}; clean run {clean:.0f} s", flush=True)
    original = (copy / module).read_text()
    free: queue.Queue[Path] = queue.Queue()
    for c in copies:
        free.put(c)

    def outcome_of(mut: Mutant) -> str:
        if mut.line not in covered:
            return "not run by a test"
        mine = free.get()
        try:
            (mine / module).write_text(apply(original, mut))
            outcome = run_tests(mine, tests, max(60.0, 4 * clean))
            if outcome == "survived":  # as soon as known, so a person can start on it
                print(f"  (survivor so far: {mut.path}:{mut.line}: {mut.what})", flush=True)
            return outcome
        finally:
            (mine / module).write_text(original)
            free.put(mine)

    counts = {"killed": 0, "survived": 0, "not run": 0}
    results: list[dict[str, object]] = []
    mutants = [m for m in mutants_of(module) if only is None or (m.path, m.line, m.what) in only]
    with ThreadPoolExecutor(max_workers=len(copies)) as pool:
        outcomes = list(pool.map(outcome_of, mutants))
    for mut, outcome in zip(mutants, outcomes, strict=True):
        key = "killed" if outcome.startswith("killed") else (
            "survived" if outcome == "survived" else "not run")  # fmt: skip
        counts[key] += 1
        if key != "killed":
            print(f"  {outcome.upper():<18} {mut.path}:{mut.line}: {mut.what}", flush=True)
        results.append({"group": group, "module": module, "line": mut.line, "what": mut.what,
                        "outcome": outcome})  # fmt: skip
    total = sum(counts.values())
    print(f"  {module}: {total} mutants, {counts['killed']} killed, {counts['survived']} survived,"
          f" {counts['not run']} not run by a test", flush=True)  # fmt: skip
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", default=list(GROUPS))
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument(
        "--module",
        action="append",
        help="only modules whose path ends so (may be given more than once)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="mutants run side by side")
    parser.add_argument(
        "--tests",
        action="append",
        help="run these test files (or FILE::TEST ids) instead of the group's (a quicker pass)",
    )
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    parser.add_argument(
        "--again",
        default=None,
        help="only the mutants that survived (or no test ran) in this earlier --out file: a"
        " re-check after new tests; each mutant with a survivor's line and change runs again",
    )
    args = parser.parse_args()
    only: set[tuple[str, int, str]] | None = None
    if args.again:
        earlier = json.loads(Path(args.again).read_text())
        only = {(r["module"], r["line"], r["what"]) for r in earlier
                if not r["outcome"].startswith("killed")}  # fmt: skip
    results: list[dict[str, object]] = []
    for group in args.groups:
        modules = GROUPS[group]
        if args.module:
            modules = {m: t for m, t in modules.items()
                       if any(m.endswith(x) for x in args.module)}  # fmt: skip
        if args.list:
            for m in modules:
                for mut in mutants_of(m):
                    print(f"{mut.path}:{mut.line}: {mut.what}")
            continue
        if not modules:
            continue
        copies = [make_copy() for _ in range(max(1, args.jobs))]
        try:
            for module, tests in modules.items():
                tests = [t for t in (args.tests or tests) if (REPO / t.split("::")[0]).exists()]
                results += check_module(copies, group, module, tests, only)
        finally:
            for copy in copies:
                shutil.rmtree(copy, ignore_errors=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
