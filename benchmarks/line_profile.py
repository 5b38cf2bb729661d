"""Per-statement cost of an s2s-generated gradient: where does the time go?

    python benchmarks/line_profile.py loop        # one of: mlp, scalar20, rnn, loop
    python benchmarks/line_profile.py rnn --top 15

The generated function's source (``s2s.source(g)``) is re-compiled with a ``perf_counter`` pair
around every simple statement (statements inside loops included; calls into the generated
module's helpers such as ``unbroadcast`` are charged to the calling line), run many times, and
the per-statement totals are printed per gradient call, the calibrated timer overhead subtracted.
Loop headers and the rest are reported as "unattributed". Absolute numbers are inflated a little
by the instrumentation; the shares are what matter.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)


class _Instrument(ast.NodeTransformer):
    def __init__(self):
        self.lines: list[str] = []

    def _wrap(self, stmt):
        k = len(self.lines)
        self.lines.append(ast.unparse(stmt).split("\n")[0])
        start = ast.parse("_t0 = _pc()").body[0]
        stop = ast.parse(f"_acc[{k}] += _pc() - _t0").body[0]
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            assign = ast.parse("_ret = 0").body[0]
            assign.value = stmt.value
            return [start, assign, stop, ast.parse("return _ret").body[0]]
        return [start, stmt, stop]

    def block(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, (ast.For, ast.While, ast.If, ast.With)):
                s.body = self.block(s.body)
                if getattr(s, "orelse", None):
                    s.orelse = self.block(s.orelse)
                out.append(s)
            elif isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant):
                out.append(s)  # docstring
            else:
                out.extend(self._wrap(s))
        return out


def instrumented(raw):
    """(instrumented function, statement texts, accumulator list) for generated ``raw``."""
    tree = ast.parse(raw.__s2s_source__)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == raw.__name__)
    inst = _Instrument()
    fn.body = inst.block(fn.body)
    module = ast.Module(body=[fn], type_ignores=[])
    ast.fix_missing_locations(module)
    acc = [0.0] * len(inst.lines)
    namespace = dict(raw.__globals__)
    namespace["_pc"] = time.perf_counter
    namespace["_acc"] = acc
    exec(compile(module, f"<instrumented {raw.__name__}>", "exec"), namespace)
    return namespace[raw.__name__], inst.lines, acc


def _overhead_per_pair(n=200000) -> float:
    pc = time.perf_counter
    acc = [0.0]
    t = pc()
    for _ in range(n):
        _t0 = pc()
        acc[0] += pc() - _t0
    total = pc() - t
    t = pc()
    for _ in range(n):
        pass
    return (total - (pc() - t)) / n, acc[0] / n  # full pair cost, and what lands in _acc


def main() -> int:
    import numpy as np
    import workloads

    import s2s

    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=list(workloads.WORKLOADS))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--calls", type=int, default=0, help="gradient calls (default: ~1 s)")
    opts = parser.parse_args()

    label, f, hand, wrt, make_args, _ = workloads.WORKLOADS[opts.workload]
    args = make_args(np.random.default_rng(0))
    g = s2s.grad(f, wrt=wrt)
    raw = g.__s2s_variants__.module_for(args, {}).function  # what a call with args runs
    fn, lines, acc = instrumented(raw)
    ref = raw(*args)
    for a, b in zip(ref, fn(*args)):
        np.testing.assert_allclose(a, b)

    t = time.perf_counter()
    raw(*args)
    one = time.perf_counter() - t
    calls = opts.calls or max(5, int(1.0 / max(one, 1e-7) / 3))
    for i in range(len(acc)):
        acc[i] = 0.0
    counts = [0] * len(lines)
    # how many times each statement runs per call: count with a second instrumented pass is
    # overkill; derive from loop structure by timing one call with a counting accumulator.
    fn_count, _, acc_count = instrumented(raw)
    fn_count.__globals__["_pc"] = lambda: 0.0
    fn_count.__globals__["_acc"] = _Counter(counts)
    fn_count(*args)

    t = time.perf_counter()
    for _ in range(calls):
        fn(*args)
    inst_total = (time.perf_counter() - t) / calls
    t = time.perf_counter()
    for _ in range(calls):
        raw(*args)
    raw_total = (time.perf_counter() - t) / calls
    _, in_acc = _overhead_per_pair()
    per_stmt = [max(0.0, a / calls - c * in_acc) for a, c in zip(acc, counts)]
    attributed = sum(per_stmt)
    print(
        f"{label}: generated {raw.__name__}, {raw_total * 1e6:.1f} us per call uninstrumented "
        f"(instrumented {inst_total * 1e6:.1f} us; {calls} calls)"
    )
    print(f"{'us/call':>9} {'share':>6} {'runs':>6}  statement")
    order = sorted(range(len(lines)), key=lambda i: -per_stmt[i])
    for i in order[: opts.top]:
        print(
            f"{per_stmt[i] * 1e6:9.2f} {per_stmt[i] / attributed:6.1%} {counts[i]:6d}  {lines[i]}"
        )
    rest = sum(per_stmt[i] for i in order[opts.top :])
    if rest:
        print(f"{rest * 1e6:9.2f} {rest / attributed:6.1%}         (other statements)")
    print(f"attributed {attributed * 1e6:.1f} us of {raw_total * 1e6:.1f} us uninstrumented")
    return 0


class _Counter:
    """Stands in for the accumulator list: counts executions of each statement."""

    def __init__(self, counts):
        self.counts = counts

    def __getitem__(self, i):
        return 0.0

    def __setitem__(self, i, value):
        self.counts[i] += 1


if __name__ == "__main__":
    sys.exit(main())
