"""NumPy functions with no useful derivative: calls pass through both modes untouched.

Three kinds: results that do not depend on the input's values (shapes, ``zeros_like``,
constructors such as ``zeros``/``eye``), results that are integers, booleans or indices
(``argmax``, comparisons, ``isnan``), and piecewise-constant functions whose derivative is zero
almost everywhere (``sign``, ``floor``, ``round``). Draws that take only a shape (``randn``,
``standard_normal``) are constants. Functions whose float results carry their float arguments'
values (``full``, ``linspace``, ``meshgrid``, ``bincount``'s weights) have rules instead
(``numpy_constructors.py``); the rest of that kind (``arange``, ``unique``, ``histogram``,
draws from ``np.random.normal(mu, sigma)`` and friends) have neither, so a differentiated value
reaching one is refused, never given a silent zero.
"""

import numpy as np

from s2s.rules.registry import nondifferentiable

nondifferentiable(
    # shapes and value-independent constructors
    np.shape,
    np.ndim,
    np.size,
    len,
    np.zeros_like,
    np.ones_like,
    np.empty_like,
    np.zeros,
    np.ones,
    np.empty,
    np.eye,
    np.identity,
    np.tri,
    np.indices,
    np.tril_indices,
    np.triu_indices,
    np.diag_indices,
    np.ravel_multi_index,
    np.unravel_index,
    # indices and counts
    np.argmax,
    np.argmin,
    np.nanargmax,
    np.nanargmin,
    np.argsort,
    np.argpartition,
    np.lexsort,
    np.argwhere,
    np.nonzero,
    np.flatnonzero,
    np.searchsorted,
    np.digitize,
    np.count_nonzero,
    # piecewise constant
    np.sign,
    np.floor,
    np.ceil,
    np.round,
    np.around,
    np.rint,
    np.trunc,
    np.fix,
    np.heaviside,
    np.floor_divide,
    # predicates and comparisons
    np.signbit,
    np.isnan,
    np.isinf,
    np.isfinite,
    np.isneginf,
    np.isposinf,
    np.isclose,
    np.allclose,
    np.array_equal,
    np.array_equiv,
    np.greater,
    np.greater_equal,
    np.less,
    np.less_equal,
    np.equal,
    np.not_equal,
    np.logical_and,
    np.logical_or,
    np.logical_not,
    np.logical_xor,
    np.any,
    np.all,
    # random draws
    np.random.seed,
    np.random.rand,
    np.random.randn,
    np.random.randint,
    np.random.random,
    np.random.random_sample,
    np.random.standard_normal,
    np.random.shuffle,
    np.random.binomial,
    np.random.poisson,
    # ndarray spellings
    methods=("argmax", "argmin", "argsort", "nonzero", "any", "all", "round"),
    properties=("shape", "ndim", "size", "dtype"),
)
