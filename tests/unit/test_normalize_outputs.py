"""normalize/outputs.py on core-form bodies: ``prepare_output`` checks there is one value to
differentiate (a tuple refused for grad, not for vjp) and gives a ``has_aux`` result its two
parts by name; ``find_output`` says which variable is differentiated, and where."""

from __future__ import annotations

import pytest
from helpers.passes import (
    assert_code,
    assert_same_results,
    compiled,
    flat,
    function,
    namer_for,
    read,
)

import s2s
from s2s.normalize.lower_jumps import lower_jumps
from s2s.normalize.outputs import find_output, prepare_output
from s2s.options import Options


def prepared(fn, options):
    fs = read(fn)
    namer = namer_for(fs)
    node = flat(fn, namer)
    body = lower_jumps(node.body, namer, (fs.origin, fs.node.lineno))
    body = prepare_output(body, fs, options, namer)
    return function(node, body), fs


GRAD = Options(wrt=("x",))


def plain(x):
    y = x * x
    return y + 1.0


def test_the_output_is_the_returned_variable():
    node, fs = prepared(plain, GRAD)
    output = find_output(node.body, fs, GRAD)
    assert (output.name, output.index, output.aux) == ("out", 2, None)
    assert output.where == f"test_normalize_outputs.py:{fs.node.lineno + 2}"


def pair_built(x):
    loss = x * x
    return loss, {"x": x}


def pair_from_branches(x):
    if x > 0.0:
        return x * x, "positive"
    return -x, "negative"


def test_has_aux_gives_the_two_parts_names():
    options = Options(wrt=("x",), has_aux=True)
    node, fs = prepared(pair_built, options)  # already (loss, aux) of two names: unchanged
    assert_code(
        node,
        """
        def pair_built(x):
            loss = x * x
            t = {'x': x}
            items = (loss, t)
            return items
    """,
    )
    output = find_output(node.body, fs, options)
    assert (output.name, output.aux) == ("loss", "t")

    node, fs = prepared(pair_from_branches, options)  # several returns: unpacked by name
    assert_code(node.body[-2:], "loss, aux = result\nreturn result")
    output = find_output(node.body, fs, options)
    assert (output.name, output.aux) == ("loss", "aux")
    assert_same_results(pair_from_branches, compiled(node, fs.namespace), (2.0,), (-3.0,))


def pair(x):
    return x, 2.0 * x


def test_a_tuple_is_refused_for_grad_and_kept_for_vjp():
    with pytest.raises(s2s.OutputError, match="returns a tuple of 2 values.*has_aux=True"):
        prepared(pair, GRAD)
    vjp = Options(wrt=("x",), mode="vjp")
    node, fs = prepared(pair, vjp)
    assert find_output(node.body, fs, vjp).name == "items"


def constant(x):
    return 3.0


def nothing(x):
    y = x * 2.0


def always_raises(x):
    raise ValueError(x)


@pytest.mark.parametrize(
    "fn, words",
    [
        (constant, "returns the constant 3.0, which has no derivative"),
        (nothing, "returns nothing; return the value to differentiate"),
        (always_raises, "always raises here and returns nothing"),
    ],
)
def test_nothing_to_differentiate_is_an_output_error(fn, words):
    with pytest.raises(s2s.OutputError, match=words) as info:
        prepared(fn, GRAD)
    assert str(info.value).startswith("test_normalize_outputs.py:")
