"""Randomly generated programs, differentiated by s2s, judged by oracles s2s does not choose.

The generator (tests/fuzz/generator.py) writes realistic, well-typed Python/NumPy functions; the
oracle (tests/fuzz/oracle.py) compares s2s's gradients with central finite differences, its
values with a plain call, ``vjp`` with ``grad``, and the gradients' structure with the
arguments'. A refusal (an ``s2s.S2SError``) is not a failure; a wrong result or any other
exception is.

* ``test_generated_programs`` runs a fixed (derandomized) sample under Hypothesis: 16 programs by
  default, ``--fuzz-long`` 3000, ``S2S_FUZZ_EXAMPLES=N`` any number. It collects every outcome
  and fails once at the end with a table of *all* failure classes, each with its smallest
  program: no class is skipped or expected to fail, so a known-open bug keeps this red until
  it is fixed.
* ``test_known_repro`` re-runs the minimized repros in tests/fuzz/repros/ (one per failure class
  the campaign found, on the entry points that showed it): each fails until its bug is fixed,
  then guards against its return.
* ``test_generator_*`` check the generator itself, without s2s.

For thousands of programs with minimized failures: ``python -m tests.fuzz.campaign -n 3000``.
"""

from __future__ import annotations

import ast
import collections
import glob
import os

import numpy as np
import pytest
from fuzz import fd, generator, oracle, repro
from fuzz.loader import Workspace
from fuzz.plugin import examples
from hypothesis import HealthCheck, Phase, given, settings

REPROS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "fuzz", "repros", "*.py")))


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace(tmp_path / "programs")
    yield ws
    ws.close()


def _report(results) -> str:
    """Every failure class with its count and smallest program, then the refusals."""
    by_class = collections.defaultdict(list)
    for program, outcome in results:
        by_class[outcome.key].append((program, outcome))
    kinds = collections.Counter(o.kind for _, o in results)
    lines = [f"{len(results)} programs: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common())]
    every = collections.Counter(
        f.cls
        for _, o in results
        for f in {f.cls: f for f in o.findings if f.kind != "refused"}.values()
    )
    lines += ["every failure class seen (programs showing it, in any entry point):"]
    lines += [f"  {n:3d}  {cls}" for cls, n in every.most_common()] + [""]
    for (kind, cls), items in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        if kind not in ("wrong", "crash"):
            continue
        program, outcome = min(items, key=lambda po: len(po[0].source))
        lines += [
            f"=== {kind.upper()} x{len(items)}: {cls}",
            outcome.summary(),
            "",
            program.source.rstrip(),
            f"# args = {program.args_text}",
            f"# wrt = {program.wrt!r}, has_aux = {program.has_aux}",
            "",
        ]
    refused = collections.Counter(o.cls for _, o in results if o.kind == "refused")
    if refused:
        lines.append(
            "refused (not failures): " + "; ".join(f"{n}x {c}" for c, n in refused.most_common())
        )
    return "\n".join(lines)


def test_generated_programs(request, workspace):
    n = examples(request.config)
    results = []

    @settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )
    @given(generator.programs())
    def run(program):
        results.append((program, oracle.check(program, workspace)))

    run()
    invalid = [o for _, o in results if o.kind == "invalid"]
    assert len(invalid) <= max(
        2, len(results) // 5
    ), "the generator writes programs that fail under plain Python:\n" + "\n".join(
        f"{o.cls}: {o.reason}" for o in invalid
    )
    if any(o.failed for _, o in results):
        pytest.fail("s2s got generated programs wrong:\n\n" + _report(results), pytrace=False)


@pytest.mark.parametrize("path", REPROS, ids=[os.path.basename(p)[:-3] for p in REPROS])
def test_known_repro(path, workspace):
    """A minimized repro from the campaign: the entry points that got it wrong (its STAGES)
    must now get it right, or refuse it."""
    program, expected, stages = repro.load(path)
    outcome = oracle.check(program, workspace, stages=stages)
    if outcome.failed or outcome.kind == "invalid":  # invalid: the repro itself is broken
        pytest.fail(
            f"{os.path.basename(path)} (found as: {expected}):\n{outcome.summary()}\n\n"
            f"{program.source.split(repro.MARKER)[0].rstrip()}",
            pytrace=False,
        )


# ---------------------------------------------------------------- the generator itself

GENERATOR_SAMPLE = 300

REQUIRED_FEATURES = {
    "power",
    "divide",
    "ufunc",
    "math",
    "reduction",
    "max-min",
    "prod",
    "axis-reduction",
    "broadcast",
    "index",
    "index-2d",
    "slice",
    "matmul",
    "if",
    "elif",
    "else",
    "for-range",
    "for-array",
    "zip",
    "enumerate",
    "while",
    "break",
    "continue",
    "early-return",
    "early-return-in-loop",
    "augassign",
    "index-store",
    "index-augassign",
    "augassign-array",
    "copy",
    "alias-inplace",
    "view-inplace",
    "helper-call",
    "nested-def",
    "lambda",
    "lambda-capture",
    "list-append",
    "fill-loop",
    "tuple-arg",
    "list-arg",
    "dict-arg",
    "layers-for-pairs",
    "layers-enumerate",
    "has_aux",
    "np.float64-arg",
    "wrt-tuple",
    "single-param",
    "reassign-param",
    "generator-expression",
    "conditional-expression",
}


@pytest.fixture(scope="module")
def sample():
    return [generator.random_program(f"generator-check:{k}") for k in range(GENERATOR_SAMPLE)]


def _plain(workspace, program):
    module = workspace.load(program.source)
    try:
        fn = getattr(module, program.fn_name)
        args = program.make_args()
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            result = fn(*args)
        return fn, args, result
    finally:
        workspace.unload(module)


def test_generator_programs_run_under_plain_python(sample, workspace):
    """Well-typed by construction: only numeric range (overflow) may discard a program."""
    errors, overflow = [], 0
    for program in sample:
        try:
            _, args, result = _plain(workspace, program)
        except FloatingPointError:
            overflow += 1
            continue
        except Exception as e:  # noqa: BLE001
            errors.append(f"{type(e).__name__}: {e}\n{program.source}")
            continue
        value = result[0] if program.has_aux else result
        if program.has_aux:
            assert isinstance(result, tuple) and len(result) == 2, program.source
        assert np.shape(value) == (), f"non-scalar output {np.shape(value)}:\n{program.source}"
    assert not errors, f"{len(errors)} generated programs raise:\n\n" + "\n\n".join(errors[:3])
    assert overflow <= len(sample) * 0.05


def test_generator_programs_are_realistic(sample):
    """Sizes a user writes, every construct the brief lists, variables that reach the output."""
    lengths = [p.source.split(f"def {p.fn_name}(", 1)[1].count("\n") - 1 for p in sample]
    assert sum(5 <= n <= 30 for n in lengths) >= 0.9 * len(sample), sorted(lengths)
    seen = set().union(*(p.features for p in sample))
    assert REQUIRED_FEATURES <= seen, f"never generated: {sorted(REQUIRED_FEATURES - seen)}"
    dead = 0
    for p in sample:  # a local assigned at the top level and never read again is dead code
        fn = next(
            n
            for n in ast.parse(p.source).body
            if isinstance(n, ast.FunctionDef) and n.name == p.fn_name
        )
        stores = {
            t.id
            for s in fn.body
            if isinstance(s, ast.Assign)
            for t in s.targets
            if isinstance(t, ast.Name)
        }
        loads = {
            n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        dead += bool(stores - loads)
    assert dead <= 0.05 * len(sample)


def test_generator_gradients_are_not_trivially_zero(sample, workspace):
    """Data flows from the parameters to the output: most differentiated arguments have a
    nonzero finite-difference gradient (a zero one would check nothing)."""
    total = nonzero = 0
    for program in sample[:80]:
        try:
            fn, args, _ = _plain(workspace, program)
        except FloatingPointError:
            continue
        module = workspace.load(program.source)
        fn = getattr(module, program.fn_name)
        output = fd.scalar_output(program.has_aux)
        with np.errstate(all="ignore"):
            for i in program.differentiable:
                g = fd.numeric_gradient(fn, args, i, output)
                total += 1
                nonzero += any(np.any(np.asarray(leaf) != 0) for _, leaf in fd.leaves(g))
        workspace.unload(module)
    assert nonzero >= 0.85 * total, f"{nonzero} of {total} arguments have a nonzero gradient"


def test_generator_is_deterministic():
    a = generator.random_program("determinism:7")
    b = generator.random_program("determinism:7")
    assert a == b
