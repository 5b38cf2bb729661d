"""Differentiate a generated program with s2s and judge the result against oracles s2s did not
choose.

Why these oracles: each one is computed without s2s, or checks a promise of the README that
holds for any program:

* gradients equal central finite differences in float64 (``fd.py``), for every entry point;
* ``value_and_grad``'s value (and with ``has_aux`` the aux) equals a plain call of the function;
* ``s2s.vjp``'s pullback gives the same cotangents when called twice, does not change what it
  returned before, and agrees with ``grad``;
* gradients have their argument's type and structure (tuple -> tuple, list -> list, dict -> dict
  with the same keys, nested likewise; arrays keep shape and dtype; a Python float gets a Python
  float, an ``np.float64`` an ``np.float64``; a structurally zero gradient is zeros shaped like
  the argument, not ``0.0``);
* differentiating never modifies the caller's arguments.

``check`` returns an :class:`Outcome`: ``ok``; ``refused`` (an ``s2s.S2SError``: not a wrong
result, counted by message); ``wrong`` and ``crash`` (failures); and two verdicts about the
*program*, not s2s: ``invalid`` (the plain call fails or leaves the numeric range, so the program
is discarded) and ``inconclusive`` (finite differences disagree with themselves: a step crossed a
branch boundary or a kink).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import traceback

import numpy as np

import s2s

from . import fd
from .values import deep_copy, describe, identical

RTOL = 1e-5  # gradients vs finite differences
VALUE_RTOL = 1e-9  # values, aux, vjp vs grad: the same arithmetic, up to reassociation
MAX_VALUE = 1e6
TIMEOUT = 60

#: Severity: a program's outcome is its most severe finding. Classes not listed rank by kind.
SEVERITY = [
    "crash",
    "wrong gradient",
    "wrong value",
    "wrong aux",
    "args modified",
    "pullback not reusable",
    "vjp differs from grad",
    "structure",
    "type",
    "refused",
]

STAGES = ("grad", "value_and_grad", "vjp")


@dataclasses.dataclass
class Finding:
    kind: str  # refused | wrong | crash
    cls: str  # the failure class: stable across programs, no names or numbers of this one
    detail: str  # this program's specifics: observed vs expected
    stage: str


@dataclasses.dataclass
class Outcome:
    kind: str  # ok | refused | wrong | crash | invalid | inconclusive
    cls: str = ""
    reason: str = ""
    findings: list = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.kind in ("wrong", "crash")

    @property
    def key(self) -> tuple:
        return (self.kind, self.cls)

    def summary(self) -> str:
        lines = [
            f"{self.kind.upper()}: {self.cls}" + (f" -- {self.reason}" if self.reason else "")
        ]
        for f in self.findings:
            lines.append(f"  [{f.stage}] {f.kind}: {f.cls}: {f.detail}")
        return "\n".join(lines)


class FuzzTimeout(BaseException):
    """Raised by the alarm: BaseException, so no ``except Exception`` in s2s can swallow it."""


@contextlib.contextmanager
def time_limit(seconds):
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield
        return

    def fire(signum, frame):
        raise FuzzTimeout(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(int(seconds))
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------ classification helpers

_S2S_DIR = os.path.dirname(os.path.abspath(s2s.__file__))


def normalize(message: str) -> str:
    """A message without what is particular to one program: locations, names, numbers."""
    text = message.strip().splitlines()[0] if message.strip() else ""
    text = re.sub(r"^\S+\.py:\d+:\s*", "", text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"\"[^\"]*\"", "'…'", text)
    text = re.sub(r"\bfz\w+\b", "<module>", text)
    text = re.sub(r"\(\d+(, \d+)*,?\)", "(shape)", text)
    text = re.sub(r"(?<![A-Za-z_])\d+(\.\d+)?(e-?\d+)?", "N", text)  # not s2s's 2
    return text[:140]


def where_raised(exc: BaseException) -> str:
    """The innermost frame that is s2s's own code or code s2s generated (not NumPy's)."""
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        name = frame.filename
        if name.startswith(_S2S_DIR):
            return f"s2s/{os.path.relpath(name, _S2S_DIR)}:{frame.name}"
        if ".grad." in name or ".vjp." in name or ".value_and_grad." in name:
            return "generated derivative"
        if name == "<s2s argument check>":
            return "s2s argument check"
    return "outside s2s"


def crash_finding(exc, stage, phase) -> Finding:
    site = where_raised(exc)
    cls = f"crash: {type(exc).__name__} in {site}: {normalize(str(exc))}"
    return Finding("crash", cls, f"{phase}: {type(exc).__name__}: {str(exc)[:300]}", stage)


def kind_of(value) -> str:
    if value is None:
        return "None"
    if type(value) is float:
        return "Python float"
    if isinstance(value, np.floating):
        return type(value).__name__
    if isinstance(value, np.ndarray):
        return "0-d ndarray" if value.ndim == 0 else "ndarray"
    return type(value).__name__


def structure_findings(got, arg, stage, path="") -> list[Finding]:
    """The promises about a gradient's type and structure, for the argument ``arg``."""
    where = path or "arg"
    out = []
    if isinstance(arg, (tuple, list, dict)):
        kind = type(arg).__name__
        if type(got) is not type(arg):
            out.append(
                Finding(
                    "wrong",
                    f"structure: {kind} arg -> {kind_of(got)} gradient",
                    f"{where}: expected {kind}, got {describe(got)}",
                    stage,
                )
            )
        if isinstance(arg, dict):
            if not isinstance(got, dict):
                return out
            if set(got) != set(arg):
                out.append(
                    Finding(
                        "wrong",
                        "structure: dict gradient keys differ",
                        f"{where}: keys {sorted(got)} != {sorted(arg)}",
                        stage,
                    )
                )
            for k in arg:
                if k in got:
                    out += structure_findings(got[k], arg[k], stage, f"{where}[{k!r}]")
            return out
        if not isinstance(got, (tuple, list)):
            return out
        if len(got) != len(arg):
            out.append(
                Finding(
                    "wrong",
                    f"structure: {kind} gradient length differs",
                    f"{where}: {len(got)} != {len(arg)}",
                    stage,
                )
            )
            return out
        for i, (g, a) in enumerate(zip(got, arg)):
            out += structure_findings(g, a, stage, f"{where}[{i}]")
        return out
    if type(arg) is float:
        if type(got) is not float:
            out.append(
                Finding(
                    "wrong",
                    f"type: Python float arg -> {kind_of(got)} gradient",
                    f"{where}: got {got!r}",
                    stage,
                )
            )
    elif isinstance(arg, np.floating):
        if type(got) is not type(arg):
            out.append(
                Finding(
                    "wrong",
                    f"type: {type(arg).__name__} arg -> {kind_of(got)} " "gradient",
                    f"{where}: got {got!r}",
                    stage,
                )
            )
    elif isinstance(arg, np.ndarray):
        if not isinstance(got, np.ndarray):
            zero = np.ndim(got) == 0 and got is not None and np.all(np.asarray(got) == 0)
            cls = (
                "structure: array arg -> scalar zero gradient"
                if zero
                else f"structure: array arg -> {kind_of(got)} gradient"
            )
            out.append(
                Finding(
                    "wrong", cls, f"{where}: expected ndarray{arg.shape}, got {got!r}"[:300], stage
                )
            )
        elif got.shape != arg.shape:
            out.append(
                Finding(
                    "wrong",
                    "structure: gradient shape differs from argument",
                    f"{where}: {got.shape} != {arg.shape}",
                    stage,
                )
            )
        elif got.dtype != arg.dtype:
            out.append(
                Finding(
                    "wrong",
                    "type: gradient dtype differs from argument",
                    f"{where}: {got.dtype} != {arg.dtype}",
                    stage,
                )
            )
    return out


def leaf_errors(got, expected, scale, rtol, path=""):
    """(path, got, expected) for each float leaf of ``expected`` that ``got`` misses or differs
    at; structure is compared elsewhere, so lists/tuples are matched by position."""
    bad = []
    for p, exp in fd.leaves(expected):
        try:
            g = fd.get(got, p)
            g = np.asarray(g, dtype=np.float64)
        except (KeyError, IndexError, TypeError, ValueError):
            bad.append((p, "missing", exp))
            continue
        e = np.asarray(exp, dtype=np.float64)
        if g.shape != e.shape:
            try:
                g = np.broadcast_to(g, e.shape)
            except ValueError:
                bad.append((p, g, exp))
                continue
        atol = rtol * 0.1 * scale
        if not np.all(np.abs(g - e) <= atol + rtol * np.abs(e)) or not np.all(np.isfinite(g)):
            bad.append((p, g, exp))
    return bad


def show(x, n=4) -> str:
    if isinstance(x, str):
        return x
    arr = np.asarray(x, dtype=np.float64).reshape(-1)
    body = ", ".join(f"{v:.6g}" for v in arr[:n])
    return f"[{body}{', ...' if arr.size > n else ''}]" if np.ndim(x) else body


def first_difference(got, expected) -> str:
    """Where two same-shaped arrays differ most, when the first entries shown do not say."""
    if isinstance(got, str) or np.ndim(expected) == 0:
        return ""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        return ""
    diff = np.abs(np.nan_to_num(g - e, nan=np.inf))
    k = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    return f"; at {k[0] if len(k) == 1 else k}: {g[k]:.6g} vs {e[k]:.6g}"


def fmt_path(position, name, path) -> str:
    return name + "".join(f"[{p!r}]" for p in path)


# ------------------------------------------------------------------------------ the check


class Checker:
    """Runs the stages for one program; collects findings."""

    def __init__(self, program, fn, stages):
        self.p = program
        self.f = fn
        self.stages = stages
        self.args = program.make_args()
        self.snapshot = deep_copy(self.args)
        self.output = fd.scalar_output(program.has_aux)
        self.findings: list[Finding] = []
        self._fd: dict = {}
        self.inconclusive: list[str] = []
        self.grad_results: dict = {}

    # -- the plain call and the reference gradients

    def plain(self):
        """The program's own behaviour; an exception here is the generator's fault."""
        copy = deep_copy(self.args)
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            result = self.f(*copy)
        if not identical(copy, self.snapshot):
            raise ValueError("the function modifies its arguments")
        if self.p.has_aux and not (isinstance(result, tuple) and len(result) == 2):
            raise ValueError(f"has_aux function returned {describe(result)}")
        value = self.output(result)
        if not np.isfinite(value) or abs(value) > MAX_VALUE:
            raise ValueError(f"value {value} out of range")
        self.result, self.value = result, value
        self.scale = max(1.0, abs(value))
        for i in self.p.differentiable:
            g = self.fd(i)
            for _, leaf in fd.leaves(g):
                arr = np.asarray(leaf)
                if not np.all(np.isfinite(arr)) or np.max(np.abs(arr), initial=0) > MAX_VALUE:
                    raise ValueError("finite-difference gradient out of range")
                self.scale = max(self.scale, float(np.max(np.abs(arr), initial=0)))

    def fd(self, i, eps=fd.EPS):
        if (i, eps) not in self._fd:
            with np.errstate(all="ignore"):
                self._fd[i, eps] = fd.numeric_gradient(self.f, self.args, i, self.output, eps)
        return self._fd[i, eps]

    # -- helpers for the stages

    def add(self, kind, cls, detail, stage):
        self.findings.append(Finding(kind, cls, detail, stage))

    def guarded(self, stage, phase, thunk):
        """Run ``thunk``; an S2SError is a refusal, anything else a crash. None if it failed."""
        try:
            with np.errstate(all="ignore"):
                return True, thunk()
        except s2s.S2SError as e:
            self.add("refused", f"refused: {normalize(str(e))}", f"{phase}: {e}"[:400], stage)
        except FuzzTimeout as e:
            self.add("crash", "crash: timeout", f"{phase}: {e}", stage)
        except RecursionError as e:
            self.findings.append(crash_finding(e, stage, phase))
        except Exception as e:  # noqa: BLE001 - every other exception is a crash to report
            self.findings.append(crash_finding(e, stage, phase))
        return False, None

    def args_unchanged(self, used, stage, when):
        if identical(used, self.snapshot):
            return
        changed = [
            self.p.params[i]
            for i, (a, b) in enumerate(zip(used, self.snapshot))
            if not identical(a, b)
        ]
        self.add(
            "wrong",
            f"args modified by differentiation ({stage})",
            f"{when} changed argument(s) {', '.join(changed)}",
            stage,
        )

    def compare_gradient(self, got, position, stage):
        """Structure, then values against finite differences (re-checked with other steps
        before calling a difference wrong)."""
        arg = self.args[position]
        name = self.p.params[position]
        for f in structure_findings(got, arg, stage, name):
            self.findings.append(f)
        expected = self.fd(position)
        bad = leaf_errors(got, expected, self.scale, RTOL)
        if not bad:
            return
        # Finite differences with other steps: a gradient matching one of them is fine; steps
        # that disagree with each other mean the program is not smooth here.
        wide, narrow = self.fd(position, 1e-4), self.fd(position, 1e-7)
        if not leaf_errors(got, wide, self.scale, 1e-4) or not leaf_errors(
            got, narrow, self.scale, 1e-4
        ):
            return
        if leaf_errors(wide, expected, self.scale, 1e-4):
            self.inconclusive.append(
                f"{stage}: finite differences of {name} disagree between "
                "steps (a branch boundary or kink is near)"
            )
            return
        p, g, e = bad[0]
        label = (
            f"wrong gradient ({stage})"
            if not isinstance(g, str)
            else f"wrong gradient ({stage}, missing entry)"
        )
        self.add(
            "wrong",
            label,
            f"d/d{fmt_path(position, name, p)}: s2s {show(g)} vs finite "
            f"differences {show(e)}{first_difference(g, e)} ({len(bad)} leaf/leaves differ)",
            stage,
        )

    def split_grads(self, grads, stage):
        """The gradient(s) for each wrt position, checking the tuple-or-single promise."""
        positions = self.p.wrt_positions()
        if isinstance(self.p.wrt, tuple):
            if not isinstance(grads, tuple) or len(grads) != len(positions):
                self.add(
                    "wrong",
                    "structure: tuple wrt did not give a tuple of gradients",
                    f"got {describe(grads)}",
                    stage,
                )
                return []
            return list(zip(positions, grads))
        return [(positions[0], grads)]

    def compare_value(self, value, stage, what="value"):
        got = np.asarray(value, dtype=np.float64) if not isinstance(value, tuple) else None
        if (
            got is None
            or got.shape != ()
            or not np.isclose(float(got), self.value, rtol=VALUE_RTOL, atol=1e-12 * self.scale)
        ):
            self.add(
                "wrong",
                f"wrong value ({stage})",
                f"{what}: s2s {show(value) if got is not None else describe(value)} vs "
                f"plain call {self.value!r}",
                stage,
            )

    def compare_aux(self, aux, stage):
        expected = self.result[1]
        problems = aux_differences(aux, expected)
        if problems:
            self.add(
                "wrong",
                "wrong aux",
                f"{problems[0]} (aux {describe(aux)} vs " f"{describe(expected)})",
                stage,
            )

    # -- the stages

    def grad_kwargs(self):
        kw = {} if self.p.wrt is None else {"wrt": self.p.wrt}
        if self.p.has_aux:
            kw["has_aux"] = True
        return kw

    def run_grad(self):
        ok, g = self.guarded("grad", "s2s.grad", lambda: s2s.grad(self.f, **self.grad_kwargs()))
        if not ok:
            return
        used = deep_copy(self.args)
        ok, result = self.guarded("grad", "calling the gradient", lambda: g(*used))
        if not ok:
            return
        self.args_unchanged(used, "grad", "calling the gradient")
        if self.p.has_aux:
            if not (isinstance(result, tuple) and len(result) == 2):
                self.add(
                    "wrong",
                    "structure: has_aux grad did not return (grads, aux)",
                    f"got {describe(result)}",
                    "grad",
                )
                return
            result, aux = result
            self.compare_aux(aux, "grad")
        for position, got in self.split_grads(result, "grad"):
            self.grad_results[position] = got
            self.compare_gradient(got, position, "grad")

    def run_value_and_grad(self):
        ok, g = self.guarded(
            "value_and_grad",
            "s2s.value_and_grad",
            lambda: s2s.value_and_grad(self.f, **self.grad_kwargs()),
        )
        if not ok:
            return
        used = deep_copy(self.args)
        ok, result = self.guarded("value_and_grad", "calling value_and_grad", lambda: g(*used))
        if not ok:
            return
        self.args_unchanged(used, "value_and_grad", "calling value_and_grad")
        if not (isinstance(result, tuple) and len(result) == 2):
            self.add(
                "wrong",
                "structure: value_and_grad did not return (value, grads)",
                f"got {describe(result)}",
                "value_and_grad",
            )
            return
        value, grads = result
        if self.p.has_aux:
            if not (isinstance(value, tuple) and len(value) == 2):
                self.add(
                    "wrong",
                    "structure: has_aux value is not (value, aux)",
                    f"got {describe(value)}",
                    "value_and_grad",
                )
                return
            value, aux = value
            self.compare_aux(aux, "value_and_grad")
        self.compare_value(value, "value_and_grad")
        for position, got in self.split_grads(grads, "value_and_grad"):
            self.compare_gradient(got, position, "value_and_grad")

    def run_vjp(self):
        if self.p.has_aux:
            return  # the output is (loss, aux): a pullback would need a cotangent for aux too
        used = deep_copy(self.args)
        ok, pair = self.guarded("vjp", "s2s.vjp", lambda: s2s.vjp(self.f, *used))
        if not ok:
            return
        y, pullback = pair
        self.compare_value(y, "vjp", "vjp's y")
        ok, first = self.guarded("vjp", "first pullback call", lambda: pullback(1.0))
        if not ok:
            return
        kept = deep_copy(first)
        ok, second = self.guarded("vjp", "second pullback call", lambda: pullback(1.0))
        if ok:
            if not identical(first, kept):
                self.add(
                    "wrong",
                    "pullback not reusable",
                    "the second pullback call changed what the first returned",
                    "vjp",
                )
            elif aux_differences(second, kept, "cotangents"):
                self.add(
                    "wrong",
                    "pullback not reusable",
                    "second call differs: " f"{aux_differences(second, kept, 'cotangents')[0]}",
                    "vjp",
                )
        self.args_unchanged(used, "vjp", "s2s.vjp and its pullback")
        if not isinstance(first, tuple) or len(first) != len(self.args):
            self.add(
                "wrong",
                "structure: pullback did not return one cotangent per primal",
                f"got {describe(first)}",
                "vjp",
            )
            return
        for i, (cot, arg) in enumerate(zip(kept, self.args)):
            if i not in self.p.differentiable:
                if cot is not None:
                    self.add(
                        "wrong",
                        "structure: cotangent of a non-float primal is not None",
                        f"{self.p.params[i]}: {cot!r}",
                        "vjp",
                    )
                continue
            if cot is None:
                self.add(
                    "wrong",
                    f"structure: vjp gives None for a {type(arg).__name__} of floats",
                    f"{self.p.params[i]}: expected {describe(arg)}",
                    "vjp",
                )
                continue
            self.compare_gradient(cot, i, "vjp")
            if i in self.grad_results:
                bad = leaf_errors(cot, self.grad_results[i], self.scale, 1e-7)
                if bad:
                    p, g, e = bad[0]
                    self.add(
                        "wrong",
                        "vjp differs from grad",
                        f"d/d{fmt_path(i, self.p.params[i], p)}: vjp {show(g)} vs grad "
                        f"{show(e)}{first_difference(g, e)}",
                        "vjp",
                    )


def aux_differences(got, expected, where="aux") -> list[str]:
    """Exact structure and types, values to VALUE_RTOL (the same rule as tests/test_corpus)."""
    if type(got) is not type(expected):
        return [f"{where}: {kind_of(got)} != {kind_of(expected)}"]
    if isinstance(expected, dict):
        if list(got) != list(expected):
            return [f"{where}: keys {list(got)} != {list(expected)}"]
        return [
            d for k in expected for d in aux_differences(got[k], expected[k], f"{where}[{k!r}]")
        ]
    if isinstance(expected, (tuple, list)):
        if len(got) != len(expected):
            return [f"{where}: length {len(got)} != {len(expected)}"]
        return [
            d
            for i, (g, e) in enumerate(zip(got, expected))
            for d in aux_differences(g, e, f"{where}[{i}]")
        ]
    if isinstance(expected, (np.ndarray, np.generic, float, int)):
        g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
        if g.shape != e.shape or not np.allclose(
            g, e, rtol=VALUE_RTOL, atol=1e-12, equal_nan=True
        ):
            return [f"{where}: {show(g)} != {show(e)}"]
        return []
    return [] if got == expected else [f"{where}: {got!r} != {expected!r}"]


def rank(finding: Finding) -> int:
    for i, prefix in enumerate(SEVERITY):
        if finding.cls.startswith(prefix):
            return i
    return len(SEVERITY)


def check(program, workspace, stages=STAGES, timeout=TIMEOUT) -> Outcome:
    """Load ``program`` into ``workspace`` (a ``loader.Workspace``), run the stages, classify."""
    try:
        with time_limit(timeout):
            return _check(program, workspace, stages)
    except FuzzTimeout as e:
        return Outcome(
            "crash", "crash: timeout", str(e), [Finding("crash", "crash: timeout", str(e), "?")]
        )


def _check(program, workspace, stages) -> Outcome:
    try:
        module = workspace.load(program.source)
        fn = getattr(module, program.fn_name)
        checker = Checker(program, fn, stages)
        checker.plain()
    except FuzzTimeout:
        raise
    except Exception as e:  # noqa: BLE001 - the program, not s2s, is at fault
        return Outcome("invalid", f"{type(e).__name__}", str(e)[:200])
    try:
        for stage in stages:
            getattr(checker, f"run_{stage}")()
    finally:
        workspace.unload(module)
    findings = checker.findings
    failures = sorted((f for f in findings if f.kind in ("wrong", "crash")), key=rank)
    if failures:
        top = failures[0]
        return Outcome(top.kind, top.cls, f"[{top.stage}] {top.detail}", findings)
    refusals = [f for f in findings if f.kind == "refused"]
    if refusals:
        return Outcome("refused", refusals[0].cls, refusals[0].detail, findings)
    if checker.inconclusive:
        return Outcome(
            "inconclusive", "finite differences unreliable", checker.inconclusive[0], findings
        )
    return Outcome("ok", findings=findings)
