"""Random, realistic, well-typed Python/NumPy programs to differentiate.

Why a typed generator instead of random ASTs: a failure must mean s2s is wrong, so every program
has to run under plain Python, be smooth where it is evaluated, and send most of its values to
the output (a gradient that is zero everywhere checks nothing). The generator therefore keeps a
*scope* of typed variables (shape, whether the array is the function's own so an in-place update
cannot reach the caller's arguments, how often it was read since its last assignment) and only
writes expressions that are defined for those types:

* shapes come from two sizes per program, ``N`` and ``R``: scalars, ``(N,)``, ``(R,)`` and
  ``(R, N)`` matrices, plus the layer shapes of ``(W, b)`` parameter tuples;
* logs and square roots take ``1.0 + e ** 2``-like operands, divisions have denominators bounded
  away from zero, exponentials take damped operands, so values stay finite and smooth;
* conditions compare a continuous value with a constant, so a finite-difference step crosses a
  branch boundary only with negligible probability (and the oracle detects it if it does);
* loops have literal or parameter trip counts, and every index is in range for its array;
* the final ``return`` collects every variable not read since its last assignment, so data flows
  from (nearly) every statement to the output.

Control flow, containers and mutation are what s2s's passes work hardest on, so they are drawn
often: ``if``/``elif``/``else``, ``for`` over ranges, arrays, lists, tuples, ``zip`` and
``enumerate``, ``while`` with a counter, ``break``/``continue``, early returns (also inside
loops), in-place stores (``y[i] += v``, ``y *= 2``, aliasing ``y = h; y += 1.0``), helper
functions, nested ``def``s and lambdas, list appends, and tuple/list/dict parameters, among them
tuples of ``(W, b)`` layers.

``generate(draw)`` returns a :class:`Program`; ``programs()`` is the Hypothesis strategy. The
writer is split by concern: ``syntax.py`` (code text and precedence), ``scope.py`` (typed
variables), ``expressions.py`` (shape-directed expressions), ``statements.py`` (statements and
blocks); this module draws the parameters, assembles the module and picks ``wrt``.
"""

from __future__ import annotations

import dataclasses

from .draw import Draw, HypothesisDraw, RandomDraw
from .expressions import Expressions
from .scope import MAIN_NAMES, Module, Scope, Var
from .statements import Statements
from .values import ArgSpec, make_args, render


@dataclasses.dataclass(frozen=True)
class Program:
    """A generated module and how to call and differentiate its function."""

    source: str
    fn_name: str
    params: tuple  # parameter names
    specs: tuple  # one ArgSpec per parameter
    args_text: str  # render() of the arguments: a self-contained repro
    wrt: object  # what s2s.grad gets: a position, a name, or a tuple of them (None: default)
    has_aux: bool
    features: frozenset
    seed: object  # what generated it: a RandomDraw seed (None under Hypothesis)

    def make_args(self) -> tuple:
        from .values import evaluate

        return evaluate(self.args_text)

    @property
    def differentiable(self) -> tuple:
        """Positions of the arguments holding floats (what s2s.vjp differentiates)."""
        return tuple(i for i, s in enumerate(self.specs) if s.differentiable)

    def wrt_positions(self) -> tuple:
        items = self.wrt if isinstance(self.wrt, tuple) else (0 if self.wrt is None else self.wrt,)
        return tuple(self.params.index(w) if isinstance(w, str) else w for w in items)

    def with_source(self, source: str, **changes) -> Program:
        return dataclasses.replace(self, source=source, **changes)


class Writer(Statements, Expressions, Scope):
    """Writes one function: the scope (scope.py), its expressions (expressions.py) and its
    statements (statements.py)."""


def _param_specs(m: Module):
    """Draw the parameters: names, kinds, specs, and the Vars the body reads them through."""
    d = m.d
    N, R = m.N, m.R
    n_params = d.weighted([(2, 1), (3, 2), (3, 3), (1, 4)])
    kinds = []
    for _ in range(n_params):
        kinds.append(
            d.weighted(
                [
                    (8, "vec"),
                    (6, "mat"),
                    (5, "float"),
                    (3, "f64"),
                    (2, "vecR"),
                    (2, "pair"),
                    (2, "floats"),
                    (2, "dict"),
                    (3, "layers"),
                    (1, "arrays"),
                    (1, "int"),
                ]
            )
        )
    if all(k == "int" for k in kinds):
        kinds[0] = "vec"
    if kinds.count("layers") > 1 or kinds.count("int") > 1:
        kinds = list(dict.fromkeys(kinds))
    out = []
    pools = {
        "vec": ["x", "v", "u", "theta", "w"],
        "vecR": ["y", "target", "bias_vec"],
        "mat": ["W", "A", "X", "M"],
        "float": ["scale", "alpha", "t", "lr", "beta"],
        "f64": ["gamma", "tau", "mu"],
        "pair": ["pair", "ab"],
        "floats": ["coeffs", "weights"],
        "dict": ["p", "params"],
        "layers": ["layers", "net"],
        "arrays": ["batch", "xs"],
        "int": ["n_steps", "steps"],
    }
    for kind in kinds:
        name = m.fresh(pools[kind], kind)
        if kind == "vec":
            out.append((name, ArgSpec("array", (N,)), [Var(name, (N,), param=True)]))
        elif kind == "vecR":
            out.append((name, ArgSpec("array", (R,)), [Var(name, (R,), param=True)]))
        elif kind == "mat":
            out.append((name, ArgSpec("array", (R, N)), [Var(name, (R, N), param=True)]))
        elif kind == "float":
            out.append((name, ArgSpec("float"), [Var(name, (), param=True)]))
        elif kind == "f64":
            out.append((name, ArgSpec("f64"), [Var(name, (), param=True)]))
        elif kind == "int":
            n = d.integer(2, 3)
            out.append(
                (
                    name,
                    ArgSpec("int", value=n),
                    [Var(name, kind="int", lo=0, hi=n - 1, param=True)],
                )
            )
        elif kind == "pair":
            shapes = d.choice([((N,), (N,)), ((R, N), (N,)), ((), (N,)), ((R,), (R,))])
            specs = tuple(ArgSpec("float") if s == () else ArgSpec("array", s) for s in shapes)
            items = [
                Var(f"{name}[{k}]", s, assignable=False, param=True) for k, s in enumerate(shapes)
            ]
            out.append((name, ArgSpec("tuple", items=specs), items + [("pair", name, shapes)]))
        elif kind == "floats":
            n = d.integer(2, 3)
            specs = tuple(ArgSpec("float") for _ in range(n))
            items = [Var(f"{name}[{k}]", (), assignable=False, param=True) for k in (0, -1)]
            container = "list" if d.boolean(0.7) else "tuple"
            out.append(
                (
                    name,
                    ArgSpec(container, items=specs),
                    items + [("floats", name, tuple(() for _ in range(n)))],
                )
            )
        elif kind == "arrays":
            n = d.integer(2, 3)
            specs = tuple(ArgSpec("array", (N,)) for _ in range(n))
            items = [Var(f"{name}[0]", (N,), assignable=False, param=True)]
            out.append((name, ArgSpec("list", items=specs), items + [("arrays", name, ((N,),))]))
        elif kind == "dict":
            keys = d.choice([("w", "b"), ("w", "b", "scale"), ("W", "bias")])
            shapes = {"w": (N,), "b": (), "scale": (), "W": (R, N), "bias": (R,)}
            specs = tuple(
                (
                    ArgSpec(d.choice(["float", "f64"]))
                    if shapes[k] == ()
                    else ArgSpec("array", shapes[k])
                )
                for k in keys
            )
            items = [Var(f"{name}[{k!r}]", shapes[k], assignable=False, param=True) for k in keys]
            out.append(
                (
                    name,
                    ArgSpec("dict", items=specs, keys=keys),
                    items + [("dict", name, {k: shapes[k] for k in keys})],
                )
            )
        elif kind == "layers":
            depth = d.integer(1, 3)
            batch = d.boolean(0.3)
            dims = [N] + [R] * (depth - 1) + [N]
            pairs = []
            for a, b in zip(dims, dims[1:]):
                W = (a, b) if batch else (b, a)
                pairs.append(
                    ArgSpec(
                        "tuple",
                        items=(ArgSpec("array", W, scale=0.6), ArgSpec("array", (b,), scale=0.3)),
                    )
                )
            container = "tuple" if d.boolean(0.6) else "list"
            shapes = [tuple(it.shape for it in p.items) for p in pairs]
            out.append(
                (name, ArgSpec(container, items=tuple(pairs)), [("layers", name, shapes, batch)])
            )
    return out


def generate(d: Draw, seed=None) -> Program:
    m = Module(d)
    w = Writer(m)
    params = _param_specs(m)
    for name, spec, items in params:
        for item in items:
            if isinstance(item, Var):
                w.define(item)
            else:
                c = Var(name, kind="container", assignable=False, param=True)
                c.item_shapes = item[2]
                c.batch = item[3] if len(item) > 3 else False
                w.containers.append((item[0], c))
    specs = tuple(spec for _, spec, _ in params)
    names = tuple(name for name, _, _ in params)
    # Sometimes one parameter is never read: its gradient is structurally zero.
    if len(params) > 1 and d.boolean(0.08):
        hidden = d.choice(
            [n for n, s, _ in params if s.kind in ("array", "float", "f64")] or [None]
        )
        if hidden:
            w.hidden.add(hidden)
            m.features.add("unused-param")
    has_aux = d.boolean(0.15)
    if has_aux:
        m.features.add("has_aux")
        form = d.choice(["single", "tuple", "dict"])
        shapes = [d.choice([(), (m.N,)]) for _ in range(1 if form == "single" else 2)]
        keys = ["h", "norm"] if form == "dict" else ["a", "b"]
        w.aux = (form, list(zip(keys, shapes)))
    n_statements = d.integer(3, 7)
    for _ in range(n_statements):
        if w.full():
            break
        w.statement()
    for kind, var in w.containers:  # a (W, b) tuple or a list of arrays is there to be used
        if var.reads == 0 and kind == "layers":
            w.layer_loop(var)
        elif var.reads == 0 and kind == "arrays":
            w.array_list_loop(var)
    w.final_return()

    fn_name = m.fresh(MAIN_NAMES, "f")
    lines = (
        ["import math", "", "import numpy as np", ""]
        if m.uses_math
        else ["import numpy as np", ""]
    )
    for cname, value in m.constants:
        lines.append(f"{cname} = {value!r}")
    if m.constants:
        lines.append("")
    for _, _, _, hlines in m.helpers:
        lines += ["", *hlines, ""]
    lines += ["", f"def {fn_name}({', '.join(names)}):", *w.nested, *w.lines, ""]
    source = "\n".join(lines).lstrip("\n")
    while "\n\n\n\n" in source:
        source = source.replace("\n\n\n\n", "\n\n\n")

    for name, spec, _ in params:
        if spec.kind == "f64":
            m.features.add("np.float64-arg")
        if spec.kind in ("tuple", "list", "dict"):
            m.features.add(f"{spec.kind}-arg")
        if spec.kind == "int":
            m.features.add("int-arg")
    if len(params) == 1:
        m.features.add("single-param")

    candidates = [i for i, s in enumerate(specs) if s.differentiable]
    how = d.weighted([(3, "position"), (2, "name"), (1, "default"), (3, "tuple")])
    if how == "default" and 0 in candidates:
        wrt = None
    elif how == "tuple" and len(candidates) > 1:
        chosen = d.sample(candidates, d.integer(2, len(candidates)))
        wrt = tuple(names[i] if d.boolean(0.5) else i for i in chosen)
        m.features.add("wrt-tuple")
    else:
        i = d.choice(candidates)
        wrt = names[i] if how == "name" else i
    args_seed = d.integer(0, 2**31 - 1)
    args = make_args(specs, args_seed)
    return Program(
        source=source,
        fn_name=fn_name,
        params=names,
        specs=specs,
        args_text=render(args),
        wrt=wrt,
        has_aux=has_aux,
        features=frozenset(m.features),
        seed=seed,
    )


def random_program(seed) -> Program:
    """The campaign's draw: a program determined by ``seed`` alone."""
    return generate(RandomDraw(seed), seed=seed)


def programs():
    """The Hypothesis strategy of programs."""
    from hypothesis import strategies as st

    @st.composite
    def strategy(draw):
        return generate(HypothesisDraw(draw))

    return strategy()
