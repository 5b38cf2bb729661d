"""Rewrite ``generated_examples/`` from the shipped examples: ``python -m tests.regenerate_examples``."""

import os

import numpy as np

import s2s

try:
    from tests.examples_table import EXAMPLES
except ImportError:  # imported by the tests, with tests/ on sys.path
    from examples_table import EXAMPLES

FOLDER = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated_examples"
)


def generated_files():
    """file name -> the source s2s generates for it now: each example's general derivative
    (what ``python -m s2s grad`` prints) and, for examples taking arrays, the derivative
    specialized to the example's argument shapes (what a call with them runs)."""
    files = {}
    for stem, fn, wrt, make_args in EXAMPLES:
        g = s2s.grad(fn, wrt=wrt)
        files[f"{stem}_grad.py"] = s2s.source(g)
        args = make_args()
        if any(isinstance(a, np.ndarray) for a in args):
            files[f"{stem}_grad_specialized.py"] = s2s.source(g, *args)
    return files


def main():
    for name, text in generated_files().items():
        path = os.path.join(FOLDER, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()
