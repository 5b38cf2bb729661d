"""Shape, joining and indexing: functions that move entries around without changing them.

Their derivatives move the cotangent back: reshape to the input's shape, apply the inverse
permutation, cut a concatenation into pieces. Gathers (``x[index]``, ``take``, ``repeat``, ``tile``)
scatter it back with ``np.add.at``, so an entry read twice collects both shares. Inputs given as a
list (``concatenate``, ``stack``, ``np.array([...])``) get a list of cotangents, one per element.
Forward rules first give an inactive tangent (the scalar ``0.0``) the input's shape with
``tangent_like``.
"""

import operator

import numpy as np

from s2s.rules.registry import frule, primal, rrule
from s2s.templates.helpers import (
    astype_cotangent,
    flat_positions,
    inverse_axes,
    pad_axis,
    parts_like,
    scatter_add,
    split_like,
    tangent_like,
    unbroadcast,
    unpad,
    unstack_like,
)

# ---------------------------------------------------------------- indexing and gathering


@rrule(operator.getitem)
def getitem(x, index):
    y = x[index]

    def pullback(dy):
        dx = np.zeros_like(x)
        np.add.at(dx, index, dy)
        return dx, None

    return y, pullback


@frule(operator.getitem)
def getitem_forward(x, index, dx, dindex):
    y = x[index]
    return y, tangent_like(dx, x)[index]


@rrule(np.take, methods=("take",))
def take(a, indices, axis=None):
    y = np.take(a, indices, axis=axis)

    def pullback(dy):
        return scatter_add(dy, np.take(flat_positions(a), indices, axis=axis), a), None

    return y, pullback


@frule(np.take, methods=("take",))
def take_forward(a, indices, da, dindices, axis=None):
    y = np.take(a, indices, axis=axis)
    return y, np.take(tangent_like(da, a), indices, axis=axis)


@rrule(np.take_along_axis)
def take_along_axis(arr, indices, axis=-1):
    y = np.take_along_axis(arr, indices, axis=axis)

    def pullback(dy):
        source = np.take_along_axis(flat_positions(arr), indices, axis=axis)
        return scatter_add(dy, source, arr), None

    return y, pullback


@frule(np.take_along_axis)
def take_along_axis_forward(arr, indices, darr, dindices, axis=-1):
    y = np.take_along_axis(arr, indices, axis=axis)
    return y, np.take_along_axis(tangent_like(darr, arr), indices, axis=axis)


@rrule(np.repeat, methods=("repeat",))
def repeat(a, repeats, axis=None):
    y = np.repeat(a, repeats, axis=axis)

    def pullback(dy):
        return scatter_add(dy, np.repeat(flat_positions(a), repeats, axis=axis), a), None

    return y, pullback


@frule(np.repeat, methods=("repeat",))
def repeat_forward(a, repeats, da, drepeats, axis=None):
    y = np.repeat(a, repeats, axis=axis)
    return y, np.repeat(tangent_like(da, a), repeats, axis=axis)


@rrule(np.tile)
def tile(A, reps):
    y = np.tile(A, reps)

    def pullback(dy):
        return scatter_add(dy, np.tile(flat_positions(A), reps), A), None

    return y, pullback


@frule(np.tile)
def tile_forward(A, reps, dA, dreps):
    y = np.tile(A, reps)
    return y, np.tile(tangent_like(dA, A), reps)


# Sorting permutes the entries: send each cotangent back to where its entry came from.
@rrule(np.sort)
def sort(a, axis=-1):
    y = np.sort(a, axis=axis)
    order = np.argsort(a, axis=axis)

    def pullback(dy):
        da = np.zeros_like(a)
        np.put_along_axis(da, order, dy, axis=axis)
        return da

    return y, pullback


@frule(np.sort)
def sort_forward(a, da, axis=-1):
    y = np.sort(a, axis=axis)
    return y, np.take_along_axis(tangent_like(da, a), np.argsort(a, axis=axis), axis=axis)


# ---------------------------------------------------------------- reshaping


@rrule(np.reshape, methods=("reshape",))
def reshape(a, shape):
    y = np.reshape(a, shape)

    def pullback(dy):
        return np.reshape(dy, np.shape(a)), None

    return y, pullback


@frule(np.reshape, methods=("reshape",))
def reshape_forward(a, shape, da, dshape):
    y = np.reshape(a, shape)
    return y, np.reshape(tangent_like(da, a), shape)


# Functions that keep the entries and change only the shape: the cotangent is reshaped back.
@rrule(np.ravel, np.atleast_1d, np.atleast_2d, np.atleast_3d, methods=("ravel", "flatten"))
def ravel(a):
    y = primal(a)

    def pullback(dy):
        return np.reshape(dy, np.shape(a))

    return y, pullback


@frule(np.ravel, np.atleast_1d, np.atleast_2d, np.atleast_3d, methods=("ravel", "flatten"))
def ravel_forward(a, da):
    y = primal(a)
    return y, primal(tangent_like(da, a))


@rrule(np.squeeze, methods=("squeeze",))
def squeeze(a, axis=None):
    y = np.squeeze(a, axis=axis)

    def pullback(dy):
        return np.reshape(dy, np.shape(a))

    return y, pullback


@frule(np.squeeze, methods=("squeeze",))
def squeeze_forward(a, da, axis=None):
    y = np.squeeze(a, axis=axis)
    return y, np.squeeze(tangent_like(da, a), axis=axis)


@rrule(np.expand_dims)
def expand_dims(a, axis):
    y = np.expand_dims(a, axis)

    def pullback(dy):
        return np.reshape(dy, np.shape(a)), None

    return y, pullback


@frule(np.expand_dims)
def expand_dims_forward(a, axis, da, daxis):
    y = np.expand_dims(a, axis)
    return y, np.expand_dims(tangent_like(da, a), axis)


@rrule(np.broadcast_to)
def broadcast_to(array, shape):
    y = np.broadcast_to(array, shape)

    def pullback(dy):
        return unbroadcast(dy, array), None

    return y, pullback


@frule(np.broadcast_to)
def broadcast_to_forward(array, shape, darray, dshape):
    y = np.broadcast_to(array, shape)
    return y, np.broadcast_to(darray, shape)


# ---------------------------------------------------------------- permuting axes and entries


@rrule(np.transpose, methods=("transpose",), properties=("T",))
def transpose(a, axes=None):
    y = np.transpose(a, axes)

    def pullback(dy):
        return np.transpose(dy) if axes is None else np.transpose(dy, inverse_axes(axes, a))

    return y, pullback


@frule(np.transpose, methods=("transpose",), properties=("T",))
def transpose_forward(a, da, axes=None):
    y = np.transpose(a, axes)
    return y, np.transpose(tangent_like(da, a), axes)


# NumPy >= 2.0: np.matrix_transpose and the ``x.mT`` property.
if np.lib.NumpyVersion(np.__version__) >= "2.0.0":

    @rrule(np.matrix_transpose, properties=("mT",))
    def matrix_transpose(x):
        y = np.matrix_transpose(x)

        def pullback(dy):
            return np.matrix_transpose(dy)

        return y, pullback

    @frule(np.matrix_transpose, properties=("mT",))
    def matrix_transpose_forward(x, dx):
        y = np.matrix_transpose(x)
        return y, np.matrix_transpose(tangent_like(dx, x))


@rrule(np.swapaxes, methods=("swapaxes",))
def swapaxes(a, axis1, axis2):
    y = np.swapaxes(a, axis1, axis2)

    def pullback(dy):
        return np.swapaxes(dy, axis1, axis2), None, None

    return y, pullback


@frule(np.swapaxes, methods=("swapaxes",))
def swapaxes_forward(a, axis1, axis2, da, daxis1, daxis2):
    y = np.swapaxes(a, axis1, axis2)
    return y, np.swapaxes(tangent_like(da, a), axis1, axis2)


@rrule(np.moveaxis)
def moveaxis(a, source, destination):
    y = np.moveaxis(a, source, destination)

    def pullback(dy):
        return np.moveaxis(dy, destination, source), None, None

    return y, pullback


@frule(np.moveaxis)
def moveaxis_forward(a, source, destination, da, dsource, ddestination):
    y = np.moveaxis(a, source, destination)
    return y, np.moveaxis(tangent_like(da, a), source, destination)


@rrule(np.flip)
def flip(m, axis=None):
    y = np.flip(m, axis)

    def pullback(dy):
        return np.flip(dy, axis)

    return y, pullback


@frule(np.flip)
def flip_forward(m, dm, axis=None):
    y = np.flip(m, axis)
    return y, np.flip(tangent_like(dm, m), axis)


# Each flip is its own inverse.
@rrule(np.fliplr, np.flipud)
def fliplr(m):
    y = primal(m)

    def pullback(dy):
        return primal(dy)

    return y, pullback


@frule(np.fliplr, np.flipud)
def fliplr_forward(m, dm):
    y = primal(m)
    return y, primal(tangent_like(dm, m))


@rrule(np.rot90)
def rot90(m, k=1, axes=(0, 1)):
    y = np.rot90(m, k, axes)

    def pullback(dy):
        return np.rot90(dy, -k, axes)

    return y, pullback


@frule(np.rot90)
def rot90_forward(m, dm, k=1, axes=(0, 1)):
    y = np.rot90(m, k, axes)
    return y, np.rot90(tangent_like(dm, m), k, axes)


@rrule(np.roll)
def roll(a, shift, axis=None):
    y = np.roll(a, shift, axis=axis)

    def pullback(dy):
        return np.roll(dy, np.negative(shift), axis=axis), None

    return y, pullback


@frule(np.roll)
def roll_forward(a, shift, da, dshift, axis=None):
    y = np.roll(a, shift, axis=axis)
    return y, np.roll(tangent_like(da, a), shift, axis=axis)


# ---------------------------------------------------------------- joining and splitting


@rrule(np.concatenate)
def concatenate(arrays, axis=0):
    y = np.concatenate(arrays, axis=axis)

    def pullback(dy):
        return split_like(dy, arrays, axis)

    return y, pullback


@frule(np.concatenate)
def concatenate_forward(arrays, darrays, axis=0):
    y = np.concatenate(arrays, axis=axis)
    return y, np.concatenate(tangent_like(darrays, arrays), axis=axis)


@rrule(np.stack)
def stack(arrays, axis=0):
    y = np.stack(arrays, axis=axis)

    def pullback(dy):
        return list(np.moveaxis(dy, axis, 0))

    return y, pullback


@frule(np.stack)
def stack_forward(arrays, darrays, axis=0):
    y = np.stack(arrays, axis=axis)
    return y, np.stack(tangent_like(darrays, arrays), axis=axis)


# Each stack joins its inputs (made 2-D or 3-D first, as it documents) along one axis: vstack 0,
# column_stack 1, dstack 2, hstack 1 (0 for 1-D inputs). split_like cuts by element counts, so
# every piece comes back in its input's own shape.
@rrule(np.hstack, np.vstack, np.column_stack, np.dstack)
def hstack(tup):
    y = primal(tup)

    def pullback(dy):
        axis = (
            0
            if primal is np.vstack
            else (
                1
                if primal is np.column_stack
                else 2 if primal is np.dstack else 0 if np.ndim(dy) == 1 else 1
            )
        )
        return split_like(dy, tup, axis)

    return y, pullback


@frule(np.hstack, np.vstack, np.column_stack, np.dstack)
def hstack_forward(tup, dtup):
    y = primal(tup)
    return y, primal(tangent_like(dtup, tup))


@rrule(np.append)
def append(arr, values, axis=None):
    y = np.append(arr, values, axis=axis)

    def pullback(dy):
        pieces = split_like(dy, (arr, values), axis)
        return pieces[0], pieces[1]

    return y, pullback


@frule(np.append)
def append_forward(arr, values, darr, dvalues, axis=None):
    y = np.append(arr, values, axis=axis)
    return y, np.append(tangent_like(darr, arr), tangent_like(dvalues, values), axis=axis)


# The output is a list of pieces; its cotangent is a list with one array per piece.
@rrule(np.split, np.array_split)
def split(ary, indices_or_sections, axis=0):
    y = primal(ary, indices_or_sections, axis=axis)

    def pullback(dy):
        return np.concatenate(parts_like(dy, y), axis=axis), None

    return y, pullback


@frule(np.split, np.array_split)
def split_forward(ary, indices_or_sections, dary, dindices_or_sections, axis=0):
    y = primal(ary, indices_or_sections, axis=axis)
    return y, primal(tangent_like(dary, ary), indices_or_sections, axis=axis)


# Only mode="constant" (the default): the padding is constant, so its cotangent is dropped.
@rrule(np.pad)
def pad(array, pad_width, constant_values=0):
    y = np.pad(array, pad_width, constant_values=constant_values)

    def pullback(dy):
        return unpad(dy, pad_width), None

    return y, pullback


@frule(np.pad)
def pad_forward(array, pad_width, darray, dpad_width, constant_values=0):
    y = np.pad(array, pad_width, constant_values=constant_values)
    return y, np.pad(tangent_like(darray, array), pad_width)


# diff's transpose is minus diff of the zero-padded cotangent: (-1)**n diff(pad(g, n), n).
@rrule(np.diff)
def diff(a, n=1, axis=-1):
    y = np.diff(a, n, axis=axis)

    def pullback(dy):
        return (-1) ** n * np.diff(pad_axis(dy, n, axis), n, axis=axis)

    return y, pullback


@frule(np.diff)
def diff_forward(a, da, n=1, axis=-1):
    y = np.diff(a, n, axis=axis)
    return y, np.diff(tangent_like(da, a), n, axis=axis)


# ---------------------------------------------------------------- copies and conversions


@rrule(np.copy, methods=("copy",))
def copy(a):
    y = np.copy(a)

    def pullback(dy):
        return dy

    return y, pullback


@frule(np.copy, methods=("copy",))
def copy_forward(a, da):
    y = np.copy(a)
    return y, np.copy(da)


@rrule(np.ndarray.item, methods=("item",))
def item(a):
    y = np.ndarray.item(a)

    def pullback(dy):
        return np.zeros_like(a) + dy

    return y, pullback


@frule(np.ndarray.item, methods=("item",))
def item_forward(a, da):
    y = np.ndarray.item(a)
    return y, np.ndarray.item(tangent_like(da, a))


if hasattr(np, "astype"):  # NumPy 2.1: the method has a function form

    @rrule(np.astype, methods=("astype",))
    def astype(x, dtype):
        y = np.astype(x, dtype)

        def pullback(dy):
            return astype_cotangent(dy, x, y), None

        return y, pullback

    @frule(np.astype, methods=("astype",))
    def astype_forward(x, dtype, dx, ddtype):
        y = np.astype(x, dtype)
        return y, np.astype(tangent_like(dx, x), np.result_type(y)) * (y.dtype.kind in "fc")


# np.array([x, y]) stacks a (nested) list: the cotangent is split the same way.
@rrule(np.array, np.asarray)
def array(a, dtype=None):
    y = primal(a, dtype=dtype)

    def pullback(dy):
        return unstack_like(dy, a)

    return y, pullback


@frule(np.array, np.asarray)
def array_forward(a, da, dtype=None):
    y = primal(a, dtype=dtype)
    return y, primal(tangent_like(da, a), dtype=dtype)
