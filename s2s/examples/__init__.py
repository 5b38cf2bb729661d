"""Example functions shipped with s2s: the README's tour, ``generated_examples/`` and the
benchmarks differentiate these. Plain NumPy/math code, written as people write it."""
