"""Failing programs as self-contained ``.py`` files, and reading them back.

Why one file per failure: the file is the module s2s differentiates (the program's source,
unchanged), followed by its arguments, ``wrt`` and ``has_aux`` as plain assignments and a
``__main__`` block that re-runs the oracle. A maintainer can open it, run it
(``python tests/fuzz/repros/x.py`` from the repository root, or ``python -m tests.fuzz.repro
FILE``), and paste its function into a test.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import textwrap

from .generator import Program
from .values import ArgSpec, evaluate

MARKER = "# ---- repro data (not part of the program) ----"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:70] or "failure"


def _call_text(program) -> str:
    kw = []
    if program.wrt is not None:
        kw.append(f"wrt={program.wrt!r}")
    if program.has_aux:
        kw.append("has_aux=True")
    return f"s2s.grad({program.fn_name}{''.join(', ' + k for k in kw)})(*ARGS)"


def text(program, outcome, note="") -> str:
    header = [f"Fuzzer repro: {outcome.kind.upper()}: {outcome.cls}", ""]
    for f in outcome.findings:
        if f.kind in ("wrong", "crash") and (f.cls == outcome.cls or len(header) < 12):
            header.append(f"[{f.stage}] {f.cls}")
            header.append(f"    {f.detail}")
    if note:
        header += ["", note]
    header += [
        "",
        f"Differentiated as: {_call_text(program)}  (and value_and_grad, vjp)",
        "Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)",
    ]
    doc = "\n".join(
        textwrap.fill(line, 96, subsequent_indent="    ") if len(line) > 96 else line
        for line in header
    )
    doc = doc.replace('"""', "'''").replace("\\", "\\\\")
    return (
        f'"""{doc}\n"""\n{program.source.rstrip()}\n\n\n{MARKER}\n'
        "import numpy as np  # noqa: E402 - for ARGS\n\n"
        f"FUNCTION = {program.fn_name!r}\n"
        f"ARGS = {program.args_text}\n"
        f"WRT = {program.wrt!r}\n"
        f"HAS_AUX = {program.has_aux!r}\n"
        f"EXPECTED_CLASS = {outcome.cls!r}\n"
        f"STAGES = {stages_of(outcome)!r}\n\n"
        "if __name__ == '__main__':\n"
        "    import sys\n\n"
        "    sys.path.insert(0, '.')\n"
        "    from tests.fuzz.repro import main\n\n"
        "    main([__file__])\n"
    )


def stages_of(outcome) -> tuple:
    """The stages that showed the outcome's class (what a regression test must run)."""
    from .oracle import STAGES

    seen = {f.stage for f in outcome.findings if f.cls == outcome.cls}
    if outcome.cls == "vjp differs from grad":
        seen |= {"grad", "vjp"}
    return tuple(s for s in STAGES if s in seen) or STAGES


def write(path, program, outcome, note=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text(program, outcome, note))


def load(path) -> tuple[Program, str, tuple]:
    """The program a repro file holds, the failure class it was written for, and the stages
    that showed it."""
    with open(path) as fh:
        source = fh.read()
    tree = ast.parse(source)
    values = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id
            in ("FUNCTION", "ARGS", "WRT", "HAS_AUX", "EXPECTED_CLASS", "STAGES")
        ):
            values[node.targets[0].id] = ast.get_source_segment(source, node.value)
    fn_tree = next(
        n
        for n in tree.body
        if isinstance(n, ast.FunctionDef) and n.name == ast.literal_eval(values["FUNCTION"])
    )
    params = tuple(a.arg for a in fn_tree.args.args)
    args = evaluate(values["ARGS"])
    specs = tuple(_spec_of(a) for a in args)
    program = Program(
        source=source,
        fn_name=ast.literal_eval(values["FUNCTION"]),
        params=params,
        specs=specs,
        args_text=values["ARGS"],
        wrt=ast.literal_eval(values["WRT"]),
        has_aux=ast.literal_eval(values["HAS_AUX"]),
        features=frozenset(),
        seed=0,
    )
    from .oracle import STAGES

    return (
        program,
        ast.literal_eval(values.get("EXPECTED_CLASS", "''")),
        ast.literal_eval(values.get("STAGES", repr(STAGES))),
    )


def _spec_of(value) -> ArgSpec:
    """Enough of a spec to know which arguments hold floats."""
    import numpy as np

    if isinstance(value, bool) or isinstance(value, int):
        return ArgSpec("int", value=value)
    if isinstance(value, np.floating):
        return ArgSpec("f64")
    if isinstance(value, float):
        return ArgSpec("float")
    if isinstance(value, np.ndarray):
        return ArgSpec("array", value.shape)
    if isinstance(value, dict):
        return ArgSpec("dict", items=tuple(_spec_of(v) for v in value.values()), keys=tuple(value))
    return ArgSpec(type(value).__name__, items=tuple(_spec_of(v) for v in value))


def main(argv=None):
    """Re-run the oracle on repro files and print what it finds."""
    import tempfile

    from . import oracle
    from .loader import Workspace

    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("S2S_CACHE_DIR", tempfile.mkdtemp(prefix="s2s-fuzz-cache-"))
    workspace = Workspace(tempfile.mkdtemp(prefix="s2s-fuzz-repro-"))
    status = 0
    for path in argv:
        program, expected, _ = load(path)
        outcome = oracle.check(program, workspace)
        print(f"{path}:\n{outcome.summary()}\n")
        status |= outcome.failed
    return status


if __name__ == "__main__":
    sys.exit(main())
