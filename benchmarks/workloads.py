"""Benchmark workloads: each primal function next to the gradient an expert would write by hand.

The hand-written gradients reuse forward values and do no wasted work; ``benchmarks/run.py``
checks every one of them against s2s's gradient and against central finite differences before
timing anything.

Workloads (``WORKLOADS`` at the bottom lists them with their arguments and ``wrt``):

1. ``mlp``      -- ``s2s.examples.mlp.loss``: tanh MLP, softmax cross-entropy (64x32, 32x10, batch 16).
2. ``scalar20`` -- ``screened_energy``: a ~20-operation formula on four floats using ``math``.
3. ``rnn``      -- ``rnn_loss``: ``h = tanh(W @ h + U @ x_t + b)`` for T=50, hidden 32, input 8.
4. ``loop``     -- ``euler_decay``: explicit Euler, 1000 steps, of ``y' = a sin(y) - k y``.
"""

from __future__ import annotations

import math

import numpy as np

from s2s.examples.mlp import loss as mlp_loss

# --------------------------------------------------------------------------------------------
# 1. MLP (the primal is s2s.examples.mlp.loss)


def mlp_loss_hand_grad(W1, b1, W2, b2, x, labels):
    """Gradient of ``mlp_loss`` wrt (W1, b1, W2, b2), written by hand.

    ``d loss / d logits = (softmax(logits) * sum(labels, 1) - labels) / n``: the max-shift
    cancels analytically, so it is only used for numerical stability in the forward pass.
    """
    n = x.shape[0]
    h = np.tanh(x @ W1 + b1)
    logits = h @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    p = e / e.sum(axis=1, keepdims=True)
    dlogits = (p * labels.sum(axis=1, keepdims=True) - labels) / n
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(axis=0)
    dz = (dlogits @ W2.T) * (1.0 - h * h)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


# --------------------------------------------------------------------------------------------
# 2. A ~20-operation scalar formula: a screened (Yukawa-like) interaction energy with an
#    angular term, on floats, with the math module.


def screened_energy(x, y, z, w):
    """x, y, z: a position; w: a screening parameter. 21 arithmetic/math operations."""
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    e = math.exp(-w * r)
    s = math.sin(x * y) + math.cos(z)
    v = e * s / (1.0 + r2)
    return v + math.log(1.0 + w * w) * r


def screened_energy_hand_grad(x, y, z, w):
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    e = math.exp(-w * r)
    xy = x * y
    s = math.sin(xy) + math.cos(z)
    q = 1.0 / (1.0 + r2)
    v = e * s * q
    L = math.log(1.0 + w * w)
    # v = e s q, with de/dr = -w e, dq/dr2 = -q^2, dr/dr2 = 1 / (2r); the log term adds L to dr.
    dr = L - w * v
    dr2 = dr / (2.0 * r) - v * q
    eq = e * q
    c = eq * math.cos(xy)
    dx = 2.0 * x * dr2 + c * y
    dy = 2.0 * y * dr2 + c * x
    dz = 2.0 * z * dr2 - eq * math.sin(z)
    dw = -r * v + 2.0 * w * r / (1.0 + w * w)
    return dx, dy, dz, dw


# --------------------------------------------------------------------------------------------
# 3. A tanh RNN (T=50, hidden 32, input 8); the loss is the squared norm of the final state.


def rnn_loss(W, U, b, h0, xs):
    h = h0
    for x in xs:
        h = np.tanh(W @ h + U @ x + b)
    return np.sum(h * h)


def rnn_loss_hand_grad(W, U, b, h0, xs):
    """Store the states; backpropagate the (T, n) pre-activation cotangents one step at a time
    (the only sequential part), then get dW, dU, db with one GEMM / one sum each."""
    T, n = xs.shape[0], h0.shape[0]
    H = np.empty((T + 1, n))
    H[0] = h0
    for t in range(T):
        H[t + 1] = np.tanh(W @ H[t] + U @ xs[t] + b)
    dZ = np.empty((T, n))
    dh = 2.0 * H[T]
    for t in range(T - 1, -1, -1):
        ht = H[t + 1]
        dz = dh * (1.0 - ht * ht)
        dZ[t] = dz
        dh = dz @ W  # W.T @ dz
    dW = dZ.T @ H[:T]
    dU = dZ.T @ xs
    db = dZ.sum(axis=0)
    return dW, dU, db


def rnn_loss_hand_grad_per_step(W, U, b, h0, xs):
    """The same gradient with per-step outer products (a "textbook" hand version): reported
    only in the findings, to show how much of the RNN ratio is the batched GEMM."""
    hs = [h0]
    h = h0
    for x in xs:
        h = np.tanh(W @ h + U @ x + b)
        hs.append(h)
    dW = np.zeros_like(W)
    dU = np.zeros_like(U)
    db = np.zeros_like(b)
    dh = 2.0 * h
    for t in range(len(xs) - 1, -1, -1):
        ht = hs[t + 1]
        dz = dh * (1.0 - ht * ht)
        dW += np.outer(dz, hs[t])
        dU += np.outer(dz, xs[t])
        db += dz
        dh = W.T @ dz
    return dW, dU, db


# --------------------------------------------------------------------------------------------
# 4. A 1000-step scalar loop: explicit Euler for y' = a*sin(y) - k*y; the loss is y(T)^2.

DT = 0.01


def euler_decay(y0, k, a):
    y = y0
    for _ in range(1000):
        y = y + DT * (a * math.sin(y) - k * y)
    return y * y


def euler_decay_hand_grad(y0, k, a):
    """Forward pass keeps y_i and cos(y_i) (sin(y_i) is needed for da); the backward pass is one
    loop of scalar float arithmetic: y_{i+1} = y_i + DT (a sin y_i - k y_i)."""
    ys = [0.0] * 1000
    sins = [0.0] * 1000
    coss = [0.0] * 1000
    y = y0
    sin, cos = math.sin, math.cos
    for i in range(1000):
        ys[i] = y
        s = sin(y)
        sins[i] = s
        coss[i] = cos(y)
        y = y + DT * (a * s - k * y)
    dy = 2.0 * y
    dk = 0.0
    da = 0.0
    for i in range(999, -1, -1):
        g = DT * dy
        da += g * sins[i]
        dk -= g * ys[i]
        dy += g * (a * coss[i] - k)
    return dy, dk, da


# --------------------------------------------------------------------------------------------
# The workloads, with deterministic arguments.


def _mlp_args(rng):
    W1 = rng.standard_normal((64, 32)) * 0.2
    b1 = rng.standard_normal(32) * 0.1
    W2 = rng.standard_normal((32, 10)) * 0.2
    b2 = rng.standard_normal(10) * 0.1
    x = rng.standard_normal((16, 64))
    labels = np.eye(10)[rng.integers(0, 10, size=16)]
    return (W1, b1, W2, b2, x, labels)


def _scalar_args(rng):
    return (0.7, -0.4, 1.3, 0.9)


def _rnn_args(rng):
    W = rng.standard_normal((32, 32)) * (0.9 / math.sqrt(32))
    U = rng.standard_normal((32, 8)) * (1.0 / math.sqrt(8))
    b = rng.standard_normal(32) * 0.1
    h0 = rng.standard_normal(32) * 0.5
    xs = rng.standard_normal((50, 8))
    return (W, U, b, h0, xs)


def _loop_args(rng):
    return (0.5, 0.3, 0.8)


#: name -> (label, f, hand_grad, wrt, make_args(rng), target s2s/hand ratio)
WORKLOADS = {
    "mlp": ("MLP 64-32-10, batch 16", mlp_loss, mlp_loss_hand_grad, (0, 1, 2, 3), _mlp_args, 1.5),
    "scalar20": (
        "scalar, ~20 math ops",
        screened_energy,
        screened_energy_hand_grad,
        (0, 1, 2, 3),
        _scalar_args,
        1.5,
    ),
    "rnn": ("RNN T=50, hidden 32, in 8", rnn_loss, rnn_loss_hand_grad, (0, 1, 2), _rnn_args, 2.0),
    "loop": (
        "Euler loop, 1000 steps",
        euler_decay,
        euler_decay_hand_grad,
        (0, 1, 2),
        _loop_args,
        3.0,
    ),
}
