"""Shrink a failing program while it keeps failing the same way.

Why our own minimizer rather than Hypothesis' shrinking: a shrink step costs a full s2s transform
(about a second), Hypothesis shrinks the *choices* (often changing every line at once), and we
want the smallest *program* a maintainer can read. So this works on the program's syntax tree,
greedily, in the order that removes the most per successful step:

1. delete runs of top-level statements, then single statements anywhere;
2. replace an ``if``/``for``/``while`` by its body (a ``for`` binds its target to the first item)
   or drop ``else``/``elif`` branches, and shorten ``range`` and ``while`` trip counts;
3. replace an expression by one of its operands (``np.tanh(a + b)`` -> ``a + b`` -> ``a``);
4. drop helper functions and module constants nothing uses, and parameters the function never
   reads (with their arguments).

A candidate is kept when the plain call still works and the oracle, run on the failing stage
only, still reports a finding of the same class. The search stops at a fixed point or after
``budget`` oracle runs.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses

from . import oracle
from .values import evaluate, render


def _stage_of(outcome) -> tuple:
    """The stages needed to see the outcome's class again (fewest first: each costs a transform)."""
    stages = {f.stage for f in outcome.findings if f.cls == outcome.cls}
    if outcome.cls == "vjp differs from grad":
        stages |= {"grad", "vjp"}
    order = [s for s in oracle.STAGES if s in stages]
    return tuple(order[:1]) if outcome.cls != "vjp differs from grad" else tuple(order)


def reproduces(program, workspace, target, stages, timeout=oracle.TIMEOUT) -> bool:
    outcome = oracle.check(program, workspace, stages=stages, timeout=timeout)
    return any(f.cls == target for f in outcome.findings) and outcome.kind in ("wrong", "crash")


@dataclasses.dataclass
class Minimizer:
    program: object
    workspace: object
    target: str  # the failure class to keep
    stages: tuple
    budget: int = 150
    runs: int = 0
    tried: set = dataclasses.field(default_factory=set)  # sources already rejected

    def test(self, program) -> bool:
        if self.runs >= self.budget:
            return False
        try:
            tree = ast.parse(program.source)
        except SyntaxError:
            return False
        if undefined_globals(tree):  # e.g. a deleted constant only a branch not taken reads
            return False
        self.runs += 1
        return reproduces(program, self.workspace, self.target, self.stages)

    # ---- tree helpers

    def tree(self):
        return ast.parse(self.program.source)

    def main(self, tree):
        return next(
            n
            for n in tree.body
            if isinstance(n, ast.FunctionDef) and n.name == self.program.fn_name
        )

    def with_tree(self, tree, **changes):
        ast.fix_missing_locations(tree)
        return dataclasses.replace(self.program, source=ast.unparse(tree) + "\n", **changes)

    def attempt(self, candidate) -> bool:
        if (
            candidate is None
            or candidate.source == self.program.source
            or candidate.source in self.tried
        ):
            return False
        if self.test(candidate):
            self.program = candidate
            return True
        self.tried.add(candidate.source)
        return False

    # ---- the edits: each yields candidate programs built from a fresh copy of the tree

    def statement_lists(self, tree):
        """(node, field) for every list of statements, in a fixed walk order."""
        out = []
        for node in ast.walk(tree):
            for field in ("body", "orelse"):
                stmts = getattr(node, field, None)
                if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                    out.append((node, field))
        return out

    def edit(self, fn):
        """A candidate from ``fn(tree)`` applied to a copy (fn returns False to skip)."""
        tree = self.tree()
        changes = fn(tree)
        if changes is False:
            return None
        return self.with_tree(tree, **(changes or {}))

    def dead_code(self):
        """Statements after a ``return`` in the same block (left by flattening an ``if``)."""
        lists = self.statement_lists(self.tree())
        for k, (node, field) in enumerate(lists):
            stmts = getattr(node, field)
            ends = [j for j, s in enumerate(stmts) if isinstance(s, ast.Return)]
            if ends and ends[0] < len(stmts) - 1:

                def cut(tree, k=k, field=field, j=ends[0]):
                    del getattr(self.statement_lists(tree)[k][0], field)[j + 1 :]

                yield cut

    def chunk_deletions(self):
        body = self.main(self.tree()).body
        n = len(body) - 1  # never the final return
        size = n // 2
        while size >= 2:
            for start in range(0, n - size + 1, size):

                def cut(tree, start=start, size=size):
                    main = self.main(tree)
                    del main.body[start : start + size]

                yield cut
            size //= 2

    def single_deletions(self):
        lists = self.statement_lists(self.tree())
        for k in range(len(lists)):
            node, field = lists[k]
            for j in reversed(range(len(getattr(node, field)))):

                def cut(tree, k=k, field=field, j=j):
                    node = self.statement_lists(tree)[k][0]
                    stmts = getattr(node, field)
                    if node is self.main(tree) and j == len(stmts) - 1:
                        return False  # keep the final return
                    if (
                        isinstance(node, ast.Module)
                        and isinstance(stmts[j], ast.FunctionDef)
                        and stmts[j].name == self.program.fn_name
                    ):
                        return False
                    del stmts[j]
                    if not stmts and field == "body":
                        stmts.append(ast.Pass())

                yield cut

    def flatten_blocks(self):
        lists = self.statement_lists(self.tree())
        for k in range(len(lists)):
            node, field = lists[k]
            for j, stmt in enumerate(getattr(node, field)):
                if isinstance(stmt, ast.If):
                    for branch in ("body", "orelse"):
                        if getattr(stmt, branch):
                            yield self._replace_by(k, field, j, branch)
                    if stmt.orelse:
                        yield self._drop_else(k, field, j)
                elif isinstance(stmt, (ast.For, ast.While)):
                    yield self._replace_by(k, field, j, "body")
                    yield self._fewer_trips(k, field, j)

    def _replace_by(self, k, field, j, branch):
        def fn(tree):
            node = self.statement_lists(tree)[k][0]
            stmts = getattr(node, field)
            stmt = stmts[j]
            new = list(getattr(stmt, branch))
            if isinstance(stmt, ast.For):
                first = _first_item(stmt)
                if first is None:
                    return False
                new.insert(0, ast.Assign(targets=[stmt.target], value=first))
            new = [s for s in new if not isinstance(s, (ast.Break, ast.Continue))] or [ast.Pass()]
            stmts[j : j + 1] = new

        return fn

    def _drop_else(self, k, field, j):
        def fn(tree):
            stmt = getattr(self.statement_lists(tree)[k][0], field)[j]
            stmt.orelse = []

        return fn

    def _fewer_trips(self, k, field, j):
        def fn(tree):
            stmt = getattr(self.statement_lists(tree)[k][0], field)[j]
            changed = False
            for node in ast.walk(stmt.iter if isinstance(stmt, ast.For) else stmt.test):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, int)
                    and not isinstance(node.value, bool)
                    and node.value >= 2
                ):
                    node.value -= 1
                    changed = True
                    break
            return None if changed else False

        return fn

    def expression_edits(self):
        """Replace an operation by one of its operands."""
        tree = self.tree()
        nodes = list(ast.walk(tree))
        for p_index, parent in enumerate(nodes):
            for field, value in ast.iter_fields(parent):
                children = value if isinstance(value, list) else [value]
                for c_index, child in enumerate(children):
                    for r_index, _ in enumerate(_operands(child)):

                        def fn(
                            tree,
                            p_index=p_index,
                            field=field,
                            c_index=c_index,
                            r_index=r_index,
                            is_list=isinstance(value, list),
                        ):
                            parent = list(ast.walk(tree))[p_index]
                            container = getattr(parent, field)
                            child = container[c_index] if is_list else container
                            replacement = _operands(child)[r_index]
                            if is_list:
                                container[c_index] = replacement
                            else:
                                setattr(parent, field, replacement)

                        yield fn

    def drop_unused(self):
        """Unused helpers, constants and parameters."""
        tree = self.tree()
        names = {n.id for n in ast.walk(self.main(tree)) if isinstance(n, ast.Name)}
        for other in tree.body:
            if isinstance(other, ast.FunctionDef) and other.name != self.program.fn_name:
                names |= {n.id for n in ast.walk(other) if isinstance(n, ast.Name)}
        for j, stmt in enumerate(tree.body):
            defined = (
                stmt.name
                if isinstance(stmt, ast.FunctionDef)
                else (
                    stmt.targets[0].id
                    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                    else None
                )
            )
            if defined and defined != self.program.fn_name and defined not in names:

                def fn(tree, j=j):
                    del tree.body[j]

                yield fn
        main = self.main(tree)
        used = {n.id for n in ast.walk(main) if isinstance(n, ast.Name)}
        wanted = set(self.wrt_names())
        for i, arg in enumerate(main.args.args):
            if arg.arg not in used and arg.arg not in wanted and len(main.args.args) > 1:
                yield self._drop_param(i)

    def wrt_names(self):
        p = self.program
        return [p.params[i] for i in p.wrt_positions()]

    def _drop_param(self, i):
        def fn(tree):
            main = self.main(tree)
            del main.args.args[i]
            p = self.program
            args = list(evaluate(p.args_text))
            del args[i]
            params = p.params[:i] + p.params[i + 1 :]
            specs = p.specs[:i] + p.specs[i + 1 :]
            names = self.wrt_names()
            if isinstance(p.wrt, tuple):
                wrt = tuple(names)
            else:
                wrt = names[0]
            return {"args_text": render(tuple(args)), "params": params, "specs": specs, "wrt": wrt}

        return fn

    # ---- the search

    def run(self):
        passes = [
            self.dead_code,
            self.chunk_deletions,
            self.single_deletions,
            self.flatten_blocks,
            self.drop_unused,
            self.expression_edits,
        ]
        progress = True
        while progress and self.runs < self.budget:
            progress = False
            for make in passes:
                for fn in make():
                    if self.runs >= self.budget:
                        break
                    try:
                        candidate = self.edit(fn)
                    except (IndexError, AttributeError, StopIteration, TypeError, ValueError):
                        continue
                    if self.attempt(candidate):
                        progress = True
                        break  # the tree changed: regenerate this pass's edits
                if progress:
                    break
        return self.program


def undefined_globals(tree) -> set:
    """Names the module's functions read as globals that nothing defines."""
    defined = set(dir(builtins))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign):
            defined |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    missing = set()
    for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))]:
        local = {a.arg for a in fn.args.args}
        for n in ast.walk(fn):
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                local.add(n.id)
            elif isinstance(n, (ast.FunctionDef, ast.Lambda)) and n is not fn:
                local |= {a.arg for a in n.args.args}
                if isinstance(n, ast.FunctionDef):
                    local.add(n.name)
            elif isinstance(n, ast.comprehension):
                local |= {m.id for m in ast.walk(n.target) if isinstance(m, ast.Name)}
        for n in ast.walk(fn):
            if (
                isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load)
                and n.id not in local
                and n.id not in defined
            ):
                missing.add(n.id)
    return missing


def _operands(node):
    """The operands an expression may be replaced by (same shape if the program still runs)."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, ast.BoolOp):  # `a and b` -> a, b
        return list(node.values)
    if isinstance(node, ast.Call) and not isinstance(node.func, ast.Lambda):
        return [a for a in node.args if not isinstance(a, ast.Starred)]
    return []


def _first_item(loop: ast.For):
    """An expression for the first item a ``for`` loop binds (None: not expressible simply)."""
    it = loop.iter
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name):
        if it.func.id == "range":
            return ast.Constant(0) if len(it.args) == 1 else it.args[0]
        if it.func.id == "enumerate" and len(it.args) == 1:
            return ast.Tuple(
                [ast.Constant(0), ast.Subscript(it.args[0], ast.Constant(0))], ast.Load()
            )
        if it.func.id == "zip":
            return ast.Tuple([ast.Subscript(a, ast.Constant(0)) for a in it.args], ast.Load())
        return None
    if (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Attribute)
        and it.func.attr in ("items", "values")
    ):
        return None
    return ast.Subscript(copy.deepcopy(it), ast.Constant(0))


def minimize(program, outcome, workspace, budget=150):
    """The smallest program found that still shows ``outcome``'s class, and its outcome."""
    stages = _stage_of(outcome)
    m = Minimizer(program, workspace, outcome.cls, stages, budget=budget)
    small = m.run()
    final = oracle.check(small, workspace)
    return small, final, m.runs
