"""s2s's rule library: closure-style derivative rules, one module per family.

Installed as ``s2s.templates``. Each module registers rules with ``@rrule`` / ``@frule`` /
``nondifferentiable`` (one rule may serve several primals: ``@rrule(np.max, np.amax)``); the
``helpers`` package holds the plain functions rules call, one module per job, which s2s copies
into every emitted module that uses them.
"""
