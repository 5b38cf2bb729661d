"""The function ``s2s.grad`` hands back: it checks the arguments, then runs the derivative
specialized to the shape patterns of the arrays it is called with.

Why specialize: rules are written for any shapes, so the general derivative asks at run time
what broadcasting added (``unbroadcast``) and whether a product was of matrices or vectors
(``matmul_dx``). Those questions depend only on which axes have length one (the *pattern*, see
``analysis/shapes.py``), so the first call with new patterns generates a derivative where they
are answered (``db = dz.sum(axis=0)``, ``dW = x.T @ dz``), cached like any other. Later calls
find it from the exact shapes with one dictionary lookup. Python floats and anything that is not
an ``ndarray`` take the general derivative.

Why generated code: the wrapper runs on every call of the gradient, and for scalar code the
gradient itself costs about a microsecond, so the check is written out per function, with the
function's own parameters (no ``*args`` packing, no loops).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import secrets

import numpy as np

from .analysis.shapes import pattern_of_shape
from .derivatives import derivative
from .errors import (
    IN_PLACE_ALIAS,
    SCALAR_OUTPUT,
    OutputError,
    TapeError,
    UnsupportedError,
    WrtError,
)
from .trees import container_kind, has_float_leaf, leaves

MAX_SHAPES = 256  # exact-shape entries kept per gradient (patterns are few; sizes may vary)


class Variants:
    """The derivatives of one function and options, by the shapes of the arguments."""

    def __init__(self, target, options, general, params):
        self.target, self.options, self.general, self.params = target, options, general, params
        self.by_shapes: dict = {}
        self.by_pattern: dict = {(): general}

    def module(self, shapes: tuple):
        """The loaded module for ``shapes``: one entry per parameter, a shape or None."""
        return specialized(self.target, self.options, self.params, shapes)

    def function(self, shapes: tuple):
        """The derivative for ``shapes`` (generated on first use), remembered by exact shapes."""
        patterns = patterns_of(self.params, shapes)
        fn = self.by_pattern.get(patterns)
        if fn is None:
            fn = self.by_pattern[patterns] = self.module(shapes).function
        if len(self.by_shapes) < MAX_SHAPES:
            self.by_shapes[shapes] = fn
        return fn

    def shapes_of(self, args, kwargs) -> tuple:
        bound = inspect.signature(self.target.function, follow_wrapped=False).bind(*args, **kwargs)
        return shapes_of(self.params, self.options.wrt, bound.arguments)

    def module_for(self, args, kwargs):
        """The module a call with these arguments runs (for ``s2s.source``, profilers)."""
        return self.module(self.shapes_of(args, kwargs))


def shape_of(value):
    """What specialization knows of an argument: an ndarray's shape, ``()`` for a Python
    number (a scalar), None for anything else (lists, objects: left to the general code)."""
    if type(value) is np.ndarray:
        return value.shape
    return () if type(value) in (float, int, bool) else None


def shapes_of(params, wrt, arguments: dict) -> tuple:
    """One entry per parameter: its shape (``shape_of``), or for a differentiated container its
    kind (a string), or None (not passed, or nothing specialization uses)."""
    out: list = []
    for p in params:
        if p not in arguments:
            out.append(None)
        elif p in wrt and container_kind(arguments[p]) is not None:
            out.append(container_kind(arguments[p]))
        else:
            out.append(shape_of(arguments[p]))
    return tuple(out)


def patterns_of(params, shapes) -> tuple:
    """The parameters' patterns (a container's kind stands for its pattern); none at all (the
    general derivative) unless an array or a differentiated container is among them: for Python
    numbers alone the scalar analysis does the work, without a second transform."""
    if not any(s for s in shapes):
        return ()
    return tuple(
        (name, s if isinstance(s, str) else pattern_of_shape(s))
        for name, s in zip(params, shapes)
        if s is not None
    )


def specialized(target, options, params, shapes):
    """The derivative module of ``target`` (``target.Target``) for arguments of these ``shapes`` (one per name in
    ``params``: a shape, a container's kind, or None), from the cache or generated now."""
    patterns = patterns_of(params, shapes)
    arrays = tuple((n, p) for n, p in patterns if not isinstance(p, str))
    containers = tuple((n, p) for n, p in patterns if isinstance(p, str))
    return derivative(target, dataclasses.replace(options, shapes=arrays, containers=containers))


def checked(g, target, options):
    """Wrap the general derivative ``g`` of ``target.function``: refuse integer ``wrt`` arguments (their
    gradient is undefined), give a Python float argument a Python float gradient (rules may
    produce 0-d arrays), and dispatch arrays to the derivative specialized to their shapes."""
    f = target.function
    signature = inspect.signature(f, follow_wrapped=False)
    params = list(signature.parameters.values())
    names = [p.name for p in params]
    wanted = [(names.index(name), name) for name in options.wrt]
    single = len(options.wrt) == 1 and not options.wrt_is_tuple
    split = {"value_and_grad": 1, "grad": 0 if options.has_aux else None}.get(options.mode)
    plain = all(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and not p.name.startswith("s2s_")
        for p in params
    )
    variants = Variants(target, options, g, names) if plain else None

    def refuse(name, value):
        problem = wrt_problem(name, value)
        if problem is not None:
            raise WrtError(
                f"{f.__qualname__}: cannot differentiate with respect to " f"'{name}': {problem}"
            )

    def project(grads, values):
        if single:
            return like(values[0], grads)
        return tuple(like(v, d) for v, d in zip(values, grads))

    def finish(result, values):
        """Each gradient of the type of its argument (``values``): a Python float for a Python
        float (rules may produce 0-d arrays), a 0-d array for a 0-d array, a NumPy scalar for
        one."""
        if split is None:
            return project(result, values)
        parts = list(result)
        parts[split] = project(parts[split], values)
        return tuple(parts)

    def general(args, kwargs):
        """Any call the fast path does not take: keywords, integers to refuse, other types."""
        bound = signature.bind(*args, **kwargs)
        values = []
        for _, name in wanted:
            value = bound.arguments.get(name)
            if type(value) is not float:
                refuse(name, value)
            values.append(value)
        fn = variants.function(variants.shapes_of(args, kwargs)) if variants else g
        try:
            return finish(fn(*args, **kwargs), values)
        except TypeError as exc:
            output_error(exc, f)
            raise

    namespace = {
        "s2s_ndarray": np.ndarray,
        "s2s_shape_of": shape_of,
        "s2s_type": type,
        "s2s_float": float,
        "s2s_general": general,
        "s2s_finish": finish,
        "s2s_g": g,
        "s2s_f": f,
        "s2s_variants": variants and variants.by_shapes,
        "s2s_variant": variants and variants.function,
    }
    if plain:
        fast = _fast_path(params, wanted, single, split, namespace)
    else:  # *args, **kwargs or keyword-only parameters: the general path always
        fast = lambda *args, **kwargs: general(args, kwargs)  # noqa: E731
    wrapper = functools.wraps(g)(fast)
    wrapper.__signature__ = signature
    wrapper.__s2s_source__ = g.__s2s_source__
    wrapper.__s2s_variants__ = variants
    return wrapper


def taped(general, target, options):
    """``(fwd, bwd)`` around the general vjp derivative ``general`` (a loaded module) of
    ``target.function``: ``fwd`` refuses integer ``wrt`` arguments and runs the forward function
    specialized to the arguments' shapes, returning ``(y, tape)``; ``bwd(tape, dy)`` reads the
    tape's brand (its first item: ``fingerprint.tape_brand``), finds the module that made it
    among those ``fwd`` has run (the general one from the start), and runs its backward function
    on the tape, as many times as asked. A tape no module here made is refused (``TapeError``).

    A closure (``make_loss(k)``) shares its source, and so its modules and brands, with every
    other closure of the same ``def``, but its backward function reads its own closure values:
    its tapes carry its own ``closure`` tag after the brand, so the ``bwd`` of ``make_loss(2.0)``
    refuses a tape of ``make_loss(3.0)``, whose residuals belong to other values."""
    f = target.function
    closure = f"|closure {secrets.token_hex(8)}" if target.injected else ""
    signature = inspect.signature(f, follow_wrapped=False)
    params = list(signature.parameters.values())
    names = [p.name for p in params]
    plain = all(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    variants = Variants(target, options, general.function, names) if plain else None
    single = len(options.wrt) == 1 and not options.wrt_is_tuple
    by_shapes: dict = {}
    by_brand = {general.brand: general}  # every module fwd ran, by the brand of its tapes

    def fwd(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        for name in options.wrt:
            value = bound.arguments.get(name)
            problem = None if type(value) is float else wrt_problem(name, value)
            if problem is not None:
                raise WrtError(
                    f"{f.__qualname__}: cannot differentiate with respect to '{name}': {problem}"
                )
        module = general
        if variants is not None:  # *args, **kwargs or keyword-only: the general one always
            shapes = shapes_of(names, options.wrt, bound.arguments)
            module = by_shapes.get(shapes)
            if module is None:
                module = variants.module(shapes)
                if len(by_shapes) < MAX_SHAPES:
                    by_shapes[shapes] = module
                by_brand[module.brand] = module
        try:
            y, tape = module.function(*args, **kwargs)
        except TypeError as exc:
            output_error(exc, f)
            raise
        return (y, (tape[0] + closure, *tape[1:])) if closure else (y, tape)

    def bwd(tape, dy):
        brand = tape[0] if type(tape) is tuple and tape else None
        if closure and type(brand) is str and brand.endswith(closure):
            brand = brand[: -len(closure)]
            tape = (brand, *tape[1:])
        elif closure and type(brand) is str and brand.partition("|")[0] in by_brand:
            raise TapeError(
                f"bwd of {f.__qualname__}: this tape was made by another closure of the same def "
                f"(with other values of {', '.join(sorted(target.injected))}), and its residuals "
                "belong to those values; run this closure's fwd and pass the tape it returns"
            )
        module = by_brand.get(brand) if type(brand) is str else None
        if module is None:
            raise TapeError(_refused_tape(tape, brand, list(by_brand), f.__qualname__))
        cotangents = module.backward(tape, dy)
        if single:
            return _python_float(cotangents)
        return tuple(_python_float(c) for c in cotangents)

    fwd = functools.wraps(general.function)(fwd)
    fwd.__signature__ = signature
    bwd = functools.wraps(general.backward)(bwd)
    for fn in (fwd, bwd):
        fn.__s2s_source__ = general.source
        fn.__s2s_variants__ = variants
    return fwd, bwd


def _python_float(cotangent):
    """A float64 scalar cotangent (a NumPy scalar or 0-d array, as rules make them) as a Python
    float, what ``like`` gives for a Python float argument: ``bwd`` sees only the tape, not the
    arguments, so this holds for 0-d arrays and NumPy scalars too. Anything else as it is."""
    if type(cotangent) is np.float64 or (
        type(cotangent) is np.ndarray and cotangent.ndim == 0 and cotangent.dtype == np.float64
    ):
        return float(cotangent)
    return cotangent


def _refused_tape(tape, brand, known, qualname) -> str:
    """Why ``bwd`` refuses ``tape`` (its first item ``brand``), and what to do instead; ``known``:
    the brands of the modules it has run."""
    fix = "run fwd and pass the tape it returns"
    if type(brand) is not str:
        return (
            f"bwd of {qualname}: this {type(tape).__name__} is not a tape (fwd returns (y, tape), "
            f"the tape a tuple whose first item says which derivative made it); {fix}"
        )
    made = (
        f"this tape was made by {brand!r}, not by {' or '.join(repr(b) for b in known)} "
        f"(the derivatives of {qualname} this bwd knows)"
    )
    if brand.rpartition(":")[0] == known[0].rpartition(":")[0]:
        made += (
            f": it comes from another version of {qualname} (its source, wrt or s2s changed "
            "since), or from fwd called in another process with arguments of shapes it has not "
            "been called with here"
        )
    return f"{made}; {fix}"


def _fast_path(params, wanted, single, split, namespace):
    """Write the wrapper for these parameters: a type test per ``wrt`` argument, the shapes of
    the array arguments as the key of the specialized derivative, and a float conversion only if
    a Python float argument got an array back. Every name it uses starts with ``s2s_`` (builtins
    too: a parameter may be called ``type``), and no parameter does (``checked`` makes sure)."""
    names = [p.name for p in params]
    signature = []
    for i, p in enumerate(params):
        if p.default is p.empty:
            signature.append(p.name)
        else:
            namespace[f"s2s_default{i}"] = p.default
            signature.append(f"{p.name}=s2s_default{i}")
    call = f"({', '.join(names)})"
    packed = f"({', '.join(names)},)"  # the arguments as a tuple, even for one parameter
    lines = [f"def s2s_checked({', '.join(signature)}):"]
    grads = "s2s_result" if split is None else f"s2s_result[{split}]"
    if len(wanted) == len(names):  # scalar code's usual call: every parameter a Python float
        lines += [
            f"    if {' and '.join(f's2s_type({n}) is s2s_float' for n in names)}:",
            f"        s2s_result = s2s_g{call}",
            f"        if {_array_result(grads, wanted, None, single)}:",
            f"            return s2s_finish(s2s_result, {packed})",
            "        return s2s_result",
        ]
    floats = {}
    for i, name in wanted:
        floats[i] = flag = f"s2s_float{i}"
        lines += [
            f"    {flag} = s2s_type({name}) is s2s_float",
            f"    if not {flag} and not (s2s_type({name}) is s2s_ndarray"
            f" and {name}.dtype.kind == 'f' and {name}.ndim):",
            f"        return s2s_general({packed}, {{}})",
        ]
    shapes = [
        (
            f"() if {floats[i]} else {n}.shape"
            if i in floats
            else f"{n}.shape if s2s_type({n}) is s2s_ndarray else s2s_shape_of({n})"
        )
        for i, n in enumerate(names)
    ]
    lines += [
        f"    s2s_shapes = ({', '.join(shapes)},)",
        "    s2s_fn = s2s_variants.get(s2s_shapes) or s2s_variant(s2s_shapes)",
        f"    s2s_result = s2s_fn{call}",
    ]
    convert = _array_result(grads, wanted, lambda i: floats[i], single)
    lines += [
        f"    if {convert}:",
        f"        return s2s_finish(s2s_result, ({', '.join(n for _, n in wanted)},))",
        "    return s2s_result",
    ]
    body = (
        [lines[0], "    try:"]
        + ["    " + line for line in lines[1:]]
        + [
            "    except s2s_TypeError as s2s_exc:",
            "        s2s_output_error(s2s_exc, s2s_f)",
            "        raise",
        ]
    )
    namespace.update(s2s_TypeError=TypeError, s2s_output_error=output_error)
    exec(compile("\n".join(body) + "\n", "<s2s argument check>", "exec"), namespace)  # noqa: S102
    return namespace["s2s_checked"]


def _array_result(grads, wanted, flag, single) -> str:
    """The test for "a Python float argument got a NumPy gradient" (a 0-d array, or a NumPy
    scalar such as ``np.tanh``'s result): ``flag(i)`` is the expression saying argument ``i``
    was a Python float (None: all of them were)."""
    if single:
        ((i, _),) = wanted
        tests = [(i, f"s2s_type({grads}) is not s2s_float")]
    else:
        tests = [
            (i, f"s2s_type({grads}[{k}]) is not s2s_float") for k, (i, _) in enumerate(wanted)
        ]
    return " or ".join(test if flag is None else f"{flag(i)} and {test}" for i, test in tests)


def output_error(exc: TypeError, f) -> None:
    """Raise the s2s exception for a refusal the generated code made at run time (it does not
    import s2s, so it raises a TypeError): grad's output check (``OutputError``, at the user's
    ``return``), or an in-place update of an array another name shares (``UnsupportedError``)."""
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    if SCALAR_OUTPUT in message:
        raise OutputError(
            f"{message} from {f.__qualname__}: reduce it to one number (np.sum, "
            "np.mean), use s2s.vjp for the derivative of a non-scalar output, or return "
            "(loss, aux) with has_aux=True"
        ) from exc
    if IN_PLACE_ALIAS in message:
        raise UnsupportedError(
            f"{message} (NumPy semantics), and s2s gives each name its own value: write "
            "'y = y + ...' for a new array, or copy first (.copy())"
        ) from exc


def like(value, gradient):
    """``gradient`` as the type of its argument ``value`` where NumPy arithmetic changed it."""
    if type(value) is float:
        return (
            float(gradient)
            if isinstance(gradient, (np.ndarray, np.generic)) and np.ndim(gradient) == 0
            else gradient
        )
    if isinstance(value, np.ndarray) and value.ndim == 0 and not isinstance(gradient, np.ndarray):
        return np.asarray(gradient, dtype=value.dtype)
    if (
        isinstance(value, np.generic)
        and type(gradient) is not type(value)
        and np.ndim(gradient) == 0
    ):
        return value.dtype.type(gradient)
    return gradient


def wrt_problem(name: str, value) -> str | None:
    """Why ``value`` cannot be differentiated (None if it can), and what to pass instead."""
    if isinstance(value, bool) or isinstance(value, np.ndarray) and value.dtype.kind == "b":
        return f"it is a bool ({value!r}), which has no derivative"
    if is_integer(value):
        return f"it is an integer ({value!r}); pass a float (e.g. {name}=float({name}))"
    if any(
        isinstance(leaf, (complex, np.complexfloating))
        or getattr(leaf, "dtype", None) is not None
        and leaf.dtype.kind == "c"
        for leaf in leaves(value)
    ):
        return (
            "complex numbers are not supported yet; differentiate the real and imaginary "
            "parts as separate float arguments"
        )
    if not has_float_leaf(value):
        kind = (
            "a container with no float in it"
            if container_kind(value)
            else f"a {type(value).__name__}"
        )
        return (
            f"it is {kind}; s2s differentiates floats, float arrays and tuples, lists or "
            "dicts of them"
        )
    return None


def is_integer(value) -> bool:
    if isinstance(value, bool) or isinstance(value, int):
        return True
    dtype = getattr(value, "dtype", None)
    return dtype is not None and dtype.kind in "biu"
