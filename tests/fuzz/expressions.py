"""Expressions of a given shape, built from the variables in scope (the generator's
productions), and the helper functions, nested ``def``s and lambdas they may call.

Why shape-directed: asking for "an expression of shape (R, N)" and choosing only productions that
can make one (``M @ v``, ``np.outer(u, v)``, ``M - np.max(M, axis=1, keepdims=True)``...) keeps
every program well-typed without trial and error. Operands of ``log``/``sqrt``/division are built
to stay away from their singularities, and exponentials are damped, so values stay finite.
"""

from __future__ import annotations

from .scope import HELPER_NAMES, NESTED_NAMES, Var
from .syntax import ADD, ATOM, COND, UNARY, E, binop, call, is_fresh, lit, wrap


class Expressions:

    def shapes(self):
        N, R = self.m.N, self.m.R
        return [(), (N,), (R,), (R, N)]

    def expr(self, shape, depth=2) -> E:
        """An expression of ``shape`` (``()`` is a scalar)."""
        if depth <= 0 or self.d.boolean(0.3):
            return self.leaf(shape)
        options = [(6, self.unary), (8, self.arith), (2, self.divide), (3, self.power)]
        if shape == ():
            options += [
                (5, self.reduce),
                (3, self.dot),
                (1, self.conditional),
                (1, self.genexpr),
                (1, self.math_call),
            ]
        elif len(shape) == 1:
            options += [(4, self.matvec), (2, self.axis_reduce), (1, self.where)]
        else:
            options += [(2, self.normalize_rows), (1, self.outer)]
        if self.callables(shape):
            options.append((3, self.call_function))
        return self.d.weighted(options)(shape, depth - 1)

    def leaf(self, shape) -> E:
        options = []
        same = self.values(shape)
        if same:
            options.append((12, lambda: E(self.pick(same).name)))
        if shape == ():
            options += [
                (
                    4 if self.values((self.m.N,)) or self.values((self.m.R,)) else 0,
                    self.index_vector,
                ),
                (2 if self.values((self.m.R, self.m.N)) else 0, self.index_matrix),
                (3 if self.arrays() else 0, self.reduce_leaf),
                (1 if self.ints() else 0, self.int_as_float),
                (1, lambda: self.m.constant()),
                (1 if not same else 0, lambda: lit(self.d.choice([0.5, 1.5, -0.3, 2.0]))),
            ]
        elif len(shape) == 1:
            (k,) = shape
            options += [
                (
                    3 if self.values((self.m.R, self.m.N)) and k in (self.m.N, self.m.R) else 0,
                    lambda: self.matrix_part(k),
                ),
                (2 if self.longer_vectors(k) else 0, lambda: self.slice_of(k)),
            ]
        options = [(w, f) for w, f in options if w > 0]
        if not options:
            return self.fallback(shape)
        return self.d.weighted(options)()

    def fallback(self, shape) -> E:
        """An expression of ``shape`` built from whatever exists (still carrying data)."""
        if shape == ():
            return lit(self.d.choice([0.5, 1.5, 2.0]))
        if len(shape) == 1:
            self.m.features.add("fallback-vector")
            return binop(self.leaf(()), "*", call("np.linspace", "0.5", "1.5", str(shape[0])))
        return call("np.outer", self.leaf((shape[0],)), self.leaf((shape[1],)))

    def arrays(self) -> list[Var]:
        return [v for v in self.values() if v.shape != ()]

    def longer_vectors(self, k) -> list[Var]:
        return [v for v in self.values() if len(v.shape) == 1 and v.shape[0] > k]

    def index(self, length, allow_ints=True) -> str:
        ints = [v for v in self.ints() if v.hi < length and allow_ints and not v.param]
        if ints and self.d.boolean(0.6):
            v = self.d.choice(ints)
            v.reads += 1
            if v.lo >= 1 and self.d.boolean(0.3):
                return f"{v.name} - 1"
            if self.d.boolean(0.15):
                return f"-1 - {v.name}"
            return v.name
        return str(self.d.choice(sorted({0, 1, -1, -2, length - 1} & set(range(-length, length)))))

    def index_vector(self) -> E:
        vs = self.values((self.m.N,)) + self.values((self.m.R,))
        v = self.pick(vs)
        self.m.features.add("index")
        return E(f"{v.name}[{self.index(v.shape[0])}]")

    def index_matrix(self) -> E:
        M = self.pick(self.values((self.m.R, self.m.N)))
        i, j = self.index(self.m.R), self.index(self.m.N, allow_ints=False)
        self.m.features.add("index-2d")
        if self.d.boolean(0.2):
            return E(f"{M.name}[{i}][{j}]")
        return E(f"{M.name}[{i}, {j}]")

    def matrix_part(self, k) -> E:
        M = self.pick(self.values((self.m.R, self.m.N)))
        forms = []
        if k == self.m.N:
            forms += [
                f"{M.name}[{self.index(self.m.R)}]",
                f"{M.name}[-1]",
                f"np.sum({M.name}, axis=0)",
                f"{M.name}.mean(axis=0)",
                f"np.max({M.name}, axis=0)",
            ]
        if k == self.m.R:
            forms += [
                f"{M.name}[:, {self.index(self.m.N, allow_ints=False)}]",
                f"np.sum({M.name}, axis=1)",
                f"np.mean({M.name}, axis=1)",
                f"np.min({M.name}, axis=1)",
            ]
        self.m.features.add("matrix-part")
        return E(self.d.choice(forms))

    def slice_of(self, k) -> E:
        v = self.pick(self.longer_vectors(k))
        n = v.shape[0]
        self.m.features.add("slice")
        form = self.d.choice(
            [f"[:{k}]", f"[{n - k}:]", f"[-{k}:]"] + (["[1:]", "[:-1]"] if n - 1 == k else [])
        )
        return E(f"{v.name}{form}")

    def int_as_float(self) -> E:
        v = self.d.choice(self.ints())
        v.reads += 1
        return binop(lit(self.d.choice([0.1, 0.5, 0.25])), "*", E(v.name))

    def reduce_leaf(self) -> E:
        v = self.pick(self.arrays())
        fn = self.d.weighted(
            [
                (4, "np.sum"),
                (3, "np.mean"),
                (2, "np.max"),
                (1, "np.min"),
                (1, "sum-method"),
                (1, "np.prod"),
            ]
        )
        self.m.features.add("reduction")
        if fn == "np.prod" and len(v.shape) == 1:
            self.m.features.add("prod")
            return call("np.prod", binop(lit(1.0), "+", binop(lit(0.2), "*", E(v.name))))
        if fn in ("sum-method", "np.prod"):
            return E(f"{v.name}.{self.d.choice(['sum', 'mean', 'max'])}()")
        return call(fn, E(v.name))

    # Non-leaf productions: (shape, depth) -> E

    def unary(self, shape, depth) -> E:
        inner = self.expr(shape, depth)
        self.m.features.add("ufunc")
        kind = self.d.weighted(
            [
                (4, "np.tanh"),
                (3, "np.sin"),
                (3, "np.cos"),
                (2, "exp"),
                (2, "log"),
                (2, "sqrt"),
                (2, "neg"),
            ]
        )
        if kind == "neg":
            return E(f"-{wrap(inner, UNARY)}", UNARY)
        if kind == "exp":
            form = self.d.choice(["damped", "gauss", "tanh"])
            if form == "damped":
                return call("np.exp", binop(lit(self.d.choice([0.3, -0.5, 0.2])), "*", inner))
            if form == "gauss":
                return call("np.exp", E(f"-{wrap(binop(inner, '**', E('2')), UNARY)}", UNARY))
            return call("np.exp", call("np.tanh", inner))
        if kind == "log":
            return call("np.log", binop(lit(1.0), "+", binop(inner, "**", E("2"))))
        if kind == "sqrt":
            return call(
                "np.sqrt", binop(binop(inner, "**", E("2")), "+", lit(self.d.choice([0.5, 1.0])))
            )
        return call(kind, inner)

    def operand_shapes(self, shape):
        N, R = self.m.N, self.m.R
        pairs = [(4, (shape, shape)), (2, ((), shape)), (1, (shape, ()))]
        if shape == (R, N):
            pairs += [(2, (shape, (N,)))]
        return pairs

    def arith(self, shape, depth) -> E:
        op = self.d.weighted([(5, "+"), (3, "-"), (5, "*")])
        if shape == (self.m.R, self.m.N) and self.d.boolean(0.15):
            self.m.features.add("broadcast-column")
            col = self.expr((self.m.R,), depth)
            return binop(self.expr(shape, depth), op, E(f"{wrap(col, ATOM)}[:, None]"))
        sa, sb = self.d.weighted(self.operand_shapes(shape))
        if sa != sb:
            self.m.features.add("broadcast")
        a = self.expr(sa, depth)
        b = (
            self.expr(sb, depth)
            if sb != () or self.d.boolean(0.6)
            else lit(self.d.choice([0.5, 2.0, 0.1, 3.0, -1.5]))
        )
        if sa == () and sb != () and self.d.boolean(0.5):
            a = lit(self.d.choice([0.5, 2.0, 0.1, 0.9]))
        if a.code == b.code and op == "-":  # x - x is zero: no data would flow
            op = "+"
        return binop(a, op, b)

    def divide(self, shape, depth) -> E:
        num = self.expr(shape, depth)
        self.m.features.add("divide")
        form = self.d.choice(["sq", "cos", "const", "len"])
        if form == "const":
            return binop(num, "/", lit(self.d.choice([2.0, 3.0, 0.5])))
        if form == "len" and shape != () and len(shape) == 1:
            if not self.values(shape):
                return binop(num, "/", lit(2.0))
            with self.quiet():
                return binop(num, "/", call("len", E(self.pick(self.values(shape)).name)))
        den_shape = self.d.choice([(), shape])
        den = self.expr(den_shape, depth)
        if form == "cos":
            return binop(num, "/", binop(lit(2.0), "+", call("np.cos", den)))
        return binop(num, "/", binop(lit(1.0), "+", binop(den, "**", E("2"))))

    def power(self, shape, depth) -> E:
        base = self.expr(shape, depth)
        self.m.features.add("power")
        form = self.d.weighted([(4, "int"), (2, "float-int"), (3, "frac")])
        if form == "int":
            return binop(base, "**", E(self.d.choice(["2", "3"])))
        if form == "float-int":
            return binop(base, "**", E("2.0"))
        exponent = self.d.choice(["0.5", "1.5", "-0.5", "0.25"])
        return binop(binop(lit(1.0), "+", binop(base, "**", E("2"))), "**", E(exponent))

    def reduce(self, shape, depth) -> E:
        src = self.d.choice([s for s in self.shapes() if s != ()])
        inner = self.expr(src, depth)
        self.m.features.add("reduction")
        fn = self.d.weighted(
            [
                (5, "np.sum"),
                (3, "np.mean"),
                (2, "np.max"),
                (2, "np.min"),
                (1, "np.prod"),
                (1, "method"),
                (1, "norm"),
            ]
        )
        if fn == "np.prod":
            if len(src) != 1:
                fn = "np.sum"
            else:
                self.m.features.add("prod")
                return call(
                    "np.prod", binop(lit(1.0), "+", binop(lit(0.2), "*", call("np.tanh", inner)))
                )
        if fn == "method":
            return E(f"{wrap(inner, ATOM)}.{self.d.choice(['sum', 'mean', 'max', 'min'])}()")
        if fn == "norm":
            self.m.features.add("linalg-norm")
            return call(
                "np.sqrt", binop(call("np.sum", binop(inner, "**", E("2"))), "+", lit(1.0))
            )
        if fn in ("np.max", "np.min"):
            self.m.features.add("max-min")
        return call(fn, inner)

    def dot(self, shape, depth) -> E:
        N, R = self.m.N, self.m.R
        self.m.features.add("matmul")
        form = self.d.weighted(
            [(3, "vv"), (2, "np.dot"), (1 if self.values((R, N)) else 0, "uMv")]
        )
        k = self.d.choice([N, R])
        if form == "uMv":
            M = self.pick(self.values((R, N)))
            return binop(
                binop(self.expr((R,), depth), "@", E(M.name)), "@", self.expr((N,), depth)
            )
        a, b = self.expr((k,), depth), self.expr((k,), depth)
        return call("np.dot", a, b) if form == "np.dot" else binop(a, "@", b)

    def conditional(self, shape, depth) -> E:
        self.m.features.add("conditional-expression")
        a, b = self.expr((), depth), self.expr((), depth)
        return E(f"{wrap(a, COND + 1)} if {self.condition()} else {wrap(b, COND + 1)}", COND)

    def genexpr(self, shape, depth) -> E:
        vs = [v for v in self.values() if len(v.shape) == 1]
        lists = [v for v in self.visible().values() if v.kind == "list" and v.shape == ()]
        self.m.features.add("generator-expression")
        if lists and self.d.boolean(0.5):
            lst = self.d.choice(lists)
            lst.reads += 1
            return call("sum", E(f"c * c for c in {lst.name}"))
        if not vs:
            return self.leaf(())
        v = self.pick(vs)
        fn = self.d.choice(["np.sin(t)", "t * t", "np.tanh(t) * t"])
        return call(self.d.choice(["sum", "max"]), E(f"{fn} for t in {v.name}"))

    def math_call(self, shape, depth) -> E:
        self.m.uses_math = True
        self.m.features.add("math")
        inner = self.expr((), depth)
        fn = self.d.choice(
            ["math.sin", "math.cos", "math.tanh", "math.exp-damped", "math.log", "math.sqrt"]
        )
        if fn == "math.exp-damped":
            return call("math.exp", binop(lit(-0.5), "*", binop(inner, "**", E("2"))))
        if fn in ("math.log", "math.sqrt"):
            return call(fn, binop(lit(1.0), "+", binop(inner, "**", E("2"))))
        return call(fn, inner)

    def matvec(self, shape, depth) -> E:
        N, R = self.m.N, self.m.R
        self.m.features.add("matmul")
        Ms = self.values((R, N))
        (k,) = shape
        M = E(self.pick(Ms).name) if Ms and self.d.boolean(0.8) else self.expr((R, N), depth)
        if k == R:
            x = self.expr((N,), depth)
            return call("np.dot", M, x) if self.d.boolean(0.25) else binop(M, "@", x)
        if k == N:
            u = self.expr((R,), depth)
            if self.d.boolean(0.5):
                return binop(E(f"{wrap(M, ATOM)}.T"), "@", u)
            return binop(u, "@", M)
        return self.leaf(shape)

    def axis_reduce(self, shape, depth) -> E:
        N, R = self.m.N, self.m.R
        (k,) = shape
        if k not in (N, R):
            return self.leaf(shape)
        M = self.expr((R, N), depth)
        axis = 0 if k == N else 1
        if N == R:
            axis = self.d.choice([0, 1])
        self.m.features.add("axis-reduction")
        fn = self.d.choice(["np.sum", "np.mean", "np.max", "np.min"])
        if self.d.boolean(0.3):
            return E(f"{wrap(M, ATOM)}.{fn[3:]}(axis={axis})")
        return call(fn, M, f"axis={axis}")

    def where(self, shape, depth) -> E:
        v = self.expr(shape, 0)  # written twice: keep it short
        self.m.features.add("np.where")
        if not self.values(shape):
            return v
        x = self.pick(self.values(shape)).name
        return call("np.where", E(f"{x} > 0.0"), v, binop(lit(0.1), "*", v))

    def normalize_rows(self, shape, depth) -> E:
        Ms = self.values(shape)
        if not Ms:
            return self.expr(shape, depth)
        M = self.pick(Ms).name
        self.m.features.add("keepdims")
        axis = self.d.choice([0, 1])
        form = self.d.choice(["max", "mean", "softmax"])
        if form == "softmax":
            self.m.features.add("softmax")
            return E(f"np.exp({M} - np.max({M}, axis={axis}, keepdims=True))")
        return binop(E(M), "-", call(f"np.{form}", E(M), f"axis={axis}", "keepdims=True"))

    def outer(self, shape, depth) -> E:
        self.m.features.add("outer")
        return call("np.outer", self.expr((shape[0],), depth), self.expr((shape[1],), depth))

    # ----------------------------------------------------- functions to call

    def callables(self, shape) -> list:
        out = [("helper", h) for h in self.m.helpers if h[2] == shape and not self.in_helper]
        out += [("lambda", v) for v in self.visible().values() if v.kind == "lambda"]
        out += [("nested", h) for h in self.nested_defs if h[2] == shape]
        if not self.in_helper and len(self.m.helpers) < 2 and self.block_depth < 2:
            out.append(("new-helper", None))
        return out

    def call_function(self, shape, depth) -> E:
        kind, what = self.d.choice(self.callables(shape))
        if kind == "new-helper":
            what = self.new_helper(shape)
            kind = "helper" if what[0] in {h[0] for h in self.m.helpers} else "nested"
        if kind == "lambda":
            what.reads += 1
            self.m.features.add("lambda-call")
            args = [self.expr(shape, depth) for _ in range(what.arity)]
            return call(what.name, *args)
        name, params, ret, _ = what
        self.m.features.add("helper-call" if kind == "helper" else "nested-def-call")
        args = [self.expr(s, depth) for _, s, default in params if default is None]
        keywords = [
            f"{p}={self.d.choice(['0.3', '0.8'])}"
            for p, s, default in params
            if default is not None and self.d.boolean(0.5)
        ]
        return call(name, *args, *keywords)

    def new_helper(self, ret):
        """A second function in the module (or a nested def) returning ``ret``: its own body,
        written by a Writer over its own parameters."""
        nested = self.block_depth == 0 and not self.in_helper and self.d.boolean(0.25)
        name = self.m.fresh(NESTED_NAMES if nested else HELPER_NAMES, "helper")
        shapes = [ret] + ([self.d.choice(self.shapes())] if self.d.boolean(0.5) else [])
        sub = type(self)(self.m, indent=2 if nested else 1, in_helper=True)
        params = []
        local_names = {(): ["s", "t", "c"], 1: ["v", "u", "w"], 2: ["A", "B"]}
        for s in shapes:
            pool = [
                n
                for n in local_names[() if s == () else len(s)]
                if n not in {p for p, _, _ in params}
            ]
            pname = pool[0]
            params.append((pname, s, None))
            sub.define(Var(pname, s, param=True))
        if self.d.boolean(0.3):
            params.append(("scale", (), "0.5"))
            sub.define(Var("scale", (), param=True))
        for _ in range(self.d.integer(0, 2)):
            sub.assign_new()
        result = sub.expr(ret, 2)
        if ret != () and not is_fresh(result):  # never hand back the caller's own array
            result = call("np.tanh", result)
        unread = [v for v in sub.visible().values() if v.kind == "value" and v.reads == 0]
        for v in unread[:2]:
            result = binop(result, "+", self.reduce_to(v, ret))
        sub.emit(f"return {result.code}")
        signature = ", ".join(p if d is None else f"{p}={d}" for p, _, d in params)
        head = ("    " if nested else "") + f"def {name}({signature}):"
        entry = (name, tuple(params), ret, [head] + sub.lines)
        if nested:
            self.nested_defs = self.nested_defs + [entry]
            self.nested.extend(entry[3])
            self.m.features.add("nested-def")
        else:
            self.m.helpers.append(entry)
            self.m.features.add("helper")
        return entry

    def reduce_to(self, v: Var, shape) -> E:
        """``v``'s value folded into an expression of ``shape`` (scalar weight or reduction)."""
        v.reads += 1
        scalar = E(v.name) if v.shape == () else call("np.mean", call("np.tanh", E(v.name)))
        return binop(lit(0.1), "*", scalar)

    # ------------------------------------------------------------ conditions

    def condition(self) -> str:
        with self.quiet():
            return self._condition()

    def _condition(self) -> str:
        ints = self.ints()
        if ints and self.d.boolean(0.3):
            i = self.d.choice(ints)
            i.reads += 1
            return self.d.choice(
                [
                    f"{i.name} % 2 == 0",
                    f"{i.name} == {i.lo}",
                    f"{i.name} > {i.lo}",
                    f"{i.name} < {max(i.hi, i.lo + 1)}",
                ]
            )
        a = self.leaf(()) if self.d.boolean(0.7) else self.expr((), 1)
        form = self.d.weighted([(5, "const"), (2, "pair"), (1, "and")])
        op = self.d.choice([">", "<"])
        if form == "pair":
            b = self.leaf(())
            if b.code != a.code:
                return f"{wrap(a, ADD)} {op} {wrap(b, ADD)}"
        c = self.d.choice(["0.0", "0.3", "-0.2", "1.0", "0.5"])
        text = f"{wrap(a, ADD)} {op} {c}"
        if form == "and":
            text += f" and {wrap(self.leaf(()), ADD)} {self.d.choice(['>', '<'])} -1.0"
        return text
