"""Run many generated programs through the oracle, summarize, and minimize each failure class.

    python -m tests.fuzz.campaign -n 3000 --out /tmp/fuzz-out [--seed 0] [--jobs 2]

Why a script beside the Hypothesis test: thousands of programs at about a second of s2s
transform each need several processes and no shrinking; failures are minimized afterwards, one
(or ``--minimize-per-class``) per class, by ``minimize.py``.

Program ``k`` of a run is ``generator.random_program(f"{seed}:{k}")``: any single program can be
regenerated from the seed and its number. The out directory gets:

* ``results.jsonl``: one line per program (kind, class, findings, features, lines);
* ``failures/<class>/<k>.py``: every failing program as a runnable repro (``repro.py``);
* ``minimized/<kind>__<class>.py``: one minimized repro per failure class;
* ``summary.txt``: the table printed at the end.

A fresh S2S_CACHE_DIR is used per run (a temporary directory unless ``--cache-dir``).

The run tests a *snapshot* of s2s taken when it starts (``s2s/`` and ``templates/`` copied to a
temporary directory that goes first on ``sys.path``): others edit the tree while a campaign of
many minutes runs, and a worker importing a half-edited module would report crashes that are not
s2s's. ``--live`` tests the working tree as it is instead.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time

_state: dict = {}


def _init(work, timeout):
    from .loader import Workspace

    _state["workspace"] = Workspace(os.path.join(work, f"w{os.getpid()}"))
    _state["timeout"] = timeout


def _run_one(job):
    """Generate program ``k`` and check it; returns a plain dict (picklable)."""
    from . import oracle
    from .generator import random_program

    seed, k = job
    start = time.time()
    program = random_program(f"{seed}:{k}")
    outcome = oracle.check(program, _state["workspace"], timeout=_state["timeout"])
    body = program.source.split(f"def {program.fn_name}(", 1)[1]
    return {
        "k": k,
        "kind": outcome.kind,
        "cls": outcome.cls,
        "reason": outcome.reason,
        "findings": [(f.kind, f.cls, f.stage, f.detail) for f in outcome.findings],
        "features": sorted(program.features),
        "lines": body.count("\n") - 1,
        "seconds": round(time.time() - start, 2),
        "program": program if outcome.failed else None,
        "outcome": outcome if outcome.failed else None,
    }


def _minimize_one(job):
    from . import minimize

    program, outcome, budget = job
    small, final, runs = minimize.minimize(program, outcome, _state["workspace"], budget=budget)
    return program, outcome, small, final, runs


def table(rows, headers) -> str:
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    line = lambda r: "  ".join(
        str(c).ljust(w) if i else str(c).rjust(w)  # noqa: E731
        for i, (c, w) in enumerate(zip(r, widths))
    )
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def summarize(results, elapsed) -> str:
    kinds = collections.Counter(r["kind"] for r in results)
    n = len(results)
    out = [
        f"programs generated: {n}  ({elapsed:.0f} s)",
        table(
            [
                [kinds.get(k, 0), k]
                for k in ("ok", "refused", "wrong", "crash", "invalid", "inconclusive")
            ],
            ["count", "outcome"],
        ),
        "",
    ]
    lines = sorted(r["lines"] for r in results)
    if lines:
        out.append(
            f"main-function lines: min {lines[0]}, median {lines[len(lines) // 2]}, "
            f"max {lines[-1]}"
        )
    for kind, title in (
        ("refused", "REFUSED (by message)"),
        ("wrong", "WRONG (by class)"),
        ("crash", "CRASH (by exception and site)"),
    ):
        by = collections.Counter(r["cls"] for r in results if r["kind"] == kind)
        if by:
            out += ["", title, table([[c, k] for k, c in by.most_common()], ["programs", "class"])]
    every = collections.Counter()
    for r in results:
        every.update({cls for kind, cls, _, _ in r["findings"] if kind in ("wrong", "crash")})
    if every:
        out += [
            "",
            "ALL FAILURE FINDINGS (programs showing each class, any stage, even when a "
            "more severe class is their outcome)",
            table([[c, k] for k, c in every.most_common()], ["programs", "class"]),
        ]
    invalid = collections.Counter(
        r["cls"] + ": " + r["reason"][:60] for r in results if r["kind"] == "invalid"
    )
    if invalid:
        out += [
            "",
            "INVALID (discarded: the plain call failed or left the numeric range)",
            table([[c, k] for k, c in invalid.most_common(8)], ["programs", "reason"]),
        ]
    features = collections.Counter(f for r in results for f in r["features"])
    failing = collections.Counter(
        f for r in results if r["kind"] in ("wrong", "crash") for f in r["features"]
    )
    out += [
        "",
        "FEATURE COVERAGE (programs using each construct; share of them failing)",
        table(
            [
                [c, f"{failing[f] / c:.0%}", f]
                for f, c in sorted(features.items(), key=lambda kv: -kv[1])
            ],
            ["programs", "failing", "feature"],
        ),
    ]
    return "\n".join(out)


def snapshot(root: str) -> str:
    """Copy s2s (with its templates where the installed package has them) under a new
    directory put first on sys.path; returns a digest of the copied sources."""
    target = tempfile.mkdtemp(prefix="s2s-fuzz-snapshot-")
    shutil.copytree(
        os.path.join(root, "s2s"),
        os.path.join(target, "s2s"),
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(
        os.path.join(root, "templates"),
        os.path.join(target, "s2s", "templates"),
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    digest = hashlib.sha256()
    for folder, _, files in sorted(os.walk(os.path.join(target, "s2s"))):
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), "rb") as fh:
                    digest.update(fh.read())
    sys.path.insert(0, target)
    return f"snapshot {digest.hexdigest()[:12]} at {target}"


def version(root) -> str:
    """The repository commit (with '+dirty' for uncommitted changes to s2s/ or templates/)."""
    import subprocess

    try:
        head = subprocess.run(
            ["git", "-C", root, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "s2s", "templates"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head, dirty = "", ""
    return f"commit {head or '?'}{'+dirty' if dirty else ''}"


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python -m tests.fuzz.campaign",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("-n", type=int, default=1000, help="programs to generate")
    ap.add_argument("--out", default="/tmp/fuzz-out")
    ap.add_argument("--seed", default="0")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--timeout", type=int, default=60, help="seconds per program")
    ap.add_argument("--minimize-per-class", type=int, default=1)
    ap.add_argument("--budget", type=int, default=120, help="oracle runs per minimization")
    ap.add_argument("--no-minimize", action="store_true")
    ap.add_argument("--cache-dir", help="S2S_CACHE_DIR (default: a fresh temporary directory)")
    ap.add_argument(
        "--live",
        action="store_true",
        help="test the working tree as it changes, not a snapshot taken at start",
    )
    args = ap.parse_args(argv)
    if "s2s" in sys.modules:
        raise SystemExit("campaign: s2s was imported before the snapshot could be taken")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tested = ("live tree" if args.live else snapshot(root)) + f", {version(root)}"

    os.makedirs(args.out, exist_ok=True)
    os.environ["S2S_CACHE_DIR"] = args.cache_dir or tempfile.mkdtemp(prefix="s2s-fuzz-cache-")
    os.environ.pop("S2S_NO_CACHE", None)
    work = tempfile.mkdtemp(prefix="s2s-fuzz-work-")
    from . import oracle, repro  # noqa: F401 - s2s imported once here: every worker runs it

    start = time.time()
    results = []
    ctx = multiprocessing.get_context("fork")
    with (
        ctx.Pool(
            args.jobs, initializer=_init, initargs=(work, args.timeout), maxtasksperchild=100
        ) as pool,
        open(os.path.join(args.out, "results.jsonl"), "w") as log,
    ):
        jobs = [(args.seed, k) for k in range(args.n)]
        for r in pool.imap_unordered(_run_one, jobs, chunksize=1):
            program, outcome = r.pop("program"), r.pop("outcome")
            results.append(r)
            log.write(json.dumps(r) + "\n")
            if program is not None:
                repro.write(
                    os.path.join(
                        args.out, "failures", repro.slug(f"{r['kind']} {r['cls']}"), f"{r['k']}.py"
                    ),
                    program,
                    outcome,
                    note=f"program {r['k']} of seed {args.seed!r}",
                )
                r["_program"], r["_outcome"] = program, outcome
            if len(results) % 50 == 0:
                c = collections.Counter(x["kind"] for x in results)
                print(
                    f"[{len(results)}/{args.n}] {time.time() - start:.0f}s {dict(c)}",
                    file=sys.stderr,
                    flush=True,
                )
    elapsed = time.time() - start
    report = f"tested: {tested}\n" + summarize(results, elapsed)

    if not args.no_minimize:
        by_class = collections.defaultdict(list)
        for r in results:
            if r.get("_program") is not None:
                by_class[(r["kind"], r["cls"])].append(r)
        jobs = []
        for key, rs in sorted(by_class.items()):
            rs.sort(key=lambda r: len(r["_program"].source))
            for r in rs[: args.minimize_per_class]:
                budget = args.budget if key[1] != "crash: timeout" else 5
                jobs.append((r["_program"], r["_outcome"], budget))
        print(f"minimizing {len(jobs)} failure class(es)...", file=sys.stderr, flush=True)
        minimized = []
        with ctx.Pool(args.jobs, initializer=_init, initargs=(work, args.timeout)) as pool:
            for program, outcome, small, final, runs in pool.imap_unordered(_minimize_one, jobs):
                shown = final if any(f.cls == outcome.cls for f in final.findings) else outcome
                shown_outcome = type(final)(
                    outcome.kind, outcome.cls, outcome.reason, [f for f in shown.findings]
                )
                if any(small.source == m[1].source for m in minimized):
                    continue  # two failing programs shrank to the same repro
                short = outcome.cls.removeprefix("crash: ").removeprefix("wrong ")
                stem = f"{outcome.kind}__{repro.slug(short)}"
                n_same = sum(m[0].cls == outcome.cls for m in minimized)
                name = f"{stem}.py" if not n_same else f"{stem}__{n_same + 1}.py"
                path = os.path.join(args.out, "minimized", name)
                note = (
                    f"minimized from {len(program.source.splitlines())} to "
                    f"{len(small.source.splitlines())} lines in {runs} oracle runs"
                )
                repro.write(path, small, shown_outcome, note=note)
                minimized.append((outcome, small, shown, path))
                print(f"  minimized {outcome.cls[:70]} ({runs} runs)", file=sys.stderr, flush=True)
        report += (
            f"\n\nMINIMIZED REPROS ({args.minimize_per_class} per failure class, "
            "from its smallest failing programs)\n"
        )
        for outcome, small, shown, path in sorted(minimized, key=lambda m: m[0].cls):
            detail = next((f for f in shown.findings if f.cls == outcome.cls), None)
            report += f"\n=== {outcome.kind.upper()}: {outcome.cls}\n{path}\n"
            if detail is not None:
                report += f"[{detail.stage}] {detail.detail}\n"
            report += (
                small.source.rstrip() + "\n" + f"# args: {small.args_text}\n# wrt: "
                f"{small.wrt!r}, has_aux: {small.has_aux}\n"
            )
    with open(os.path.join(args.out, "summary.txt"), "w") as fh:
        fh.write(report + "\n")
    shutil.rmtree(work, ignore_errors=True)  # the generated modules: the repros are in --out
    print(report)
    failed = sum(r["kind"] in ("wrong", "crash") for r in results)
    return 1 if failed else 0  # CI runs a campaign: a wrong result or a crash fails it


if __name__ == "__main__":
    sys.exit(main())
