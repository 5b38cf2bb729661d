"""Rewrite ``generated_examples/`` from the shipped examples: ``python -m tests.regenerate_examples``."""

import os

import s2s
from tests.examples_table import EXAMPLES

FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated_examples")


def generated_source(fn, wrt) -> str:
    return s2s.source(s2s.grad(fn, wrt=wrt))


def main():
    for stem, fn, wrt, _ in EXAMPLES:
        path = os.path.join(FOLDER, f"{stem}_grad.py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(generated_source(fn, wrt))
        print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()
