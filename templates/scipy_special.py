"""``scipy.special``: logsumexp/softmax and the special functions ML code uses.

SciPy is optional: without it this family registers nothing (the rules sit under
``if scipy is not None``). Derivatives are written to stay stable where the functions are used for
stability: ``logsumexp``'s is ``exp(a - y)`` (softmax weights, never overflowing), ``log_expit``'s
is ``expit(-x)`` and ``log_ndtr``'s is ``exp(log_pdf - y)``. The trigamma function needed by
``digamma`` is spelled ``zeta(2.0, x)`` (equal to ``polygamma(1, x)``, but keeping float32).
``logsumexp`` supports ``axis``/``keepdims`` (not ``b`` or ``return_sign``).
"""

import math

import numpy as np

from s2s.rules.registry import frule, rrule
from s2s.templates.helpers import expand_reduced, unbroadcast

try:
    import scipy.special
except ImportError:
    scipy = None

if scipy is not None:
    # ------------------------------------------------------------ log-sum-exp and softmax

    @rrule(scipy.special.logsumexp)
    def logsumexp(a, axis=None, keepdims=False):
        y = scipy.special.logsumexp(a, axis=axis, keepdims=keepdims)

        def pullback(dy):
            weights = np.exp(a - expand_reduced(y, a, axis, keepdims))
            return expand_reduced(dy, a, axis, keepdims) * weights

        return y, pullback

    @frule(scipy.special.logsumexp)
    def logsumexp_forward(a, da, axis=None, keepdims=False):
        y = scipy.special.logsumexp(a, axis=axis, keepdims=keepdims)
        weights = np.exp(a - expand_reduced(y, a, axis, keepdims))
        return y, np.sum(da * weights, axis=axis, keepdims=keepdims)

    @rrule(scipy.special.softmax)
    def softmax(x, axis=None):
        y = scipy.special.softmax(x, axis=axis)

        def pullback(dy):
            return y * (dy - np.sum(dy * y, axis=axis, keepdims=True))

        return y, pullback

    @frule(scipy.special.softmax)
    def softmax_forward(x, dx, axis=None):
        y = scipy.special.softmax(x, axis=axis)
        return y, y * (dx - np.sum(dx * y, axis=axis, keepdims=True))

    @rrule(scipy.special.log_softmax)
    def log_softmax(x, axis=None):
        y = scipy.special.log_softmax(x, axis=axis)

        def pullback(dy):
            return dy - np.exp(y) * np.sum(dy, axis=axis, keepdims=True)

        return y, pullback

    @frule(scipy.special.log_softmax)
    def log_softmax_forward(x, dx, axis=None):
        y = scipy.special.log_softmax(x, axis=axis)
        return y, dx - np.sum(np.exp(y) * dx, axis=axis, keepdims=True)

    # ------------------------------------------------------------ logistic

    @rrule(scipy.special.expit)
    def expit(x):
        y = scipy.special.expit(x)

        def pullback(dy):
            return dy * y * (1.0 - y)

        return y, pullback

    @frule(scipy.special.expit)
    def expit_forward(x, dx):
        y = scipy.special.expit(x)
        return y, dx * y * (1.0 - y)

    @rrule(scipy.special.logit)
    def logit(x):
        y = scipy.special.logit(x)

        def pullback(dy):
            return dy / (x * (1.0 - x))

        return y, pullback

    @frule(scipy.special.logit)
    def logit_forward(x, dx):
        y = scipy.special.logit(x)
        return y, dx / (x * (1.0 - x))

    @rrule(scipy.special.log_expit)
    def log_expit(x):
        y = scipy.special.log_expit(x)

        def pullback(dy):
            return dy * scipy.special.expit(-x)

        return y, pullback

    @frule(scipy.special.log_expit)
    def log_expit_forward(x, dx):
        y = scipy.special.log_expit(x)
        return y, dx * scipy.special.expit(-x)

    # ------------------------------------------------------------ gamma family

    @rrule(scipy.special.gamma)
    def gamma(x):
        y = scipy.special.gamma(x)

        def pullback(dy):
            return dy * y * scipy.special.digamma(x)

        return y, pullback

    @frule(scipy.special.gamma)
    def gamma_forward(x, dx):
        y = scipy.special.gamma(x)
        return y, dx * y * scipy.special.digamma(x)

    @rrule(scipy.special.gammaln)
    def gammaln(x):
        y = scipy.special.gammaln(x)

        def pullback(dy):
            return dy * scipy.special.digamma(x)

        return y, pullback

    @frule(scipy.special.gammaln)
    def gammaln_forward(x, dx):
        y = scipy.special.gammaln(x)
        return y, dx * scipy.special.digamma(x)

    @rrule(scipy.special.digamma)
    def digamma(x):
        y = scipy.special.digamma(x)

        def pullback(dy):
            return dy * scipy.special.zeta(2.0, x)

        return y, pullback

    @frule(scipy.special.digamma)
    def digamma_forward(x, dx):
        y = scipy.special.digamma(x)
        return y, dx * scipy.special.zeta(2.0, x)

    @rrule(scipy.special.betaln)
    def betaln(a, b):
        y = scipy.special.betaln(a, b)

        def pullback(dy):
            both = scipy.special.digamma(a + b)
            da = dy * (scipy.special.digamma(a) - both)
            db = dy * (scipy.special.digamma(b) - both)
            return unbroadcast(da, a), unbroadcast(db, b)

        return y, pullback

    @frule(scipy.special.betaln)
    def betaln_forward(a, b, da, db):
        y = scipy.special.betaln(a, b)
        both = scipy.special.digamma(a + b)
        return y, da * (scipy.special.digamma(a) - both) + db * (scipy.special.digamma(b) - both)

    # ------------------------------------------------------------ error function and normal CDF

    @rrule(scipy.special.erf)
    def erf(x):
        y = scipy.special.erf(x)

        def pullback(dy):
            return dy * (2.0 / math.sqrt(math.pi)) * np.exp(-x * x)

        return y, pullback

    @frule(scipy.special.erf)
    def erf_forward(x, dx):
        y = scipy.special.erf(x)
        return y, dx * (2.0 / math.sqrt(math.pi)) * np.exp(-x * x)

    @rrule(scipy.special.erfc)
    def erfc(x):
        y = scipy.special.erfc(x)

        def pullback(dy):
            return -dy * (2.0 / math.sqrt(math.pi)) * np.exp(-x * x)

        return y, pullback

    @frule(scipy.special.erfc)
    def erfc_forward(x, dx):
        y = scipy.special.erfc(x)
        return y, -dx * (2.0 / math.sqrt(math.pi)) * np.exp(-x * x)

    @rrule(scipy.special.erfinv)
    def erfinv(x):
        y = scipy.special.erfinv(x)

        def pullback(dy):
            return dy * (0.5 * math.sqrt(math.pi)) * np.exp(y * y)

        return y, pullback

    @frule(scipy.special.erfinv)
    def erfinv_forward(x, dx):
        y = scipy.special.erfinv(x)
        return y, dx * (0.5 * math.sqrt(math.pi)) * np.exp(y * y)

    @rrule(scipy.special.erfcinv)
    def erfcinv(x):
        y = scipy.special.erfcinv(x)

        def pullback(dy):
            return -dy * (0.5 * math.sqrt(math.pi)) * np.exp(y * y)

        return y, pullback

    @frule(scipy.special.erfcinv)
    def erfcinv_forward(x, dx):
        y = scipy.special.erfcinv(x)
        return y, -dx * (0.5 * math.sqrt(math.pi)) * np.exp(y * y)

    @rrule(scipy.special.ndtr)
    def ndtr(x):
        y = scipy.special.ndtr(x)

        def pullback(dy):
            return dy * np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)

        return y, pullback

    @frule(scipy.special.ndtr)
    def ndtr_forward(x, dx):
        y = scipy.special.ndtr(x)
        return y, dx * np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)

    @rrule(scipy.special.log_ndtr)
    def log_ndtr(x):
        y = scipy.special.log_ndtr(x)

        def pullback(dy):
            return dy * np.exp(-0.5 * x * x - y) / math.sqrt(2.0 * math.pi)

        return y, pullback

    @frule(scipy.special.log_ndtr)
    def log_ndtr_forward(x, dx):
        y = scipy.special.log_ndtr(x)
        return y, dx * np.exp(-0.5 * x * x - y) / math.sqrt(2.0 * math.pi)

    @rrule(scipy.special.ndtri)
    def ndtri(x):
        y = scipy.special.ndtri(x)

        def pullback(dy):
            return dy * math.sqrt(2.0 * math.pi) * np.exp(0.5 * y * y)

        return y, pullback

    @frule(scipy.special.ndtri)
    def ndtri_forward(x, dx):
        y = scipy.special.ndtri(x)
        return y, dx * math.sqrt(2.0 * math.pi) * np.exp(0.5 * y * y)

    # ------------------------------------------------------------ entropy terms

    @rrule(scipy.special.xlogy)
    def xlogy(x, y):
        z = scipy.special.xlogy(x, y)

        def pullback(dz):
            return unbroadcast(dz * np.log(y), x), unbroadcast(dz * x / y, y)

        return z, pullback

    @frule(scipy.special.xlogy)
    def xlogy_forward(x, y, dx, dy):
        z = scipy.special.xlogy(x, y)
        return z, dx * np.log(y) + dy * x / y

    @rrule(scipy.special.xlog1py)
    def xlog1py(x, y):
        z = scipy.special.xlog1py(x, y)

        def pullback(dz):
            return unbroadcast(dz * np.log1p(y), x), unbroadcast(dz * x / (1.0 + y), y)

        return z, pullback

    @frule(scipy.special.xlog1py)
    def xlog1py_forward(x, y, dx, dy):
        z = scipy.special.xlog1py(x, y)
        return z, dx * np.log1p(y) + dy * x / (1.0 + y)

    @rrule(scipy.special.entr)
    def entr(x):
        y = scipy.special.entr(x)

        def pullback(dy):
            return -dy * (np.log(x) + 1.0)

        return y, pullback

    @frule(scipy.special.entr)
    def entr_forward(x, dx):
        y = scipy.special.entr(x)
        return y, -dx * (np.log(x) + 1.0)

    @rrule(scipy.special.rel_entr)
    def rel_entr(x, y):
        z = scipy.special.rel_entr(x, y)

        def pullback(dz):
            return unbroadcast(dz * (np.log(x / y) + 1.0), x), unbroadcast(-dz * x / y, y)

        return z, pullback

    @frule(scipy.special.rel_entr)
    def rel_entr_forward(x, y, dx, dy):
        z = scipy.special.rel_entr(x, y)
        return z, dx * (np.log(x / y) + 1.0) - dy * x / y

    # ------------------------------------------------------------ Bessel

    @rrule(scipy.special.i0)
    def i0(x):
        y = scipy.special.i0(x)

        def pullback(dy):
            return dy * scipy.special.i1(x)

        return y, pullback

    @frule(scipy.special.i0)
    def i0_forward(x, dx):
        y = scipy.special.i0(x)
        return y, dx * scipy.special.i1(x)

    # i0e(x) = exp(-|x|) i0(x)
    @rrule(scipy.special.i0e)
    def i0e(x):
        y = scipy.special.i0e(x)

        def pullback(dy):
            return dy * (scipy.special.i1e(x) - np.sign(x) * y)

        return y, pullback

    @frule(scipy.special.i0e)
    def i0e_forward(x, dx):
        y = scipy.special.i0e(x)
        return y, dx * (scipy.special.i1e(x) - np.sign(x) * y)
