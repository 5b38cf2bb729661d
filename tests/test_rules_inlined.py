"""Every reverse rule, as s2s uses it: inlined into a generated gradient.

``test_rule_registry`` calls rule functions directly; here each sample call becomes a small
function in a generated module (``y = np.tanh(a0)`` or ``y = a0 + a1``, then a weighted sum of
``y``), and ``s2s.grad`` of it is checked against central finite differences. This exercises what
the direct check cannot: argument binding (positional options, keywords), literal folding of
options, the primal's spelling kept in the forward code, hygiene of inlined names, and list
arguments (``np.concatenate([a, b])``) flowing through the list's adjoint.
"""

from __future__ import annotations

import importlib.util
import operator
import sys

import numpy as np
import pytest
from helpers.numeric import check_grad
from helpers.tiers import sampled
from test_rule_registry import is_differentiable, rule_samples, split_call

import s2s
from s2s.rules import registry

#: Operators are written as syntax, the way users write them.
SYNTAX = {
    operator.add: "{0} + {1}",
    operator.sub: "{0} - {1}",
    operator.mul: "{0} * {1}",
    operator.truediv: "{0} / {1}",
    operator.pow: "{0} ** {1}",
    operator.mod: "{0} % {1}",
    operator.matmul: "{0} @ {1}",
    operator.neg: "-{0}",
    operator.pos: "+{0}",
    operator.getitem: "{0}[{1}]",
}


def _cases():
    cases = []
    for i, (rule, args, kwargs) in enumerate(rule_samples()):
        if rule.mode != registry.REVERSE:
            continue
        if not any(is_differentiable(a) for a in args):
            continue
        cases.append(pytest.param(i, rule, args, kwargs, id=f"{rule.name}-{i}"))
    return cases


def _literal(value) -> bool:
    try:
        return eval(repr(value), {}) == value  # noqa: S307 (test-only: our own sample values)
    except Exception:
        return False


def _build(tmp_path, i, rule, args, kwargs):
    """A module with ``case(<float args>)`` calling the primal on them; returns (fn, args)."""
    params, call_args, fixed = [], [], {}
    for k, arg in enumerate(args):
        if isinstance(arg, (list, tuple)) and arg and all(is_differentiable(a) for a in arg):
            names = [f"a{k}_{j}" for j in range(len(arg))]
            params += list(zip(names, arg))
            call_args.append("[" + ", ".join(names) + "]")
        elif is_differentiable(arg):
            params.append((f"a{k}", arg))
            call_args.append(f"a{k}")
        else:
            fixed[f"C{k}"] = arg
            call_args.append(f"C{k}")
    keywords = []
    for key, value in kwargs.items():
        if _literal(value):
            keywords.append(f"{key}={value!r}")
        else:
            fixed[f"K_{key}"] = value
            keywords.append(f"{key}=K_{key}")
    if rule.primal in SYNTAX and not keywords:
        expr = SYNTAX[rule.primal].format(*call_args)
    else:
        expr = f"PRIMAL({', '.join(call_args + keywords)})"
    names = [n for n, _ in params]
    y = rule.primal(*args, **kwargs)
    if isinstance(y, (tuple, list)):  # (w, v) = eigh(a): squares make eigenvector signs irrelevant
        loss = " + ".join(f"np.sum(y[{k}] ** 2 * W[{k}])" for k in range(len(y)))
        weights = [
            np.random.default_rng(i + k).standard_normal(np.shape(part))
            for k, part in enumerate(y)
        ]
    else:
        loss, weights = "np.sum(y * W)", np.random.default_rng(i).standard_normal(np.shape(y))
    source = (
        f"import numpy as np\n\n\ndef case({', '.join(names)}):\n"
        f"    y = {expr}\n    return {loss}\n"
    )
    path = tmp_path / f"rule_case_{i}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"rule_case_{i}", path)
    module = importlib.util.module_from_spec(spec)
    module.PRIMAL = rule.primal
    module.__dict__.update(fixed)
    spec.loader.exec_module(module)
    sys.modules[spec.name] = module
    values = [v for _, v in params]
    module.W = weights
    return module.case, values


def _differentiable_option(rule, args) -> bool:
    """Does a float argument land on one of the rule's options (``math.log``'s base)? s2s must
    then refuse, not drop that argument's gradient. (Keyword arguments are constants here.)"""
    _, options, _ = split_call(rule, args, {})
    return any(is_differentiable(a) for a in options.values())


@pytest.mark.parametrize("i, rule, args, kwargs", sampled(_cases(), every=4))
def test_inlined_rule_matches_finite_differences(tmp_path, i, rule, args, kwargs):
    fn, values = _build(tmp_path, i, rule, args, kwargs)
    wrt = tuple(range(len(values)))
    if _differentiable_option(rule, args):
        with pytest.raises(s2s.UnsupportedError, match="does not differentiate its"):
            s2s.grad(fn, wrt=wrt)
        return
    grads = s2s.grad(fn, wrt=wrt)(*values)
    check_grad(fn, values, wrt, grads, rtol=1e-5, atol=1e-7)
