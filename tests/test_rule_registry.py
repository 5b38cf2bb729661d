"""Every library rule, checked against central finite differences in float64, in both modes.

The rules are called directly (no transformer): a reverse rule must satisfy
``<pullback(dy), v> == <dy, f'(x) v>`` for random ``dy`` and directions ``v``, one input at a time;
a forward rule's tangent must equal ``f'(x) v``, both with all inputs moving and with one moving
while the others' tangents are the scalar ``0.0`` (how s2s passes an inactive input). Also checked:
the rule's output is the primal's, each cotangent has its input's shape, and float32 inputs give
float32 cotangents and tangents.

``SAMPLES`` maps each primal to sample calls ``(args, kwargs)`` (domain-respecting: positive for
``log``...). A new rule without samples fails ``test_every_rule_has_samples`` until it gets some
or an entry in ``UNCHECKABLE``. ``rule_samples()`` exposes the table for other tests.
"""

from __future__ import annotations

import builtins
import inspect
import math
import operator

import numpy as np
import pytest

from s2s.rules import registry

try:
    import scipy.special
except ImportError:
    scipy = None

H = 1e-6  # finite-difference step
RTOL = 1e-6  # float64 agreement, relative to the size of the quantities compared
RTOL32 = 2e-3  # float32 rules against their float64 results

RNG = np.random.default_rng(20240613)


# ---------------------------------------------------------------- sample builders


def u(*shape, lo=-2.0, hi=2.0):
    """Uniform random floats: a Python float for no shape, else a float64 array."""
    if not shape:
        return float(RNG.uniform(lo, hi))
    return RNG.uniform(lo, hi, shape)


def pos(*shape):
    return u(*shape, lo=0.5, hi=2.0)


def away(*shape):
    """Random values of either sign, at least 0.3 away from zero."""
    sign = np.where(RNG.uniform(size=shape) < 0.5, -1.0, 1.0)
    return u(*shape, lo=0.3, hi=2.0) * (sign if shape else float(sign))


def nonsingular(*shape):
    n = shape[-1]
    return u(*shape, lo=-1.0, hi=1.0) + n * np.eye(n)


def spd(*shape):
    b = u(*shape, lo=-1.0, hi=1.0)
    return b @ np.swapaxes(b, -1, -2) + shape[-1] * np.eye(shape[-1])


def S(*args, **kwargs):
    return args, kwargs


def unary(draw=u, **kw):
    """Scalar, vector and matrix samples of a one-argument function."""
    return [S(draw(**kw)), S(draw(3, **kw)), S(draw(2, 3, **kw))]


def scalars(draw=u, **kw):
    """Two Python-float samples (the math module)."""
    return [S(draw(**kw)), S(draw(**kw))]


def binary(draw_x=u, draw_y=u):
    """Two-argument samples: scalars, equal shapes and broadcasting pairs."""
    return [
        S(draw_x(), draw_y()),
        S(draw_x(3), draw_y(3)),
        S(draw_x(2, 3), draw_y(3)),
        S(draw_x(2, 1), draw_y(3)),
        S(draw_x(), draw_y(2, 3)),
    ]


def reductions(draw=u, **options):
    """A reduction over no axis, one axis, negative and tuple axes, with and without keepdims."""
    return [
        S(draw(5), **options),
        S(draw(3, 4), **options),
        S(draw(3, 4), axis=0, **options),
        S(draw(3, 4), axis=1, keepdims=True, **options),
        S(draw(2, 3, 4), axis=-1, **options),
        S(draw(2, 3, 4), axis=(0, 2), **options),
        S(draw(2, 3, 4), axis=(0, 2), keepdims=True, **options),
        S(draw(3, 4), keepdims=True, **options),
    ]


def with_nans(*shape):
    x = u(*shape)
    x[(0,) * len(shape)] = np.nan
    return x


X43 = u(4, 3)
INDICES = [
    1,
    -1,
    slice(1, 3),
    (slice(None), 1),
    (2, 0),
    (Ellipsis, None, 0),
    X43 > 0,
    np.array([0, 2, 0, 0]),
    (np.array([0, 1, 0]), np.array([2, 2, 2])),
    (slice(None), np.array([1, 1])),
]

SAMPLES = {
    # ------------------------------------------------------------ operators (operators.py)
    operator.add: binary(),
    operator.sub: binary(),
    operator.mul: binary(),
    operator.truediv: binary(u, away),
    operator.pow: binary(pos, u) + [S(u(3), 2), S(u(2, 3), 3)],
    operator.mod: binary(u, away),
    operator.matmul: [
        S(u(3), u(3)),
        S(u(2, 3), u(3)),
        S(u(3), u(3, 4)),
        S(u(2, 3), u(3, 4)),
        S(u(5, 2, 3), u(3, 4)),
        S(u(1, 2, 3), u(4, 3, 2)),
        S(u(3), u(5, 3, 4)),
        S(u(5, 2, 3), u(3)),
    ],
    operator.neg: unary(),
    operator.pos: unary(),
    operator.getitem: [S(X43, index) for index in INDICES] + [S(u(5), np.array([[0, 4], [4, 4]]))],
    # ------------------------------------------------------------ builtins
    builtins.abs: scalars(away) + [S(away(3))],
    builtins.sum: [
        S([u(), u(), u()]),
        S([u(3), u(3)]),
        S([u(2, 3), u(3), u()]),
        S(u(4, 3)),
        S([u(2), u(2)], start=1.5),
    ],
    builtins.max: [S(u(), u()), S(1.0, u())],
    builtins.list: [S(u(3)), S(u(2, 3)), S((u(), u()))],
    builtins.tuple: [S(u(3)), S([u(2), u(2)])],
    builtins.min: [S(u(), u()), S(1.0, u())],
    builtins.pow: [S(pos(), u()), S(u(3), 2), S(pos(3), u())],
    builtins.float: [S(u()), S(np.array(u()))],
    # ------------------------------------------------------------ math module
    math.exp: scalars(),
    math.expm1: scalars(),
    math.log: scalars(pos) + [S(pos(), 10.0), S(pos(), 2.0)],
    math.log2: scalars(pos),
    math.log10: scalars(pos),
    math.log1p: scalars(u, lo=-0.5),
    math.sqrt: scalars(pos),
    math.pow: [S(pos(), u()), S(pos(), 3.0)],
    math.hypot: [S(u(), u()), S(away(), away())],
    math.sin: scalars(),
    math.cos: scalars(),
    math.tan: scalars(u, lo=-1.2, hi=1.2),
    math.asin: scalars(u, lo=-0.9, hi=0.9),
    math.acos: scalars(u, lo=-0.9, hi=0.9),
    math.atan: scalars(),
    math.atan2: [S(u(), u()), S(away(), away())],
    math.degrees: scalars(),
    math.radians: scalars(),
    math.sinh: scalars(),
    math.cosh: scalars(),
    math.tanh: scalars(),
    math.asinh: scalars(),
    math.acosh: scalars(u, lo=1.2, hi=3.0),
    math.atanh: scalars(u, lo=-0.9, hi=0.9),
    math.erf: scalars(),
    math.erfc: scalars(),
    math.lgamma: scalars(u, lo=0.1, hi=12.0) + [S(-1.5), S(-0.3), S(25.0)],
    math.gamma: scalars(u, lo=0.2, hi=4.0) + [S(-1.5), S(-0.3)],
    math.fabs: scalars(away),
    math.copysign: [S(away(), away()), S(away(), -away())],
    math.fmod: [S(u(), away()), S(u(lo=3.0, hi=7.0), away())],
    math.fsum: [S([u(), u(), u()])],
    # ------------------------------------------------------------ numpy elementwise
    np.exp: unary(),
    np.exp2: unary(),
    np.expm1: unary(),
    np.log: unary(pos),
    np.log2: unary(pos),
    np.log10: unary(pos),
    np.log1p: unary(u, lo=-0.5),
    np.sqrt: unary(pos),
    np.cbrt: unary(away),
    np.square: unary(),
    np.reciprocal: unary(away),
    np.sin: unary(),
    np.cos: unary(),
    np.tan: unary(u, lo=-1.2, hi=1.2),
    np.arcsin: unary(u, lo=-0.9, hi=0.9),
    np.arccos: unary(u, lo=-0.9, hi=0.9),
    np.arctan: unary(),
    np.deg2rad: unary(),
    np.radians: unary(),
    np.rad2deg: unary(),
    np.degrees: unary(),
    np.sinh: unary(),
    np.cosh: unary(),
    np.tanh: unary(),
    np.arcsinh: unary(),
    np.arccosh: unary(u, lo=1.2, hi=3.0),
    np.arctanh: unary(u, lo=-0.9, hi=0.9),
    np.absolute: unary(away),
    np.fabs: unary(away),
    np.negative: unary(),
    np.positive: unary(),
    np.conjugate: unary(),
    np.real: unary(),
    np.add: binary(),
    np.subtract: binary(),
    np.multiply: binary(),
    np.divide: binary(u, away),
    np.power: binary(pos, u) + [S(u(3), 2), S(u(2, 3), np.array([1, 2, 3]))],
    np.float_power: binary(pos, u) + [S(u(3), 3)],
    np.mod: binary(u, away),
    np.fmod: binary(u, away),
    np.ldexp: [S(u(3), np.array([1, -2, 3])), S(u(2, 3), 2)],
    np.copysign: binary(away, away),
    np.hypot: binary(),
    np.arctan2: binary(away, away),
    np.logaddexp: binary(),
    np.logaddexp2: binary(),
    np.maximum: binary(),
    np.minimum: binary(),
    np.fmax: binary() + [S(u(4), with_nans(4)), S(with_nans(4), u(4))],
    np.fmin: binary() + [S(u(4), with_nans(4)), S(with_nans(4), u(4))],
    np.where: [
        S(X43 > 0, u(4, 3), u(4, 3)),
        S(u(3) > 0, u(2, 3), u()),
        S(u(2, 1) > 0, u(3), u(2, 3)),
    ],
    np.clip: [
        S(u(3, 4), -0.5, 0.5),
        S(u(3, 4), -0.5, None),
        S(u(3, 4), None, 0.7),
        S(u(3), u(2, 3, lo=-1.0, hi=0.0), 1.0),
    ],
    # ------------------------------------------------------------ numpy reductions
    np.sum: reductions() + [S(u())],
    np.nansum: [
        S(with_nans(5)),
        S(with_nans(3, 4), axis=1),
        S(with_nans(3, 4), axis=0, keepdims=True),
    ],
    np.mean: reductions(),
    np.nanmean: [
        S(with_nans(5)),
        S(with_nans(3, 4), axis=1),
        S(with_nans(3, 4), axis=0, keepdims=True),
    ],
    np.average: [
        S(u(3, 4)),
        S(u(3, 4), axis=1),
        S(u(3, 4), weights=pos(3, 4)),
        S(u(3, 4), axis=1, weights=pos(4)),
        S(u(3, 4), 1, pos(4)),
        S(u(2, 3), None, pos(2, 3)),
        S(u(3, 4), axis=1, weights=pos(4), returned=True),
        S(u(3, 4), 0, pos(3), True, keepdims=True),
        S(u(3, 4), returned=True),
        S(u(3, 4), axis=0, weights=pos(3), keepdims=True),
        S(u(3, 4, 2), axis=(0, 2), weights=pos(3, 2)),
        S(u(3, 4, 2), axis=(2, 0), weights=pos(2, 3)),
    ],
    np.prod: reductions(pos)
    + [
        S(np.array([[1.5, 0.0, 2.0], [0.0, 0.0, 1.0], [1.2, -0.7, 2.0]]), axis=1),
        S(np.array([[1.5, 0.0, 2.0], [0.0, 0.0, 1.0], [1.2, -0.7, 2.0]]), axis=0),
        S(np.array([1.5, 0.0, 2.0, -1.1])),
        S(np.array([1.5, 0.0, 2.0, 0.0])),
    ],
    np.max: reductions(),
    np.min: reductions(),
    np.amax: reductions(),
    np.amin: reductions(),
    np.nanmax: [
        S(with_nans(5)),
        S(with_nans(3, 4), axis=1),
        S(with_nans(3, 4), axis=0, keepdims=True),
    ],
    np.nanmin: [
        S(with_nans(5)),
        S(with_nans(3, 4), axis=1),
        S(with_nans(3, 4), axis=0, keepdims=True),
    ],
    np.ptp: reductions(),
    np.median: reductions(),
    np.nanmedian: [
        S(with_nans(5)),
        S(with_nans(3, 4), axis=1),
        S(with_nans(3, 4), axis=0, keepdims=True),
    ],
    np.quantile: [
        S(u(5), 0.3),
        S(u(6), 0.5),
        S(u(3, 4), 0.7, axis=1),
        S(u(3, 4), np.array([0.1, 0.45, 0.9]), axis=0),
        S(u(2, 3, 4), np.array([0.2, 0.6]), axis=(0, 2), keepdims=True),
        S(u(3, 4), 0.35, keepdims=True),
        S(u(3, 4), np.array([[0.15, 0.5], [0.7, 0.95]]), axis=1),
        S(u(5), np.array([[0.2, 0.4, 0.8]])),
    ],
    np.nanquantile: [
        S(with_nans(5), 0.3),
        S(with_nans(3, 4), np.array([0.2, 0.7]), axis=1),
    ],
    np.percentile: [
        S(u(5), 30.0),
        S(u(3, 4), np.array([15.0, 55.0, 85.0]), axis=1),
        S(u(2, 3, 4), 40.0, axis=(0, 2), keepdims=True),
        S(u(3, 4), np.array([[25.0, 60.0], [35.0, 75.0]])),
    ],
    np.nanpercentile: [
        S(with_nans(5), 30.0),
        S(with_nans(3, 4), 65.0, axis=0, keepdims=True),
    ],
    np.partition: [
        S(u(5), 2),
        S(u(3, 4), 1, axis=0),
        S(u(3, 4), 3, axis=None),
        S(u(3, 4), (0, 2)),
    ],
    np.var: reductions() + reductions(ddof=1)[1:4],
    np.std: reductions() + reductions(ddof=1)[1:4],
    np.cumsum: [S(u(5)), S(u(3, 4)), S(u(3, 4), axis=0), S(u(2, 3, 4), axis=-1), S(u())],
    np.cumprod: [S(away(5)), S(away(3, 4)), S(away(3, 4), axis=0), S(away(2, 3, 4), axis=1)],
    np.linalg.norm: [
        S(u(5)),
        S(u(3, 4)),
        S(u(3, 4), "fro"),
        S(away(5), 1),
        S(away(5), 3),
        S(away(5), -2),
        S(away(3, 4), 1, axis=1),
        S(u(3, 4), axis=0, keepdims=True),
        S(u(2, 3, 4), "fro", axis=(1, 2)),
        S(u(2, 3, 4), None, (0, 2), True),
        S(u(2, 3, 4)),
        S(away(5), np.inf),
        S(away(3, 4), -np.inf, axis=1),
        S(away(3, 4), 0, axis=0),
        S(away(3, 4), 1),
        S(away(3, 4), -np.inf),
        S(np.zeros((2, 3)), axis=1),
    ],
    # ------------------------------------------------------------ numpy linear algebra
    np.matmul: [
        S(u(3), u(3)),
        S(u(2, 3), u(3)),
        S(u(3), u(3, 4)),
        S(u(2, 3), u(3, 4)),
        S(u(1, 2, 3), u(4, 3, 2)),
        S(u(3), u(5, 3, 4)),
    ],
    np.dot: [
        S(u(3), u(3)),
        S(u(2, 3), u(3)),
        S(u(3), u(3, 4)),
        S(u(2, 3), u(3, 4)),
        S(u(), u(2, 3)),
        S(u(2, 3), u()),
        S(u(2, 2, 3), u(4, 3, 5)),
    ],
    np.inner: [S(u(3), u(3)), S(u(2, 3), u(4, 3)), S(u(), u(2, 3)), S(u(2, 2, 3), u(3))],
    np.tensordot: [
        S(u(3, 4, 5), u(4, 5, 2)),
        S(u(2, 3), u(3, 4), 1),
        S(u(3, 2), u(4, 3), ([0], [1])),
        S(u(3, 2, 4), u(4, 3), axes=([0, 2], [1, 0])),
        S(u(2), u(3), 0),
    ],
    np.einsum: [
        S("ij,jk->ik", u(2, 3), u(3, 4)),
        S("ij,ij->", u(2, 3), u(2, 3)),
        S("i,j->ij", u(2), u(3)),
        S("ij,jk", u(2, 3), u(3, 4)),
        S("bij,bjk->bik", u(2, 2, 3), u(2, 3, 4)),
        S("ij,k->i", u(2, 3), u(4)),
        S("ij,j->j", u(2, 3), u(3)),
        S("ij,i,j->", u(3, 3), u(3), u(3)),
        S("ii->", u(3, 3)),
        S("ii->i", u(3, 3)),
        S("ij->", u(2, 3)),
        S("ji", u(2, 3)),
        S("iij,jk,k->i", u(3, 3, 2), u(2, 4), u(4), optimize=True),
        S("ab,bc,cd,de->ae", u(2, 3), u(3, 2), u(2, 4), u(4, 2)),
        S("i,i,i", u(3), u(3), u(3)),
        S("...ij,j->...i", u(2, 4, 3), u(3)),
        S("i...,...", u(4, 2, 3), u(3)),
        S("...ii->...i", u(2, 3, 3)),
        S("bij,bjk->bik", u(1, 2, 3), u(4, 3, 2)),
        S("...j,...j->...", u(2, 1, 3), u(4, 3)),
    ],
    np.vdot: [S(u(3), u(3)), S(u(2, 3), u(6))],
    np.outer: [S(u(3), u(2)), S(u(3), u(2, 2))],
    np.cross: [S(u(3), u(3)), S(u(2, 3), u(3))],
    np.kron: [S(u(2, 2), u(3)), S(u(2, 3), u(2, 2)), S(u(2), u(3)), S(u(2, 1, 2), u(3, 2))],
    np.trace: [S(u(3, 3)), S(u(3, 4), 1), S(u(2, 3, 4), -1, 1, 2)],
    np.diagonal: [S(u(3, 3)), S(u(3, 4), 1), S(u(2, 3, 4), offset=-1, axis1=2, axis2=1)],
    np.diag: [S(u(3)), S(u(3), 1), S(u(3), -2), S(u(3, 4), 1), S(u(4, 3), -1)],
    np.tril: [S(u(3, 4)), S(u(3, 4), -1), S(u(2, 3, 3), 1)],
    np.triu: [S(u(3, 4)), S(u(3, 4), -1), S(u(2, 3, 3), 1)],
    np.linalg.inv: [S(nonsingular(3, 3)), S(nonsingular(2, 3, 3))],
    np.linalg.solve: [
        S(nonsingular(3, 3), u(3)),
        S(nonsingular(3, 3), u(3, 2)),
        S(nonsingular(2, 3, 3), u(2, 3, 2)),
        S(nonsingular(2, 3, 3), u(3)),
        S(nonsingular(3, 3, 3), u(3)),
        S(nonsingular(2, 3, 3), u(3, 2)),
    ],
    np.linalg.det: [S(nonsingular(3, 3)), S(nonsingular(2, 3, 3)), S(u(2, 2))],
    np.linalg.cholesky: [S(spd(3, 3)), S(spd(2, 3, 3))],
    np.linalg.eigvalsh: [S(spd(3, 3)), S(spd(2, 3, 3)), S(u(3, 3)), S(u(3, 3), "U")],
    np.linalg.slogdet: [S(nonsingular(3, 3)), S(nonsingular(2, 3, 3)), S(u(2, 2))],
    np.linalg.eigh: [S(spd(3, 3)), S(spd(2, 3, 3)), S(u(3, 3)), S(u(2, 3, 3), UPLO="U")],
    np.linalg.qr: [S(u(3, 3)), S(u(4, 2)), S(u(2, 5, 3))],
    np.linalg.svd: [
        S(u(3, 3)),
        S(u(2, 3, 3), compute_uv=True),
        S(u(4, 2), full_matrices=False),
        S(u(2, 4), False),
        S(u(2, 3, 2), full_matrices=False),
        S(u(3, 2), compute_uv=False),
        S(u(2, 2, 4), True, False),
    ],
    # ------------------------------------------------------------ numpy shape and indexing
    np.take: [
        S(u(3, 4), [0, 2, 0]),
        S(u(3, 4), np.array([[0, 1], [3, 3]]), axis=1),
        S(u(3, 4), -1, axis=0),
        S(u(5), np.array([-1, 0, -1])),
    ],
    np.take_along_axis: [
        S(u(3, 4), np.array([[0, 0], [3, 1], [2, 2]]), axis=1),
        S(u(3, 4), np.array([[2, 0, 0, 1]]), axis=0),
        S(u(3, 4), np.array([5, 5, 0]), axis=None),
    ],
    np.repeat: [S(u(3), 2), S(u(2, 3), [1, 0, 2], axis=1), S(u(2, 2), 3)],
    np.tile: [S(u(3), 2), S(u(2, 3), (2, 1)), S(u(3), (2, 2))],
    # ------------------------------------------------ arrays built from values (numpy_constructors.py)
    np.full: [S((2, 3), u()), S((2, 3), u(3)), S(4, u(), dtype=np.float64)],
    np.full_like: [S(u(2, 3), u()), S(u(2, 3), u(3))],
    np.linspace: [
        S(u(), u(), 5),
        S(u(), u(), 4, endpoint=False),
        S(u(3), u(3), 4),
        S(u(2), u(), 3, axis=1),
        S(u(), u(), 1),
    ],
    np.meshgrid: [S(u(3), u(4)), S(u(3), u(4), indexing="ij"), S(u(2), u(3), u(4))],
    np.bincount: [S(np.array([0, 2, 2, 1]), u(4)), S(np.array([1, 1]), u(2), minlength=4)],
    np.sort: [S(u(5)), S(u(3, 4), axis=0), S(u(3, 4), axis=None), S(u(3, 4))],
    np.reshape: [S(u(2, 3), (3, 2)), S(u(2, 3), -1), S(u(6), (1, 2, 3)), S(u(), (1, 1))],
    np.ravel: [S(u(2, 3)), S(u(3))],
    np.squeeze: [S(u(1, 3, 1)), S(u(1, 3, 1), axis=0), S(u(1, 3, 1), axis=(0, 2))],
    np.expand_dims: [S(u(2, 3), 1), S(u(3), (0, 2)), S(u(), 0)],
    np.atleast_1d: [S(u()), S(u(3))],
    np.atleast_2d: [S(u()), S(u(3)), S(u(2, 3))],
    np.atleast_3d: [S(u(3)), S(u(2, 3))],
    np.broadcast_to: [S(u(3), (2, 3)), S(u(2, 1), (2, 3)), S(u(), (2,))],
    np.transpose: [S(u(2, 3)), S(u(2, 3, 4), (1, 2, 0)), S(u(2, 3, 4), axes=(-1, 0, 1))],
    np.swapaxes: [S(u(2, 3, 4), 0, 2), S(u(2, 3), -1, 0)],
    np.moveaxis: [S(u(2, 3, 4), 0, -1), S(u(2, 3, 4), [0, 1], [2, 0])],
    np.flip: [S(u(2, 3)), S(u(2, 3), 1), S(u(2, 3, 4), (0, 2))],
    np.fliplr: [S(u(2, 3))],
    np.flipud: [S(u(2, 3)), S(u(3))],
    np.rot90: [S(u(2, 3)), S(u(2, 3), 2), S(u(2, 3, 4), -1, (1, 2))],
    np.roll: [S(u(5), 2), S(u(3, 4), (1, -1), axis=(0, 1)), S(u(3, 4), 1)],
    np.concatenate: [
        S([u(3), u(2)]),
        S([u(2, 3), u(2, 2), u(2, 1)], axis=1),
        S([u(2, 2), u(3)], axis=None),
        S((u(1, 3), u(2, 3)), axis=-2),
    ],
    np.stack: [
        S([u(3), u(3)]),
        S([u(2, 3), u(2, 3), u(2, 3)], axis=1),
        S([u(), u()]),
        S([u(2), u(2)], axis=-1),
    ],
    np.hstack: [S([u(3), u(2)]), S([u(2, 1), u(2, 3)]), S([u(), u(2)])],
    np.vstack: [S([u(3), u(3)]), S([u(1, 3), u(2, 3)])],
    np.column_stack: [S([u(3), u(3, 2)])],
    np.dstack: [S([u(2, 2), u(2, 2)]), S([u(3), u(3)])],
    np.append: [S(u(3), u(2)), S(u(2, 2), u(3)), S(u(2, 3), u(1, 3), axis=0)],
    np.split: [S(u(6), 3), S(u(4, 3), [1, 3]), S(u(2, 4), 2, axis=1)],
    np.array_split: [S(u(7), 3), S(u(3, 5), [2], axis=1)],
    np.pad: [S(u(3), 1), S(u(2, 3), ((1, 0), (2, 1))), S(u(2, 3), (1, 2), constant_values=1.5)],
    np.diff: [S(u(5)), S(u(3, 5), 2), S(u(4, 3), 3, axis=0)],
    np.ndarray.item: [S(u(1)), S(u(1, 1))],
    np.convolve: [
        S(u(7), u(3)),
        S(u(3), u(6)),
        S(u(7), u(4), mode="same"),
        S(u(4), u(7), mode="same"),
        S(u(6), u(6), mode="valid"),
        S(u(3), u(5), mode="valid"),
        S(u(1), u(4)),
    ],
    np.polyval: [
        S(u(4), u(5)),
        S(u(3), u()),
        S(u(1), u(3)),
        S(u(5), u(2, 3)),
        S(u(2), np.array(0.7)),
        S(u(3, 4), u(4)),
        S(u(3, 2, 1), u(3)),
        S(u(2, 3), u()),
    ],
    np.sinc: unary() + [S(np.array([0.0, 0.3, -1.2]))],
    np.interp: [
        S(np.array([0.15, 0.9, 1.7, 2.45]), np.array([0.0, 0.5, 1.2, 3.0]), u(4)),
        S(np.array([-0.5, 0.4, 3.5]), np.array([0.0, 1.0, 2.0]), u(3)),
        S(np.array([-0.5, 0.4, 3.5]), np.array([0.0, 1.0, 2.0]), u(3), left=-1.0, right=2.0),
        S(0.7, np.array([0.0, 1.0, 2.0]), u(3)),
    ],
    np.trapezoid: [
        S(u(5)),
        S(u(5), np.array([0.0, 0.3, 0.5, 1.2, 2.0])),
        S(u(3, 4), dx=0.5),
        S(u(3, 4), axis=0),
        S(u(3, 4), np.array([0.0, 0.2, 0.9]), axis=0),
    ],
    np.vander: [
        S(u(4)),
        S(u(3), 5),
        S(u(4), 3, increasing=True),
        S(np.array([0.0, 1.5, -0.5]), increasing=True),
        S(np.array([0.0, 2.0]), 4),
    ],
    np.copy: [S(u()), S(u(2, 3))],
    np.array: [S([u(), u()]), S([u(2), u(2)]), S([[u(), u()], [u(), u()]]), S(u(2, 3))],
    np.asarray: [S(u(2, 3)), S([u(3), u(3)]), S((u(), u()))],
}

if hasattr(math, "cbrt"):  # Python >= 3.11
    SAMPLES.update({math.exp2: scalars(), math.cbrt: scalars(away)})

if hasattr(np, "astype"):  # NumPy >= 2.1
    SAMPLES.update({np.astype: [S(u(3, 2), np.float64), S(u(4), float), S(u(3), np.int64)]})

if np.lib.NumpyVersion(np.__version__) >= "2.0.0":
    SAMPLES.update(
        {
            np.vecdot: [S(u(2, 3), u(3)), S(u(3, 2), u(3, 2), axis=0), S(u(4), u(4))],
            np.linalg.svdvals: [S(u(3, 2)), S(u(2, 4)), S(u(2, 3, 3))],
            np.matrix_transpose: [S(u(2, 3)), S(u(4, 2, 3))],
        }
    )

if scipy is not None:
    SAMPLES.update(
        {
            scipy.special.logsumexp: reductions() + [S(u())],
            scipy.special.softmax: [
                S(u(4)),
                S(u(3, 4), axis=0),
                S(u(3, 4), axis=1),
                S(u(2, 3, 4), axis=(0, 2)),
            ],
            scipy.special.log_softmax: [S(u(4)), S(u(3, 4), axis=0), S(u(3, 4), axis=-1)],
            scipy.special.expit: unary(),
            scipy.special.logit: unary(u, lo=0.1, hi=0.9),
            scipy.special.log_expit: unary(u, lo=-5.0, hi=5.0),
            scipy.special.gamma: unary(u, lo=0.3, hi=3.0) + [S(np.array([-1.5, -0.4]))],
            scipy.special.gammaln: unary(u, lo=0.3, hi=6.0) + [S(np.array([-1.5, -0.4]))],
            scipy.special.digamma: unary(u, lo=0.3, hi=6.0) + [S(np.array([-1.5, -0.4]))],
            scipy.special.betaln: binary(pos, pos),
            scipy.special.erf: unary(),
            scipy.special.erfc: unary(),
            scipy.special.erfinv: unary(u, lo=-0.9, hi=0.9),
            scipy.special.erfcinv: unary(u, lo=0.1, hi=1.9),
            scipy.special.ndtr: unary(),
            scipy.special.log_ndtr: unary(u, lo=-8.0, hi=3.0),
            scipy.special.ndtri: unary(u, lo=0.05, hi=0.95),
            scipy.special.xlogy: binary(u, pos),
            scipy.special.xlog1py: binary(u, lambda *s: u(*s, lo=-0.5)),
            scipy.special.entr: unary(pos),
            scipy.special.rel_entr: binary(pos, pos),
            scipy.special.i0: unary(),
            scipy.special.i0e: unary(away),
        }
    )

#: Library rules that cannot be checked against finite differences, with the reason.
UNCHECKABLE: dict[object, str] = {}


def library_rules():
    return [rule for rule in registry.all_rules() if rule.family != "user"]


def rule_samples():
    """Every library rule with each of its sample calls: a list of ``(rule, args, kwargs)``.

    ``args``/``kwargs`` are the primal's own call arguments (an option may be positional, as
    NumPy allows). Differentiable arguments are the float ones (see ``is_differentiable``).
    """
    return [
        (rule, args, kwargs)
        for rule in library_rules()
        for args, kwargs in SAMPLES.get(rule.primal, [])
    ]


# ---------------------------------------------------------------- nested-value utilities


def is_differentiable(value) -> bool:
    """A float, a float array, or a non-empty list/tuple of those."""
    if isinstance(value, (list, tuple)):
        return bool(value) and all(is_differentiable(v) for v in value)
    if isinstance(value, float):
        return True
    return isinstance(value, (np.ndarray, np.generic)) and np.issubdtype(value.dtype, np.floating)


def random_like(value, rng):
    """Random normal values of the same structure, shapes and float type."""
    if isinstance(value, (list, tuple)):
        return [random_like(v, rng) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return rng.standard_normal(np.shape(value)).astype(value.dtype)[()]
    return float(rng.standard_normal())


def zeros_like(value):
    if isinstance(value, (list, tuple)):
        return [zeros_like(v) for v in value]
    return np.zeros(np.shape(value))


def moved(value, t, direction):
    if isinstance(value, (list, tuple)):
        return type(value)(moved(v, t, d) for v, d in zip(value, direction))
    return value + t * direction


def flat(value):
    if isinstance(value, (list, tuple)):
        return np.concatenate([flat(v) for v in value]) if value else np.zeros(0)
    return np.ravel(np.asarray(value, dtype=np.float64))


def shapes(value):
    if isinstance(value, (list, tuple)):
        return [shapes(v) for v in value]
    return np.shape(value)


def leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def cast32(value):
    """float64 arrays and all floats (Python or NumPy) as float32."""
    if isinstance(value, (list, tuple)):
        return type(value)(cast32(v) for v in value)
    if isinstance(value, (float, np.ndarray, np.generic)) and np.result_type(value) == np.float64:
        return (
            np.float32(value)
            if np.ndim(value) == 0 and not isinstance(value, np.ndarray)
            else value.astype(np.float32)
        )
    return value


def is_float32(value) -> bool:
    """Every leaf is a float32 array or scalar."""
    return all(
        isinstance(leaf, (np.ndarray, np.generic)) and leaf.dtype == np.float32
        for leaf in leaves(value)
    )


def keeps_float32(value) -> bool:
    """Every leaf is float32 or a (weakly typed) Python float, such as a 0.0 tangent."""
    return all(type(leaf) is float or is_float32(leaf) for leaf in leaves(value))


def close(actual, expected, rtol=RTOL):
    actual, expected = flat(actual), flat(expected)
    assert actual.shape == expected.shape
    scale = 1.0 + np.max(np.abs(expected), initial=0.0)
    return np.all(np.abs(actual - expected) <= rtol * scale)


# ---------------------------------------------------------------- calling rules


def split_call(rule, args, kwargs):
    """The rule's inputs (its positional parameters), its options, and where each input sits in
    the primal's call: a position, a keyword name (``np.average(a, weights=w)``), or None when the
    call leaves it out and the primal's default stands in (as the inliner binds it).

    Inputs take ``args`` first and extra positional args are options, unless the primal's own
    order puts an option before an input (``np.average(a, axis, weights)``): then by its names.
    """
    parameters = list(inspect.signature(rule.func).parameters.values())
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):  # np.einsum(s, *operands)
        return list(args), dict(kwargs), list(range(len(args)))
    names = [p.name for p in parameters if p.default is p.empty]
    names = names[: len(names) // 2] if rule.mode == registry.FORWARD else names
    options = [p.name for p in parameters if p.default is not p.empty]
    order = primal_parameters(rule)
    if set(names) <= set(order) and order[: len(names)] != names:  # bind by the primal's names
        named = {**dict(zip(order, args)), **kwargs}
        keys = [
            order.index(n) if n in order[: len(args)] else n if n in kwargs else None
            for n in names
        ]
    else:
        named = {**dict(zip(options, args[len(names) :])), **kwargs}
        keys = list(range(min(len(args), len(names))))
        keys += [n if n in kwargs else None for n in names[len(keys) :]]
    inputs = [
        args[k] if isinstance(k, int) else kwargs[k] if k else primal_default(rule, names[i])
        for i, k in enumerate(keys)
    ]
    return inputs, {k: v for k, v in named.items() if k not in names}, keys


def primal_parameters(rule):
    """The primal's parameter names in order ([] for ufuncs and builtins)."""
    try:
        return list(inspect.signature(rule.primal).parameters)
    except (TypeError, ValueError):
        return []


def primal_default(rule, name):
    return inspect.signature(rule.primal).parameters[name].default


def differentiable_inputs(rule, args, kwargs):
    """Indices of the float arguments that the rule takes as inputs (not as options)."""
    inputs, _, _ = split_call(rule, args, kwargs)
    return [i for i, arg in enumerate(inputs) if is_differentiable(arg)]


def align_columns(v, reference):
    """``v`` with each column's sign flipped to agree with ``reference``'s: per column signs."""
    return np.where(np.sum(v * reference, axis=-2, keepdims=True) < 0, -1.0, 1.0)


def align_eigh(wv, reference):
    w, v = wv
    return w, v * align_columns(v, reference[1])


def align_svd(usv, reference):
    if not isinstance(usv, tuple):
        return usv
    u, s, vh = usv
    signs = align_columns(u, reference[0])
    return u * signs, s, vh * np.swapaxes(signs, -1, -2)


#: Eigen- and singular vectors are defined up to sign, and LAPACK may flip one between two
#: nearby inputs: finite differences compare outputs aligned to the output at the sample point.
#: (Each map is the identity there, so the derivative checked is the rule's own.)
ALIGN = {np.linalg.eigh: align_eigh, np.linalg.svd: align_svd}


def directional(primal, args, kwargs, directions):
    """Central difference of ``primal`` along ``directions`` ({arg index or keyword: direction})."""
    align = ALIGN.get(primal, lambda y, reference: y)
    reference = primal(*args, **kwargs)

    def at(t):
        moved_args = [
            moved(a, t, directions[i]) if i in directions else a for i, a in enumerate(args)
        ]
        moved_kwargs = {
            k: moved(a, t, directions[k]) if k in directions else a for k, a in kwargs.items()
        }
        return flat(align(primal(*moved_args, **moved_kwargs), reference))

    return (at(H) - at(-H)) / (2 * H)


def run_reverse(rule, args, kwargs, dy):
    inputs, options, _ = split_call(rule, args, kwargs)
    y, pullback = rule.func(*inputs, **options)
    cotangents = pullback(dy)
    if len(inputs) == 1:
        cotangents = (cotangents,)
    return y, tuple(cotangents) + (None,) * (len(inputs) - len(cotangents))


def run_forward(rule, args, kwargs, tangents):
    inputs, options, _ = split_call(rule, args, kwargs)
    return rule.func(*inputs, *tangents, **options)


def check_reverse(rule, args, kwargs, rng):
    expected = rule.primal(*args, **kwargs)
    dy = random_like(expected, rng)
    y, cotangents = run_reverse(rule, args, kwargs, dy)
    np.testing.assert_array_equal(flat(y), flat(expected), err_msg="output is not the primal's")
    inputs, _, keys = split_call(rule, args, kwargs)
    for i in differentiable_inputs(rule, args, kwargs):
        arg, cotangent = inputs[i], cotangents[i]
        if cotangent is not None:
            assert shapes(cotangent) == shapes(arg), f"cotangent {i} has shape {shapes(cotangent)}"
        direction = random_like(arg, rng)
        lhs = np.sum(flat(dy) * directional(rule.primal, args, kwargs, {keys[i]: direction}))
        rhs = 0.0 if cotangent is None else np.sum(flat(cotangent) * flat(direction))
        tolerance = RTOL * (1.0 + abs(lhs) + abs(rhs))
        assert abs(lhs - rhs) <= tolerance, f"argument {i}: <cotangent, v> {rhs} != fd {lhs}"


def forward_tangents(inputs, differentiable, active, rng):
    """Random tangents for the ``active`` inputs and ``0.0`` (inactive) for the others, and the
    directions they stand for, by input index.

    In lists, every second element's tangent is ``0.0`` too (its direction is zero).
    """
    tangents, directions = [], {}
    for i, arg in enumerate(inputs):
        if i not in active:
            tangents.append(0.0)
        elif isinstance(arg, (list, tuple)):
            direction = [
                random_like(a, rng) if k % 2 == 0 else zeros_like(a) for k, a in enumerate(arg)
            ]
            tangents.append([d if k % 2 == 0 else 0.0 for k, d in enumerate(direction)])
            directions[i] = direction
        else:
            tangents.append(random_like(arg, rng))
            directions[i] = tangents[-1]
    return tangents, directions


def broadcast_like(tangent, output):
    """``tangent`` broadcast to ``output``'s shape(s); it may be smaller, as a 0.0 tangent is."""
    if isinstance(output, (list, tuple)):
        assert isinstance(tangent, (list, tuple)) and len(tangent) == len(output)
        return [broadcast_like(t, o) for t, o in zip(tangent, output)]
    shape = np.broadcast_shapes(np.shape(tangent), np.shape(output))
    assert shape == np.shape(output), f"tangent shape {np.shape(tangent)}, output {shape}"
    return np.broadcast_to(tangent, shape)


def check_forward(rule, args, kwargs, rng):
    """All inputs moving, then each alone (the others' tangents 0.0), then none.

    With every input moving the tangent has the output's shape; otherwise it may be smaller but
    must broadcast to it (``0.0 + dy`` in ``add``).
    """
    expected = rule.primal(*args, **kwargs)
    differentiable = differentiable_inputs(rule, args, kwargs)
    inputs, _, keys = split_call(rule, args, kwargs)
    runs = [differentiable] + ([[i] for i in differentiable] if len(differentiable) > 1 else [])
    for active in runs:
        tangents, directions = forward_tangents(inputs, differentiable, active, rng)
        y, tangent = run_forward(rule, args, kwargs, tangents)
        np.testing.assert_array_equal(
            flat(y), flat(expected), err_msg="output is not the primal's"
        )
        if active == differentiable:
            assert shapes(tangent) == shapes(expected), f"tangent shape {shapes(tangent)}"
        directions = {keys[i]: d for i, d in directions.items()}
        fd = directional(rule.primal, args, kwargs, directions)
        tangent = broadcast_like(tangent, expected)
        assert close(tangent, fd), f"moving inputs {active}: {flat(tangent)} != fd {fd}"
    tangents, _ = forward_tangents(inputs, differentiable, [], rng)
    _, tangent = run_forward(rule, args, kwargs, tangents)
    zero = flat(broadcast_like(tangent, expected))
    assert not np.any(zero), "all tangents 0.0 must give a zero tangent"


def check_float32(rule, args, kwargs, rng):
    """float32 in, float32 out: cotangents/tangents keep the dtype and match float64 loosely.

    Skipped when the primal itself does not return float32 (``math``, ``float_power``). A
    ``0.0`` tangent stays a Python float, as s2s passes it.
    """
    args32, kwargs32 = cast32(list(args)), {k: cast32(v) for k, v in kwargs.items()}
    expected32 = rule.primal(*args32, **kwargs32)
    differentiable = differentiable_inputs(rule, args, kwargs)
    if not is_float32(expected32) or not differentiable:
        return
    expected = rule.primal(*args, **kwargs)
    inputs, _, _ = split_call(rule, args, kwargs)
    if rule.mode == registry.REVERSE:
        dy = random_like(expected, rng)
        _, cotangents = run_reverse(rule, args, kwargs, dy)
        _, cotangents32 = run_reverse(rule, args32, kwargs32, cast32(dy))
        for i in differentiable:
            if cotangents[i] is not None:
                dtypes = [np.result_type(c) for c in leaves(cotangents32[i])]
                assert keeps_float32(cotangents32[i]), f"cotangent {i} has dtype {dtypes}"
                assert close(cotangents32[i], cotangents[i], RTOL32)
    else:
        for active in [differentiable] + [[i] for i in differentiable]:
            tangents, _ = forward_tangents(inputs, differentiable, active, rng)
            _, tangent = run_forward(rule, args, kwargs, tangents)
            tangents32 = [cast32(t) if i in active else t for i, t in enumerate(tangents)]
            _, tangent32 = run_forward(rule, args32, kwargs32, tangents32)
            dtypes = [np.result_type(t) for t in leaves(tangent32)]
            assert keeps_float32(tangent32), f"moving inputs {active}: tangent dtype {dtypes}"
            tangent32 = broadcast_like(tangent32, expected32)
            assert close(tangent32, broadcast_like(tangent, expected), RTOL32)


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("rule", library_rules(), ids=lambda r: f"{r.mode}:{r.name}")
def test_rule_matches_finite_differences(rule):
    if rule.primal in UNCHECKABLE:
        pytest.skip(UNCHECKABLE[rule.primal])
    rng = np.random.default_rng(7)
    for number, (args, kwargs) in enumerate(SAMPLES[rule.primal]):
        where = f"sample {number}: args shapes {shapes(list(args))}, options {kwargs}"
        with np.errstate(invalid="ignore", divide="ignore"):
            try:
                if rule.mode == registry.REVERSE:
                    check_reverse(rule, args, kwargs, rng)
                else:
                    check_forward(rule, args, kwargs, rng)
                check_float32(rule, args, kwargs, rng)
            except AssertionError as error:
                raise AssertionError(
                    f"{rule.mode} rule for {rule.name}, {where}: {error}"
                ) from None


def test_every_rule_has_samples():
    missing = sorted(
        {
            r.name
            for r in library_rules()
            if r.primal not in SAMPLES and r.primal not in UNCHECKABLE
        }
    )
    assert not missing, f"rules without samples in SAMPLES (or a reason in UNCHECKABLE): {missing}"


def test_no_primal_is_both_ruled_and_nondifferentiable():
    both = [r.name for r in library_rules() if registry.is_nondifferentiable(r.primal)]
    assert not both


def test_ties_share_the_cotangent_evenly():
    """The documented convention at ties, which finite differences cannot see."""
    rule = registry.lookup(np.max)
    _, pullback = rule.func(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]), axis=1)
    np.testing.assert_allclose(pullback(np.array([1.0, 3.0])), [[0.0, 0.5, 0.5], [1.0, 1.0, 1.0]])
    _, pullback = registry.lookup(np.maximum).func(np.array([1.0, 2.0]), np.array([1.0, 3.0]))
    dx, dy = pullback(np.array([1.0, 1.0]))
    np.testing.assert_allclose(dx, [0.5, 0.0])
    np.testing.assert_allclose(dy, [0.5, 1.0])
    a = np.array([[1.0, 2.0, 2.0, 5.0], [4.0, 0.0, 4.0, 4.0]])
    _, pullback = registry.lookup(np.median).func(a, axis=1)
    expected = [[0, 0.5, 0.5, 0], [2 / 3, 0, 2 / 3, 2 / 3]]
    np.testing.assert_allclose(pullback(np.array([1.0, 2.0])), expected)
    _, dmedian = registry.lookup(np.median, registry.FORWARD).func(a, np.eye(4)[1:3], axis=1)
    np.testing.assert_allclose(dmedian, [0.5, 1 / 3])
    _, pullback = registry.lookup(np.quantile).func(a[0], np.array([0.0, 0.5]))
    np.testing.assert_allclose(pullback(np.array([1.0, 1.0]))[0], [1.0, 0.5, 0.5, 0.0])


def test_shared_rules_compute_their_own_primal():
    """A rule written once for several primals runs, for each, that primal: NaN-skipping for
    ``nanmax``, Python floats for ``math``, the right axis for each stack (the samples hold no
    NaN, so the NaN case is checked here)."""
    a = np.array([[1.0, np.nan, 3.0], [4.0, 2.0, np.nan]])
    y, pullback = registry.lookup(np.nanmax).func(a, axis=1)
    np.testing.assert_allclose(y, [3.0, 4.0])
    np.testing.assert_allclose(pullback(np.array([1.0, 2.0])), [[0, 0, 1], [2, 0, 0]])
    assert registry.lookup(np.nanmax).func.__code__ is registry.lookup(np.min).func.__code__
    y, pullback = registry.lookup(math.exp).func(0.5)
    assert type(y) is float and type(pullback(2.0)) is float
    tup = [np.ones((2, 3)), np.zeros((2, 3))]
    for stack in (np.hstack, np.vstack, np.column_stack, np.dstack):
        y, pullback = registry.lookup(stack).func(tup)
        assert [np.shape(d) for d in pullback(np.reshape(np.arange(y.size), y.shape))] == [
            (2, 3),
            (2, 3),
        ]
        np.testing.assert_array_equal(pullback(y)[0], 1.0)  # each piece is its own input's


def test_every_helper_is_copied_into_the_output():
    """Helpers are copied into emitted modules only from the modules ``HELPER_MODULES`` lists:
    a new module of the helpers package must be listed there."""
    import pkgutil
    import types

    import s2s.templates.helpers as helpers
    from s2s.normalize.bindings import HELPER_MODULES

    modules = {f"{helpers.__name__}.{m.name}" for m in pkgutil.iter_modules(helpers.__path__)}
    assert modules <= HELPER_MODULES, modules - HELPER_MODULES
    functions = [v for v in vars(helpers).values() if isinstance(v, types.FunctionType)]
    assert functions and all(f.__module__ in HELPER_MODULES for f in functions)


def test_eigh_values_only_at_a_degenerate_spectrum():
    """Only the eigenvalues used (dv = 0.0): a repeated eigenvalue must not turn the gradient
    into NaN (0 * inf); sum(w**2) = |a|_F^2 has gradient 2a, on the lower triangle."""
    a = np.diag([1.0, 1.0, 3.0])
    y, pullback = registry.lookup(np.linalg.eigh).func(a)
    np.testing.assert_allclose(pullback([2.0 * y[0], 0.0]), 2.0 * a)


def test_full_svd_of_a_non_square_matrix():
    """Its extra singular vectors are an arbitrary basis: a cotangent on them is refused; without
    one the gradient is the reduced SVD's (the samples check that one against differences)."""
    rng = np.random.default_rng(3)
    a = rng.standard_normal((4, 2))
    rule = registry.lookup(np.linalg.svd)
    (u, s, vh), pullback = rule.func(a)
    _, reduced = rule.func(a, full_matrices=False)
    du = np.zeros_like(u)
    du[:, :2] = rng.standard_normal((4, 2))
    ds, dvh = rng.standard_normal(2), rng.standard_normal((2, 2))
    np.testing.assert_allclose(pullback([du, ds, dvh]), reduced([du[:, :2], ds, dvh]))
    np.testing.assert_allclose(pullback([0.0, ds, 0.0]), reduced([0.0, ds, 0.0]))
    du[:, 3] = 1.0
    with pytest.raises(NotImplementedError, match="full_matrices=False"):
        pullback([du, ds, dvh])
    with pytest.raises(NotImplementedError, match="full_matrices=False"):
        registry.lookup(np.linalg.svd, registry.FORWARD).func(a, np.ones_like(a))


def test_quantile_methods_other_than_linear_are_refused():
    """Only the default linear interpolation is differentiated; other methods say so."""
    for mode in (registry.REVERSE, registry.FORWARD):
        rule = registry.lookup(np.quantile, mode)
        args = (u(5), 0.3) if mode == registry.REVERSE else (u(5), 0.3, u(5), 0.0)
        with pytest.raises(NotImplementedError, match="method='linear' only"):
            rule.func(*args, method="nearest")
