"""Generated gradients keep their tape in a local list: one gradient called from 8 threads at once
gives every thread its own right answer (thread-safe and re-entrant)."""

import threading

import fixtures_specialize
import numpy as np
from helpers.numeric import check_grad

import s2s
from s2s.examples import control_flow


def run_in_threads(work, n=8):
    """Run ``work(k)`` for k < n in n threads released together (a barrier), and wait."""
    start = threading.Barrier(n)

    def released(k):
        start.wait()
        work(k)

    threads = [threading.Thread(target=released, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_one_gradient_from_eight_threads():
    g = s2s.grad(control_flow.rnn_loss, wrt=("W", "U"))
    rng = np.random.default_rng(7)
    inputs = [
        (
            rng.normal(size=(6, 6)) * 0.4,
            rng.normal(size=(6, 3)) * 0.4,
            rng.normal(size=6),
            rng.normal(size=(40, 3)),
        )
        for _ in range(8)
    ]
    expected = [g(*args) for args in inputs]  # one at a time
    for k in (0, 7):  # the reference answers are right, not just repeatable
        check_grad(control_flow.rnn_loss, inputs[k], ("W", "U"), expected[k])
    results = [None] * 8

    def work(k):
        for _ in range(30):  # many overlapping calls, each checked
            got = g(*inputs[k])
            assert all(np.array_equal(a, b) for a, b in zip(got, expected[k]))
        results[k] = g(*inputs[k])

    run_in_threads(work)
    for k in range(8):
        assert results[k] is not None, f"thread {k} failed"
        for a, b in zip(results[k], expected[k]):
            np.testing.assert_array_equal(a, b)


def test_recursive_gradient_from_eight_threads():
    """A recursive helper's residuals are nested tuples returned by each call, never shared."""
    g = s2s.grad(control_flow.smooth_loss)
    rng = np.random.default_rng(8)
    inputs = [(rng.normal(size=16), rng.normal(size=16)) for _ in range(8)]
    expected = [g(*args) for args in inputs]
    for k in (0, 7):
        check_grad(control_flow.smooth_loss, inputs[k], 0, expected[k])
    failures = []

    def work(k):
        for _ in range(50):
            if not np.array_equal(g(*inputs[k]), expected[k]):
                failures.append(k)

    run_in_threads(work)
    assert not failures


def test_first_calls_with_new_shapes_race_to_specialize():
    """Eight threads call one fresh gradient at once with four shape patterns between them: the
    specialized derivatives are generated concurrently, and every thread gets the right one."""
    g = s2s.grad(fixtures_specialize.affine_sum, wrt=(0, 1, 2))
    rng = np.random.default_rng(9)
    patterns = [
        ((5, 3), (3, 4), (4,)),
        ((5, 3), (3, 4), (1, 4)),
        ((3,), (3, 4), (4,)),
        ((5, 3), (3,), (5,)),
    ]
    inputs = [tuple(rng.normal(size=s) for s in patterns[k % 4]) for k in range(8)]
    results = [None] * 8

    def work(k):
        results[k] = g(*inputs[k])

    run_in_threads(work)
    for args, grads in zip(inputs, results):
        check_grad(fixtures_specialize.affine_sum, args, (0, 1, 2), grads)
