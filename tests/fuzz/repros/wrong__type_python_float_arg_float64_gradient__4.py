"""Fuzzer repro: WRONG: type: Python float arg -> float64 gradient

[vjp] type: Python float arg -> float64 gradient
    t: got np.float64(0.9530092272093356)

minimized from 8 to 4 lines in 7 oracle runs

Differentiated as: s2s.grad(score_fn, wrt='bias_vec')(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def score_fn(bias_vec, t):
    return np.sin(t)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (np.array([0.213262917992825, 0.4226270929200788, 0.5251037560288858, -0.37913970726035867]), -0.3077774435860113)
WRT = 'bias_vec'
HAS_AUX = False
EXPECTED_CLASS = 'type: Python float arg -> float64 gradient'
STAGES = ('vjp',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
