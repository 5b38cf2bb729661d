"""Control flow as people write it: a recurrent loop, a branch, a while with break, recursion."""

import math

import numpy as np


def rnn_loss(W, U, h0, xs):
    """Run a tanh RNN over the rows of ``xs``; the loss is the final state's squared norm."""
    h = h0
    for x in xs:
        h = np.tanh(W @ h + U @ x)
    return np.sum(h * h)


def huber(r, delta):
    """Huber loss of a scalar residual."""
    if abs(r) <= delta:
        loss = 0.5 * r * r
    else:
        loss = delta * (abs(r) - 0.5 * delta)
    return loss


def settle(x, rate):
    """Iterate a damped map until it settles; the answer depends on x and rate."""
    y = x
    steps = 0
    while True:
        y_next = y - rate * math.sin(y) + 0.1 * x
        steps += 1
        if abs(y_next - y) < 1e-9 or steps >= 200:
            break
        y = y_next
    return y_next * y_next


def smooth(v, depth):
    """Average each value with its neighbours, ``depth`` times: a helper that calls itself."""
    if depth == 0:
        return v
    return smooth(0.25 * np.roll(v, 1) + 0.5 * v + 0.25 * np.roll(v, -1), depth - 1)


def smooth_loss(v, target):
    """Squared distance of a signal, smoothed three times, from a target."""
    r = smooth(v, 3) - target
    return np.sum(r * r)
