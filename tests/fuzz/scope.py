"""The generator's scope: typed variables, the names a module has taken, and the state of the
function being written (lines, indentation, nested blocks).

Why types: every expression is written for a known shape, and an in-place update is only
written on an array the function owns (``Var.owned``), so a program never changes its caller's
arguments, and runs under plain Python by construction. ``Var.reads`` counts reads since the
last assignment: the final ``return`` folds in every value nobody read, so data reaches the
output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re

from .draw import Draw
from .syntax import E

SCALAR_NAMES = [
    "total",
    "acc",
    "energy",
    "norm",
    "penalty",
    "score",
    "offset",
    "level",
    "gain",
    "spread",
    "drift",
    "cost",
]
VECTOR_NAMES = [
    "h",
    "z",
    "out",
    "feat",
    "delta",
    "state",
    "r",
    "hidden",
    "signal",
    "act",
    "e",
    "m",
]
MATRIX_NAMES = ["G", "P", "S", "T", "K", "Q", "H2"]
HELPER_NAMES = [
    "smooth",
    "activate",
    "project",
    "blend",
    "damp",
    "squash",
    "energy_of",
    "mix",
    "soft_update",
    "transform",
]
NESTED_NAMES = ["layer", "step", "update", "cell"]
LAMBDA_NAMES = ["act_fn", "f_soft", "gate", "warp"]
MAIN_NAMES = ["loss", "objective", "model", "forward", "score_fn", "compute", "simulate"]
CONST_NAMES = ["DECAY", "RATE", "SHIFT", "GAIN"]


@dataclasses.dataclass
class Var:
    """A name the function can read. ``kind``: value (float or array of ``shape``), int (a loop
    counter in ``lo..hi``), list (a local list of ``shape`` items), lambda (``arity``)."""

    name: str
    shape: tuple = ()
    kind: str = "value"
    owned: bool = False  # the function's own array: in-place updates cannot reach the caller
    assignable: bool = True  # False for items read through a container (p["w"], pair[0])
    reads: int = 0
    lo: int = 0
    hi: int = 0
    arity: int = 1
    param: bool = False
    top: bool = False  # defined at the function's top level (visible at the final return)


class Module:
    """What the functions of one generated module share: sizes, names, helpers, features."""

    def __init__(self, d: Draw):
        self.d = d
        self.N = d.integer(3, 5)
        self.R = d.choice([r for r in (2, 3, 4) if r != self.N])
        # builtins, and the names the fixed-form loops below use, are never drawn for variables
        self.taken: set[str] = {
            "np",
            "math",
            "len",
            "range",
            "sum",
            "zip",
            "enumerate",
            "float",
            "abs",
            "max",
            "min",
            "i",
            "j",
            "k",
            "k2",
            "c",
            "xv",
            "xb",
            "key",
            "val",
            "part",
        }
        self.features: set[str] = set()
        self.helpers: list[tuple[str, tuple, tuple, list[str]]] = []  # name, params, ret, lines
        self.constants: list[tuple[str, float]] = []
        self.uses_math = False

    def fresh(self, pool, fallback="v") -> str:
        free = [n for n in pool if n not in self.taken]
        if free:
            name = self.d.choice(free)
        else:
            k = 2
            while f"{fallback}{k}" in self.taken:
                k += 1
            name = f"{fallback}{k}"
        self.taken.add(name)
        return name

    def constant(self) -> E:
        if self.constants and self.d.boolean(0.6):
            return E(self.d.choice(self.constants)[0])
        name = self.fresh(CONST_NAMES, "C")
        value = self.d.choice([0.9, 0.25, 0.5, 1.5, 0.75])
        self.constants.append((name, value))
        self.features.add("module-constant")
        return E(name)


class Scope:
    """The function being written: its lines, indentation, nested scopes of typed variables, and
    the ownership facts of arrays across branches and loops."""

    MAX_LINES = 21

    def __init__(self, module: Module, indent=1, in_helper=False):
        self.m = module
        self.d = module.d
        self.lines: list[str] = []
        self.indent = indent
        self.scopes: list[dict[str, Var]] = [{}]
        self.loop_depth = 0
        self.while_depth = 0
        self.block_depth = 0
        self.in_helper = in_helper
        self.aux = None  # has_aux: ("single"|"tuple"|"dict", [(key, shape), ...])
        self.nested: list[str] = []  # nested defs, written at the top of the body
        self.nested_defs: list = []  # (name, params, ret, lines) of those nested defs
        self.containers: list = []  # (kind, Var) of the tuple/list/dict parameters
        self.hidden: set[str] = set()  # parameters deliberately never read

    # ----------------------------------------------------------------- scope

    def emit(self, line: str):
        self.lines.append("    " * self.indent + line)

    def visible(self) -> dict[str, Var]:
        out: dict[str, Var] = {}
        for scope in self.scopes:
            out.update(scope)
        return {k: v for k, v in out.items() if k not in self.hidden}

    def define(self, var: Var) -> Var:
        var.top = len(self.scopes) == 1
        self.scopes[-1][var.name] = var
        return var

    def lookup(self, name) -> Var:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        raise KeyError(name)

    def values(self, shape=None, assignable=False, owned=None) -> list[Var]:
        out = []
        for v in self.visible().values():
            if v.kind != "value" or (shape is not None and v.shape != shape):
                continue
            if assignable and not v.assignable:
                continue
            if owned is not None and v.owned != owned:
                continue
            out.append(v)
        return out

    def ints(self) -> list[Var]:
        return [v for v in self.visible().values() if v.kind == "int"]

    def pick(self, candidates: list[Var]) -> Var:
        """Prefer variables not read since their last assignment: data must reach the output."""
        weights = [(4 if v.reads == 0 else 1, v) for v in candidates]
        v = self.d.weighted(weights)
        v.reads += 1
        return v

    @contextlib.contextmanager
    def quiet(self):
        """Reads that carry no data to the output (a condition, ``len(x)``,
        ``np.zeros_like(x)``) must not count: the variable still has to reach the return."""
        saved = [(v, v.reads) for scope in self.scopes for v in scope.values()]
        yield
        for v, reads in saved:
            v.reads = reads

    def mentions_variable(self, e: E) -> bool:
        names = {v.name.split("[")[0] for v in self.values()}
        return bool(names & set(re.findall(r"[A-Za-z_]\w*", e.code)))

    def full(self) -> bool:
        return len(self.lines) >= self.MAX_LINES
