"""Micro-benchmark of the helpers that generated gradients call most (templates/helpers.py).

```
python benchmarks/helpers_bench.py                      # the helpers in templates/helpers.py
python benchmarks/helpers_bench.py --helpers OLD.py     # another copy, e.g. from `git show`
python benchmarks/helpers_bench.py --compare OLD.py     # both, side by side
```

Each case is the best of 7 ``timeit`` repeats (per call, in microseconds) on the shapes of the
benchmark workloads: MLP batch 16 (64-32-10) and the RNN (hidden 32, input 8), plus Python floats,
0-d arrays and float32. ``reference`` is the plain NumPy expression an expert would write.
"""

import argparse
import importlib.util
import os
import timeit

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, os.pardir, "templates", "helpers.py")


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases():
    """(helper name, case label, call taking the helpers module, reference call or None)."""
    rng = np.random.default_rng(0)
    A = rng.random((16, 10))
    A32 = A.astype(np.float32)
    b = rng.random(10)
    col = rng.random((16, 1))
    W, h, dz = rng.random((32, 32)), rng.random(32), rng.random(32)
    H, W2, dZ = rng.random((16, 32)), rng.random((32, 10)), rng.random((16, 10))
    B3, W3 = rng.random((4, 16, 32)), rng.random((4, 32, 10))
    dZ3 = rng.random((4, 16, 10))
    z0 = np.array(2.0)
    mx = A.max(axis=1, keepdims=True)
    mask = A == mx
    return [
        ("unbroadcast", "float, float", lambda m: m.unbroadcast(1.5, 2.5), None),
        ("unbroadcast", "np.float64, float", lambda m: m.unbroadcast(np.float64(1.5), 2.5), None),
        ("unbroadcast", "0-d, 0-d", lambda m: m.unbroadcast(z0, z0), None),
        ("unbroadcast", "(16,10) -> (16,10)", lambda m: m.unbroadcast(A, A), None),
        ("unbroadcast", "(16,10) -> (10,)", lambda m: m.unbroadcast(A, b), lambda: A.sum(axis=0)),
        (
            "unbroadcast",
            "(16,10) -> (16,1)",
            lambda m: m.unbroadcast(A, col),
            lambda: A.sum(axis=1, keepdims=True),
        ),
        ("unbroadcast", "(16,10) -> float", lambda m: m.unbroadcast(A, 2.5), lambda: A.sum()),
        ("matmul_dx", "2-D @ 2-D", lambda m: m.matmul_dx(dZ, H, W2), lambda: dZ @ W2.T),
        ("matmul_dy", "2-D @ 2-D", lambda m: m.matmul_dy(dZ, H, W2), lambda: H.T @ dZ),
        ("matmul_dx", "2-D @ 1-D", lambda m: m.matmul_dx(dz, W, h), lambda: np.outer(dz, h)),
        ("matmul_dy", "2-D @ 1-D", lambda m: m.matmul_dy(dz, W, h), lambda: dz @ W),
        ("matmul_dx", "1-D @ 2-D", lambda m: m.matmul_dx(dz, h, W), lambda: W @ dz),
        ("matmul_dy", "1-D @ 2-D", lambda m: m.matmul_dy(dz, h, W), lambda: np.outer(h, dz)),
        ("matmul_dx", "1-D @ 1-D", lambda m: m.matmul_dx(1.0, h, dz), lambda: 1.0 * dz),
        ("matmul_dx", "batched 3-D", lambda m: m.matmul_dx(dZ3, B3, W3), None),
        ("matmul_dy", "batched 3-D", lambda m: m.matmul_dy(dZ3, B3, W3), None),
        (
            "expand_reduced",
            "float seed, axis=None",
            lambda m: m.expand_reduced(-0.5, A, None, False),
            lambda: np.full(A.shape, -0.5),
        ),
        (
            "expand_reduced",
            "float seed, f32, None",
            lambda m: m.expand_reduced(-0.5, A32, None, False),
            None,
        ),
        ("expand_reduced", "0-d, axis=None", lambda m: m.expand_reduced(z0, A, None, False), None),
        (
            "expand_reduced",
            "(16,1), axis=1 keepdims",
            lambda m: m.expand_reduced(col, A, 1, True),
            None,
        ),
        (
            "expand_reduced",
            "(16,), axis=1",
            lambda m: m.expand_reduced(col[:, 0], A, 1, False),
            None,
        ),
        ("expand_reduced", "(10,), axis=0", lambda m: m.expand_reduced(b, A, 0, False), None),
        (
            "expand_reduced",
            "float, float",
            lambda m: m.expand_reduced(1.0, 2.5, None, False),
            None,
        ),
        ("even_shares", "(16,10), axis=1", lambda m: m.even_shares(mask, A, 1), None),
        ("even_shares", "(16,10), axis=None", lambda m: m.even_shares(mask, A, None), None),
        (
            "max line",
            "MLP max-gradient statement",
            lambda m: m.expand_reduced(col, A, 1, True)
            * m.even_shares(A == m.expand_reduced(mx, A, 1, True), A, 1),
            None,
        ),
    ]


def best(fn, repeat=7):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(number, 1)
    return min(timer.repeat(repeat, number)) / number * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helpers", default=DEFAULT)
    parser.add_argument("--compare", metavar="OLD", help="also time this copy and show both")
    args = parser.parse_args()
    new = load(args.helpers, "helpers_new")
    old = load(args.compare, "helpers_old") if args.compare else None
    if old:
        print("| helper | case | before (us) | after (us) | speedup | reference (us) |")
        print("|---|---|---|---|---|---|")
    else:
        print("| helper | case | time (us) | reference (us) |")
        print("|---|---|---|---|")
    for name, label, call, ref in cases():
        t_new = best(lambda call=call: call(new))
        t_ref = f"{best(ref):.2f}" if ref else ""
        if old:
            t_old = best(lambda call=call: call(old))
            speedup = f"{t_old / t_new:.1f}x"
            print(f"| {name} | {label} | {t_old:.2f} | {t_new:.2f} | {speedup} | {t_ref} |")
        else:
            print(f"| {name} | {label} | {t_new:.2f} | {t_ref} |")


if __name__ == "__main__":
    main()
