"""Fuzzer repro: CRASH: crash: IndexError in generated derivative: only integers, slices (`:`),
    ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices

[grad] crash: IndexError in generated derivative: only integers, slices (`:`), ellipsis (`...`),
    numpy.newaxis (`None`) and integer or boolean arrays are valid indices
    calling the gradient: IndexError: only integers, slices (`:`), ellipsis (`...`),
    numpy.newaxis (`None`) and integer or boolean arrays are valid indices
[value_and_grad] crash: IndexError in generated derivative: only integers, slices (`:`),
    ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices
    calling value_and_grad: IndexError: only integers, slices (`:`), ellipsis (`...`),
    numpy.newaxis (`None`) and integer or boolean arrays are valid indices

minimized from 16 to 2 lines in 20 oracle runs

Differentiated as: s2s.grad(model, wrt='v', has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
def model(v):
    return (0.1, {'h': v, 'norm': 0.1})


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([0.613824454754602, 0.8067099854289848, -0.9594995225331558, 0.21417477493691614]),)
WRT = 'v'
HAS_AUX = True
EXPECTED_CLASS = 'crash: IndexError in generated derivative: only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
