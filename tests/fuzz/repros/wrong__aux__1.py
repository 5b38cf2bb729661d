"""Fuzzer repro: WRONG: wrong aux

[grad] wrong aux
    aux['h']: [0, 0, 0, 0, ...] != [-0.0978576, 0, 0, 0, ...] (aux dict{'h': ndarray(5,),
    'norm': float64} vs dict{'h': ndarray(5,), 'norm': float64})
[value_and_grad] wrong aux
    aux['h']: [0, 0, 0, 0, ...] != [-0.0978576, 0, 0, 0, ...] (aux dict{'h': ndarray(5,),
    'norm': float64} vs dict{'h': ndarray(5,), 'norm': float64})

minimized from 24 to 8 lines in 109 oracle runs

Differentiated as: s2s.grad(score_fn, wrt=0, has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def score_fn(mu):
    out = np.zeros(5)
    col = 0
    out[col] += mu
    feat = out
    return (np.mean(out), {'h': feat, 'norm': feat[1]})


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'score_fn'
ARGS = (np.float64(-0.09785764320407102),)
WRT = 0
HAS_AUX = True
EXPECTED_CLASS = 'wrong aux'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
