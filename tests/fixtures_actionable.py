"""User code for tests/test_actionable_errors.py: each refusal is located at the line marked
``# <- here``; the rest must differentiate."""

import numpy as np


def starred(*xs):  # <- here
    return xs[0] * xs[1]


def sum_of_squares(*xs, scale=1.0, **weights):
    total = 0.0
    for v in xs:
        total = total + v * v
    for key in weights:
        total = total + weights[key] * scale
    return total


def calls_starred_helper(a, b):
    return sum_of_squares(a, b, a * b, scale=2.0, w=b)


class Model:
    def __init__(self, k):
        self.k = k

    def loss(self, x):
        return self.k * x * x + np.sin(x)

    def calls_other_method(self, x):
        return self.helper(x)  # <- here

    def helper(self, x):
        return x * x

    @staticmethod
    def static_loss(x):
        return 3.0 * x * x

    @classmethod
    def class_loss(cls, x):
        return 2.0 * x * x

    def __call__(self, x, y):
        return self.k * x * y


def aux_in_branches(x):
    if x > 0:
        return x * x, 1.0
    return x * 3.0, "negative"


def aux_constant(x):
    return x * x, 7


def unzipped(pairs):
    xs, ys = zip(*pairs)
    return xs[0] * ys[1] + xs[1] * ys[0]


def with_try(x):
    try:  # <- here
        y = x * 2.0
    except ValueError:
        y = x
    return y


def with_context(x):
    with np.errstate(divide="ignore"):  # <- here
        y = np.log(x)
    return y


def defines_class(x):
    class Local:  # <- here
        pass

    return x


def attribute_of_array(x):
    return np.sum(x.real * 2.0)  # <- here


def attribute_of_object(p):
    return p.weight * 2.0  # <- here


def second_order_source(x):  # <- here
    return np.sum(np.sin(x) * x)
