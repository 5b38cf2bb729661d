"""The shipped examples: which function, which wrt, and inputs to check the gradient with.

Shared by the golden-file test and the script that regenerates ``generated_examples/``.
"""

import numpy as np

from s2s.examples import control_flow, features, least_squares, logistic, mlp, physics


def _mlp_args():
    rng = np.random.default_rng(0)
    labels = np.eye(10)[rng.integers(0, 10, size=16)]
    return (
        rng.normal(size=(64, 32)) * 0.1,
        np.zeros(32),
        rng.normal(size=(32, 10)) * 0.1,
        np.zeros(10),
        rng.normal(size=(16, 64)),
        labels,
    )


def _logistic_args():
    rng = np.random.default_rng(1)
    return rng.normal(size=5), 0.3, rng.normal(size=(20, 5)), (rng.random(20) > 0.5) * 1.0


def _features_args():
    rng = np.random.default_rng(2)
    return rng.normal(size=4), rng.normal(size=(12, 4)), rng.random(12)


def _rnn_args():
    rng = np.random.default_rng(3)
    return (
        rng.normal(size=(6, 6)) * 0.4,
        rng.normal(size=(6, 3)) * 0.4,
        rng.normal(size=6),
        rng.normal(size=(5, 3)),
    )


def _least_squares_args():
    rng = np.random.default_rng(4)
    return rng.normal(size=(8, 3)), rng.normal(size=8), 0.5


def _smooth_args():
    rng = np.random.default_rng(5)
    return rng.normal(size=8), rng.normal(size=8)


# (file stem, function, wrt, argument factory)
EXAMPLES = [
    ("mlp_loss", mlp.loss, ("W1", "b1", "W2", "b2"), _mlp_args),
    ("logistic_loss", logistic.loss, ("w", "b"), _logistic_args),
    (
        "physics_energy",
        physics.energy,
        ("theta", "omega", "length", "damping"),
        lambda: (0.7, 1.3, 2.0, 0.05),
    ),
    ("features_loss", features.loss, "w", _features_args),
    ("least_squares_residual", least_squares.residual, ("A", "b", "lam"), _least_squares_args),
    ("control_flow_rnn_loss", control_flow.rnn_loss, ("W", "U"), _rnn_args),
    ("control_flow_huber", control_flow.huber, "r", lambda: (0.4, 1.0)),
    ("control_flow_settle", control_flow.settle, ("x", "rate"), lambda: (0.8, 0.3)),
    ("control_flow_smooth_loss", control_flow.smooth_loss, "v", _smooth_args),
]
