"""The supported surface is an allow-list: every statement and expression type the running Python
parses is either differentiated (checked against finite differences) or refused at its line with
an ``s2s.S2SError``; every callable s2s knows is a rule, non-differentiable by declaration, or
refused when a differentiated value reaches it. A new node type (a new Python) fails here until
it gets a sample.
"""

from __future__ import annotations

import ast
import inspect

import fixtures_surface as fx
import gast
import numpy as np
import pytest
from helpers.numeric import check_grad
from test_errors import assert_located

import s2s

V = np.array([0.7, -0.3, 1.1])

#: node type -> (function using it, arguments): differentiated, checked numerically.
GRAD = {
    "AnnAssign": (fx.ann_assign, (1.3,)),
    "Assert": (fx.assert_, (1.3,)),
    "Assign": (fx.aug_assign, (1.3,)),
    "AugAssign": (fx.aug_assign, (1.3,)),
    "Break": (fx.loops_and_jumps, (1.3,)),
    "Continue": (fx.loops_and_jumps, (1.3,)),
    "For": (fx.loops_and_jumps, (1.3,)),
    "While": (fx.loops_and_jumps, (1.3,)),
    "If": (fx.loops_and_jumps, (1.3,)),
    "Return": (fx.loops_and_jumps, (1.3,)),
    "Pass": (fx.pass_raise, (1.3,)),
    "Raise": (fx.pass_raise, (1.3,)),
    "Expr": (fx.expression_statement, (1.3,)),
    "FunctionDef": (fx.nested_function, (1.3,)),
    "Attribute": (fx.attribute_binop_compare, (V,)),
    "BinOp": (fx.attribute_binop_compare, (V,)),
    "BoolOp": (fx.boolean_operators, (1.3,)),
    "Compare": (fx.attribute_binop_compare, (V,)),
    "Call": (fx.attribute_binop_compare, (V,)),
    "Name": (fx.attribute_binop_compare, (V,)),
    "Constant": (fx.attribute_binop_compare, (V,)),
    "Dict": (fx.containers, (1.3,)),
    "Tuple": (fx.containers, (1.3,)),
    "List": (fx.containers, (1.3,)),
    "ListComp": (fx.comprehensions, (V,)),
    "GeneratorExp": (fx.comprehensions, (V,)),
    "JoinedStr": (fx.formatted, (1.3,)),
    "FormattedValue": (fx.formatted, (1.3,)),
    "IfExp": (fx.conditional_expression, (1.3,)),
    "Lambda": (fx.lambda_bound, (1.3,)),
    "Slice": (fx.slices_and_subscripts, (V,)),
    "Subscript": (fx.slices_and_subscripts, (V,)),
    "UnaryOp": (fx.unary, (1.3,)),
}

#: node type -> functions where it is refused, at the line marked ``# <- here``.
REFUSED = {
    "ClassDef": [fx.class_def],
    "Delete": [fx.delete],
    "Global": [fx.global_],
    "Nonlocal": [fx.nonlocal_],
    "Import": [fx.import_],
    "ImportFrom": [fx.import_from],
    "Match": [fx.match_],
    "Try": [fx.try_],
    "TryStar": [fx.try_star],
    "With": [fx.with_],
    "AsyncFunctionDef": [fx.async_function, fx.async_nested],
    "AsyncFor": [fx.async_function],  # only inside async def, which is refused whole
    "AsyncWith": [fx.async_function],
    "Await": [fx.async_function],
    "NamedExpr": [fx.named_expression],
    "Set": [fx.set_],
    "SetComp": [fx.set_comprehension],
    "DictComp": [fx.dict_comprehension],
    "Starred": [fx.starred],
    "Yield": [fx.generator],
    "YieldFrom": [fx.generator_from],
    "Lambda": [fx.lambda_passed],  # passed as a value (bound and called: GRAD)
}

#: gast names for nodes the running Python never produces (Python 2, or spelled as Constant).
NOT_PARSED = {"Exec", "Print", "Repr", "Num", "Str", "Bytes", "NameConstant", "Ellipsis"}


def _node_types(base) -> set[str]:
    found = set()
    for cls in base.__subclasses__():
        found.add(cls.__name__)
        found |= _node_types(cls)
    return found


def parsed_node_types() -> set[str]:
    """Statement and expression types this Python's parser can produce, by gast name."""
    names = _node_types(gast.stmt) | _node_types(gast.expr)
    return {n for n in names - NOT_PARSED if isinstance(getattr(ast, n, None), type)}


def test_every_node_type_is_differentiated_or_refused():
    missing = parsed_node_types() - set(GRAD) - set(REFUSED)
    assert not missing, f"node types with no sample in tests/test_surface.py: {sorted(missing)}"


@pytest.mark.parametrize("kind", sorted(GRAD))
def test_each_sample_uses_its_node_type(kind):
    """A sample without its node type would make the next test pass for nothing."""
    fn, _ = GRAD[kind]
    used = {type(n).__name__ for n in gast.walk(gast.parse(inspect.getsource(fn)))}
    assert kind in used, f"{fn.__name__} has no {kind} node"


@pytest.mark.parametrize("kind", sorted(GRAD))
def test_supported_node_type_differentiates(kind):
    fn, args = GRAD[kind]
    check_grad(fn, args, 0, s2s.grad(fn)(*args))


def test_boolean_operators_as_values_choose_the_operand_with_its_derivative():
    for x in (1.3, 0.0):
        check_grad(fx.boolean_operators, (x,), 0, s2s.grad(fx.boolean_operators)(x))
    for x in (1.3, 0.0, -2.0):
        check_grad(fx.boolean_operators, (x,), 0, s2s.value_and_grad(fx.boolean_operators)(x)[1])
        assert s2s.value_and_grad(fx.boolean_operators)(x)[0] == fx.boolean_operators(x)


@pytest.mark.parametrize(
    "kind, fn",
    [(k, f) for k, fs in sorted(REFUSED.items()) for f in fs],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_unsupported_node_type_is_refused_at_its_line(kind, fn):
    with pytest.raises(s2s.S2SError) as info:
        s2s.grad(fn)
    assert_located(info.value, fn)
