"""Statements and blocks: assignments, in-place updates, branches, loops, early returns,
lambdas, containers and the final ``return``.

Why these forms: they are where s2s works hardest (save/restore points, loop-carried adjoints,
views and aliases, containers as arguments), written the way people write them: ``for W, b in
layers``, ``for i, (W, b) in enumerate(layers)``, ``y = x.copy(); y[i] += v``, ``if c: W = 0.1 *
W`` followed by ``W[i, -2]``. Blocks only update variables that exist before them (or use
temporaries inside), so every name read later is defined on every path.
"""

from __future__ import annotations

from .scope import LAMBDA_NAMES, MATRIX_NAMES, SCALAR_NAMES, VECTOR_NAMES, Var
from .syntax import ADD, ATOM, UNARY, E, binop, call, is_fresh, lit, wrap


class Statements:

    def statement(self):
        """One top-level statement (or block) of the main function."""
        if not self.values(assignable=True):  # blocks update variables: make one first
            return self.assign_new()
        options = [
            (10, self.assign_new),
            (6, self.reassign),
            (3, self.augassign),
            (5, self.if_block),
            (1, self.store_owned),
            (5, self.for_range),
            (4, self.for_iterate),
            (2, self.while_loop),
            (3, self.append_loop),
            (3, self.copy_and_store),
            (2, self.fill_loop),
            (1, self.alias_inplace),
            (1, self.view_inplace),
            (2, self.lambda_def),
            (2, self.early_return),
            (2, self.unpack_container),
        ]
        for kind, var in self.containers:
            if kind == "layers":
                options.append((8, lambda var=var: self.layer_loop(var)))
            elif kind == "floats":
                options.append((5, lambda var=var: self.float_list_loop(var)))
            elif kind == "arrays":
                options.append((4, lambda var=var: self.array_list_loop(var)))
            elif kind == "dict":
                options.append((3, lambda var=var: self.dict_loop(var)))
            elif kind == "pair":
                options.append((2, lambda var=var: self.pair_loop(var)))
        if any(v.param and v.kind == "int" for v in self.visible().values()):
            options.append((5, self.steps_loop))
        self.d.weighted(options)()

    def inner_statement(self, allow_jumps=True):
        """A statement inside a branch or loop body: updates of existing variables mostly."""
        options = [
            (8, self.reassign),
            (4, self.augassign),
            (3, self.assign_temp),
            (2, self.store_owned),
        ]
        if self.block_depth < 2:
            options += [(2, self.if_block)]
        if self.loop_depth < 1 and self.block_depth < 2:
            options += [(1, self.for_range)]
        if allow_jumps and self.loop_depth and not self.while_depth:
            options += [(1, self.jump)]
        if allow_jumps:
            options += [(1, self.early_return)]
        self.d.weighted(options)()

    def block(self, header: str, body, allow_jumps=True):
        self.emit(header)
        self.indent += 1
        self.block_depth += 1
        self.scopes.append({})
        start = len(self.lines)
        body()
        if len(self.lines) == start:
            self.inner_statement(allow_jumps=False)
        self.scopes.pop()
        self.block_depth -= 1
        self.indent -= 1

    def body(self, n_lo=1, n_hi=2, allow_jumps=True):
        def run():
            for _ in range(self.d.integer(n_lo, n_hi)):
                if self.full() and len(self.lines) > 0:
                    break
                self.inner_statement(allow_jumps)

        return run

    def snapshot_owned(self):
        return {name: v.owned for scope in self.scopes for name, v in scope.items()}

    def restore_owned(self, state):
        for scope in self.scopes:
            for name, v in scope.items():
                if name in state:
                    v.owned = state[name]

    def join_owned(self, *states):
        """After a branch or loop, an array is certainly the function's own only if it is on
        every path (the ``if c: W = 0.1 * W`` case leaves W possibly the caller's)."""
        for scope in self.scopes:
            for name, v in scope.items():
                v.owned = all(s.get(name, v.owned) for s in states) and v.owned

    def new_var_name(self, shape):
        pool = SCALAR_NAMES if shape == () else VECTOR_NAMES if len(shape) == 1 else MATRIX_NAMES
        return self.m.fresh(pool, "s" if shape == () else "v" if len(shape) == 1 else "M")

    def assign_new(self):
        # mostly shapes some variable already has: new arrays come from old ones
        have = {v.shape for v in self.values()}
        shape = self.d.weighted(
            [
                (w * (3 if s in have else 1), s)
                for w, s in [
                    (3, ()),
                    (4, (self.m.N,)),
                    (2, (self.m.R,)),
                    (2, (self.m.R, self.m.N)),
                ]
            ]
        )
        rhs = self.expr(shape, self.d.integer(1, 3))
        name = self.new_var_name(shape)
        self.emit(f"{name} = {rhs.code}")
        self.define(Var(name, shape, owned=shape != () and is_fresh(rhs)))
        self.m.features.add("assign")

    def assign_temp(self):
        """A temporary inside a block, read by the next update of an outer variable."""
        targets = self.values(assignable=True)
        if not targets:
            return self.assign_new()
        target = self.d.choice(targets)
        shape = target.shape
        name = self.new_var_name(shape)
        rhs = self.expr(shape, 2)
        self.emit(f"{name} = {rhs.code}")
        temp = self.define(Var(name, shape, owned=shape != () and is_fresh(rhs)))
        temp.reads += 1
        op = self.d.choice(["+", "*", "-"])
        self.emit(
            f"{target.name} = {binop(E(target.name), op, binop(lit(0.5), '*', E(name))).code}"
        )
        self.assigned(target, owned=shape != ())

    def assigned(self, var: Var, owned: bool):
        var.reads = 0
        var.owned = owned

    def reassign(self):
        targets = [v for v in self.values(assignable=True)]
        if not targets:
            return self.assign_new()
        target = self.d.choice(targets)
        target.reads += 1
        me = E(target.name)
        s = target.shape
        form = self.d.weighted([(2, "neg"), (4, "mix"), (3, "act"), (3, "scale"), (3, "fresh")])
        if form == "neg":
            rhs = E(f"-{target.name}", UNARY)
        elif form == "mix":
            rhs = binop(
                binop(lit(self.d.choice([0.5, 0.9, 0.7])), "*", me),
                "+",
                binop(lit(0.1), "*", self.expr(s, 2)),
            )
        elif form == "act":
            rhs = call(self.d.choice(["np.tanh", "np.sin"]), binop(me, "+", self.expr(s, 1)))
        elif form == "scale":
            rhs = binop(lit(self.d.choice([0.1, 0.5, 2.0, -1.0])), "*", me)
        else:
            rhs = binop(me, self.d.choice(["+", "-", "*"]), self.expr(s, 2))
        self.emit(f"{target.name} = {rhs.code}")
        self.assigned(target, owned=s != ())
        self.m.features.add("reassign")
        if target.param:
            self.m.features.add("reassign-param")

    def augassign(self):
        scalars = self.values((), assignable=True)
        owned = [v for v in self.values(assignable=True, owned=True) if v.shape != ()]
        options = [(3 if scalars else 0, "scalar"), (2 if owned else 0, "array")]
        if not any(w for w, _ in options):
            return self.reassign()
        which = self.d.weighted(options)
        if which == "scalar":
            v = self.d.choice(scalars)
            op = self.d.choice(["+=", "-=", "*="])
            hidden = v.name in self.hidden
            self.hidden.add(v.name)  # `a -= a + b` would cancel a out
            rhs = self.expr((), 2) if op != "*=" else lit(self.d.choice([0.5, 0.9, 1.1]))
            if not hidden:
                self.hidden.discard(v.name)
            self.emit(f"{v.name} {op} {rhs.code}")
            v.reads = 0
            self.m.features.add("augassign")
            return
        v = self.d.choice(owned)
        op = self.d.choice(["+=", "-=", "*=", "/="])
        if op == "/=":
            rhs = binop(
                lit(1.0), "+", binop(self.expr(self.d.choice([(), v.shape]), 1), "**", E("2"))
            )
        elif op == "*=":
            rhs = self.d.choice([lit(0.5), lit(2.0), self.expr((), 1)])
        else:
            hidden = v.name in self.hidden
            self.hidden.add(v.name)  # `S -= S` would zero it
            rhs = self.expr(self.d.choice([(), v.shape]), 2)
            if not hidden:
                self.hidden.discard(v.name)
        self.emit(f"{v.name} {op} {wrap(rhs, ADD) if op in ('*=', '/=') else rhs.code}")
        v.reads = 0
        self.m.features.add("augassign-array")

    def store_owned(self):
        """``y[i] = v``, ``y[i] += v``, ``y[:, j] *= 2``... on an array the function owns."""
        owned = [v for v in self.values(assignable=True, owned=True) if v.shape != ()]
        if not owned:
            return self.augassign()
        v = self.d.choice(owned)
        self.store_into(v)

    def store_into(self, v: Var, self_ok=True):
        if len(v.shape) == 1:
            k = v.shape[0]
            forms = [
                (4, f"[{self.index(k)}]", ()),
                (1, "[1:]", (k - 1,)),
                (1, "[:-1]", (k - 1,)),
                (1, "[mask]", None),
            ]
        else:
            rows, cols = v.shape
            forms = [
                (3, f"[{self.index(rows)}, {self.index(cols, False)}]", ()),
                (2, f"[{self.index(rows)}]", (cols,)),
                (2, f"[:, {self.index(cols, False)}]", (rows,)),
                (1, f"[{self.index(rows)}, :]", (cols,)),
            ]
        where, shape = self.d.weighted([(w, (f, s)) for w, f, s in forms])
        if shape is None:
            self.m.features.add("mask-store")
            self.emit(f"{v.name}[{v.name} < -1.0] = -1.0")
            return
        op = self.d.weighted([(3, "="), (3, "+="), (1, "*="), (1, "-=")])
        if op == "*=":
            rhs = lit(self.d.choice([0.5, 2.0, -1.0]))
        elif where in ("[1:]", "[:-1]") and self_ok and self.d.boolean(0.5):
            rhs = binop(lit(0.5), "*", E(f"{v.name}[{'1:' if where == '[:-1]' else ':-1'}]"))
        else:
            rhs = self.expr(shape if shape == () or self.d.boolean(0.7) else (), 2)
        self.emit(f"{v.name}{where} {op} {rhs.code}")
        v.reads = 0
        self.m.features.add("index-store" if op == "=" else "index-augassign")

    def copy_and_store(self):
        arrays = [v for v in self.values() if v.shape != ()]
        if not arrays:
            return self.assign_new()
        form = self.d.weighted(
            [(3, "copy()"), (1, "np.copy"), (1, "np.array"), (1, "np.zeros_like")]
        )
        if form == "np.zeros_like":  # only its shape is read
            with self.quiet():
                src = self.pick(arrays)
        else:
            src = self.pick(arrays)
        name = self.new_var_name(src.shape)
        self.emit(
            f"{name} = {src.name}.copy()" if form == "copy()" else f"{name} = {form}({src.name})"
        )
        v = self.define(Var(name, src.shape, owned=True))
        self.m.features.add("copy")
        for k in range(self.d.integer(1, 2)):
            self.store_into(v, self_ok=k > 0 or form != "np.zeros_like")
        if self.d.boolean(0.3):
            self.emit(f"{name} *= {self.d.choice(['2.0', '0.5'])}")
            self.m.features.add("augassign-array")

    def fill_loop(self):
        """``out = np.zeros(n)`` then ``out[i] = ...`` in a loop over ``range(n)``."""
        k = self.d.choice([self.m.N, self.m.R])
        name = self.new_var_name((k,))
        self.emit(f"{name} = np.zeros({k})")
        out = self.define(Var(name, (k,), owned=True))
        i = self.m.fresh(["idx", "pos", "col"], "i")
        src = [v for v in self.values((k,)) if v.name != name]
        bound = f"len({src[0].name})" if src and self.d.boolean(0.5) else str(k)
        self.loop_depth += 1
        self.block(f"for {i} in range({bound}):", lambda: self._fill_body(out, i, k))
        self.loop_depth -= 1
        out.reads = 0
        self.m.features.add("fill-loop")

    def _fill_body(self, out, i, k):
        self.define(Var(i, kind="int", lo=0, hi=k - 1))
        op = self.d.choice(["=", "+="])
        self.emit(f"{out.name}[{i}] {op} {self.expr((), 2).code}")

    def alias_inplace(self):
        """``y = h; y += 1.0``: both names see the update (NumPy semantics) or s2s refuses."""
        owned = [v for v in self.values(assignable=True, owned=True) if v.shape != () and v.top]
        if not owned:
            return self.copy_and_store()
        h = self.pick(owned)
        name = self.new_var_name(h.shape)
        self.emit(f"{name} = {h.name}")
        y = self.define(Var(name, h.shape, owned=True))
        op = self.d.choice(["+=", "*=", "-="])
        rhs = lit(1.0) if op != "*=" else lit(2.0)
        if self.d.boolean(0.4):
            self.emit(f"{name}[{self.index(h.shape[0], False)}] {op} {rhs.code}")
        else:
            self.emit(f"{name} {op} {rhs.code}")
        h.reads = 0
        y.reads = 0
        self.m.features.add("alias-inplace")

    def view_inplace(self):
        """``part = h[1:]; part *= 0.5`` on the function's own array: a store through a view."""
        owned = [v for v in self.values(assignable=True, owned=True) if v.shape != () and v.top]
        if not owned:
            return self.copy_and_store()
        h = self.pick(owned)
        if len(h.shape) == 1:
            view, shape = f"{h.name}[1:]", (h.shape[0] - 1,)
        else:
            view, shape = f"{h.name}[0]", (h.shape[1],)
        name = self.m.fresh(["part", "row0", "tail"], "part")
        self.emit(f"{name} = {view}")
        part = self.define(Var(name, shape, owned=True))
        self.emit(f"{name} {self.d.choice(['*=', '+='])} {self.d.choice(['0.5', '2.0'])}")
        part.reads = 0
        h.reads = 0
        self.m.features.add("view-inplace")

    def if_block(self):
        before = self.snapshot_owned()
        states = []
        self.block(f"if {self.condition()}:", self.body(1, 2))
        states.append(self.snapshot_owned())
        self.m.features.add("if")
        n_elif = self.d.weighted([(3, 0), (1, 1)])
        for _ in range(n_elif):
            self.restore_owned(before)  # each branch starts from the state before the if
            self.block(f"elif {self.condition()}:", self.body(1, 1))
            states.append(self.snapshot_owned())
            self.m.features.add("elif")
        if self.d.boolean(0.6):
            self.restore_owned(before)
            self.block("else:", self.body(1, 2))
            states.append(self.snapshot_owned())
            self.m.features.add("else")
        else:
            states.append(before)
        self.join_owned(*states)

    def loop(self, header, setup, n_hi=2, while_loop=False, feature=None, jumps=True):
        before = self.snapshot_owned()
        self.loop_depth += 1
        self.while_depth += while_loop

        def run():
            setup()
            self.body(1, n_hi, allow_jumps=jumps and not while_loop)()

        self.block(header, run)
        self.loop_depth -= 1
        self.while_depth -= while_loop
        self.join_owned(before, self.snapshot_owned())
        if feature:
            self.m.features.add(feature)

    def for_range(self):
        N, R = self.m.N, self.m.R
        i = self.loop_name()
        form = self.d.weighted(
            [(3, "range"), (2, "range-start"), (2, "range-len"), (1, "underscore")]
        )
        vecs = self.values((N,)) + self.values((R,))
        if form == "range-len" and vecs:
            v = self.d.choice(vecs)
            lo = self.d.choice([0, 1])
            header_range = f"range(len({v.name}))" if lo == 0 else f"range(1, len({v.name}))"
            hi = v.shape[0] - 1
        elif form == "range-start":
            lo, hi = 1, self.d.integer(2, 3)
            header_range = f"range({lo}, {hi + 1})"
        else:
            lo, hi = 0, self.d.integer(1, 3)
            header_range = f"range({hi + 1})"
        if form == "underscore":
            self.loop(f"for _ in {header_range}:", lambda: None, feature="for-range")
            return
        self.loop(
            f"for {i} in {header_range}:",
            lambda: self.define(Var(i, kind="int", lo=lo, hi=hi)),
            feature="for-range",
        )

    def loop_name(self):
        used = {v.name for v in self.ints()}
        for name in ("i", "j", "k"):
            if name not in used:
                return name
        return "k2"

    def steps_loop(self):
        steps = [v for v in self.visible().values() if v.param and v.kind == "int"][0]
        steps.reads += 1
        i = self.loop_name()
        self.loop(
            f"for {i} in range({steps.name}):",
            lambda: self.define(Var(i, kind="int", lo=0, hi=steps.hi)),
            feature="for-param-range",
        )

    def for_iterate(self):
        """``for row in M``, ``for v in x``, ``zip``, ``enumerate``."""
        N, R = self.m.N, self.m.R
        Ms, vecs = self.values((R, N)), self.values((N,)) + self.values((R,))
        options = [
            (3 if Ms else 0, "rows"),
            (3 if vecs else 0, "items"),
            (2 if vecs else 0, "enumerate"),
            (2 if vecs or Ms else 0, "zip"),
        ]
        if not any(w for w, _ in options):
            return self.for_range()
        form = self.d.weighted(options)
        if form == "rows":
            M = self.pick(Ms)
            row = self.m.fresh(["row", "w_row"], "row")
            self.loop(
                f"for {row} in {M.name}:",
                lambda: self.define(Var(row, (N,), assignable=False)),
                feature="for-array",
            )
        elif form == "items":
            v = self.pick(vecs)
            item = self.m.fresh(["xi", "val", "item"], "item")
            self.loop(
                f"for {item} in {v.name}:",
                lambda: self.define(Var(item, (), assignable=False)),
                feature="for-array",
            )
        elif form == "enumerate":
            v = self.pick(vecs)
            i, item = self.loop_name(), self.m.fresh(["val", "xi", "c"], "val")

            def setup():
                self.define(Var(i, kind="int", lo=0, hi=v.shape[0] - 1))
                self.define(Var(item, (), assignable=False))

            self.loop(f"for {i}, {item} in enumerate({v.name}):", setup, feature="enumerate")
        else:
            pairs = []
            for M in Ms:
                for u in self.values((R,)):
                    pairs.append((M, u, (N,), ()))
            for a in vecs:
                for b in vecs:
                    if a.shape == b.shape and a is not b:
                        pairs.append((a, b, (), ()))
            if not pairs:
                return self.for_range()
            a, b, sa, sb = self.d.choice(pairs)
            a.reads += 1
            b.reads += 1
            na = self.m.fresh(["w_row", "row_i"] if sa else ["a_i", "x_i"], "p")
            nb = self.m.fresh(["b_i", "y_i", "u_i"], "q")

            def setup():
                self.define(Var(na, sa, assignable=False))
                self.define(Var(nb, sb, assignable=False))

            self.loop(f"for {na}, {nb} in zip({a.name}, {b.name}):", setup, feature="zip")

    def while_loop(self):
        k = self.m.fresh(["count", "it", "k_step"], "count")
        limit = self.d.integer(2, 4)
        self.emit(f"{k} = 0")
        cond = f"{k} < {limit}"
        if self.d.boolean(0.25):
            cond += f" and {wrap(self.leaf(()), ADD)} < {self.d.choice(['5.0', '10.0'])}"
            self.m.features.add("while-value-condition")

        def setup():
            self.define(Var(k, kind="int", lo=0, hi=limit - 1))

        before = self.snapshot_owned()
        self.loop_depth += 1
        self.while_depth += 1
        self.emit(f"while {cond}:")
        self.indent += 1
        self.block_depth += 1
        self.scopes.append({})
        setup()
        self.body(1, 2, allow_jumps=False)()
        if self.d.boolean(0.3):
            self.emit(f"if {self.condition()}:")
            self.emit("    break")
            self.m.features.add("break")
        self.emit(f"{k} += 1")
        self.scopes.pop()
        self.block_depth -= 1
        self.indent -= 1
        self.loop_depth -= 1
        self.while_depth -= 1
        self.join_owned(before, self.snapshot_owned())
        self.m.features.add("while")

    def append_loop(self):
        shape = self.d.choice([(), (), (self.m.N,)])
        name = self.m.fresh(["values", "history", "terms", "states"], "items")
        self.emit(f"{name} = []")
        n = self.d.integer(2, 4)
        i = self.loop_name()
        lst = Var(name, shape, kind="list", assignable=False)
        self.define(lst)

        def setup():
            self.define(Var(i, kind="int", lo=0, hi=n - 1))
            self.emit(f"{name}.append({self.expr(shape, 2).code})")

        # a stacked list must have its n rows: no break out of that loop
        self.loop(f"for {i} in range({n}):", setup, n_hi=1, jumps=shape == ())
        self.m.features.add("list-append")
        lst.reads += 1
        if shape == ():
            use = self.d.choice(
                [
                    f"sum({name})",
                    f"np.sum({name})",
                    f"np.mean(np.array({name}))",
                    f"{name}[-1] * {name}[0]",
                    f"max({name})",
                ]
            )
            out = self.new_var_name(())
            self.define(Var(out, ()))
        else:
            use = self.d.choice([f"np.stack({name})", f"np.array({name})"])
            out = self.m.fresh(["traj", "stacked"], "M")
            self.define(Var(out, (n, self.m.N), owned=True))
            self.emit(f"{out} = {use}")
            self.lookup(out).shape = (n, self.m.N)
            # fold the stacked matrix into a scalar right away (its shape is not in the grammar)
            acc = self.new_var_name(())
            self.emit(f"{acc} = np.sum({out} ** 2) + {out}[-1, 0]")
            self.lookup(out).reads += 1
            self.define(Var(acc, ()))
            return
        self.emit(f"{out} = {use}")

    def jump(self):
        kind = self.d.weighted([(2, "break"), (1, "continue")])
        self.emit(f"if {self.condition()}:")
        self.emit(f"    {kind}")
        self.m.features.add(kind)

    def early_return(self):
        if self.in_helper:
            return self.reassign()
        value = self.expr((), 2)
        for _ in range(3):  # `return 0.75` would cut every parameter off the output
            if self.mentions_variable(value):
                break
            value = self.expr((), 2)
        self.emit(f"if {self.condition()}:")
        self.indent += 1
        self.emit(f"return {self.render_return(value)}")
        self.indent -= 1
        self.m.features.add("early-return-in-loop" if self.loop_depth else "early-return")

    def render_return(self, value: E) -> str:
        if self.aux is None:
            return value.code
        form, parts = self.aux
        items = [self.expr(shape, 1).code for _, shape in parts]
        if form == "single":
            return f"{value.code}, {items[0]}"
        if form == "tuple":
            return f"{value.code}, ({', '.join(items)})"
        return f"{value.code}, {{{', '.join(f'{k!r}: {c}' for (k, _), c in zip(parts, items))}}}"

    def lambda_def(self):
        name = self.m.fresh(LAMBDA_NAMES, "fn")
        scalars = [v for v in self.values(()) if v.top]
        c1, c2 = self.d.choice([0.5, 0.8, 1.2]), self.d.choice([0.1, 0.3, 0.05])
        forms = [
            (1, f"lambda z: np.tanh(z) * {c1} + {c2} * z"),
            (1, f"lambda z: z * z * {c2} - {c1} * z"),
            (1, f"lambda z: np.sin(z) + {c2} * z ** 2"),
            (2, f"lambda a, b: {c1} * a + {c2} * np.tanh(b)"),
        ]
        if scalars:
            s = self.d.choice(scalars)
            s.reads += 1
            forms.append((2, f"lambda z: {s.name} * np.tanh(z) + {c2} * z"))
            self.m.features.add("lambda-capture")
        text = self.d.weighted(forms)
        self.emit(f"{name} = {text}")
        self.define(Var(name, kind="lambda", arity=2 if "a, b" in text else 1, assignable=False))
        self.m.features.add("lambda")
        # use it right away (and maybe later again)
        shape = self.d.choice([s for s in self.shapes()])
        target = self.new_var_name(shape)
        args = [self.expr(shape, 1).code for _ in range(2 if "a, b" in text else 1)]
        self.emit(f"{target} = {name}({', '.join(args)})")
        self.define(Var(target, shape, owned=shape != ()))

    def unpack_container(self):
        options = [c for c in self.containers if c[0] in ("pair", "dict", "layers")]
        if not options:
            return self.assign_new()
        kind, var = self.d.choice(options)
        var.reads += 1
        if kind == "pair":
            names = [self.new_var_name(s) for s in var.item_shapes]
            self.emit(f"{', '.join(names)} = {var.name}")
            for n, s in zip(names, var.item_shapes):
                self.define(Var(n, s))
            self.m.features.add("unpack-tuple-arg")
        elif kind == "dict":
            keys = self.d.sample(list(var.item_shapes), self.d.integer(1, 2))
            names = [self.m.fresh([k, f"{k}_val"], k) for k in keys]
            self.emit(f"{', '.join(names)} = {', '.join(f'{var.name}[{k!r}]' for k in keys)}")
            for n, k in zip(names, keys):
                self.define(Var(n, var.item_shapes[k]))
            self.m.features.add("unpack-dict-arg")
        else:
            j = self.d.choice([0, -1])
            which = "first" if j == 0 else "last"
            W, b = self.m.fresh([f"W_{which}"], "W"), self.m.fresh([f"b_{which}"], "b")
            shapes = var.item_shapes[j]
            self.emit(f"{W}, {b} = {var.name}[{j}]")
            self.define(Var(W, shapes[0]))
            self.define(Var(b, shapes[1]))
            self.m.features.add("index-layers")

    # ------------------------------------------------- container parameters

    def layer_loop(self, var):
        """An MLP over a tuple/list of (W, b) pairs, in one of the ways people write it."""
        N = self.m.N
        var.reads += 1
        batch = var.batch
        shape = (self.m.R, N) if batch else (N,)
        hs = [v for v in self.values(shape, assignable=True)]
        if hs and self.d.boolean(0.5):
            h = self.d.choice(hs)
            h.reads += 1
            start = None
        else:
            start = self.expr(shape, 1)
            h = self.define(Var(self.m.fresh(["h", "hidden", "a"], "h"), shape, owned=True))
            self.emit(f"{h.name} = {start.code}")
        lin = (
            (lambda W, b: f"{h.name} @ {W} + {b}")
            if batch
            else (lambda W, b: f"{W} @ {h.name} + {b}")
        )
        act = self.d.choice(["np.tanh", "np.sin", "np.tanh"])
        Wn, bn = self.m.fresh(["W", "W_l", "weight"], "W"), self.m.fresh(
            ["b", "b_l", "bias_l"], "b"
        )
        zn, layer = self.m.fresh(["pre", "z_l", "lin"], "pre"), self.m.fresh(
            ["layer", "lyr"], "lyr"
        )
        i = self.loop_name()
        form = self.d.weighted([(3, "pairs"), (2, "enumerate"), (1, "layer-unpack"), (1, "decay")])
        if form == "pairs":
            self.emit(f"for {Wn}, {bn} in {var.name}:")
            self.emit(f"    {h.name} = {act}({lin(Wn, bn)})")
            self.m.features.add("layers-for-pairs")
        elif form == "enumerate":
            self.emit(f"for {i}, ({Wn}, {bn}) in enumerate({var.name}):")
            self.emit(f"    {zn} = {lin(Wn, bn)}")
            self.emit(f"    if {i} < len({var.name}) - 1:")
            self.emit(f"        {h.name} = {act}({zn})")
            self.emit("    else:")
            self.emit(f"        {h.name} = {zn}")
            self.m.features.add("layers-enumerate")
        elif form == "layer-unpack":
            self.emit(f"for {layer} in {var.name}:")
            self.emit(f"    {Wn}, {bn} = {layer}")
            self.emit(f"    {h.name} = {act}({lin(Wn, bn)})")
            self.m.features.add("layers-unpack-item")
        else:
            reg = [v for v in self.values((), assignable=True)]
            if reg:
                r = self.d.choice(reg)
                r.reads += 1
            else:
                r = self.define(Var(self.m.fresh(["reg", "decay"], "reg"), ()))
                self.emit(f"{r.name} = 0.0")
            self.emit(f"for {Wn}, {bn} in {var.name}:")
            self.emit(f"    {h.name} = {act}({lin(Wn, bn)})")
            self.emit(f"    {r.name} = {r.name} + 0.01 * np.sum({Wn} * {Wn})")
            r.reads = 0
            self.m.features.add("layers-weight-decay")
        h.reads = 0
        h.owned = True

    def float_list_loop(self, var):
        var.reads += 1
        n = len(var.item_shapes)
        vecs = [v for v in self.values() if len(v.shape) == 1 and v.shape[0] >= n]
        form = self.d.weighted(
            [
                (3, "horner"),
                (2 if vecs else 0, "enumerate"),
                (2 if vecs else 0, "zip"),
                (1, "plain"),
            ]
        )
        acc = self.new_var_name(())
        if form == "horner":
            x = self.expr((), 1)
            point = self.m.fresh(["point", "x0"], "pt")
            self.emit(f"{point} = {call('np.tanh', x).code}")
            self.emit(f"{acc} = 0.0")
            self.emit(f"for c in {var.name}:")
            self.emit(f"    {acc} = {acc} * {point} + c")
            self.m.features.add("horner")
        elif form == "enumerate":
            v = self.pick(vecs)
            self.emit(f"{acc} = 0.0")
            self.emit(f"for i, c in enumerate({var.name}):")
            self.emit(f"    {acc} += c * {v.name}[i]")
            self.m.features.add("enumerate-list")
        elif form == "zip":
            v = self.pick(vecs)
            self.emit(f"{acc} = 0.0")
            self.emit(f"for c, xv in zip({var.name}, {v.name}):")
            self.emit(f"    {acc} = {acc} + c * np.sin(xv)")
            self.m.features.add("zip-list")
        else:
            self.emit(f"{acc} = 1.0")
            self.emit(f"for c in {var.name}:")
            self.emit(f"    {acc} = {acc} * 0.5 + c ** 2")
            self.m.features.add("for-list")
        self.define(Var(acc, ()))

    def array_list_loop(self, var):
        var.reads += 1
        s = var.item_shapes[0]
        acc = self.new_var_name(())
        w = self.values(s)
        other = E(self.pick(w).name) if w else self.leaf(s)
        self.emit(f"{acc} = 0.0")
        self.emit(f"for xb in {var.name}:")
        self.emit(f"    {acc} = {acc} + np.sum(np.tanh(xb * {wrap(other, ATOM)}))")
        self.define(Var(acc, ()))
        self.m.features.add("for-list-of-arrays")

    def dict_loop(self, var):
        var.reads += 1
        acc = self.new_var_name(())
        self.emit(f"{acc} = 0.0")
        if self.d.boolean(0.5):
            self.emit(f"for key, val in {var.name}.items():")
        else:
            self.emit(f"for val in {var.name}.values():")
        self.emit(f"    {acc} = {acc} + np.sum(val * val)")
        self.define(Var(acc, ()))
        self.m.features.add("dict-iterate")

    def pair_loop(self, var):
        if len(set(var.item_shapes)) != 1:
            return self.unpack_container()
        var.reads += 1
        acc = self.new_var_name(())
        self.emit(f"{acc} = 0.0")
        self.emit(f"for part in {var.name}:")
        self.emit(f"    {acc} = {acc} + np.sum(np.sin(part))")
        self.define(Var(acc, ()))
        self.m.features.add("for-tuple-arg")

    # ---------------------------------------------------------------- return

    def final_return(self):
        """Fold every value not read since its last assignment into the output."""
        unread = [
            v
            for v in self.scopes[0].values()
            if v.kind == "value" and v.reads == 0 and v.name not in self.hidden
        ]
        if not unread:
            unread = [v for v in self.scopes[0].values() if v.kind == "value"][-1:]
        terms = []
        for v in unread:
            v.reads += 1
            if v.shape == ():
                t = self.d.choice(
                    [E(v.name), binop(E(v.name), "**", E("2")), call("np.sin", E(v.name))]
                )
            elif len(v.shape) == 1:
                t = self.d.choice(
                    [
                        call("np.sum", binop(E(v.name), "**", E("2"))),
                        call("np.mean", E(v.name)),
                        E(f"{v.name}[-1]"),
                        binop(E(v.name), "@", E(v.name)),
                        call("np.sum", call("np.tanh", E(v.name))),
                    ]
                )
            else:
                t = self.d.choice(
                    [
                        call("np.sum", binop(E(v.name), "**", E("2"))),
                        call("np.mean", E(v.name)),
                        E(f"{v.name}[0, -1]"),
                        call("np.sum", binop(E(v.name), "*", E(v.name))),
                    ]
                )
            if self.d.boolean(0.4):
                t = binop(lit(self.d.choice([0.5, 0.1, 2.0])), "*", t)
            terms.append(t)
        if len(terms) <= 3:
            value = terms[0]
            for t in terms[1:]:
                value = binop(value, self.d.choice(["+", "+", "-"]), t)
        else:
            name = self.m.fresh(["result", "loss_value", "objective_value"], "res")
            self.emit(f"{name} = {binop(terms[0], '+', terms[1]).code}")
            for t in terms[2:]:
                self.emit(f"{name} += {t.code}")
            value = E(name)
        if self.aux is not None:
            self.emit(f"return {self.render_return(value)}")
        else:
            self.emit(f"return {value.code}")
