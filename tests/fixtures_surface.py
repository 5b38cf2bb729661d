"""One small function per Python statement and expression type, for tests/test_surface.py.

Each either differentiates (``GRAD``) or is refused at the line marked ``# <- here``
(``REFUSED``). Every node type the running Python can parse appears in one of the two tables.
"""

import numpy as np


def ann_assign(x):
    y: float = x * 2.0
    return y * x


def assert_(x):
    assert x > -100.0
    return x * x


def aug_assign(x):
    y = x * 1.0
    y += x
    return y * y


def loops_and_jumps(x):
    total = 0.0
    for i in range(5):
        if i == 1:
            continue
        if i == 4:
            break
        total = total + x * i
    k = 0
    while k < 2:
        total = total * x
        k += 1
    return total


def pass_raise(x):
    if x > 1e9:
        raise ValueError("too large")
    else:
        pass
    return x * 3.0


def expression_statement(x):
    """A docstring, and a call made for its output."""
    print(end="")
    return x * 2.0


def nested_function(x):
    def scale(v):
        return v * 3.0

    return scale(x) * x


def attribute_binop_compare(x):
    y = x.T * 2.0 - x
    if y[0] > -5.0 and not y[0] > 5.0 or y[0] < -10.0:
        y = -y
    return np.sum(y**2)


def containers(x):
    d = {"a": x, "b": x * 2.0}
    t = (d["a"], d["b"])
    l = [t[0], t[1]]
    return l[0] * l[1]


def comprehensions(x):
    squares = [v * v for v in x]
    total = sum(v * 2.0 for v in x)
    return squares[0] + total


def dict_comprehension(x):
    d = {k: x * k for k in range(3)}  # <- here
    return d[1] * d[2]


def formatted(x):
    label = f"value {x:.3f}"
    return x * len(label)


def conditional_expression(x):
    y = x * x if x > 0.0 else -x
    return y


def lambda_bound(x):
    f = lambda v: v * v  # noqa: E731
    return f(x) + x


def slices_and_subscripts(x):
    return np.sum(x[1:] * x[:-1]) + x[0]


def unary(x):
    return -x * +x


def class_def(x):
    class Local:  # <- here
        pass

    return x


def delete(x):
    y = x * 2.0
    del y  # <- here
    return x


def global_(x):
    global G  # <- here
    return x


def nonlocal_(x):
    def inner(v):
        nonlocal x  # <- here
        return v

    return inner(x)


def import_(x):
    import math  # <- here  # noqa: F401 - the statement is the sample

    return x


def import_from(x):
    from math import sin  # <- here

    return sin(x)


def match_(x):
    match x:  # <- here
        case _:
            return x


def try_(x):
    try:  # <- here
        y = x
    except ValueError:
        y = x
    return y


def try_star(x):
    try:  # <- here
        y = x
    except* ValueError:
        y = x
    return y


def with_(x):
    with open(__file__):  # <- here
        y = x
    return y


async def async_function(x):  # <- here
    return x


def async_nested(x):
    async def inner():  # <- here
        return 1

    return x


def named_expression(x):
    if (y := x * 2.0) > 0:  # <- here
        return y
    return x


def set_(x):
    s = {x, 1.0}  # <- here
    return x


def set_comprehension(x):
    s = {v for v in (x, 1.0)}  # <- here
    return x


def starred(x):
    items = [*x]  # <- here
    return items[0]


def generator(x):
    yield x  # <- here


def generator_from(x):
    yield from x  # <- here


def lambda_passed(x):
    return np.sum(np.apply_along_axis(lambda v: v * 2.0, 0, x))  # <- here


def boolean_operators(x):
    y = x or 1.0
    z = x and x * 3.0
    w = 0.0 or x * 2.0 or x
    return y * z + w
