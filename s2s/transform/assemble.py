"""Put the sweeps together into the functions the emitted module defines.

The sweeps are first assembled into one function, forward sweep, a *split point*, backward sweep,
so the optimizer and the tape pass see the whole computation. ``finish`` then shapes it by mode:

- ``grad`` / ``value_and_grad``: ``f_grad(<params>, dout=1.0)`` runs the forward sweep, checks the
  output is a scalar, runs the backward sweep and returns the gradients (and the value).
- ``vjp``: split at the split point into ``f_vjp_forward(<params>) -> (out, residuals)`` and
  ``f_vjp_backward(residuals, dout)``. Residuals are a plain tuple (the tape a plain list, copied
  before popping), so the pullback can run many times and can be pickled or shipped. Their
  first item is the derivative's brand (a module constant), which the backward function checks
  first: a tape of another derivative is refused.
"""

from __future__ import annotations

import gast

from ..analysis.assigned import certainly_assigned
from ..analysis.mutation import mutated, rebound
from ..analysis.upward_exposed import upward_exposed
from ..annotations import Anno, has_anno, set_anno
from ..errors import SCALAR_OUTPUT
from ..nodes import assign, call, const, load, store, tuple_
from ..substitute import names_in, substitute
from .markers import split_index, split_marker


def _function(name, args, body) -> gast.FunctionDef:
    return gast.FunctionDef(
        name=name,
        args=args,
        body=body,
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )


def _param(name, annotation=None):
    return gast.Name(id=name, ctx=gast.Param(), annotation=annotation, type_comment=None)


def _with_seed(args: gast.arguments, seed: str) -> gast.arguments:
    params = [_param(a.id, a.annotation) for a in args.args]
    return gast.arguments(
        args=params + [_param(seed)],
        posonlyargs=list(args.posonlyargs),
        vararg=args.vararg,
        kwonlyargs=list(args.kwonlyargs),
        kw_defaults=list(args.kw_defaults),
        kwarg=args.kwarg,
        defaults=list(args.defaults) + [const(1.0)],
    )


def scalar_check(where: str, out: str, np_name: str):
    """``if np.ndim(out) != 0: raise TypeError(...)``: grad of a non-scalar is a user error,
    reported at the ``return`` (``where``); generated code raises a builtin exception (it does
    not import s2s), which ``s2s.grad``'s wrapper turns into ``s2s.OutputError``."""
    message = gast.JoinedStr(
        values=[
            const(f"{where}: {SCALAR_OUTPUT}, got shape "),
            gast.FormattedValue(
                value=call(f"{np_name}.shape", load(out)), conversion=-1, format_spec=None
            ),
        ]
    )
    test = gast.Compare(
        left=call(f"{np_name}.ndim", load(out)), ops=[gast.NotEq()], comparators=[const(0)]
    )
    check = gast.If(
        test=test, body=[gast.Raise(exc=call("TypeError", message), cause=None)], orelse=[]
    )
    set_anno(check, Anno.OUTPUT_CHECK, out)
    return check


def gradient_result(is_tuple: bool, grads):
    return grads[0] if len(grads) == 1 and not is_tuple else tuple_(grads)


def combined(name, fn, sweeps, output, seed, grads, options, namer, np_name) -> gast.FunctionDef:
    """One function: forward sweep, split point (carrying the value), backward sweep, return.

    A value returned after the backward sweep (``value_and_grad``'s, ``has_aux``'s aux) is
    taken at the split point (``s_final = s``): the sweep restores overwritten values, so ``s``
    itself may be back to an earlier state by then. The optimizer removes the copy where
    nothing in between rebinds ``s``; ``finish`` copies in full what the sweep changes in place.
    """
    body = list(sweeps.forward)
    if options.mode != "vjp":
        body.append(scalar_check(output.where, output.name, np_name))
    value = output.value if output.aux is None else tuple_([load(output.name), load(output.aux)])
    returned = {}
    if options.mode == "value_and_grad" or output.aux is not None and options.mode == "grad":
        for n in sorted(names_in(value, gast.Load)):
            returned[n] = namer.fresh(f"{n}_final")
            body.append(assign(returned[n], load(n)))
            set_anno(body[-1], Anno.RETURNED, n)
    body.append(split_marker(value))
    body += sweeps.backward
    if options.mode == "value_and_grad":
        result = tuple_([substitute(value, returned), grads])
    elif output.aux is not None and options.mode == "grad":
        result = tuple_([grads, load(returned[output.aux])])
    else:
        result = grads
    body.append(gast.Return(value=result))
    return _function(name, _with_seed(fn.args, seed), body)


def finish(fn, options, seed, tape, namer, helper, brand=None) -> list:
    """The module's functions for ``options.mode`` from the optimized combined function;
    ``helper(name)`` binds a helper of ``templates/`` and returns its name in the module;
    ``brand``: vjp mode, the global holding the tape brand (None for a recursive function's
    pair), put first in the residuals and checked first by the backward function."""
    k, mode = split_index(fn), options.mode
    if mode != "vjp":
        del fn.body[k]
        _capture_returned(fn, k, mode, options.has_aux, namer, helper, tape)
        return [fn]
    forward_body, value, backward_body = fn.body[:k], fn.body[k].value.args[0], fn.body[k + 1 :]
    needed = upward_exposed(backward_body)
    defined = names_in(forward_body, gast.Store) | {
        a.id for a in fn.args.args + fn.args.kwonlyargs
    }
    residuals = sorted((needed & defined) - {seed})  # assigned here: locals, whatever globals say
    params = {a.id for a in fn.args.args + fn.args.kwonlyargs}
    certain = params.union(*(certainly_assigned(s) for s in forward_body))
    # a residual only one branch assigns is None on the others (the backward does not read it)
    forward_body[:0] = [assign(r, const(None)) for r in residuals if r not in certain]
    items = [load(r) for r in residuals]
    if brand is not None:
        items.insert(0, load(brand))
    forward_body.append(gast.Return(value=tuple_([value, tuple_(items)])))
    forward_args = gast.arguments(**{f: getattr(fn.args, f) for f in fn.args._fields})
    forward_args.args, forward_args.defaults = forward_args.args[:-1], forward_args.defaults[:-1]
    forward = _function(f"{fn.name}_forward", forward_args, forward_body)
    # The pullback may run many times: what its sweep changes in place (the tape it pops, an
    # array whose element it restores, a list it un-appends) is copied first, so every call
    # starts from the state the forward function left. Only the tape: a copy of the list. More:
    # a copy of every residual list, dict and array, views kept as views (``fresh_state``).
    changed = mutated(backward_body) & (set(residuals) | _popped(backward_body, tape))
    source = load("residuals")
    if changed - {tape}:
        source = call(helper("fresh_state"), source)
    unpack = []
    if brand is not None:  # another derivative's tape, or no tape at all: a clear ValueError
        unpack.append(gast.Expr(value=call(helper("check_tape"), load("residuals"), load(brand))))
    if residuals:
        names = residuals if brand is None else [namer.unused(), *residuals]
        target = gast.Tuple(elts=[store(r) for r in names], ctx=gast.Store())
        unpack.append(assign(target, source))
    if changed == {tape}:
        unpack.append(assign(tape, call("list", load(tape))))
    backward_args = gast.arguments(
        args=[_param("residuals"), _param(seed)],
        posonlyargs=[],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    backward = _function(f"{fn.name}_backward", backward_args, unpack + backward_body)
    return [forward, backward]


def _popped(stmts, tape) -> set[str]:
    """Names the backward sweep takes back off the tape (``x = tape.pop()``): objects the
    forward sweep made, which a pullback run must not change for the next one."""
    found = set()
    for node in gast.walk(gast.Module(body=stmts, type_ignores=[])):
        if (
            isinstance(node, gast.Assign)
            and isinstance(node.value, gast.Call)
            and isinstance(node.value.func, gast.Attribute)
            and node.value.func.attr == "pop"
            and getattr(node.value.func.value, "id", None) == tape
        ):
            found |= names_in(node.targets[0], gast.Store)
    return found


def _capture_returned(fn, k, mode, has_aux, namer, helper, tape) -> None:
    """Values returned after the backward sweep (value_and_grad's value, has_aux's aux) must be
    those of the split point. ``combined`` copied them there (``s_final = s``), and the optimizer
    kept each copy the sweep rebinds. If the sweep changes any value of the forward sweep in
    place (an element restored, an append undone), a returned value may be that value or hold
    it, so each is copied whole (``fresh_state``), here."""
    backward = fn.body[k:-1]
    primal = names_in(fn.body[:k], gast.Store) | {a.id for a in fn.args.args}
    in_place = bool(mutated(backward) & primal - {tape})  # popping the tape changes no value
    for stmt in fn.body[:k]:
        if in_place and has_anno(stmt, Anno.RETURNED) and isinstance(stmt.value, gast.Name):
            stmt.value = call(helper("fresh_state"), stmt.value)
    if mode == "value_and_grad":
        position = 0  # return (value, grads)
    elif has_aux:
        position = 1  # return (grads, aux)
    else:
        return
    parts = fn.body[-1].value.elts
    moved = rebound(backward)
    mapping, taken = {}, []
    for name in sorted(names_in(parts[position], gast.Load) & primal):
        if name in moved or in_place:
            mapping[name] = namer.fresh(f"{name}_final")
            value = call(helper("fresh_state"), load(name)) if in_place else load(name)
            taken.append(assign(mapping[name], value))
    if mapping:
        parts[position] = substitute(parts[position], mapping)
        fn.body[k:k] = taken


def gradients(options, state, helper):
    """The returned gradients: each ``wrt`` adjoint, or zeros when nothing reached it; a
    container argument's in its own structure (``structured_like``)."""
    containers = {name for name, _ in options.containers}
    grads = []
    for name in options.wrt:
        adjoint = const(None) if state.is_zero(name) else load(state.adjoint(name))
        if name in containers:
            grads.append(call(helper("structured_like"), load(name), adjoint))
        elif state.is_zero(name):
            grads.append(call(state.zeros_like, load(name)))
        else:
            grads.append(adjoint)
    return gradient_result(options.wrt_is_tuple, grads)
