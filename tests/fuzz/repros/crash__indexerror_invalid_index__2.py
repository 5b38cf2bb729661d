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

minimized from 18 to 5 lines in 55 oracle runs

Differentiated as: s2s.grad(model, wrt=0, has_aux=True)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def model(W):
    return (np.dot(W.mean(axis=0), np.sum(W, axis=1) @ W), {'h': W[1], 'norm': W[2]})
    return (W, {'h': W[1], 'norm': W[1][1]})


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = (np.array([[-0.9982322076289187, -0.8494731537477184, 0.6142845709623919, 0.032418203853634274, -0.9790839379590642], [-0.49649523266821033, 1.581494921917687, 0.2466796909734939, -0.41340730764025985, 0.40367346270052035], [0.599041600325539, 1.0068529515138167, 1.410686977038937, 0.9210278716107162, -0.06198999338128139], [-0.09487710352691375, -0.15867288261611118, -0.3972417436211725, -0.4614773383477369, -0.5615096394583013]]),)
WRT = 0
HAS_AUX = True
EXPECTED_CLASS = 'crash: IndexError in generated derivative: only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices'
STAGES = ('grad', 'value_and_grad')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
